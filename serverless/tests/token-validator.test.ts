import { validator } from 'twilio-flex-token-validator';
import { authenticate, classifyHelperRejection, forgetAcceptedTokens, TOKEN_CACHE_MS } from '../src/lib/auth';
import { ActionError } from '../src/lib/errors';

/**
 * Production token validation goes through Twilio's own helper, which only talks to iam.twilio.com: these tests
 * replace the helper (no request leaves the machine) and check what the Functions make of each answer it can
 * give. The same outcomes through the local emulator are tested end to end in hardening.test.ts and
 * refusals.test.ts.
 */
jest.mock('twilio-flex-token-validator', () => ({ validator: jest.fn() }));
const helper = validator as jest.MockedFunction<typeof validator>;

const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl';
/** Production: no TWILIO_API_BASE_URL. One attempt of 50 ms, or two with a 1 ms backoff. */
const env = (extra: Record<string, string> = {}) => ({
  ACCOUNT_SID,
  AUTH_TOKEN: 'auth-token-secret',
  TWILIO_REQUEST_TIMEOUT_MS: '50',
  TWILIO_RETRY_BASE_DELAY_MS: '1',
  TWILIO_RETRY_MAX_ATTEMPTS: '2',
  ...extra,
});

async function outcome(run: Promise<unknown>) {
  try {
    return { value: await run };
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
}

beforeEach(() => {
  helper.mockReset();
  forgetAcceptedTokens();
});

it.each<[unknown, ReturnType<typeof classifyHelperRejection>]>([
  ['Invalid token', 'invalid'],
  ['Token expired', 'invalid'],
  [undefined, 'invalid'],
  ['Authenticate', 'credentials'],
  ['connect ECONNREFUSED 10.0.0.1:443', 'failure'],
  ['read ECONNRESET', 'failure'],
  ['socket hang up', 'failure'],
  ['getaddrinfo ENOTFOUND iam.twilio.com', 'failure'],
  ['Unexpected token < in JSON at position 0', 'failure'],
  ['Unexpected end of JSON input', 'failure'],
  ['Service Unavailable', 'failure'],
  ['Too Many Requests', 'failure'],
  ['ETIMEDOUT', 'failure'],
])('the helper rejecting with %p is %s', (reason, kind) => {
  expect(classifyHelperRejection(reason)).toBe(kind);
});

it('a token the helper accepts gives the worker, and is not sent again while it is remembered', async () => {
  helper.mockResolvedValue({ valid: true, worker_sid: 'WK' + 'b'.repeat(32), roles: ['agent'] } as never);
  const first = await authenticate(env(), TOKEN);
  const second = await authenticate(env(), TOKEN);
  expect(first).toEqual({ workerSid: 'WK' + 'b'.repeat(32), identity: '', roles: ['agent'] });
  expect(second).toEqual(first);
  expect(helper).toHaveBeenCalledTimes(1);
  expect(helper).toHaveBeenCalledWith(TOKEN, ACCOUNT_SID, 'auth-token-secret');
});

it("IAM's verdict (the helper rejects with IAM's message) → 401 unauthorized, not retried", async () => {
  helper.mockRejectedValue('Invalid token');
  expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({ status: 401, code: 'unauthorized' });
  expect(helper).toHaveBeenCalledTimes(1);
});

it("Twilio refusing the account's credentials → 500 misconfigured naming them, not a 401 for the agent", async () => {
  helper.mockRejectedValue('Authenticate');
  const result = await outcome(authenticate(env(), TOKEN));
  expect(result).toMatchObject({ status: 500, code: 'misconfigured' });
  expect(result.message).toContain('AUTH_TOKEN');
});

it.each(['socket hang up', 'Unexpected token < in JSON at position 0', 'Service Unavailable'])(
  'Twilio failing (%s) is retried, then → 502 twilio_error naming the request only',
  async (reason) => {
    helper.mockRejectedValue(reason);
    const result = await outcome(authenticate(env(), TOKEN));
    expect(result).toMatchObject({ status: 502, code: 'twilio_error' });
    expect(result.message).toContain(`POST /v1/Accounts/${ACCOUNT_SID}/Tokens/validate`);
    expect(helper).toHaveBeenCalledTimes(2);
  },
);

it('a failure followed by an answer succeeds on the retry', async () => {
  helper
    .mockRejectedValueOnce('read ECONNRESET')
    .mockResolvedValueOnce({ valid: true, worker_sid: 'WK' + 'c'.repeat(32) } as never);
  expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
    value: { workerSid: 'WK' + 'c'.repeat(32) },
  });
});

it('a helper that never answers is cut off at the time limit → 502 twilio_error', async () => {
  helper.mockImplementation(() => new Promise(() => undefined));
  const result = await outcome(authenticate(env({ TWILIO_RETRY_MAX_ATTEMPTS: '1' }), TOKEN));
  expect(result).toMatchObject({ status: 502, code: 'twilio_error' });
});

it('no answer holds the token or the auth token, whatever the helper said', async () => {
  for (const reason of [`Invalid token ${TOKEN}`, `socket hang up auth-token-secret`, 'Authenticate']) {
    helper.mockReset();
    helper.mockRejectedValue(reason);
    forgetAcceptedTokens();
    const result = await outcome(authenticate(env(), TOKEN));
    expect(JSON.stringify(result)).not.toContain('auth-token-secret');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  }
});

describe('the remembered token', () => {
  const WORKER = 'WK' + 'b'.repeat(32);
  const accept = (expiration?: string) =>
    helper.mockResolvedValue({ valid: true, worker_sid: WORKER, roles: ['agent'], expiration } as never);

  it(`is asked about again once TOKEN_CACHE_MS (${TOKEN_CACHE_MS / 1000} s) have passed, not before`, async () => {
    accept(new Date(Date.now() + 3_600_000).toISOString());
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    await authenticate(env(), TOKEN);
    clock.mockReturnValue(start + TOKEN_CACHE_MS - 1);
    await authenticate(env(), TOKEN);
    expect(helper).toHaveBeenCalledTimes(1);
    clock.mockReturnValue(start + TOKEN_CACHE_MS);
    await authenticate(env(), TOKEN);
    expect(helper).toHaveBeenCalledTimes(2);
    expect(TOKEN_CACHE_MS).toBe(60_000);
    clock.mockRestore();
  });

  it('is never remembered past its own expiry', async () => {
    const start = Date.now();
    accept(new Date(start + 5_000).toISOString());
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    await authenticate(env(), TOKEN);
    clock.mockReturnValue(start + 4_999);
    await authenticate(env(), TOKEN);
    expect(helper).toHaveBeenCalledTimes(1);
    clock.mockReturnValue(start + 5_000);
    await authenticate(env(), TOKEN);
    expect(helper).toHaveBeenCalledTimes(2);
    clock.mockRestore();
  });
});
