import { ActionError } from '../src/lib/errors';
import { describeFailure, logFailure } from '../src/lib/log';
import {
  fetchFlexConfiguration,
  forgetCachedSettings,
  leavePauseOf,
  parseLeavePause,
  SETTINGS_CACHE_MS,
  settingsFor,
  workspaceSidFor,
} from '../src/lib/settings';
import {
  createTwilioClient,
  TwilioRequestError,
  withFailureJournal,
  type TwilioClient,
} from '../src/lib/twilio-client';
import { allowConsole, expectConsole } from '../../tests/console-guard';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio';

/**
 * lib/settings.ts and lib/log.ts on their own (issue 20, mutation survivors): how the admin's settings and the
 * workspace are read from the Flex configuration, how long a warm instance trusts them, and what a log line
 * may say. A scripted Twilio (fake-twilio.ts) answers GET /v1/Configuration.
 */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WS = 'WS' + '0'.repeat(32);
const ON = { leave: { enabled: true }, pause: { enabled: true }, routingStatus: 'closed' };

let fake: FakeTwilio;
let client: TwilioClient;
let account: { accountSid: string; apiBaseUrl?: string };

beforeEach(async () => {
  forgetCachedSettings();
  fake = await startFakeTwilio();
  client = createTwilioClient(
    { ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 'secret', TWILIO_API_BASE_URL: fake.base },
    { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, requestTimeoutMs: 10_000 },
  );
  account = { accountSid: ACCOUNT, apiBaseUrl: fake.base };
});

afterEach(async () => {
  jest.restoreAllMocks();
  await fake.close();
});

const configuration = (leavePause: unknown, extra: Record<string, unknown> = {}) => ({
  status: 200,
  body: { taskrouter_workspace_sid: WS, ui_attributes: { custom_data: { leavePause } }, ...extra },
});
const caught = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (error: unknown) => error,
  );
const reads = () => fake.seen.filter((r) => r.path === '/flex-api/v1/Configuration').length;

describe('fetchFlexConfiguration', () => {
  it('answers the configuration object; anything else is an empty one', async () => {
    fake.script = [configuration(ON)];
    expect(await fetchFlexConfiguration(client)).toMatchObject({ taskrouter_workspace_sid: WS });
    expect(fake.seen).toEqual([{ method: 'GET', path: '/flex-api/v1/Configuration' }]);
    fake.script = [{ status: 200, body: [1, 2] }];
    expect(await fetchFlexConfiguration(client)).toEqual({});
    fake.script = [{ status: 200, body: null }];
    expect(await fetchFlexConfiguration(client)).toEqual({});
  });

  it.each([401, 403])(
    '%i: the account’s credentials refused → 500 misconfigured naming them',
    async (status) => {
      fake.script = [{ status }];
      const error = await caught(fetchFlexConfiguration(client));
      expect(error).toBeInstanceOf(ActionError);
      expect(error).toMatchObject({ status: 500, code: 'misconfigured' });
      expect((error as ActionError).message).toContain(`GET /v1/Configuration: HTTP ${status}`);
    },
  );

  it.each([400, 404, 500])('%i: a Twilio failure naming the request', async (status) => {
    fake.script = [{ status }];
    const error = await caught(fetchFlexConfiguration(client));
    expect(error).toBeInstanceOf(TwilioRequestError);
    expect((error as TwilioRequestError).failure).toEqual({
      method: 'GET',
      path: '/v1/Configuration',
      status,
    });
  });
});

describe('leavePauseOf and parseLeavePause', () => {
  it('the settings sit at ui_attributes.custom_data.leavePause, objects or JSON text', () => {
    expect(leavePauseOf({ ui_attributes: { custom_data: { leavePause: ON } } })).toEqual(ON);
    expect(leavePauseOf({ ui_attributes: JSON.stringify({ custom_data: { leavePause: ON } }) })).toEqual(ON);
    expect(leavePauseOf({ ui_attributes: { custom_data: JSON.stringify({ leavePause: ON }) } })).toEqual(ON);
    expect(leavePauseOf({ ui_attributes: '{not json' })).toBeUndefined();
    expect(leavePauseOf({ ui_attributes: [{ custom_data: { leavePause: ON } }] })).toBeUndefined();
    expect(leavePauseOf({})).toBeUndefined();
  });

  it('the Functions are the backend: no backendUrl does not switch the features off, nor count as a problem', () => {
    const { config, problems } = parseLeavePause(ON);
    expect(config.leave.enabled).toBe(true);
    expect(config.pause.enabled).toBe(true);
    expect(problems).toEqual([]);
  });

  it('a backendUrl that is set is judged as the plugin judges it', () => {
    const { config, problems } = parseLeavePause({ ...ON, backendUrl: 'ftp://example' });
    expect(config.pause.enabled).toBe(false);
    expect(problems.join(' ')).toMatch(/backendUrl/);
  });

  it('settings that are not an object are a problem, and leave both features off', () => {
    const { config, problems } = parseLeavePause(42);
    expect(config.leave.enabled).toBe(false);
    expect(problems.length).toBeGreaterThan(0);
  });
});

describe('settingsFor', () => {
  it('the settings the Functions use, nothing else', async () => {
    fake.script = [configuration({ ...ON, supervisorsMayAct: true, backendUrl: 'https://x.example' })];
    expect(await settingsFor(account, client)).toEqual({
      leave: expect.objectContaining({ enabled: true }),
      pause: expect.objectContaining({ enabled: true }),
      routingStatus: 'closed',
      supervisorsMayAct: true,
      // Team view: return to the queue is off until a live report that holds turns it on (npm run configure).
      returnToQueue: { enabled: false, evidence: null },
    });
  });

  it(`read once per ${SETTINGS_CACHE_MS / 1000} s per account; another account or emulator base reads its own`, async () => {
    fake.script = [configuration(ON)];
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    await settingsFor(account, client);
    clock.mockReturnValue(start + SETTINGS_CACHE_MS - 1);
    await settingsFor(account, client);
    expect(reads()).toBe(1);
    await settingsFor({ accountSid: 'AC' + 'b'.repeat(32), apiBaseUrl: fake.base }, client);
    expect(reads()).toBe(2);
    await settingsFor({ accountSid: 'AC' + 'b'.repeat(32) }, client);
    expect(reads()).toBe(3);
    clock.mockReturnValue(start + SETTINGS_CACHE_MS + 5);
    await settingsFor({ accountSid: 'AC' + 'b'.repeat(32) }, client);
    expect(reads()).toBe(3);
  });

  it(`what was read is trusted for less than ${SETTINGS_CACHE_MS / 1000} s: read again at the mark, and after`, async () => {
    fake.script = [configuration(ON)];
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    await settingsFor(account, client);
    clock.mockReturnValue(start + SETTINGS_CACHE_MS);
    await settingsFor(account, client);
    expect(reads()).toBe(2);
    clock.mockReturnValue(start + 3 * SETTINGS_CACHE_MS);
    await settingsFor(account, client);
    expect(reads()).toBe(3);
    expect(SETTINGS_CACHE_MS).toBe(30_000);
  });

  it('the same account on two emulators: each has its own settings', async () => {
    fake.script = [configuration(ON)];
    await settingsFor(account, client);
    // The client still reaches this fake: only the key that tells the two apart is under test.
    await settingsFor({ accountSid: ACCOUNT, apiBaseUrl: 'http://127.0.0.1:1' }, client);
    expect(reads()).toBe(2);
  });

  it('every problem is logged, in one line, with the parser’s own words', async () => {
    allowConsole('error', /./);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const raw = { ...ON, pause: { enabled: 'yes' }, routingStatus: 'later' };
    const { problems } = parseLeavePause(raw);
    expect(problems.length).toBeGreaterThan(1);
    fake.script = [configuration(raw)];
    await settingsFor(account, client);
    expect(error.mock.calls).toEqual([
      [
        'leave-pause: the Flex configuration has settings problems (an invalid value turns its feature off): ' +
          `misconfigured: ${problems.join(' ')}`,
      ],
    ]);
  });

  it('an invalid value turns its feature off, and the problem is logged for the admin', async () => {
    expectConsole('error', /^leave-pause: the Flex configuration has settings problems .*pause/);
    fake.script = [configuration({ ...ON, pause: { enabled: 'yes' } })];
    const settings = await settingsFor(account, client);
    expect(settings.pause.enabled).toBe(false);
    expect(settings.leave.enabled).toBe(true);
  });

  it('valid settings log nothing', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.script = [configuration(ON)];
    await settingsFor(account, client);
    expect(error).not.toHaveBeenCalled();
  });

  it('forgetCachedSettings drops what was read', async () => {
    fake.script = [configuration(ON)];
    await settingsFor(account, client);
    await workspaceSidFor(account, client);
    forgetCachedSettings();
    await settingsFor(account, client);
    await workspaceSidFor(account, client);
    expect(reads()).toBe(2);
  });
});

describe('workspaceSidFor', () => {
  it('the workspace from the configuration, read once for the instance’s life', async () => {
    fake.script = [configuration(ON)];
    expect(await workspaceSidFor(account, client)).toBe(WS);
    expect(await workspaceSidFor(account, client)).toBe(WS);
    expect(reads()).toBe(1);
  });

  it('settings and workspace needed in the same request share one configuration read', async () => {
    fake.script = [configuration(ON)];
    const [settings, workspace] = await Promise.all([
      settingsFor(account, client),
      workspaceSidFor(account, client),
    ]);
    expect(settings.pause.enabled).toBe(true);
    expect(workspace).toBe(WS);
    expect(reads()).toBe(1);
    // Once that read is over, a new one can start (the workspace is still remembered).
    forgetCachedSettings();
    await settingsFor(account, client);
    expect(reads()).toBe(2);
  });

  it.each([
    undefined,
    'WS123',
    'WT' + '0'.repeat(32),
    'xWS' + '0'.repeat(32),
    'WS' + '0'.repeat(33),
    42,
    ['WS' + '0'.repeat(32)],
  ])('a workspace SID %p: 500 misconfigured, asked again next time', async (sid) => {
    fake.script = [configuration(ON, { taskrouter_workspace_sid: sid })];
    expect(await caught(workspaceSidFor(account, client))).toMatchObject({
      status: 500,
      code: 'misconfigured',
      message: expect.stringContaining('taskrouter_workspace_sid'),
    });
    fake.script = [configuration(ON)];
    expect(await workspaceSidFor(account, client)).toBe(WS);
  });

  it('the workspace is per account', async () => {
    fake.script = [configuration(ON)];
    await workspaceSidFor(account, client);
    fake.script = [configuration(ON, { taskrouter_workspace_sid: 'WS' + 'f'.repeat(32) })];
    expect(await workspaceSidFor({ accountSid: 'AC' + 'b'.repeat(32) }, client)).toBe('WS' + 'f'.repeat(32));
    expect(await workspaceSidFor(account, client)).toBe(WS);
  });
});

describe('what a log line says', () => {
  it('a Twilio request failure: method, path and status', () => {
    expect(describeFailure(new TwilioRequestError({ method: 'GET', path: '/v1/X', status: 503 }))).toBe(
      'GET /v1/X: HTTP 503',
    );
  });

  it('one of our refusals: its code and message', () => {
    expect(describeFailure(new ActionError(403, 'forbidden', 'not yours'))).toBe('forbidden: not yours');
  });

  it('a library error with a status: the request this invocation saw fail with it, else the status and code', async () => {
    expect(describeFailure({ status: 404, code: 20404 })).toBe(
      'a Twilio request: HTTP 404 (Twilio error 20404)',
    );
    expect(describeFailure({ status: 404 })).toBe('a Twilio request: HTTP 404');
    expect(describeFailure({ status: '404' })).toMatch(/^an unexpected object/);
    // Twilio's error codes are numbers: anything else in `code` is not one.
    expect(describeFailure({ status: 404, code: '20404' })).toBe('a Twilio request: HTTP 404');
    fake.script = [{ status: 404, body: {} }];
    const described = await withFailureJournal(async () => {
      await client.request({ method: 'get', uri: 'https://taskrouter.twilio.com/v1/Workspaces/WS1' });
      return [describeFailure({ status: 404, code: 20404 }), describeFailure({ status: 409, code: 1 })];
    });
    expect(described).toEqual([
      'GET /v1/Workspaces/WS1: HTTP 404 (Twilio error 20404)',
      'a Twilio request: HTTP 409 (Twilio error 1)',
    ]);
  });

  it('anything else: its class and where it was thrown, never its message', () => {
    const error = new SyntaxError('Unexpected token s in JSON: secret-token');
    const described = describeFailure(error);
    expect(described).toMatch(/^an unexpected SyntaxError at /);
    expect(described).not.toContain('secret-token');
    const oneLine = new Error('secret');
    oneLine.stack = 'Error: secret';
    expect(describeFailure(oneLine)).toBe('an unexpected Error');
    const bare = new Error('secret');
    bare.stack = undefined;
    expect(describeFailure(bare)).toBe('an unexpected Error');
    expect(describeFailure('secret')).toBe('an unexpected string');
    expect(describeFailure(undefined)).toBe('an unexpected undefined');
  });

  it('logFailure writes one line to console.error, prefixed', () => {
    allowConsole('error', /./);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    logFailure('pause failed', new ActionError(502, 'twilio_error', 'x'));
    expect(error).toHaveBeenCalledWith('leave-pause: pause failed: twilio_error: x');
  });
});
