/**
 * The agent's paused records as they change, without polling (issue 18 part 2). The Functions keep a copy of
 * each agent's records in a Sync Document only that agent's token can read (`leavePause-feed-{WK}`, rewritten
 * after every change); a `LiveFeed` delivers each new version. Flex subscribes with a Sync client
 * (createSyncLiveFeed); the sandbox over its server's event stream. Either way the list follows Twilio in
 * every tab of the agent within the time Sync takes to push.
 */
import { isPausedRecord, type LiveTokenAnswer, type PausedRecord } from '../backend/client';

export interface LiveFeedUpdate {
  records: PausedRecord[];
  /** The feed left records out to stay under Sync's 16 KiB: read the whole list from /paused. */
  truncated: boolean;
}

export interface LiveFeedHandlers {
  onUpdate(update: LiveFeedUpdate): void;
  /** The feed cannot run (no API key on the service, no Sync client, a refused token): keep today's reads. */
  onUnavailable?(reason: string): void;
}

export interface LiveFeed {
  /** Starts delivering; returns the stop function. */
  start(handlers: LiveFeedHandlers): () => void;
}

/** The document's data as the Functions write it; anything else is no update. */
export function feedUpdateOf(data: unknown): LiveFeedUpdate | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { records, truncated } = data as { records?: unknown; truncated?: unknown };
  if (!Array.isArray(records)) return undefined;
  return { records: records.filter(isPausedRecord), truncated: truncated === true };
}

/** What the feed uses of a Sync document (twilio-sync's `SyncDocument`). */
export interface SyncDocumentLike {
  readonly data: unknown;
  on(event: 'updated', listener: (event: { data: unknown }) => void): unknown;
  close(): void;
}

/** What the feed uses of a Sync client (twilio-sync's `SyncClient`). */
export interface SyncClientLike {
  document(options: { id: string; mode: 'open_existing' }): Promise<SyncDocumentLike>;
  on(event: 'tokenAboutToExpire' | 'tokenExpired', listener: () => void): unknown;
  updateToken(token: string): Promise<unknown>;
  shutdown(): Promise<unknown> | void;
}

export interface SyncLiveFeedOptions {
  /** /live-token through the backend client. */
  fetchToken(): Promise<LiveTokenAnswer>;
  /** Makes a Sync client for a token; undefined when this Flex has none to offer. */
  createClient: ((token: string) => SyncClientLike) | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The feed over a Sync client: a token from /live-token, the agent's document opened (`open_existing`: the
 * token may read, not create), its current data delivered at once and each `updated` event after. The token is
 * renewed when the client says it is about to expire (or has expired); a renewal that fails leaves the list to
 * today's reads. Any failure to start says `onUnavailable` and changes nothing else.
 */
export function createSyncLiveFeed(options: SyncLiveFeedOptions): LiveFeed {
  return {
    start(handlers) {
      let stopped = false;
      let client: SyncClientLike | undefined;
      let document: SyncDocumentLike | undefined;
      const unavailable = (reason: string) => {
        if (!stopped) handlers.onUnavailable?.(reason);
      };
      const deliver = (data: unknown) => {
        const update = feedUpdateOf(data);
        if (update && !stopped) handlers.onUpdate(update);
      };
      const renew = async () => {
        try {
          const answer = await options.fetchToken();
          if (answer.live && client && !stopped) await client.updateToken(answer.token);
          else if (!answer.live) unavailable('the live feed was turned off');
        } catch (error) {
          unavailable(`token renewal failed: ${messageOf(error)}`);
        }
      };
      void (async () => {
        if (!options.createClient) return unavailable('this Flex offers no Sync client');
        let answer: LiveTokenAnswer;
        try {
          answer = await options.fetchToken();
        } catch (error) {
          return unavailable(`no live token: ${messageOf(error)}`);
        }
        if (!answer.live) return unavailable('the service has no API key for live lists');
        if (stopped) return;
        try {
          client = options.createClient(answer.token);
          client.on('tokenAboutToExpire', () => void renew());
          client.on('tokenExpired', () => void renew());
          document = await client.document({ id: answer.document, mode: 'open_existing' });
        } catch (error) {
          return unavailable(`the live feed cannot be opened: ${messageOf(error)}`);
        }
        if (stopped) return void document.close();
        document.on('updated', (event) => deliver(event.data));
        deliver(document.data);
      })();
      return () => {
        stopped = true;
        document?.close();
        void client?.shutdown();
      };
    },
  };
}
