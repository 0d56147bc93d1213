/**
 * The plugin's LiveFeed (src/live) as the sandbox runs it: the sandbox server holds the agent's Sync
 * subscription (sandbox/server/paused-feed.ts: the Functions' /live-token, then the emulator's token-checked
 * client path) and relays each version of the agent's feed document as a server-sent event.
 */
import { useEffect, useState } from 'react';
import { feedUpdateOf, type LiveFeed, type LiveFeedUpdate } from '../../src/live';

export function sandboxLiveFeed(flexToken: string): LiveFeed {
  return {
    start(handlers) {
      const source = new EventSource(`/api/paused-feed?token=${encodeURIComponent(flexToken)}`);
      source.addEventListener('updated', (event) => {
        const update = feedUpdateOf(JSON.parse((event as MessageEvent<string>).data));
        if (update) handlers.onUpdate(update);
      });
      source.addEventListener('unavailable', (event) => {
        source.close();
        handlers.onUnavailable?.(String((event as MessageEvent<string>).data));
      });
      return () => source.close();
    },
  };
}

/** The latest version of the agent's feed, or null until one arrived (or when the feed cannot run). */
export function useLiveFeed(flexToken: string | undefined): LiveFeedUpdate | null {
  const [latest, setLatest] = useState<LiveFeedUpdate | null>(null);
  useEffect(() => {
    setLatest(null);
    if (!flexToken) return;
    return sandboxLiveFeed(flexToken).start({
      onUpdate: setLatest,
      onUnavailable: () => setLatest(null),
    });
  }, [flexToken]);
  return latest;
}
