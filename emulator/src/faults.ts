export interface FaultInput {
  method?: string;
  /** Regular expression matched against the request path, e.g. "/taskrouter/v1/.+/Tasks/". */
  pathPattern: string;
  status?: 429 | 500 | 503;
  /**
   * before: answer with the error without doing anything; after: do the work, then answer with the error;
   * drop: destroy the socket; timeout: do the work, then hold the (successful) answer for `holdMs`, longer
   * than the client waits, so the client gives up on a request that took effect; failed: do nothing and answer
   * 200 with the resource as it is, `"status": "failed"` and a non-zero `error_code` (Twilio's own examples of
   * the channel update answer a failed change that way, error 19025 "Channel validation error").
   */
  mode?: FaultMode;
  times?: number;
  /** For mode 'timeout': how long the answer is held, in real milliseconds. Default 3000 (over 2.5 s). */
  holdMs?: number;
}

export type FaultMode = 'before' | 'after' | 'drop' | 'timeout' | 'failed';

export interface Fault {
  id: number;
  method: string | null;
  pathPattern: string;
  regex: RegExp;
  status: number;
  mode: FaultMode;
  remaining: number;
  holdMs: number;
}

export const FAULT_CODES: Record<number, [number, string]> = {
  429: [20429, 'Too Many Requests'],
  500: [20500, 'Internal Server Error'],
  503: [20503, 'Service Unavailable'],
};

/** Twilio's error for a channel change it could not make, as its spec's examples answer it (HTTP 200). */
export const FAILED_CHANGE = { errorCode: 19025, errorMessage: 'Channel validation error' } as const;

export class FaultInjector {
  private list: Fault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    const status = input.status ?? 500;
    if (![429, 500, 503].includes(status)) throw new Error('status must be 429, 500 or 503');
    const mode = input.mode ?? 'before';
    if (!['before', 'after', 'drop', 'timeout', 'failed'].includes(mode))
      throw new Error("mode must be 'before', 'after', 'drop', 'timeout' or 'failed'");
    const holdMs = input.holdMs ?? 3000;
    if (!Number.isFinite(holdMs) || holdMs < 0) throw new Error('holdMs must be a non-negative number');
    const fault: Fault = {
      id: this.nextId++,
      method: input.method ? input.method.toUpperCase() : null,
      pathPattern: input.pathPattern,
      regex: new RegExp(input.pathPattern),
      status,
      mode,
      remaining: input.times ?? 1,
      holdMs,
    };
    this.list.push(fault);
    return fault;
  }

  clear(): void {
    this.list = [];
  }

  active(): Omit<Fault, 'regex'>[] {
    return this.list.map(({ regex: _regex, ...rest }) => rest);
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string): Fault | null {
    const f = this.list.find(
      (x) => x.remaining > 0 && (!x.method || x.method === method) && x.regex.test(path),
    );
    if (!f) return null;
    f.remaining--;
    if (f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
    return f;
  }
}
