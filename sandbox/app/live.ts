/** The desk's view of Twilio, pushed by the sandbox server (server-sent events); never polled. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getSharedTicker, setServerTimeOffsetProvider } from '../../src/time';
import type { DeskView } from '../server/live';
import { sandboxApi } from './api';

// The sandbox's "server time" is the emulator's clock: badges count against it, and a clock jump reaches
// them with the push that carries it.
let emulatorOffsetMs = 0;
setServerTimeOffsetProvider(() => emulatorOffsetMs);

function followEmulatorClock(now: string) {
  const offset = Date.parse(now) - Date.now();
  const jumped = Math.abs(offset - emulatorOffsetMs) > 1000;
  emulatorOffsetMs = offset;
  if (jumped) getSharedTicker().tick();
}

export function useLiveView() {
  const [view, setView] = useState<DeskView | null>(null);
  const [connected, setConnected] = useState(false);
  const latest = useRef(0);
  const accept = useCallback((next: DeskView) => {
    // A re-read may cross a push in flight: the higher version is the newer truth.
    if (next.version < latest.current) return;
    latest.current = next.version;
    followEmulatorClock(next.now);
    setView(next);
  }, []);
  useEffect(() => {
    const source = new EventSource('/api/live');
    source.addEventListener('state', (event) => accept(JSON.parse((event as MessageEvent<string>).data)));
    source.addEventListener('open', () => setConnected(true));
    // EventSource reconnects by itself; the server sends the whole state again on connect.
    source.addEventListener('error', () => setConnected(false));
    return () => source.close();
  }, [accept]);
  /** After a timeout or an error nothing is guessed: the page asks for the real state. */
  const reread = useCallback(async (): Promise<DeskView | null> => {
    try {
      const fresh = await sandboxApi.state();
      accept(fresh);
      return fresh;
    } catch {
      // The stream will bring it when the server is back.
      return null;
    }
  }, [accept]);
  return { view, connected, reread };
}
