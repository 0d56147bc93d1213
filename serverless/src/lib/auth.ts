import { createHash } from 'node:crypto';
import { validator } from 'twilio-flex-token-validator';
import { ActionError, misconfigured } from './errors';
import {
  formatFailure,
  twilioAccessFrom,
  twilioClientOf,
  type TwilioAccess,
  type TwilioClientEnv,
  type TwilioFailure,
} from './twilio-client';

export interface FlexIdentity {
  workerSid: string;
  identity: string;
  roles: string[];
}

interface TokenValidationResult {
  valid?: boolean;
  message?: string | null;
  worker_sid?: string;
  identity?: string;
  roles?: string[];
  expiration?: string;
}

/** Raw environment variables (scripts, tests); the Functions hand on their TwilioAccess. */
export type AuthEnv = TwilioClientEnv;

function accessOf(env: AuthEnv | TwilioAccess): TwilioAccess {
  return 'retryPolicy' in env ? env : twilioAccessFrom(env);
}

const validatePath = (accountSid: string) => `/v1/Accounts/${accountSid}/Tokens/validate`;

/**
 * Asks Twilio IAM whether the Flex token is valid. In production that is Twilio's own helper,
 * twilio-flex-token-validator (`POST iam.twilio.com/v1/Accounts/{AccountSid}/Tokens/validate`, JSON `{token}`).
 * The helper only talks to iam.twilio.com, so the local emulator gets the very same request through our
 * transport. The pipeline has already checked that TWILIO_API_BASE_URL may be used here (loopback, running
 * locally: settings.twilioBaseUrlFrom); createTwilioClient checks the loopback again.
 */
async function validateWithIam(access: TwilioAccess, token: string): Promise<TokenValidationResult> {
  return access.apiBaseUrl ? validateThroughEmulator(access, token) : validateWithTwilioHelper(access, token);
}

/**
 * What the helper's rejection means. It rejects with a string: IAM's `message` when IAM answered JSON without
 * `valid: true`, or the Node error's message when the connection failed or the answer was not JSON. It does not
 * pass on the HTTP status, so the kinds are told apart by these messages:
 * - "Authenticate" is Twilio's message for error 20003, the account's credentials refused (HTTP 401);
 * - a network error names its errno code (ECONNRESET, ETIMEDOUT, …) or says "socket hang up"/TLS; a body that
 *   is not JSON (an error page) fails JSON.parse; Twilio's 429/5xx answers carry their reason phrase;
 * - anything else is IAM's verdict on the token ("Invalid token", "Token expired").
 */
export function classifyHelperRejection(reason: unknown): 'credentials' | 'failure' | 'invalid' {
  // IAM's verdict without a message (`{valid: false}`): Node's and JSON.parse's errors always have one.
  if (typeof reason !== 'string' || reason.trim() === '') return 'invalid';
  if (reason === 'Authenticate') return 'credentials';
  // Node's errno codes are upper case (ECONNRESET): matched case-sensitively, so "Token expired" is not one.
  const networkCode = /\bE[A-Z]{3,}\b/;
  const failure =
    /socket hang up|TLS|certificate|JSON|Unexpected (token|end)|Too Many Requests|Internal Server Error|Service Unavailable|Bad Gateway|Gateway Time-?out/i;
  return networkCode.test(reason) || failure.test(reason) ? 'failure' : 'invalid';
}

/**
 * twilio-flex-token-validator has no time limit and no retry: each attempt is cut off after the transport's
 * request timeout, and a failure (not a verdict) is tried again with the transport's backoff, within the
 * transport's attempt budget. Nothing the helper rejects with is logged or answered verbatim.
 */
async function validateWithTwilioHelper(access: TwilioAccess, token: string): Promise<TokenValidationResult> {
  const policy = access.retryPolicy;
  const accountSid = access.accountSid;
  const failure: TwilioFailure = { method: 'POST', path: validatePath(accountSid) };
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    const timeLimit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject('ETIMEDOUT'), policy.requestTimeoutMs);
    });
    try {
      return (await Promise.race([
        validator(token, accountSid, access.authToken),
        timeLimit,
      ])) as TokenValidationResult;
    } catch (reason) {
      const kind = classifyHelperRejection(reason);
      if (kind === 'invalid') {
        // IAM's words are passed on to the agent, but never anything that repeats a secret.
        const message = typeof reason === 'string' ? reason : '';
        const safe = message && !message.includes(token) && !message.includes(access.authToken || '\0');
        return { valid: false, message: safe ? message : null };
      }
      if (kind === 'credentials') {
        throw misconfigured(
          `Twilio refused the account's credentials (${formatFailure({ ...failure, status: 401, twilioCode: 20003 })}): check ACCOUNT_SID and AUTH_TOKEN`,
        );
      }
      if (attempt >= policy.maxAttempts) {
        throw new ActionError(
          502,
          'twilio_error',
          `Twilio could not check the Flex token: ${formatFailure({ ...failure, networkCode: 'no answer' })}`,
        );
      }
      const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      await new Promise((resolve) => setTimeout(resolve, backoff * (0.5 + Math.random() / 2)));
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The helper's request, sent to the local emulator through our own transport (time limit, retries of 429/5xx,
 * failures reduced so the account's credentials are in no error). A verdict on the token carries `valid`,
 * whatever the status; anything else is about the account or Twilio.
 */
async function validateThroughEmulator(access: TwilioAccess, token: string): Promise<TokenValidationResult> {
  const client = twilioClientOf(access);
  const uri = `https://iam.twilio.com${validatePath(access.accountSid)}`;
  const response = await client.request({
    method: 'post',
    uri,
    data: { token },
    headers: { 'Content-Type': 'application/json' },
  });
  const body = (
    typeof response.body === 'string' ? safeJson(response.body) : response.body
  ) as TokenValidationResult | null;
  if (body && typeof body === 'object' && typeof body.valid === 'boolean') return body;
  const failure = { method: 'POST', path: new URL(uri).pathname, status: response.statusCode };
  if (response.statusCode === 401 || response.statusCode === 403) {
    throw misconfigured(
      `Twilio refused the account's credentials (${formatFailure(failure)}): check ACCOUNT_SID and AUTH_TOKEN`,
    );
  }
  throw new ActionError(
    502,
    'twilio_error',
    `Twilio could not check the Flex token: ${formatFailure(failure)}`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A warm Function instance remembers tokens IAM accepted, for TOKEN_CACHE_MS at most and never past the
 * token's own expiry, keyed by a hash so the token itself is never kept. It saves one Twilio call per action;
 * a revoked token stays usable for at most this long on an instance that saw it.
 */
export const TOKEN_CACHE_MS = 60_000;
const MAX_CACHED_TOKENS = 1000;
const accepted = new Map<string, { identity: FlexIdentity; until: number }>();

function cacheKey(access: TwilioAccess, token: string): string {
  return createHash('sha256').update(`${access.accountSid}\n${token}`).digest('hex');
}

export function forgetAcceptedTokens(): void {
  accepted.clear();
}

/** Who calls: `env` is the Functions' TwilioAccess, or raw environment variables (scripts, tests). */
export async function authenticate(env: AuthEnv | TwilioAccess, token: string): Promise<FlexIdentity> {
  const access = accessOf(env);
  const key = cacheKey(access, token);
  const now = Date.now();
  const known = accepted.get(key);
  if (known && known.until > now) return known.identity;
  accepted.delete(key);
  const result = await validateWithIam(access, token);
  if (!result.valid) {
    // IAM's own words ("Invalid token", "Token expired") never repeat the token.
    const why = typeof result.message === 'string' && result.message ? result.message : 'not valid';
    throw new ActionError(
      401,
      'unauthorized',
      `The Flex token was not accepted (${why}): sign in to Flex again`,
    );
  }
  if (!result.worker_sid) {
    throw new ActionError(
      403,
      'forbidden',
      'The Flex token belongs to a user who is not a TaskRouter worker',
    );
  }
  const identity = {
    workerSid: result.worker_sid,
    identity: result.identity ?? '',
    roles: result.roles ?? [],
  };
  const expires = result.expiration ? Date.parse(result.expiration) : NaN;
  const until = Math.min(now + TOKEN_CACHE_MS, Number.isFinite(expires) ? expires : Infinity);
  if (accepted.size >= MAX_CACHED_TOKENS) accepted.delete(accepted.keys().next().value as string);
  accepted.set(key, { identity, until });
  return identity;
}
