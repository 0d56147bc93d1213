import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { observeTwilioDate } from './clock';

export type TwilioClient = ReturnType<typeof twilio>;

export interface TwilioClientEnv {
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  /** Set only for the local sandbox and tests: every Twilio host is served by the emulator under this base. */
  TWILIO_API_BASE_URL?: string;
  /** Optional overrides of DEFAULT_RETRY_POLICY (tests shorten the timeout and the backoff). */
  TWILIO_REQUEST_TIMEOUT_MS?: unknown;
  TWILIO_RETRY_BASE_DELAY_MS?: unknown;
  TWILIO_RETRY_MAX_ATTEMPTS?: unknown;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE']);

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Function is stopped after 10 s: each request is cut off well before that so a retry still fits. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 150,
  maxDelayMs: 1500,
  requestTimeoutMs: 2500,
};

/** Reads the optional retry overrides from the environment; anything unset or not a positive number is ignored. */
export function retryPolicyFrom(env: TwilioClientEnv): RetryPolicy {
  const positive = (value: unknown, fallback: number) => {
    const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  const baseDelayMs = positive(env.TWILIO_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_POLICY.baseDelayMs);
  return {
    maxAttempts: Math.round(positive(env.TWILIO_RETRY_MAX_ATTEMPTS, DEFAULT_RETRY_POLICY.maxAttempts)),
    baseDelayMs,
    maxDelayMs: Math.max(baseDelayMs, Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, baseDelayMs * 10)),
    requestTimeoutMs: positive(env.TWILIO_REQUEST_TIMEOUT_MS, DEFAULT_RETRY_POLICY.requestTimeoutMs),
  };
}

/**
 * A POST that creates a resource (a task, an invite, a webhook) is not idempotent: if the answer is lost after
 * Twilio did the work, sending it again makes a second one. Those are retried here only when the connection
 * was refused; the caller looks up what exists before it tries again (see inviteNextTaskOnce).
 */
export function isCreate(method: string | undefined, uri: string): boolean {
  if ((method ?? '').toLowerCase() !== 'post') return false;
  const path = new URL(uri).pathname;
  return /\/(Tasks|Invites|Webhooks)$/.test(path);
}

const SURELY_NOT_DONE_NETWORK_CODES = new Set(['ECONNREFUSED']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function networkCodeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

/**
 * Twilio's own auto-retry covers only 429; we also retry 5xx and dropped connections, with capped exponential
 * backoff and jitter. Every write we make is idempotent (a status set, an attribute merge checked by If-Match,
 * a timer task looked up before it is created), so a retry after a lost answer cannot do harm.
 */
export class RetryingRequestClient extends RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    super({ timeout: policy.requestTimeoutMs, keepAlive: true });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const routed = { ...opts, uri: this.baseUrl ? rewriteToBase(opts.uri, this.baseUrl) : opts.uri };
    const create = isCreate(opts.method, opts.uri);
    for (let attempt = 1; ; attempt++) {
      const isLast = attempt >= this.policy.maxAttempts;
      try {
        const response = await super.request(routed);
        observeTwilioDate((response.headers as Record<string, string | undefined> | undefined)?.date);
        const retryable = !create && RETRYABLE_STATUS.has(response.statusCode);
        if (!retryable || isLast) return response;
        await sleep(this.backoff(attempt, response.headers?.['retry-after']));
      } catch (error) {
        const code = networkCodeOf(error);
        const retryable = create ? SURELY_NOT_DONE_NETWORK_CODES : RETRYABLE_NETWORK_CODES;
        if (isLast || !code || !retryable.has(code)) throw error;
        await sleep(this.backoff(attempt));
      }
    }
  }

  private backoff(attempt: number, retryAfter?: string): number {
    const serverHintMs = retryAfter ? Number(retryAfter) * 1000 : NaN;
    if (Number.isFinite(serverHintMs)) return Math.min(serverHintMs, this.policy.maxDelayMs);
    const exponential = this.policy.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(exponential, this.policy.maxDelayMs) * (0.5 + Math.random() / 2);
  }
}

/** `https://flex-api.twilio.com/v1/X?y` → `${base}/flex-api/v1/X?y`: the emulator serves each host under a prefix. */
export function rewriteToBase(uri: string, baseUrl: string): string {
  const url = new URL(uri);
  const host = url.hostname.replace(/\.twilio\.com$/, '').split('.')[0];
  return `${baseUrl.replace(/\/$/, '')}/${host}${url.pathname}${url.search}`;
}

/** The one place a Function gets its Twilio client: the same client, only the transport's base differs. */
export function createTwilioClient(
  env: TwilioClientEnv,
  policy: RetryPolicy = retryPolicyFrom(env),
): TwilioClient {
  if (!env.ACCOUNT_SID || !env.AUTH_TOKEN) {
    throw new Error('ACCOUNT_SID and AUTH_TOKEN must be set in the Functions environment');
  }
  const httpClient = new RetryingRequestClient(env.TWILIO_API_BASE_URL || undefined, policy);
  return twilio(env.ACCOUNT_SID, env.AUTH_TOKEN, { httpClient });
}
