import {
  accountFrom,
  envString,
  functionNameOf,
  isRunningLocally,
  liveKeyFrom,
  readEnvironment,
  syncServiceSidFrom,
  twilioBaseUrlFrom,
} from '../src/lib/environment';
import { ActionError } from '../src/lib/errors';
import type { FunctionContext } from '../src/lib/runtime';
import { DEFAULT_RETRY_POLICY } from '../src/lib/twilio-client';

/**
 * lib/environment.ts on its own (issue 20, mutation survivors): what the Functions make of the runtime's
 * `context` — the one typed environment each request is handed, and the 500 "misconfigured" (naming the
 * variable, never its value) for a setting that is missing or may not be used here.
 */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const SYNC = 'IS' + 'b'.repeat(32);
const API_KEY = 'SK' + 'c'.repeat(32);
const LOCAL = { DOMAIN_NAME: 'localhost:3000' };
const DEPLOYED = { DOMAIN_NAME: 'leave-pause-1234-dev.twil.io', SERVICE_SID: 'ZS' + 'd'.repeat(32) };

/** The refusal `run` throws: its status, code and words. */
function refusalOf(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    const { status, code, message } = error as ActionError;
    return { status, code, message };
  }
  throw new Error('expected a refusal, got none');
}

const misconfigured = (message: string) => ({
  status: 500,
  code: 'misconfigured',
  message: `Functions environment: ${message}`,
});

describe('envString', () => {
  it('a set value is read trimmed; a blank, missing or non-string one is absent', () => {
    const context: FunctionContext = { A: '  value \n', B: '', C: '   ', D: 42, E: { x: 1 } };
    expect(envString(context, 'A')).toBe('value');
    for (const name of ['B', 'C', 'D', 'E', 'F']) expect(envString(context, name)).toBeUndefined();
  });
});

describe('readEnvironment', () => {
  it('a deployed Function: the account, the Sync service, its https base and the live key; the default retry policy', () => {
    const environment = readEnvironment({
      ...DEPLOYED,
      ACCOUNT_SID: ` ${ACCOUNT} `,
      AUTH_TOKEN: ' token ',
      SYNC_SERVICE_SID: SYNC,
      TWILIO_API_KEY: API_KEY,
      TWILIO_API_SECRET: 'shh',
    });
    expect(environment).toEqual({
      twilio: { accountSid: ACCOUNT, authToken: 'token', retryPolicy: DEFAULT_RETRY_POLICY },
      syncServiceSid: SYNC,
      functionsBaseUrl: 'https://leave-pause-1234-dev.twil.io',
      liveKey: { sid: API_KEY, secret: 'shh' },
    });
  });

  it('a local run: the emulator base (its trailing slash dropped), an http base on 127.0.0.1, the retry overrides', () => {
    const environment = readEnvironment({
      ...LOCAL,
      ACCOUNT_SID: ACCOUNT,
      AUTH_TOKEN: 'token',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/',
      TWILIO_REQUEST_TIMEOUT_MS: '900',
      TWILIO_RETRY_BASE_DELAY_MS: 5,
      TWILIO_RETRY_MAX_ATTEMPTS: '2',
    });
    expect(environment).toEqual({
      twilio: {
        accountSid: ACCOUNT,
        authToken: 'token',
        apiBaseUrl: 'http://127.0.0.1:4010',
        retryPolicy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50, requestTimeoutMs: 900 },
      },
      functionsBaseUrl: 'http://127.0.0.1:3000',
    });
  });

  it('nothing but the account: no Sync service, no base, no live key — the keys are absent, not undefined', () => {
    const environment = readEnvironment({ ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 'token', SYNC_SERVICE_SID: ' ' });
    expect(Object.keys(environment)).toEqual(['twilio']);
    expect(Object.keys(environment.twilio)).toEqual(['accountSid', 'authToken', 'retryPolicy']);
  });

  it.each([
    ['localhost', 'http://127.0.0.1'],
    ['localhost:3000', 'http://127.0.0.1:3000'],
    ['127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['[::1]:3000', 'http://[::1]:3000'],
  ])('locally, DOMAIN_NAME %s → functionsBaseUrl %s', (domain, base) => {
    expect(readEnvironment({ ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 'token', DOMAIN_NAME: domain })).toMatchObject(
      {
        functionsBaseUrl: base,
      },
    );
  });

  it('a deployed host that merely starts with "localhost" keeps its name (https, nothing rewritten)', () => {
    expect(
      readEnvironment({ ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 'token', DOMAIN_NAME: 'localhostfoo.twil.io' }),
    ).toMatchObject({ functionsBaseUrl: 'https://localhostfoo.twil.io' });
  });
});

describe('liveKeyFrom', () => {
  it('neither half set (or both blank): no live key, no refusal', () => {
    expect(liveKeyFrom({})).toBeUndefined();
    expect(liveKeyFrom({ TWILIO_API_KEY: ' ', TWILIO_API_SECRET: '' })).toBeUndefined();
  });

  it('both halves set: the key, trimmed', () => {
    expect(liveKeyFrom({ TWILIO_API_KEY: ` ${API_KEY} `, TWILIO_API_SECRET: ' s ' })).toEqual({
      sid: API_KEY,
      secret: 's',
    });
  });

  it.each([
    ['the secret without the key', { TWILIO_API_SECRET: 's' }],
    ['a key that is no API key SID', { TWILIO_API_KEY: 'SKnope', TWILIO_API_SECRET: 's' }],
    ['a key with text before its SID', { TWILIO_API_KEY: `x${API_KEY}`, TWILIO_API_SECRET: 's' }],
    ['a key with text after its SID', { TWILIO_API_KEY: `${API_KEY}x`, TWILIO_API_SECRET: 's' }],
  ])('%s → 500 naming TWILIO_API_KEY', (_, context) => {
    expect(refusalOf(() => liveKeyFrom(context))).toEqual(
      misconfigured('TWILIO_API_KEY must be set to an API key SID (SK…) when TWILIO_API_SECRET is set'),
    );
  });

  it('the key without its secret → 500 naming TWILIO_API_SECRET', () => {
    expect(refusalOf(() => liveKeyFrom({ TWILIO_API_KEY: API_KEY }))).toEqual(
      misconfigured('TWILIO_API_SECRET must be set to the secret of TWILIO_API_KEY'),
    );
  });
});

describe('functionNameOf', () => {
  it.each([
    ['/pause', 'pause'],
    ['/functions/leave.js', 'leave'],
    ['/resume.ts', 'resume'],
    ['/paused.jsx', 'paused.jsx'],
    ['/team.js.map', 'team.js.map'],
    ['/', 'function'],
    ['', 'function'],
  ])('PATH %j → %j', (path, name) => {
    expect(functionNameOf({ PATH: path })).toBe(name);
  });

  it('no PATH, or one that is not a string → "function"', () => {
    expect(functionNameOf({})).toBe('function');
    expect(functionNameOf({ PATH: ['/pause'] as unknown as string })).toBe('function');
  });
});

describe('accountFrom', () => {
  it.each([undefined, '', 'ACnope', `x${ACCOUNT}`, `${ACCOUNT}0`])(
    'ACCOUNT_SID %j → 500 naming it',
    (accountSid) => {
      expect(refusalOf(() => accountFrom({ ACCOUNT_SID: accountSid, AUTH_TOKEN: 'token' }))).toEqual(
        misconfigured('ACCOUNT_SID must be set to the account SID (AC…)'),
      );
    },
  );

  it('no AUTH_TOKEN → 500 naming it', () => {
    expect(refusalOf(() => accountFrom({ ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: ' ' }))).toEqual(
      misconfigured("AUTH_TOKEN must be set to the account's auth token"),
    );
  });

  it('a deployed account: no base key at all', () => {
    expect(accountFrom({ ...DEPLOYED, ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 'token' })).toEqual({
      accountSid: ACCOUNT,
      authToken: 'token',
    });
  });
});

describe('twilioBaseUrlFrom', () => {
  it('locally, a loopback base is used without its trailing slash; unset, none', () => {
    expect(twilioBaseUrlFrom({ ...LOCAL, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/' })).toBe(
      'http://127.0.0.1:4010',
    );
    expect(twilioBaseUrlFrom({ ...LOCAL, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/v1/' })).toBe(
      'http://127.0.0.1:4010/v1',
    );
    expect(twilioBaseUrlFrom({ ...LOCAL, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' })).toBe(
      'http://127.0.0.1:4010',
    );
    expect(twilioBaseUrlFrom(LOCAL)).toBeUndefined();
    expect(twilioBaseUrlFrom(DEPLOYED)).toBeUndefined();
  });

  it('a base that is no loopback URL → 500 saying it is for the local emulator only', () => {
    expect(
      refusalOf(() => twilioBaseUrlFrom({ ...LOCAL, TWILIO_API_BASE_URL: 'https://api.example.com' })),
    ).toEqual(
      misconfigured(
        'TWILIO_API_BASE_URL must be a loopback URL (http://127.0.0.1:<port>): it is for the local emulator only',
      ),
    );
  });

  it('a loopback base on a deployed Function → 500 saying to remove it', () => {
    expect(
      refusalOf(() => twilioBaseUrlFrom({ ...DEPLOYED, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' })),
    ).toEqual(
      misconfigured(
        'TWILIO_API_BASE_URL is set but these Functions are deployed: remove it, it is for local runs only',
      ),
    );
  });
});

describe('isRunningLocally', () => {
  afterEach(() => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    delete process.env.LAMBDA_TASK_ROOT;
  });

  it('a loopback DOMAIN_NAME with its port, an empty SERVICE_SID: local', () => {
    expect(isRunningLocally({ DOMAIN_NAME: '127.0.0.1:3000', SERVICE_SID: '' })).toBe(true);
    expect(isRunningLocally({ DOMAIN_NAME: 'localhost' })).toBe(true);
  });

  it('a service SID set (a deployed Function always has one): deployed, even on a loopback DOMAIN_NAME', () => {
    expect(isRunningLocally({ ...LOCAL, SERVICE_SID: DEPLOYED.SERVICE_SID })).toBe(false);
  });

  it('a DOMAIN_NAME that is not a string, or a port that is no number, is no local run', () => {
    expect(isRunningLocally({ DOMAIN_NAME: ['localhost'] as unknown as string })).toBe(false);
    expect(isRunningLocally({ DOMAIN_NAME: 'localhost:abc' })).toBe(false);
    expect(isRunningLocally({ DOMAIN_NAME: 'localhost:3000x' })).toBe(false);
  });

  it.each(['AWS_LAMBDA_FUNCTION_NAME', 'LAMBDA_TASK_ROOT'])(
    'either Lambda marker (%s) alone means deployed',
    (name) => {
      process.env[name] = 'x';
      expect(isRunningLocally(LOCAL)).toBe(false);
    },
  );
});

describe('syncServiceSidFrom', () => {
  it('an IS… SID is the service', () => {
    expect(syncServiceSidFrom({ syncServiceSid: SYNC })).toBe(SYNC);
  });

  it.each([undefined, '', 'ISnope', `x${SYNC}`, `${SYNC}0`])('%j → 500 naming SYNC_SERVICE_SID', (sid) => {
    expect(refusalOf(() => syncServiceSidFrom({ syncServiceSid: sid }))).toEqual(
      misconfigured(
        'SYNC_SERVICE_SID must be set to the Sync service SID (IS…) that `npm run provision` printed',
      ),
    );
  });
});
