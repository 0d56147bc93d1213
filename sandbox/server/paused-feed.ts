/**
 * The desk's live paused list, as the plugin gets it in Flex: the agent's Flex token buys a read-only Sync token
 * from the real Functions (`POST /live-token`), and that token subscribes to the agent's feed document through
 * the emulator's client path, which checks it as Twilio does (signature, expiry, the identity's Read
 * permission, ACLs on). The Sync SDK speaks a websocket the page cannot open to the emulator's REST port, so
 * this server holds the subscription and relays each `updated` to the page as a server-sent event
 * (`GET /api/paused-feed?token=<Flex token>`). Nothing here reads the emulator's state directly: a feed the
 * token may not read is a 403, relayed as `unavailable`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PausedFeedOptions {
  functionsUrl: string;
  emulatorUrl: string;
}

interface LiveToken {
  live: boolean;
  token?: string;
  serviceSid?: string;
  document?: string;
  ttlSeconds?: number;
}

async function liveTokenFor(functionsUrl: string, flexToken: string): Promise<LiveToken> {
  const response = await fetch(`${functionsUrl}/live-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Token: flexToken }),
  });
  if (!response.ok) throw new Error(`/live-token answered ${response.status}`);
  return (await response.json()) as LiveToken;
}

/** Reads a server-sent event stream, calling `onEvent` per event, until it ends (or its fetch is aborted). */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (name: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      onEvent(name, data);
    }
  }
}

export function createPausedFeed({ functionsUrl, emulatorUrl }: PausedFeedOptions) {
  const open = new Set<() => void>();

  function serve(request: IncomingMessage, response: ServerResponse, flexToken: string) {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const send = (name: string, data: unknown) => {
      if (!response.writableEnded) response.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let closed = false;
    let upstream: AbortController | undefined;
    let renewal: NodeJS.Timeout | undefined;
    const close = () => {
      closed = true;
      upstream?.abort();
      clearTimeout(renewal);
      open.delete(close);
      if (!response.writableEnded) response.end();
    };
    open.add(close);
    request.on('close', close);

    // Subscribes with a fresh token; renews it a minute before it ends (as the SDK's tokenAboutToExpire does)
    // by subscribing again with the new one and dropping the old subscription.
    const subscribe = async () => {
      let live: LiveToken;
      try {
        live = await liveTokenFor(functionsUrl, flexToken);
      } catch (error) {
        send('unavailable', { reason: error instanceof Error ? error.message : String(error) });
        return close();
      }
      if (closed) return;
      if (!live.live || !live.token || !live.serviceSid || !live.document) {
        send('unavailable', { reason: 'the Functions have no API key for live lists' });
        return close();
      }
      const controller = new AbortController();
      const answer = await fetch(
        `${emulatorUrl}/_emulator/sync-client/Services/${live.serviceSid}/Documents/${live.document}/events`,
        { headers: { Authorization: `Bearer ${live.token}` }, signal: controller.signal },
      ).catch(() => undefined);
      if (!answer?.ok || !answer.body) {
        send('unavailable', { reason: `the feed answered ${answer?.status ?? 'nothing'}` });
        return close();
      }
      const previous = upstream;
      upstream = controller;
      previous?.abort();
      const ttl = (live.ttlSeconds ?? 900) * 1000;
      renewal = setTimeout(() => void subscribe(), Math.max(ttl - 60_000, ttl / 2));
      void readEvents(answer.body, (name, data) => {
        if (controller !== upstream) return;
        if (name === 'updated') send('updated', (JSON.parse(data) as { data: unknown }).data);
        else if (name === 'error') {
          send('unavailable', { reason: `the feed ended: ${data}` });
          close();
        }
      }).catch(() => {
        // Aborted on renewal or close.
      });
    };
    void subscribe();
  }

  return {
    /** Answers `GET /api/paused-feed`; false for any other request. */
    handle(request: IncomingMessage, response: ServerResponse): boolean {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (request.method !== 'GET' || url.pathname !== '/api/paused-feed') return false;
      serve(request, response, url.searchParams.get('token') ?? '');
      return true;
    },
    close() {
      for (const close of [...open]) close();
    },
  };
}
