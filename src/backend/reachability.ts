/**
 * Whether the Leave & Pause service answers (issue 19). An action that got no answer at all, or a failed start-up
 * probe, marks it down; while down, GET /server-time is probed every few seconds and the first answer (or any
 * action's answer) marks it back. The Flex adapters disable the buttons with the reason while it is down.
 */
export interface Reachability {
  isReachable(): boolean;
  /** An action's own finding: an answer of any kind (true) or none at all (false). */
  report(reachable: boolean): void;
  subscribe(listener: (reachable: boolean) => void): () => void;
  stop(): void;
}

export interface ReachabilityOptions {
  /** Asks the service without acting; true when it answered. Never throws. */
  probe: () => Promise<boolean>;
  probeEveryMs?: number;
}

export const PROBE_EVERY_MS = 5000;

export function createReachability({
  probe,
  probeEveryMs = PROBE_EVERY_MS,
}: ReachabilityOptions): Reachability {
  let reachable = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(reachable: boolean) => void>();

  const set = (next: boolean) => {
    if (next === reachable) return;
    reachable = next;
    for (const listener of listeners) listener(next);
    if (!next) schedule();
  };

  function schedule() {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void probe().then((answered) => {
        if (answered) set(true);
        else if (!reachable) schedule();
      });
    }, probeEveryMs);
  }

  return {
    isReachable: () => reachable,
    report: set,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
