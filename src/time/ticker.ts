/**
 * One timer for every countdown on the page. Each subscriber says when its display next changes; the
 * ticker sleeps until the earliest of those moments (never longer than `maxDelayMs`, so a changed clock
 * offset or a slept laptop is noticed), notifies everyone in one batch and schedules again. While the tab
 * is hidden nothing ticks; on return it catches up at once.
 */

export interface TickerSubscriber {
  /** Called with the server-corrected time on every tick. */
  onTick(nowMs: number): void;
  /** Absolute server time at which this subscriber's display next changes (Infinity: never). */
  nextChangeAt(nowMs: number): number;
}

export interface TickerOptions {
  /** Milliseconds to add to the local clock to get the server's; read at every tick. */
  offsetMs?: () => number;
  maxDelayMs?: number;
  /** Local clock; injectable for tests. */
  clock?: () => number;
  /** Groups the subscribers' updates into one render (ReactDOM.unstable_batchedUpdates). */
  batch?: (run: () => void) => void;
  /** The document whose visibility pauses the ticker; undefined outside a browser. */
  document?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>;
}

export interface Ticker {
  /** The current server-corrected time. */
  now(): number;
  subscribe(subscriber: TickerSubscriber): () => void;
  setOffsetProvider(offsetMs: () => number): void;
  /** Notifies every subscriber now and reschedules, e.g. after the clock offset changed. */
  tick(): void;
  /** Number of subscribers, for tests and diagnostics. */
  size(): number;
  /** Whether a timer is pending (false while hidden or idle). */
  isScheduled(): boolean;
  dispose(): void;
}

const DEFAULT_MAX_DELAY_MS = 60_000;
/** Timers may fire a little early; waking a hair late ensures the text has actually changed. */
const LATE_MARGIN_MS = 5;

export function createTicker(options: TickerOptions = {}): Ticker {
  const clock = options.clock ?? Date.now;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const batch = options.batch ?? ((run: () => void) => run());
  const doc = options.document;
  let offsetMs = options.offsetMs ?? (() => 0);
  const subscribers = new Set<TickerSubscriber>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Infinity;

  const now = () => {
    const offset = offsetMs();
    return clock() + (Number.isFinite(offset) ? offset : 0);
  };
  const hidden = () => doc?.hidden === true;

  function clear() {
    // clearTimeout(undefined) does nothing: no timer needs no check.
    clearTimeout(timer);
    timer = undefined;
    dueAt = Infinity;
  }

  /** Schedules for `at` (server time) unless an earlier wake-up is already pending. */
  function scheduleFor(at: number, current: number) {
    if (hidden() || subscribers.size === 0) return;
    const wait = at - current;
    // NaN (an unparsable deadline) falls back to the longest sleep rather than a zero-delay loop.
    const delay = Number.isNaN(wait) ? maxDelayMs : Math.min(Math.max(wait, 0) + LATE_MARGIN_MS, maxDelayMs);
    const wakeAt = current + delay;
    // dueAt is Infinity while no timer is pending (clear() resets both), so an idle ticker always schedules.
    if (wakeAt >= dueAt) return;
    clear();
    dueAt = wakeAt;
    timer = setTimeout(tick, delay);
  }

  function tick() {
    clear();
    if (hidden()) return;
    const current = now();
    // Copied: a subscriber may unsubscribe another (a badge unmounting a sibling) while we iterate.
    const list = Array.from(subscribers);
    batch(() => {
      for (const subscriber of list) subscriber.onTick(current);
    });
    let earliest = Infinity;
    for (const subscriber of subscribers) {
      const at = subscriber.nextChangeAt(current);
      if (at < earliest) earliest = at;
    }
    scheduleFor(earliest, current);
  }

  // tick() stops the timer and returns while the page is hidden, and catches up once it is shown again.
  const onVisibility = () => tick();
  doc?.addEventListener('visibilitychange', onVisibility);

  return {
    now,
    subscribe(subscriber) {
      subscribers.add(subscriber);
      const current = now();
      scheduleFor(subscriber.nextChangeAt(current), current);
      return () => {
        subscribers.delete(subscriber);
        // An early wake-up for a departed subscriber is harmless; only an idle ticker stops its timer.
        if (subscribers.size === 0) clear();
      };
    },
    setOffsetProvider(provider) {
      offsetMs = provider;
    },
    tick,
    size: () => subscribers.size,
    isScheduled: () => timer !== undefined,
    dispose() {
      clear();
      subscribers.clear();
      doc?.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
