import { createHash } from 'node:crypto';
import { validator } from 'twilio-flex-token-validator';
import { ActionError } from './errors';

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

export interface AuthEnv {
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  TWILIO_API_BASE_URL?: string;
}

/**
 * Asks Twilio IAM whether the Flex token is valid, as twilio-flex-token-validator does. The library talks to
 * iam.twilio.com only, so against the local emulator we send the very same request to its IAM prefix.
 */
async function validateWithIam(env: AuthEnv, token: string): Promise<TokenValidationResult> {
  const accountSid = env.ACCOUNT_SID ?? '';
  const authToken = env.AUTH_TOKEN ?? '';
  if (!env.TWILIO_API_BASE_URL) {
    return (await validator(token, accountSid, authToken)) as TokenValidationResult;
  }
  const base = env.TWILIO_API_BASE_URL.replace(/\/$/, '');
  const response = await fetch(`${base}/iam/v1/Accounts/${accountSid}/Tokens/validate`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ token }),
  });
  const result = (await response.json()) as TokenValidationResult;
  if (!result.valid) throw result.message ?? 'Invalid token';
  return result;
}

/**
 * A warm Function instance remembers tokens IAM accepted, for TOKEN_CACHE_MS at most and never past the
 * token's own expiry, keyed by a hash so the token itself is never kept. It saves one Twilio call per action;
 * a revoked token stays usable for at most this long on an instance that saw it.
 */
export const TOKEN_CACHE_MS = 60_000;
const MAX_CACHED_TOKENS = 1000;
const accepted = new Map<string, { identity: FlexIdentity; until: number }>();

function cacheKey(env: AuthEnv, token: string): string {
  return createHash('sha256')
    .update(`${env.ACCOUNT_SID ?? ''}\n${token}`)
    .digest('hex');
}

export function forgetAcceptedTokens(): void {
  accepted.clear();
}

export async function authenticate(env: AuthEnv, token: string): Promise<FlexIdentity> {
  const key = cacheKey(env, token);
  const now = Date.now();
  const known = accepted.get(key);
  if (known && known.until > now) return known.identity;
  accepted.delete(key);
  let result: TokenValidationResult;
  try {
    result = await validateWithIam(env, token);
  } catch (reason) {
    const why = reason instanceof Error ? reason.message : String(reason);
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
