/** Talks to the Leave & Pause Twilio Functions. Every call proves the agent's identity with the Flex token. */

export type BackendOperation = 'leave' | 'pause' | 'resume';

export interface BackendSuccess {
  ok: true;
  serverTime: string;
  [detail: string]: unknown;
}

export class BackendError extends Error {
  /** HTTP status, or 0 when no response arrived at all. */
  readonly status: number;
  /** The server's machine-readable code, or 'network' / 'timeout' / 'bad_response' from the client. */
  readonly code: string;
  readonly field?: string;

  constructor(init: { status: number; code: string; message: string; field?: string }) {
    super(init.message);
    this.name = 'BackendError';
    this.status = init.status;
    this.code = init.code;
    if (init.field !== undefined) this.field = init.field;
  }
}

export interface BackendClientOptions {
  baseUrl: string;
  getToken: () => string;
  fetchImpl?: typeof fetch;
  /** A request that hangs would keep the agent's button busy forever; give up after this long. */
  timeoutMs?: number;
  now?: () => number;
}

export interface BackendClient {
  leave(taskSid: string): Promise<BackendSuccess>;
  pause(taskSid: string): Promise<BackendSuccess>;
  resume(taskSid: string): Promise<BackendSuccess>;
  /** serverTime − local time from the latest response; 0 until one arrives. */
  getServerTimeOffsetMs(): number;
  /** Learns the server's time without acting (at start-up); true when it did. Never throws. */
  syncServerTime(): Promise<boolean>;
}

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createBackendClient(options: BackendClientOptions): BackendClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let offsetMs = 0;

  function recordServerTime(serverTime: unknown, sentAt: number, receivedAt: number) {
    if (typeof serverTime !== 'string') return;
    const parsed = Date.parse(serverTime);
    if (Number.isNaN(parsed)) return;
    // The server stamped its time somewhere in the round trip; the midpoint halves the error.
    offsetMs = parsed - (sentAt + receivedAt) / 2;
  }

  async function call(operation: BackendOperation, taskSid: string): Promise<BackendSuccess> {
    // Resolved per call so a test stub or polyfill installed after start-up is still used.
    const fetchImpl = options.fetchImpl ?? globalThis.fetch;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    const sentAt = now();
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/${operation}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Token: options.getToken(), TaskSid: taskSid }),
        signal: controller?.signal,
      });
    } catch (error) {
      const aborted = controller?.signal.aborted === true;
      throw new BackendError({
        status: 0,
        code: aborted ? 'timeout' : 'network',
        message: aborted
          ? `The server did not answer within ${Math.round(timeoutMs / 1000)} seconds.`
          : `The server could not be reached (${error instanceof Error ? error.message : String(error)}).`,
      });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    const receivedAt = now();

    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }

    if (isDict(body)) recordServerTime(body.serverTime, sentAt, receivedAt);

    if (response.ok && isDict(body) && body.ok === true && typeof body.serverTime === 'string') {
      return body as BackendSuccess;
    }
    const error = isDict(body) && isDict(body.error) ? body.error : undefined;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new BackendError({
        status: response.status,
        code: error.code,
        message: error.message,
        field: typeof error.field === 'string' ? error.field : undefined,
      });
    }
    throw new BackendError({
      status: response.status,
      code: 'bad_response',
      message: response.ok
        ? 'The server sent an answer the plugin does not understand.'
        : `The server answered with HTTP ${response.status}.`,
    });
  }

  async function syncServerTime(): Promise<boolean> {
    const fetchImpl = options.fetchImpl ?? globalThis.fetch;
    const sentAt = now();
    try {
      const response = await fetchImpl(`${baseUrl}/server-time`, { method: 'GET' });
      const receivedAt = now();
      const body: unknown = await response.json();
      if (!response.ok || !isDict(body) || typeof body.serverTime !== 'string') return false;
      recordServerTime(body.serverTime, sentAt, receivedAt);
      return true;
    } catch {
      // The badges fall back to the local clock until the first action answers.
      return false;
    }
  }

  return {
    syncServerTime,
    leave: (taskSid) => call('leave', taskSid),
    pause: (taskSid) => call('pause', taskSid),
    resume: (taskSid) => call('resume', taskSid),
    getServerTimeOffsetMs: () => offsetMs,
  };
}
