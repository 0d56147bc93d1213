import { validator } from 'twilio-flex-token-validator';
import { authenticate, classifyHelperRejection, forgetAcceptedTokens, TOKEN_CACHE_MS } from '../src/lib/auth';
import { ActionError } from '../src/lib/errors';
import { parseInput, RUNTIME_KEYS } from '../src/lib/input';
import { twilioAccessFrom } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio';

/**
 * lib/auth.ts and lib/input.ts on their own (issue 20, mutation survivors): what each answer of IAM makes of a
 * Flex token, how long an accepted token is remembered, and which inputs an action takes. IAM is a scripted
 * server (fake-twilio.ts) on the local path, Twilio's helper a mock on the production path (as in
 * token-validator.test.ts); the handler tests cover the same end to end.
 */
jest.mock('twilio-flex-token-validator', () => ({ validator: jest.fn() }));
const helper = validator as jest.MockedFunction<typeof validator>;

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WORKER = 'WK' + 'b'.repeat(32);
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl';
const AUTH_TOKEN = 'auth-token-secret';

async function outcome(run: Promise<unknown>) {
  try {
    return { value: await run };
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
}

beforeEach(() => {
  forgetAcceptedTokens();
  helper.mockReset();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('authenticate through the local IAM', () => {
  let fake: FakeTwilio;
  const env = () => ({
    ACCOUNT_SID: ACCOUNT,
    AUTH_TOKEN,
    TWILIO_API_BASE_URL: fake.base,
    TWILIO_RETRY_MAX_ATTEMPTS: '1',
  });
  const validations = () => fake.seen.filter((r) => r.path.endsWith('/Tokens/validate')).length;
  const accepted = (extra: Record<string, unknown> = {}) => ({
    status: 200,
    body: { valid: true, worker_sid: WORKER, identity: 'alice', roles: ['agent'], ...extra },
  });

  beforeEach(async () => {
    fake = await startFakeTwilio();
  });

  afterEach(async () => {
    await fake.close();
  });

  it('asks IAM about the token (POST JSON {token} for the account) and answers the worker', async () => {
    fake.script = [accepted()];
    expect(await authenticate(env(), TOKEN)).toEqual({
      workerSid: WORKER,
      identity: 'alice',
      roles: ['agent'],
    });
    expect(fake.seen).toEqual([{ method: 'POST', path: `/iam/v1/Accounts/${ACCOUNT}/Tokens/validate` }]);
    expect(JSON.parse(fake.bodies[0])).toEqual({ token: TOKEN });
    expect(helper).not.toHaveBeenCalled();
  });

  it('a TwilioAccess is used as it is (the Functions hand on theirs)', async () => {
    fake.script = [accepted()];
    const access = twilioAccessFrom(env());
    expect(await authenticate(access, TOKEN)).toMatchObject({ workerSid: WORKER });
  });

  it('no identity or roles in the answer: empty ones', async () => {
    fake.script = [{ status: 200, body: { valid: true, worker_sid: WORKER } }];
    expect(await authenticate(env(), TOKEN)).toEqual({ workerSid: WORKER, identity: '', roles: [] });
  });

  it('a valid token of a user who is no worker: 403 forbidden', async () => {
    fake.script = [accepted({ worker_sid: '' })];
    expect(await outcome(authenticate(env(), TOKEN))).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'The Flex token belongs to a user who is not a TaskRouter worker',
    });
  });

  it("IAM's verdict: 401 with IAM's words, or 'not valid' when it gave none; never remembered", async () => {
    fake.script = [{ status: 401, body: { valid: false, message: 'Token expired' } }];
    expect(await outcome(authenticate(env(), TOKEN))).toEqual({
      status: 401,
      code: 'unauthorized',
      message: 'The Flex token was not accepted (Token expired): sign in to Flex again',
    });
    fake.script = [{ status: 200, body: { valid: false, message: '' } }];
    expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
      message: 'The Flex token was not accepted (not valid): sign in to Flex again',
    });
    fake.script = [{ status: 200, body: { valid: false, message: 42 } }];
    expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
      message: expect.stringContaining('(not valid)'),
    });
    expect(validations()).toBe(3);
  });

  it.each([401, 403])(
    '%i without a verdict: the account’s credentials → 500 misconfigured',
    async (status) => {
      fake.script = [{ status, body: { code: 20003 } }];
      const result = await outcome(authenticate(env(), TOKEN));
      expect(result).toMatchObject({ status: 500, code: 'misconfigured' });
      expect((result as { message: string }).message).toContain(
        `POST /v1/Accounts/${ACCOUNT}/Tokens/validate: HTTP ${status}`,
      );
    },
  );

  it.each([
    [500, {}],
    [200, { valid: 'true' }],
    [404, { message: 'no such thing' }],
  ])('%i %p without a verdict: 502 twilio_error naming the request', async (status, body) => {
    fake.script = [{ status, body }];
    expect(await outcome(authenticate(env(), TOKEN))).toEqual({
      status: 502,
      code: 'twilio_error',
      message: `Twilio could not check the Flex token: POST /v1/Accounts/${ACCOUNT}/Tokens/validate: HTTP ${status}`,
    });
  });

  it('an answer that is JSON text is read as JSON; one that is no JSON is no verdict (502)', async () => {
    // The transport hands on a body it could not read as an object as text.
    fake.script = [{ status: 200, body: JSON.stringify({ valid: true, worker_sid: WORKER }) }];
    expect(await authenticate(env(), TOKEN)).toEqual({ workerSid: WORKER, identity: '', roles: [] });
    fake.script = [{ status: 502, body: '<html>Bad Gateway</html>' }];
    expect(await outcome(authenticate(env(), TOKEN + 'x'))).toEqual({
      status: 502,
      code: 'twilio_error',
      message: `Twilio could not check the Flex token: POST /v1/Accounts/${ACCOUNT}/Tokens/validate: HTTP 502`,
    });
  });

  describe('the accepted tokens a warm instance remembers', () => {
    it(`for TOKEN_CACHE_MS (${TOKEN_CACHE_MS / 1000} s), not a moment longer`, async () => {
      fake.script = [accepted()];
      const start = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
      await authenticate(env(), TOKEN);
      clock.mockReturnValue(start + TOKEN_CACHE_MS - 1);
      expect(await authenticate(env(), TOKEN)).toMatchObject({ workerSid: WORKER });
      expect(validations()).toBe(1);
      clock.mockReturnValue(start + TOKEN_CACHE_MS);
      await authenticate(env(), TOKEN);
      expect(validations()).toBe(2);
      expect(TOKEN_CACHE_MS).toBe(60_000);
    });

    it('never past the token’s own expiry; an unreadable expiry is ignored', async () => {
      const start = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
      fake.script = [accepted({ expiration: new Date(start + 10_000).toISOString() })];
      await authenticate(env(), TOKEN);
      clock.mockReturnValue(start + 9_999);
      await authenticate(env(), TOKEN);
      expect(validations()).toBe(1);
      clock.mockReturnValue(start + 10_000);
      await authenticate(env(), TOKEN);
      expect(validations()).toBe(2);

      forgetAcceptedTokens();
      clock.mockReturnValue(start);
      fake.script = [accepted({ expiration: 'soon' })];
      await authenticate(env(), TOKEN);
      clock.mockReturnValue(start + TOKEN_CACHE_MS - 1);
      await authenticate(env(), TOKEN);
      expect(validations()).toBe(3);
    });

    it('per account and per token', async () => {
      fake.script = [accepted()];
      await authenticate(env(), TOKEN);
      await authenticate({ ...env(), ACCOUNT_SID: 'AC' + 'c'.repeat(32) }, TOKEN);
      await authenticate(env(), TOKEN + 'x');
      await authenticate(env(), TOKEN);
      expect(validations()).toBe(3);
    });

    it('at most 1000: the oldest is forgotten first', async () => {
      fake.script = [accepted()];
      for (let n = 0; n < 1000; n++) await authenticate(env(), `${TOKEN}${n}`);
      await authenticate(env(), `${TOKEN}999`);
      expect(validations()).toBe(1000);
      await authenticate(env(), `${TOKEN}new`);
      await authenticate(env(), `${TOKEN}1`);
      expect(validations()).toBe(1001);
      await authenticate(env(), `${TOKEN}0`);
      expect(validations()).toBe(1002);
    }, 60_000);
  });
});

describe("authenticate through Twilio's helper (production)", () => {
  const env = (extra: Record<string, string> = {}) => ({
    ACCOUNT_SID: ACCOUNT,
    AUTH_TOKEN,
    TWILIO_REQUEST_TIMEOUT_MS: '50',
    TWILIO_RETRY_BASE_DELAY_MS: '1',
    TWILIO_RETRY_MAX_ATTEMPTS: '3',
    ...extra,
  });

  it('the helper is asked with the token, the account and its auth token', async () => {
    helper.mockResolvedValue({ valid: true, worker_sid: WORKER } as never);
    await authenticate(env(), TOKEN);
    expect(helper).toHaveBeenCalledWith(TOKEN, ACCOUNT, AUTH_TOKEN);
  });

  it('failing every time: maxAttempts tries, then 502 naming the request without a status', async () => {
    helper.mockRejectedValue('read ECONNRESET');
    expect(await outcome(authenticate(env(), TOKEN))).toEqual({
      status: 502,
      code: 'twilio_error',
      message: `Twilio could not check the Flex token: POST /v1/Accounts/${ACCOUNT}/Tokens/validate: no answer`,
    });
    expect(helper).toHaveBeenCalledTimes(3);
  });

  it('the account refused: 500 misconfigured at once, naming error 20003', async () => {
    helper.mockRejectedValue('Authenticate');
    const result = await outcome(authenticate(env(), TOKEN));
    expect(result).toMatchObject({ status: 500, code: 'misconfigured' });
    expect((result as { message: string }).message).toContain('HTTP 401 (Twilio error 20003)');
    expect(helper).toHaveBeenCalledTimes(1);
  });

  it("IAM's words that repeat the token or the auth token are not passed on", async () => {
    helper.mockRejectedValue(`Invalid token ${TOKEN}`);
    expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
      message: expect.stringContaining('(not valid)'),
    });
    helper.mockRejectedValue(`Invalid token for ${AUTH_TOKEN}`);
    expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
      message: expect.stringContaining('(not valid)'),
    });
    helper.mockRejectedValue('Invalid token');
    expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
      message: expect.stringContaining('(Invalid token)'),
    });
    helper.mockRejectedValue({ reason: 'not a string' });
    expect(await outcome(authenticate(env(), TOKEN))).toMatchObject({
      status: 401,
      message: expect.stringContaining('(not valid)'),
    });
  });

  it('each attempt is cut off at the request time-out, then tried again', async () => {
    helper.mockImplementationOnce(() => new Promise(() => undefined) as never);
    helper.mockResolvedValueOnce({ valid: true, worker_sid: WORKER } as never);
    const started = Date.now();
    expect(await authenticate(env({ TWILIO_REQUEST_TIMEOUT_MS: '200' }), TOKEN)).toMatchObject({
      workerSid: WORKER,
    });
    expect(helper).toHaveBeenCalledTimes(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('each wait is base·2ⁿ⁻¹ (capped at the max delay) times a jitter between half and all of it', async () => {
    const waits: number[] = [];
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((
      callback: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      // The 5 s time limit of each attempt is not a wait between attempts.
      if (ms !== 5000) waits.push(ms ?? 0);
      return realSetTimeout(callback, ms, ...args);
    }) as unknown as typeof setTimeout);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    helper.mockRejectedValue('read ECONNRESET');
    // Base 2 ms: the max delay is 10 times the base, 20 ms.
    await outcome(
      authenticate(
        env({
          TWILIO_RETRY_BASE_DELAY_MS: '2',
          TWILIO_RETRY_MAX_ATTEMPTS: '6',
          TWILIO_REQUEST_TIMEOUT_MS: '5000',
        }),
        TOKEN,
      ),
    );
    expect(helper).toHaveBeenCalledTimes(6);
    expect(waits).toEqual([2, 4, 8, 16, 20].map((backoff) => backoff * 0.75));
  });

  it('nothing is left waiting once the helper has answered (no time limit outlives its attempt)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    helper.mockResolvedValue({ valid: true, worker_sid: WORKER } as never);
    await authenticate(env({ TWILIO_REQUEST_TIMEOUT_MS: '60000' }), TOKEN);
    helper.mockRejectedValue('Invalid token');
    await outcome(authenticate(env({ TWILIO_REQUEST_TIMEOUT_MS: '60000' }), TOKEN + 'x'));
    // At most as many as before: a timer of an earlier test may have run out meanwhile.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("no auth token in the environment: IAM's words are still passed on (an empty secret is in every text)", async () => {
    helper.mockRejectedValue('Invalid token');
    expect(await outcome(authenticate({ ACCOUNT_SID: ACCOUNT }, TOKEN))).toMatchObject({
      status: 401,
      message: 'The Flex token was not accepted (Invalid token): sign in to Flex again',
    });
    expect(helper).toHaveBeenCalledWith(TOKEN, ACCOUNT, '');
  });

  it('the retries back off from the base delay', async () => {
    helper.mockRejectedValue('socket hang up');
    const started = Date.now();
    await outcome(authenticate(env({ TWILIO_RETRY_BASE_DELAY_MS: '100' }), TOKEN));
    // Two waits, each between half and all of 100·2⁰ and 100·2¹ ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe('classifyHelperRejection', () => {
  it.each<[unknown, ReturnType<typeof classifyHelperRejection>]>([
    ['read ECONNRESET', 'failure'],
    ['Gateway Timeout', 'failure'],
    ['Gateway Time-out', 'failure'],
    ['Bad Gateway', 'failure'],
    ['Internal Server Error', 'failure'],
    ['self-signed certificate', 'failure'],
    ['Authenticate', 'credentials'],
    ['Token expired', 'invalid'],
    ['', 'invalid'],
    // The helper rejects with a string: anything else is IAM's verdict without words, whatever it prints as.
    [new Error('read ECONNRESET'), 'invalid'],
    [{ toString: () => 'Bad Gateway' }, 'invalid'],
  ])('%p is %p', (reason, kind) => {
    expect(classifyHelperRejection(reason)).toBe(kind);
  });
});

describe('parseInput', () => {
  const TASK = 'WT' + '1'.repeat(32);
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ActionError)
        return { status: error.status, code: error.code, field: error.field, message: error.message };
      throw error;
    }
    return undefined;
  };

  it('exactly the token and the SIDs named come back; the runtime’s request is no field', () => {
    expect(parseInput({ Token: TOKEN, TaskSid: TASK, request: { headers: {} } }, ['TaskSid'])).toEqual({
      token: TOKEN,
      TaskSid: TASK,
    });
    expect([...RUNTIME_KEYS]).toEqual(['request']);
  });

  it('an unknown field: 400 naming it and what may be sent', () => {
    expect(refusal(() => parseInput({ Token: TOKEN, TaskSid: TASK, Extra: 'x' }, ['TaskSid']))).toEqual({
      status: 400,
      code: 'unknown_field',
      field: 'Extra',
      message: 'Unknown field Extra: send only Token, TaskSid',
    });
  });

  it('IdempotencyKey only where the action takes one: 8 to 64 letters, digits or "-"', () => {
    const key = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(
      refusal(() => parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: key }, ['TaskSid'])),
    ).toMatchObject({
      code: 'unknown_field',
      field: 'IdempotencyKey',
    });
    expect(parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: key }, ['TaskSid'], true)).toEqual({
      token: TOKEN,
      TaskSid: TASK,
      idempotencyKey: key,
    });
    const withoutKey = parseInput({ Token: TOKEN, TaskSid: TASK }, ['TaskSid'], true);
    expect('idempotencyKey' in withoutKey).toBe(false);
    expect(
      refusal(() => parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: 'short' }, ['TaskSid'], true)),
    ).toMatchObject({
      status: 400,
      code: 'invalid_field',
      field: 'IdempotencyKey',
    });
    expect(
      refusal(() =>
        parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: 'k'.repeat(65) }, ['TaskSid'], true),
      ),
    ).toMatchObject({
      code: 'invalid_field',
      message: 'IdempotencyKey is too long (over 64 characters)',
    });
    expect(
      parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: 'k'.repeat(64) }, ['TaskSid'], true)
        .idempotencyKey,
    ).toHaveLength(64);
    expect(
      refusal(() => parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: '' }, ['TaskSid'], true)),
    ).toMatchObject({
      code: 'missing_field',
    });
  });

  it.each<[string, unknown, { status: number; code: string }]>([
    ['missing', undefined, { status: 401, code: 'unauthorized' }],
    ['null', null, { status: 401, code: 'unauthorized' }],
    ['empty', '', { status: 401, code: 'unauthorized' }],
    ['a number', 7, { status: 400, code: 'invalid_field' }],
    ['8193 characters', 'x'.repeat(8193), { status: 400, code: 'invalid_field' }],
    ['not a JWT’s characters', 'a b', { status: 400, code: 'invalid_field' }],
    ['a JWT with a trailing newline', `${TOKEN}\n`, { status: 400, code: 'invalid_field' }],
  ])('Token %s: refused', (_what, token, expected) => {
    expect(refusal(() => parseInput({ Token: token, TaskSid: TASK }, ['TaskSid']))).toMatchObject({
      ...expected,
      field: 'Token',
    });
  });

  it('each Token refusal says what to send', () => {
    const message = (token: unknown) =>
      refusal(() => parseInput({ Token: token, TaskSid: TASK }, ['TaskSid']))?.message;
    expect(message(undefined)).toBe('Token is required: sign in to Flex and send its token');
    expect(message(7)).toBe('Token must be a string: send the Flex token of the signed-in agent');
    expect(message('a b')).toBe('Token must be a Flex token: letters, digits, "-", "_" and "." only');
  });

  it('each IdempotencyKey refusal says what to send', () => {
    const message = (key: unknown) =>
      refusal(() => parseInput({ Token: TOKEN, TaskSid: TASK, IdempotencyKey: key }, ['TaskSid'], true))
        ?.message;
    expect(message(null)).toBe('IdempotencyKey is required: send a key unique to this user action (a UUID)');
    expect(message(7)).toBe(
      'IdempotencyKey must be a string: send a key unique to this user action (a UUID)',
    );
    expect(message('short')).toBe('IdempotencyKey must be 8 to 64 letters, digits or "-" (a UUID)');
  });

  it('a Token of 8192 JWT characters is taken', () => {
    expect(parseInput({ Token: 'x'.repeat(8192), TaskSid: TASK }, ['TaskSid']).token).toHaveLength(8192);
  });

  it.each<[string, unknown, string, string]>([
    ['missing', undefined, 'missing_field', 'TaskSid is required: send a TaskRouter task SID (WT…)'],
    ['null', null, 'missing_field', 'TaskSid is required: send a TaskRouter task SID (WT…)'],
    ['a number', 5, 'invalid_field', 'TaskSid must be a string: send a TaskRouter task SID (WT…)'],
    ['35 characters', TASK + '1', 'invalid_field', 'TaskSid is too long (over 34 characters)'],
    [
      'another kind of SID',
      'WK' + '1'.repeat(32),
      'invalid_field',
      'TaskSid must be a TaskRouter task SID (WT…): WT followed by 32 hex digits',
    ],
    [
      'not hex',
      'WT' + 'z'.repeat(32),
      'invalid_field',
      'TaskSid must be a TaskRouter task SID (WT…): WT followed by 32 hex digits',
    ],
    [
      'short',
      'WT' + '1'.repeat(31),
      'invalid_field',
      'TaskSid must be a TaskRouter task SID (WT…): WT followed by 32 hex digits',
    ],
  ])('TaskSid %s: 400 %s', (_what, sid, code, message) => {
    expect(refusal(() => parseInput({ Token: TOKEN, TaskSid: sid }, ['TaskSid']))).toEqual({
      status: 400,
      code,
      field: 'TaskSid',
      message,
    });
  });

  it('each SID has its own prefix', () => {
    const sids = {
      TaskSid: 'WT' + 'a'.repeat(32),
      WorkerSid: 'WK' + 'a'.repeat(32),
      ConversationSid: 'CH' + 'a'.repeat(32),
      InteractionSid: 'KD' + 'a'.repeat(32),
      ChannelSid: 'UO' + 'A'.repeat(32),
    };
    const fields = Object.keys(sids) as (keyof typeof sids)[];
    expect(parseInput({ Token: TOKEN, ...sids }, fields)).toEqual({ token: TOKEN, ...sids });
    for (const field of fields) {
      expect(
        refusal(() => parseInput({ Token: TOKEN, ...sids, [field]: 'XX' + 'a'.repeat(32) }, fields)),
      ).toMatchObject({
        field,
        message: expect.stringContaining(`${sids[field].slice(0, 2)} followed by 32 hex digits`),
      });
    }
  });
});
