import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTwilioClient,
  DEFAULT_RETRY_POLICY,
  formatFailure,
  isCreate,
  lastFailureWithStatus,
  retryPolicyFrom,
  rewriteToBase,
  RetryingRequestClient,
  twilioAccessFrom,
  TwilioRequestError,
  withFailureJournal,
  type RetryPolicy,
} from '../src/lib/twilio-client';
import { ActionError } from '../src/lib/errors';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio';

/**
 * The Twilio transport on its own (issue 20: bugs the mutation run planted here survived the handler-level
 * tests): how many times each kind of answer is tried, what a create may repeat, how long it waits, and what a
 * failure keeps. A bare HTTP server on 127.0.0.1 (fake-twilio.ts) plays Twilio, answering each request from a script.
 */

let fake: FakeTwilio;

beforeEach(async () => {
  fake = await startFakeTwilio();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await fake.close();
});

/** Three attempts, a 1 ms backoff (so at most 10 ms), a request cut off after 5 s (a loaded machine is slow). */
const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10, requestTimeoutMs: 5000 };

function transport(policy: RetryPolicy = FAST) {
  return new RetryingRequestClient(fake.base, policy);
}

const FLEX_URI = 'https://flex-api.twilio.com/v1/Interactions/KD1/Channels/UO1';

describe('retries', () => {
  it.each([429, 500, 502, 503, 504])(
    'an answer %i is tried again, up to maxAttempts, and the last answer returned',
    async (status) => {
      fake.script = [{ status }];
      const response = await transport().request({ method: 'get', uri: FLEX_URI });
      expect(response.statusCode).toBe(status);
      expect(fake.seen).toHaveLength(FAST.maxAttempts);
    },
  );

  it('a 503 then a 200: two requests, the 200 is the answer', async () => {
    fake.script = [{ status: 503 }, { status: 200, body: { status: 'pause' } }];
    const response = await transport().request({ method: 'post', uri: FLEX_URI, data: { Status: 'pause' } });
    expect(response.statusCode).toBe(200);
    expect(fake.seen).toHaveLength(2);
  });

  it.each([400, 401, 404, 409, 501])('an answer %i is final: one request', async (status) => {
    fake.script = [{ status }];
    const response = await transport().request({ method: 'get', uri: FLEX_URI });
    expect(response.statusCode).toBe(status);
    expect(fake.seen).toHaveLength(1);
  });

  it('maxAttempts 1 sends once, whatever the answer', async () => {
    fake.script = [{ status: 503 }];
    await transport({ ...FAST, maxAttempts: 1 }).request({ method: 'get', uri: FLEX_URI });
    expect(fake.seen).toHaveLength(1);
  });

  it('a dropped connection is tried again: drop, drop, answer → the answer', async () => {
    fake.script = ['drop', 'drop', { status: 200 }];
    const response = await transport().request({ method: 'get', uri: FLEX_URI });
    expect(response.statusCode).toBe(200);
    expect(fake.seen).toHaveLength(3);
  });

  it('a connection dropped every time: maxAttempts tries, then a TwilioRequestError with the network code only', async () => {
    fake.script = ['drop'];
    const failure = await transport()
      .request({ method: 'get', uri: `${FLEX_URI}?Secret=x` })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(fake.seen).toHaveLength(FAST.maxAttempts);
    expect(failure).toBeInstanceOf(TwilioRequestError);
    const error = failure as TwilioRequestError;
    expect(error.failure).toEqual({
      method: 'GET',
      path: '/v1/Interactions/KD1/Channels/UO1',
      networkCode: 'ECONNRESET',
    });
    expect(error.code).toBe('ECONNRESET');
    expect(error.status).toBeUndefined();
    expect(error.name).toBe('TwilioRequestError');
    expect(error.message).toBe('GET /v1/Interactions/KD1/Channels/UO1: ECONNRESET');
  });

  it('Retry-After is followed but never past maxDelayMs: three answers asking for 30 s take well under a second', async () => {
    fake.script = [{ status: 503, headers: { 'Retry-After': '30' } }];
    const started = Date.now();
    await transport().request({ method: 'get', uri: FLEX_URI });
    expect(fake.seen).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('the backoff grows from baseDelayMs: two retries of a 100 ms base wait at least 50 + 100 ms', async () => {
    fake.script = [{ status: 503 }];
    const started = Date.now();
    await transport({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, requestTimeoutMs: 1000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    // Jitter keeps between half and all of each delay: 100·2⁰ and 100·2¹ → at least 50 + 100.
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('the backoff is capped at maxDelayMs: four retries of a 400 ms base capped at 20 ms take well under the uncapped 3 s or more', async () => {
    fake.script = [{ status: 503 }];
    const started = Date.now();
    await transport({ maxAttempts: 5, baseDelayMs: 400, maxDelayMs: 20, requestTimeoutMs: 1000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    expect(fake.seen).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('time', () => {
  it('a request with no answer is cut off at requestTimeoutMs (the transport’s own, not the library’s 30 s)', async () => {
    // A server that takes the request and never answers.
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const error = await new RetryingRequestClient(`http://127.0.0.1:${port}`, {
      ...FAST,
      maxAttempts: 1,
      requestTimeoutMs: 300,
    })
      .request({ method: 'get', uri: FLEX_URI })
      .catch((caught: unknown) => caught);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(error).toBeInstanceOf(TwilioRequestError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('Retry-After is in seconds: one retry after "1" waits about a second, not the backoff', async () => {
    fake.script = [{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }];
    const started = Date.now();
    await transport({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5000, requestTimeoutMs: 3000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.seen).toHaveLength(2);
  });

  it('Retry-After "0" retries at once, whatever the backoff would be', async () => {
    fake.script = [{ status: 503, headers: { 'Retry-After': '0' } }];
    const started = Date.now();
    await transport({ maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 5000, requestTimeoutMs: 5000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    expect(fake.seen).toHaveLength(3);
    // The backoff would wait at least 500 + 1000 ms.
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('the jitter keeps between half and all of the delay (Math.random() = 0: half of a 400 ms base)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    fake.script = [{ status: 503 }, { status: 200 }];
    const started = Date.now();
    await transport({ maxAttempts: 2, baseDelayMs: 400, maxDelayMs: 1000, requestTimeoutMs: 5000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(195);
    // Dividing by the jitter would wait 800 ms.
    expect(elapsed).toBeLessThan(700);
  });

  it('the jitter keeps between half and all of the delay (Math.random() = 1: all of a 400 ms base)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    fake.script = [{ status: 503 }, { status: 200 }];
    const started = Date.now();
    await transport({ maxAttempts: 2, baseDelayMs: 400, maxDelayMs: 1000, requestTimeoutMs: 5000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(395);
  });

  it('the jitter is linear between half and all (Math.random() = 0.5: three quarters of an 800 ms base)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    fake.script = [{ status: 503 }, { status: 200 }];
    const started = Date.now();
    await transport({ maxAttempts: 2, baseDelayMs: 800, maxDelayMs: 2000, requestTimeoutMs: 5000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(595);
    // Doubling the random part instead would wait 1.5 times the base, 1200 ms.
    expect(elapsed).toBeLessThan(1100);
  });

  it('the backoff doubles from the base, no faster: two retries of 100 ms wait at most 100 + 200 ms', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    fake.script = [{ status: 503 }];
    const started = Date.now();
    await transport({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5000, requestTimeoutMs: 1000 }).request({
      method: 'get',
      uri: FLEX_URI,
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(295);
    // attempt + 1 would wait 400 + 800 ms.
    expect(elapsed).toBeLessThan(900);
  });
});

describe('a failure the library raises without a network code', () => {
  it('is a TwilioRequestError saying "network error", never the library’s own error', async () => {
    const error = await transport()
      .request({ uri: FLEX_URI } as unknown as Parameters<RetryingRequestClient['request']>[0])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwilioRequestError);
    expect((error as TwilioRequestError).failure).toEqual({
      method: 'GET',
      path: '/v1/Interactions/KD1/Channels/UO1',
      networkCode: 'network error',
    });
    expect(fake.seen).toHaveLength(0);
  });
});

describe('creates (a task, an invite, a webhook) are not repeated once Twilio may have made them', () => {
  it.each([
    '/v1/Workspaces/WS1/Tasks',
    '/v1/Interactions/KD1/Channels/UO1/Invites',
    '/v1/Services/IS1/Webhooks',
  ])('POST %s answered 500: sent once', async (path) => {
    fake.script = [{ status: 500 }];
    const response = await transport().request({
      method: 'post',
      uri: `https://taskrouter.twilio.com${path}`,
    });
    expect(response.statusCode).toBe(500);
    expect(fake.seen).toHaveLength(1);
  });

  it('a create whose connection drops is sent once and fails with the network code', async () => {
    fake.script = ['drop'];
    const error = await transport()
      .request({ method: 'post', uri: 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks' })
      .catch((caught: unknown) => caught);
    expect(fake.seen).toHaveLength(1);
    expect((error as TwilioRequestError).failure.networkCode).toBe('ECONNRESET');
  });

  it('a create refused at connect (ECONNREFUSED: surely not made) is tried again, maxAttempts times', async () => {
    const closed = fake.base;
    await fake.close();
    const started = Date.now();
    const error = await new RetryingRequestClient(closed, { ...FAST, baseDelayMs: 40, maxDelayMs: 400 })
      .request({ method: 'post', uri: 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks' })
      .catch((caught: unknown) => caught);
    expect((error as TwilioRequestError).failure).toEqual({
      method: 'POST',
      path: '/v1/Workspaces/WS1/Tasks',
      networkCode: 'ECONNREFUSED',
    });
    // Two backoffs (at least 20 + 40 ms) show the two retries; a single attempt fails at once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    fake = await startFakeTwilio();
  });

  it('a POST that updates (not a create) is retried on 500', async () => {
    fake.script = [{ status: 500 }, { status: 200 }];
    const response = await transport().request({ method: 'post', uri: FLEX_URI });
    expect(response.statusCode).toBe(200);
    expect(fake.seen).toHaveLength(2);
  });
});

describe('isCreate', () => {
  it.each<[string | undefined, string, boolean]>([
    ['post', 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks', true],
    ['POST', 'https://flex-api.twilio.com/v1/Interactions/KD1/Channels/UO1/Invites', true],
    ['Post', 'https://conversations.twilio.com/v1/Conversations/CH1/Webhooks?x=1', true],
    ['get', 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks', false],
    [undefined, 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks', false],
    ['post', 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks/WT1', false],
    ['post', 'https://taskrouter.twilio.com/v1/Workspaces/WS1/MyTasks', false],
    ['post', 'https://flex-api.twilio.com/v1/Interactions/KD1/Channels/UO1', false],
  ])('%s %s → %s', (method, uri, expected) => {
    expect(isCreate(method, uri)).toBe(expected);
  });
});

describe('the emulator base', () => {
  it('each Twilio host is served under its own prefix, path and query kept', async () => {
    fake.script = [{ status: 200 }];
    await transport().request({ method: 'get', uri: `${FLEX_URI}?PageSize=50` });
    expect(fake.seen[0]).toEqual({
      method: 'GET',
      path: '/flex-api/v1/Interactions/KD1/Channels/UO1?PageSize=50',
    });
  });

  it.each([
    ['https://flex-api.twilio.com/v1/X?y=1', 'http://127.0.0.1:9', 'http://127.0.0.1:9/flex-api/v1/X?y=1'],
    ['https://sync.twilio.com/v1/Services', 'http://127.0.0.1:9/', 'http://127.0.0.1:9/sync/v1/Services'],
    ['https://iam.us1.twilio.com/v1/T', 'http://127.0.0.1:9/base', 'http://127.0.0.1:9/base/iam/v1/T'],
    ['https://example.com/v1/T', 'http://127.0.0.1:9', 'http://127.0.0.1:9/example/v1/T'],
  ])('%s under %s → %s', (uri, base, expected) => {
    expect(rewriteToBase(uri, base)).toBe(expected);
  });
});

describe('retryPolicyFrom', () => {
  it('nothing set: the defaults (4 attempts, 150 ms base, 1.5 s cap, 2.5 s per request)', () => {
    expect(retryPolicyFrom({})).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 4,
      baseDelayMs: 150,
      maxDelayMs: 1500,
      requestTimeoutMs: 2500,
    });
  });

  it('strings and numbers override; the cap is ten bases, at most the default cap, never below the base', () => {
    expect(
      retryPolicyFrom({
        TWILIO_RETRY_MAX_ATTEMPTS: '2',
        TWILIO_RETRY_BASE_DELAY_MS: 10,
        TWILIO_REQUEST_TIMEOUT_MS: '50',
      }),
    ).toEqual({ maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100, requestTimeoutMs: 50 });
    expect(retryPolicyFrom({ TWILIO_RETRY_BASE_DELAY_MS: '1000' }).maxDelayMs).toBe(1500);
    expect(retryPolicyFrom({ TWILIO_RETRY_BASE_DELAY_MS: '2000' }).maxDelayMs).toBe(2000);
  });

  it('attempts are a whole number', () => {
    expect(retryPolicyFrom({ TWILIO_RETRY_MAX_ATTEMPTS: '2.6' }).maxAttempts).toBe(3);
    expect(retryPolicyFrom({ TWILIO_RETRY_MAX_ATTEMPTS: 2.4 }).maxAttempts).toBe(2);
  });

  it.each<unknown>(['0', 0, '-5', -1, 'abc', '', {}, true, null, 'Infinity', Infinity])(
    'a value %p is not a positive number: ignored',
    (value) => {
      expect(
        retryPolicyFrom({
          TWILIO_RETRY_MAX_ATTEMPTS: value,
          TWILIO_RETRY_BASE_DELAY_MS: value,
          TWILIO_REQUEST_TIMEOUT_MS: value,
        }),
      ).toEqual(DEFAULT_RETRY_POLICY);
    },
  );
});

describe('failures', () => {
  it.each([
    [{ method: 'POST', path: '/v1/X', networkCode: 'ECONNRESET' }, 'POST /v1/X: ECONNRESET'],
    [
      { method: 'GET', path: '/v1/X', status: 404, twilioCode: 20404 },
      'GET /v1/X: HTTP 404 (Twilio error 20404)',
    ],
    [{ method: 'GET', path: '/v1/X', status: 503 }, 'GET /v1/X: HTTP 503'],
    [{ method: 'GET', path: '/v1/X' }, 'GET /v1/X: HTTP ?'],
  ])('%p reads %p', (failure, text) => {
    expect(formatFailure(failure)).toBe(text);
  });

  it("an error answer is noted for the invocation: method, the Twilio path and Twilio's code, nothing else", async () => {
    fake.script = [{ status: 404, body: { code: 20404, message: 'not found', more_info: 'x' } }];
    const noted = await withFailureJournal(async () => {
      await transport().request({ method: 'get', uri: FLEX_URI });
      return { asked404: lastFailureWithStatus(404), asked500: lastFailureWithStatus(500) };
    });
    expect(noted.asked404).toEqual({
      method: 'GET',
      path: '/v1/Interactions/KD1/Channels/UO1',
      status: 404,
      twilioCode: 20404,
    });
    expect(noted.asked500).toBeUndefined();
  });

  it('a 400, the first error status, is noted too', async () => {
    fake.script = [{ status: 400, body: { code: 20001 } }];
    const noted = await withFailureJournal(async () => {
      await transport().request({ method: 'get', uri: FLEX_URI });
      return lastFailureWithStatus(400);
    });
    expect(noted).toEqual({
      method: 'GET',
      path: '/v1/Interactions/KD1/Channels/UO1',
      status: 400,
      twilioCode: 20001,
    });
  });

  it('an answer without a numeric code is noted without one; a success is not noted', async () => {
    fake.script = [{ status: 409, body: { code: 'x' } }];
    const noted = await withFailureJournal(async () => {
      await transport().request({ method: 'delete', uri: FLEX_URI });
      return lastFailureWithStatus(409);
    });
    expect(noted).toEqual({ method: 'DELETE', path: '/v1/Interactions/KD1/Channels/UO1', status: 409 });
    fake.script = [{ status: 200 }];
    const afterSuccess = await withFailureJournal(async () => {
      await transport().request({ method: 'get', uri: FLEX_URI });
      return lastFailureWithStatus(200);
    });
    expect(afterSuccess).toBeUndefined();
  });

  it('outside an invocation nothing is noted', async () => {
    fake.script = [{ status: 404 }];
    await transport().request({ method: 'get', uri: FLEX_URI });
    expect(lastFailureWithStatus(404)).toBeUndefined();
  });
});

describe('access and client', () => {
  it('the access a raw environment describes; the emulator base only when set', () => {
    expect(twilioAccessFrom({})).toEqual({
      accountSid: '',
      authToken: '',
      retryPolicy: DEFAULT_RETRY_POLICY,
    });
    expect('apiBaseUrl' in twilioAccessFrom({ TWILIO_API_BASE_URL: '' })).toBe(false);
    expect(
      twilioAccessFrom({ ACCOUNT_SID: 'AC1', AUTH_TOKEN: 't', TWILIO_API_BASE_URL: fake.base }, FAST),
    ).toEqual({ accountSid: 'AC1', authToken: 't', apiBaseUrl: fake.base, retryPolicy: FAST });
  });

  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof ActionError
        ? { status: error.status, code: error.code, message: error.message }
        : error;
    }
    return undefined;
  };

  it.each([
    [{ AUTH_TOKEN: 't' }, /ACCOUNT_SID and AUTH_TOKEN must be set/],
    [{ ACCOUNT_SID: 'AC1' }, /ACCOUNT_SID and AUTH_TOKEN must be set/],
    [{ ACCOUNT_SID: 'AC1', AUTH_TOKEN: 't', TWILIO_API_BASE_URL: 'http://10.0.0.1:3000' }, /loopback/],
  ])('%p: 500 misconfigured', (env, message) => {
    expect(refusal(() => createTwilioClient(env))).toEqual({
      status: 500,
      code: 'misconfigured',
      message: expect.stringMatching(message),
    });
  });

  it('a client with a loopback base sends every request there, under the host’s prefix', async () => {
    fake.script = [{ status: 200, body: { sid: 'WS1' } }];
    const client = createTwilioClient({
      ACCOUNT_SID: 'AC' + 'a'.repeat(32),
      AUTH_TOKEN: 't',
      TWILIO_API_BASE_URL: fake.base,
    });
    await client.request({ method: 'get', uri: 'https://taskrouter.twilio.com/v1/Workspaces/WS1' });
    expect(fake.seen).toEqual([{ method: 'GET', path: '/taskrouter/v1/Workspaces/WS1' }]);
  });
});

describe('what a failure keeps of an answer that came as text, or of a URL that is no URL', () => {
  // The transport hands JSON over parsed; a JSON string stays text, as a body the library could not parse would.
  it("an error answer whose body is text: Twilio's code read from it when it is JSON, else none", async () => {
    const notedFor = async (body: string) => {
      fake.script = [{ status: 404, body }];
      return withFailureJournal(async () => {
        await transport().request({ method: 'get', uri: FLEX_URI });
        return lastFailureWithStatus(404);
      });
    };
    const path = '/v1/Interactions/KD1/Channels/UO1';
    expect(await notedFor(JSON.stringify({ code: 20404 }))).toEqual({
      method: 'GET',
      path,
      status: 404,
      twilioCode: 20404,
    });
    for (const text of ['not found', 'null', '', '"text"']) {
      expect(await notedFor(text)).toEqual({ method: 'GET', path, status: 404 });
    }
  });

  it('a URL nothing can parse (no emulator base to rewrite it): the failure names no path, "?"', async () => {
    const error = await new RetryingRequestClient(undefined, FAST)
      .request({ method: 'get', uri: 'http://[' })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(TwilioRequestError);
    expect((error as TwilioRequestError).failure).toEqual({
      method: 'GET',
      path: '?',
      networkCode: 'ERR_INVALID_URL',
    });
  });
});
