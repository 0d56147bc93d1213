import type { BackendClient } from '../backend/client';
import { createSyncLiveFeed, type LiveFeed, type SyncClientLike } from '../live';
import type { PausedWorkStore } from '../paused';

/**
 * A Sync client class without bundling twilio-sync: Flex documents `manager.insightsClient` as a Twilio Sync
 * client (`import("twilio-sync").SyncClient` in its types), so its constructor is twilio-sync's `SyncClient`,
 * which takes a token. An assumption (docs/ARCHITECTURE.md, "Live lists"): should a Flex version hand
 * something else, there is no constructor to use and the plugin keeps today's reads.
 */
export function syncClientFactory(manager: {
  insightsClient?: unknown;
}): ((token: string) => SyncClientLike) | undefined {
  let insights: unknown;
  try {
    insights = manager.insightsClient;
  } catch {
    // Flex's getter may throw before the client is initialised.
    return undefined;
  }
  const ctor = insights && typeof insights === 'object' ? insights.constructor : undefined;
  if (typeof ctor !== 'function' || ctor === Object) return undefined;
  const SyncClient = ctor as new (token: string) => SyncClientLike;
  return (token) => new SyncClient(token);
}

/** The feed Flex uses: /live-token, then the agent's document through Flex's own Sync client class. */
export function flexLiveFeed(
  manager: { insightsClient?: unknown },
  backend: BackendClient,
): LiveFeed | undefined {
  const liveToken = backend.liveToken;
  if (!liveToken) return undefined;
  return createSyncLiveFeed({ fetchToken: () => liveToken(), createClient: syncClientFactory(manager) });
}

/**
 * Feeds the paused list from the live feed: each version replaces the list (records gone → items gone); a
 * truncated one, or a feed that cannot run, leaves the list to /paused as before. Returns the stop function.
 */
export function followLiveFeed(feed: LiveFeed, store: PausedWorkStore): () => void {
  return feed.start({
    onUpdate: ({ records, truncated }) => (truncated ? void store.refresh() : store.replace(records)),
    onUnavailable: (reason) => {
      // Nothing alarming for the agent: the list still loads at start-up and after their own actions.
      console.info(`[LeavePausePlugin] live lists off: ${reason}`);
    },
  });
}
