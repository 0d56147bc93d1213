interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * Simulated clock: time only moves through advance(), so server-side timers (task TTL, conversation
 * close, routing step timeouts) fire deterministically in tests.
 */
export class SimClock {
  private nowMs: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: Date = new Date()) {
    this.nowMs = Math.floor(start.getTime() / 1000) * 1000;
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  nowMillis(): number {
    return this.nowMs;
  }

  schedule(at: Date | number, fn: () => void): number {
    const id = this.nextId++;
    this.timers.push({ id, at: typeof at === 'number' ? at : at.getTime(), seq: id, fn });
    return id;
  }

  cancel(id: number | undefined): void {
    if (id === undefined) return;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Runs every timer due by the target time in time order; timers scheduled by timers also run if due. */
  advanceTo(targetMs: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= targetMs).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      if (due.at > this.nowMs) this.nowMs = due.at;
      due.fn();
    }
    if (targetMs > this.nowMs) this.nowMs = targetMs;
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  reset(start: Date = new Date()): void {
    this.timers = [];
    this.nowMs = Math.floor(start.getTime() / 1000) * 1000;
  }
}
