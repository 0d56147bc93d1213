import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { observeTwilioDate } from './clock';
import { misconfigured } from './errors';
import { isLoopbackUrl } from './loopback';

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * The raw environment variables a client can be built from, as scripts, the sandbox and tests hold them. The
 * Functions read theirs once per request (lib/environment.ts) and hand on a TwilioAccess instead.
 */
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
 * backoff and jitter. Every write we make is idempotent (a channel status set, a Sync record created under a
 * fixed key whose repeat finds the first, a delete), so a retry after a lost answer cannot do harm.
 */
export class RetryingRequestClient extends RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    super({ timeout: policy.requestTimeoutMs, keepAlive: true });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    // logLevel "debug" (TWILIO_LOG_LEVEL) makes the library print requests, bodies included: a Flex token is
    // in the body of a token validation.
    const routed = {
      ...opts,
      logLevel: undefined,
      uri: this.baseUrl ? rewriteToBase(opts.uri, this.baseUrl) : opts.uri,
    };
    const create = isCreate(opts.method, opts.uri);
    for (let attempt = 1; ; attempt++) {
      const isLast = attempt >= this.policy.maxAttempts;
      try {
        const response = await super.request(routed);
        observeTwilioDate((response.headers as Record<string, string | undefined> | undefined)?.date);
        const retryable = !create && RETRYABLE_STATUS.has(response.statusCode);
        if (!retryable || isLast) {
          if (response.statusCode >= 400) noteFailure(describeRequest(opts, response));
          return response;
        }
        await sleep(this.backoff(attempt, response.headers?.['retry-after']));
      } catch (error) {
        const code = networkCodeOf(error);
        const retryable = create ? SURELY_NOT_DONE_NETWORK_CODES : RETRYABLE_NETWORK_CODES;
        if (isLast || !code || !retryable.has(code)) {
          // The client's own error carries the request's configuration, Authorization header included: it
          // never leaves the transport. What goes on is the method, the URL path and the network code.
          const failure = { ...describeRequest(opts), networkCode: code ?? 'network error' };
          noteFailure(failure);
          throw new TwilioRequestError(failure);
        }
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

/** A Twilio request that failed, reduced to what is safe to log and to answer with: no header, no body. */
export interface TwilioFailure {
  method: string;
  /** The Twilio URL's path, without host or query string. */
  path: string;
  status?: number;
  /** Twilio's error code from the answer's body, e.g. 20404. */
  twilioCode?: number;
  networkCode?: string;
}

function describeRequest(
  opts: { method?: string; uri: string },
  response?: { statusCode: number; body?: unknown },
): TwilioFailure {
  let path = '?';
  try {
    path = new URL(opts.uri).pathname;
  } catch {
    // An unparsable URL names no path; the method and status still say what failed.
  }
  const failure: TwilioFailure = { method: (opts.method ?? 'GET').toUpperCase(), path };
  if (response) {
    failure.status = response.statusCode;
    const body = typeof response.body === 'string' ? safeJson(response.body) : response.body;
    const code = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
    if (typeof code === 'number') failure.twilioCode = code;
  }
  return failure;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function formatFailure(failure: TwilioFailure): string {
  const outcome = failure.networkCode
    ? failure.networkCode
    : `HTTP ${failure.status ?? '?'}${failure.twilioCode ? ` (Twilio error ${failure.twilioCode})` : ''}`;
  return `${failure.method} ${failure.path}: ${outcome}`;
}

/**
 * A failed Twilio request — dropped, refused, timed out, or answered with an error status — with nothing of
 * the client's own error kept. Shaped like the library's errors: `status` (HTTP), `code` (the network code,
 * else Twilio's error code).
 */
export class TwilioRequestError extends Error {
  readonly status?: number;
  readonly code?: string | number;
  constructor(readonly failure: TwilioFailure) {
    super(formatFailure(failure));
    this.name = 'TwilioRequestError';
    this.status = failure.status;
    this.code = failure.networkCode ?? failure.twilioCode;
  }
}

/**
 * The library turns a 4xx/5xx answer into an error that keeps the status and Twilio's code but not the
 * request: the transport notes the last failed request of each Function invocation so the error can be
 * reported with its method and path.
 */
const invocationFailures = new AsyncLocalStorage<{ last?: TwilioFailure }>();

export function withFailureJournal<T>(run: () => Promise<T>): Promise<T> {
  return invocationFailures.run({}, run);
}

function noteFailure(failure: TwilioFailure): void {
  const store = invocationFailures.getStore();
  if (store) store.last = failure;
}

/** The failed request behind an error the library raised, when this invocation's transport saw it. */
export function lastFailureWithStatus(status: number): TwilioFailure | undefined {
  const last = invocationFailures.getStore()?.last;
  return last && last.status === status ? last : undefined;
}

/**
 * `https://flex-api.twilio.com/v1/X?y` → `${base}/flex-api/v1/X?y`: the emulator serves each host under a prefix,
 * the host's first label (`iam.us1.twilio.com` → `iam`).
 */
export function rewriteToBase(uri: string, baseUrl: string): string {
  const url = new URL(uri);
  const host = url.hostname.split('.')[0];
  return `${baseUrl.replace(/\/$/, '')}/${host}${url.pathname}${url.search}`;
}

/** Everything a Twilio client is built from: whose account, where Twilio is, how requests are retried. */
export interface TwilioAccess {
  accountSid: string;
  authToken: string;
  /** Set only for the local sandbox and tests: every Twilio host is served by the emulator under this base. */
  apiBaseUrl?: string;
  retryPolicy: RetryPolicy;
}

/** The access a raw environment describes, unchecked: twilioClientOf checks what it needs. */
export function twilioAccessFrom(
  env: TwilioClientEnv,
  policy: RetryPolicy = retryPolicyFrom(env),
): TwilioAccess {
  return {
    accountSid: env.ACCOUNT_SID ?? '',
    authToken: env.AUTH_TOKEN ?? '',
    ...(env.TWILIO_API_BASE_URL ? { apiBaseUrl: env.TWILIO_API_BASE_URL } : {}),
    retryPolicy: policy,
  };
}

/** The one place a Twilio client is made: the same client, only the transport's base differs. */
export function twilioClientOf(access: TwilioAccess): TwilioClient {
  if (!access.accountSid || !access.authToken) {
    throw misconfigured('ACCOUNT_SID and AUTH_TOKEN must be set');
  }
  // The Functions' pipeline also requires a local run (environment.twilioBaseUrlFrom); scripts and tests that
  // build a client outside a Function get at least the loopback check.
  const baseUrl = access.apiBaseUrl || undefined;
  if (baseUrl && !isLoopbackUrl(baseUrl)) {
    throw misconfigured('TWILIO_API_BASE_URL must be a loopback URL: it is for the local emulator only');
  }
  const httpClient = new RetryingRequestClient(baseUrl, access.retryPolicy);
  return twilio(access.accountSid, access.authToken, { httpClient });
}

/** A client from raw environment variables (scripts, the sandbox, tests). */
export function createTwilioClient(
  env: TwilioClientEnv,
  policy: RetryPolicy = retryPolicyFrom(env),
): TwilioClient {
  return twilioClientOf(twilioAccessFrom(env, policy));
}
