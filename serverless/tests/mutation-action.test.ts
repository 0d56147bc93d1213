import { beginAgentAction, claimOf, clientFor, rememberedAction, requireEnabled } from '../src/lib/action';
import { forgetAcceptedTokens } from '../src/lib/auth';
import type { FunctionsEnvironment } from '../src/lib/environment';
import { ActionError } from '../src/lib/errors';
import { OUTCOME_TTL_SECONDS, REQUEST_MAP_NAME, RepeatedRequest } from '../src/lib/idempotency';
import type { FunctionEvent } from '../src/lib/runtime';
import { forgetCachedSettings, type Settings } from '../src/lib/settings';
import type { RetryPolicy, TwilioAccess } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeAnswer, type FakeTwilio, type SeenRequest } from './fake-twilio';

/**
 * lib/action.ts on its own (issue 20, mutation survivors): the common start of every agent action (input, token,
 * settings, first read and the request's claim side by side, the token judged first), the warm instance's one
 * client per account, and how a remembered action keeps its outcome for repeats. A scripted Twilio
 * (fake-twilio.ts) plays IAM, the Flex configuration and Sync.
 */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WORKER = 'WK' + 'b'.repeat(32);
const TASK = 'WT' + 'c'.repeat(32);
const SYNC = 'IS' + 'd'.repeat(32);
const KEY = 'key-0001-abcd';
const CLAIM_KEY = `${WORKER}:pause:${KEY}`;
const ITEMS = `/sync/v1/Services/${SYNC}/Maps/${REQUEST_MAP_NAME}/Items`;
const VALIDATE = `/iam/v1/Accounts/${ACCOUNT}/Tokens/validate`;
const CONFIGURATION = '/flex-api/v1/Configuration';
const ONE_ATTEMPT: RetryPolicy = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, requestTimeoutMs: 10_000 };

let fake: FakeTwilio;
let environment: FunctionsEnvironment;

/** What the fake answers, by path: a valid token, the settings, a claim Sync grants; `overrides` first. */
function answering(overrides: Record<string, FakeAnswer> = {}) {
  return (request: SeenRequest): FakeAnswer => {
    const path = request.path.split('?')[0];
    if (overrides[path]) return overrides[path];
    if (path === VALIDATE)
      return { status: 200, body: { valid: true, worker_sid: WORKER, identity: 'alice', roles: ['agent'] } };
    if (path === CONFIGURATION) {
      return {
        status: 200,
        body: { ui_attributes: { custom_data: { leavePause: { pause: { enabled: true } } } } },
      };
    }
    if (path === ITEMS) return { status: 201, body: { key: CLAIM_KEY, data: { state: 'running' } } };
    return { status: 200, body: {} };
  };
}

beforeEach(async () => {
  forgetAcceptedTokens();
  forgetCachedSettings();
  fake = await startFakeTwilio();
  fake.script = answering();
  environment = {
    twilio: { accountSid: ACCOUNT, authToken: 'secret', apiBaseUrl: fake.base, retryPolicy: ONE_ATTEMPT },
    syncServiceSid: SYNC,
  };
});

afterEach(async () => {
  await fake.close();
});

const caught = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (error: unknown) => error,
  );
const paths = () => fake.seen.map((request) => `${request.method} ${request.path.split('?')[0]}`);
const pauseEvent = (extra: Record<string, unknown> = {}): FunctionEvent => ({
  Token: 'a.b.c',
  TaskSid: TASK,
  ...extra,
});

describe('clientFor', () => {
  const access = (overrides: Partial<TwilioAccess> = {}): TwilioAccess => ({
    accountSid: ACCOUNT,
    authToken: 'secret',
    apiBaseUrl: fake.base,
    retryPolicy: ONE_ATTEMPT,
    ...overrides,
  });

  it('one client per account and policy on a warm instance: the same access gets the same client', () => {
    expect(clientFor(access())).toBe(clientFor(access()));
    expect(clientFor(access({ authToken: 'other' }))).not.toBe(clientFor(access()));
  });

  it('two policies whose figures run together unseparated still get clients of their own (each its own attempts)', async () => {
    // Joined without a separator both keys would read "…11" + "5" and "…1" + "15".
    const elevenAttempts = access({
      retryPolicy: { maxAttempts: 11, baseDelayMs: 5, maxDelayMs: 5, requestTimeoutMs: 10_000 },
    });
    const oneAttempt = access({
      retryPolicy: { maxAttempts: 1, baseDelayMs: 15, maxDelayMs: 5, requestTimeoutMs: 10_000 },
    });
    fake.script = [{ status: 503 }];
    await caught(clientFor(elevenAttempts).flexApi.v1.configuration.get().fetch());
    expect(fake.seen).toHaveLength(11);
    fake.seen.length = 0;
    await caught(clientFor(oneAttempt).flexApi.v1.configuration.get().fetch());
    expect(fake.seen).toHaveLength(1);
  });
});

describe('beginAgentAction', () => {
  it('hands the action its input, caller, client, settings, first read and caller read', async () => {
    const firstRead = jest.fn(async () => 'first');
    const readAsCaller = jest.fn(async () => 'own');
    const begun = await beginAgentAction(environment, pauseEvent(), ['TaskSid'], firstRead, true, {
      readAsCaller,
    });
    expect(begun.input).toEqual({ token: 'a.b.c', TaskSid: TASK });
    expect(begun.caller).toEqual({ workerSid: WORKER, identity: 'alice', roles: ['agent'] });
    expect(begun.client).toBe(clientFor(environment.twilio));
    expect(begun.settings.pause.enabled).toBe(true);
    expect(begun.read).toBe('first');
    expect(begun.callerRead).toBe('own');
    expect(firstRead).toHaveBeenCalledWith(begun.client, begun.input);
    expect(readAsCaller).toHaveBeenCalledWith(begun.client, begun.caller, begun.input);
    expect(paths().sort()).toEqual([`GET ${CONFIGURATION}`, `POST ${VALIDATE}`]);
  });

  it('without a first read, settings or caller read: only the token is checked', async () => {
    const begun = await beginAgentAction(environment, pauseEvent(), ['TaskSid'], undefined, false);
    expect(begun.read).toBeUndefined();
    expect(begun.settings).toBeUndefined();
    expect(begun.callerRead).toBeUndefined();
    expect(paths()).toEqual([`POST ${VALIDATE}`]);
  });

  it('the input is checked first: an unknown field is refused before any Twilio call', async () => {
    const error = await caught(
      beginAgentAction(environment, pauseEvent({ IdempotencyKey: KEY }), ['TaskSid'], async () => 1),
    );
    // IdempotencyKey is a field only of the actions that are remembered.
    expect(error).toMatchObject({ status: 400, code: 'unknown_field', field: 'IdempotencyKey' });
    expect(fake.seen).toEqual([]);
  });

  it('Pause’s own fields are taken where the action names them', async () => {
    const begun = await beginAgentAction(
      environment,
      pauseEvent({ Reason: 'lunch' }),
      ['TaskSid'],
      undefined,
      false,
      {
        ownFields: ['Reason'],
      },
    );
    expect(begun.input).toEqual({ token: 'a.b.c', TaskSid: TASK });
  });

  it('a token IAM refuses → 401, whatever the first read, the settings and the caller read met', async () => {
    fake.script = answering({
      [VALIDATE]: { status: 200, body: { valid: false, message: 'Invalid token' } },
      [CONFIGURATION]: { status: 500 },
    });
    const error = await caught(
      beginAgentAction(
        environment,
        pauseEvent({ IdempotencyKey: KEY }),
        ['TaskSid'],
        async () => Promise.reject(new ActionError(403, 'forbidden', 'not yours')),
        true,
        { remembered: 'pause', readAsCaller: async () => 'own' },
      ),
    );
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    // Nothing is claimed for a caller not proven.
    expect(paths()).not.toContain(`POST ${ITEMS}`);
  });

  it('with a valid token, the first read’s failure is the answer', async () => {
    const error = await caught(
      beginAgentAction(environment, pauseEvent(), ['TaskSid'], async () =>
        Promise.reject(new ActionError(404, 'task_not_found', 'no task')),
      ),
    );
    expect(error).toMatchObject({ status: 404, code: 'task_not_found' });
  });

  it('the settings failing is the answer, before the first read’s failure', async () => {
    fake.script = answering({ [CONFIGURATION]: { status: 401 } });
    const error = await caught(
      beginAgentAction(environment, pauseEvent(), ['TaskSid'], async () =>
        Promise.reject(new ActionError(404, 'task_not_found', 'no task')),
      ),
    );
    expect(error).toMatchObject({ status: 500, code: 'misconfigured' });
  });

  it('the caller read failing is the answer, before the settings’ and the first read’s', async () => {
    fake.script = answering({ [CONFIGURATION]: { status: 401 } });
    const error = await caught(
      beginAgentAction(
        environment,
        pauseEvent(),
        ['TaskSid'],
        async () => Promise.reject(new ActionError(404, 'task_not_found', 'no task')),
        true,
        { readAsCaller: async () => Promise.reject(new ActionError(403, 'forbidden', 'not yours')) },
      ),
    );
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
  });

  describe('the claim of a remembered request (IdempotencyKey)', () => {
    const remembered = (event: FunctionEvent, env = environment) =>
      beginAgentAction(env, event, ['TaskSid'], async () => 'first', false, { remembered: 'pause' });

    it('is made in Sync under the caller’s worker, and kept for the action (claimOf)', async () => {
      const event = pauseEvent({ IdempotencyKey: KEY });
      await remembered(event);
      expect(paths()).toEqual([`POST ${VALIDATE}`, `POST ${ITEMS}`]);
      expect(new URLSearchParams(fake.bodies[1]).get('Key')).toBe(CLAIM_KEY);
      expect(claimOf(event)?.isSettled).toBe(false);
    });

    it('no key: nothing claimed, nothing kept', async () => {
      const event = pauseEvent();
      await remembered(event);
      expect(paths()).toEqual([`POST ${VALIDATE}`]);
      expect(claimOf(event)).toBeUndefined();
    });

    it('no Sync service (Leave runs without one): nothing claimed, no refusal', async () => {
      const event = pauseEvent({ IdempotencyKey: KEY });
      const begun = await remembered(event, { twilio: environment.twilio });
      expect(begun.read).toBe('first');
      expect(paths()).toEqual([`POST ${VALIDATE}`]);
      expect(claimOf(event)).toBeUndefined();
    });

    it('no key: the Sync service is not looked at (a malformed one is no refusal here)', async () => {
      const begun = await remembered(pauseEvent(), { ...environment, syncServiceSid: 'ISnope' });
      expect(begun.read).toBe('first');
      expect(paths()).toEqual([`POST ${VALIDATE}`]);
    });

    it('a Sync service that is no IS… SID → 500 misconfigured, nothing read', async () => {
      const error = await caught(
        remembered(pauseEvent({ IdempotencyKey: KEY }), { ...environment, syncServiceSid: 'ISnope' }),
      );
      expect(error).toMatchObject({ status: 500, code: 'misconfigured' });
      // No token check under way either (once, one was sent and its failure went unhandled).
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fake.seen).toEqual([]);
    });

    it('a repeat of a done request: the first outcome, before the first read’s failure', async () => {
      fake.script = answering({
        [ITEMS]: { status: 409 },
        [`${ITEMS}/${CLAIM_KEY}`]: {
          status: 200,
          body: { key: CLAIM_KEY, data: { state: 'done', ok: true, body: { paused: true } } },
        },
      });
      const error = await caught(
        beginAgentAction(
          environment,
          pauseEvent({ IdempotencyKey: KEY }),
          ['TaskSid'],
          async () => Promise.reject(new ActionError(404, 'task_not_found', 'no task')),
          false,
          { remembered: 'pause', readAsCaller: async () => Promise.reject(new Error('caller read')) },
        ),
      );
      expect(error).toBeInstanceOf(RepeatedRequest);
      expect((error as RepeatedRequest).outcome).toEqual({ ok: true, body: { paused: true } });
    });
  });
});

describe('requireEnabled', () => {
  const settings = (leave: boolean, pause: boolean) =>
    ({ leave: { enabled: leave }, pause: { enabled: pause } }) as Settings;

  it('an enabled feature passes', () => {
    expect(() => requireEnabled(settings(true, false), 'leave')).not.toThrow();
    expect(() => requireEnabled(settings(false, true), 'pause')).not.toThrow();
  });

  it.each([
    ['leave', 'Leave'],
    ['pause', 'Pause'],
  ] as const)('%s off → 409 feature_off naming it and its setting', (feature, name) => {
    let error: unknown;
    try {
      requireEnabled(settings(feature !== 'leave', feature !== 'pause'), feature);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ActionError);
    expect(error).toMatchObject({
      status: 409,
      code: 'feature_off',
      message: `${name} is turned off in the Flex configuration (ui_attributes.custom_data.leavePause.${feature}.enabled)`,
    });
  });
});

describe('rememberedAction', () => {
  /** An action that begins as Pause does (its claim made) and then does what `then` says. */
  const actionThat = (then: () => Promise<object>) =>
    rememberedAction(async (env: FunctionsEnvironment, event: FunctionEvent) => {
      await beginAgentAction(env, event, ['TaskSid'], undefined, false, { remembered: 'pause' });
      return then();
    });
  const keyed = () => pauseEvent({ IdempotencyKey: KEY });
  const updates = () => fake.seen.filter((r) => r.method === 'POST' && r.path === `${ITEMS}/${CLAIM_KEY}`);
  const removals = () => fake.seen.filter((r) => r.method === 'DELETE' && r.path === `${ITEMS}/${CLAIM_KEY}`);
  const kept = () => {
    const index = fake.seen.findIndex((r) => r.method === 'POST' && r.path === `${ITEMS}/${CLAIM_KEY}`);
    const form = new URLSearchParams(fake.bodies[index]);
    return { data: JSON.parse(form.get('Data') ?? 'null') as unknown, ttl: form.get('ItemTtl') };
  };

  it('a success is answered (a copy of the result) and kept as the outcome for repeats', async () => {
    const result = { paused: true };
    const body = await actionThat(async () => result)(environment, keyed());
    expect(body).toEqual({ paused: true });
    expect(body).not.toBe(result);
    expect(kept()).toEqual({
      data: { state: 'done', ok: true, body: { paused: true } },
      ttl: String(OUTCOME_TTL_SECONDS),
    });
  });

  it('a refusal is kept with its status, code, words and field, and thrown', async () => {
    const refusal = new ActionError(409, 'task_wrong_state', 'not assigned', 'TaskSid');
    const error = await caught(actionThat(async () => Promise.reject(refusal))(environment, keyed()));
    expect(error).toBe(refusal);
    expect(kept().data).toEqual({
      state: 'done',
      ok: false,
      status: 409,
      code: 'task_wrong_state',
      message: 'not assigned',
      field: 'TaskSid',
    });
    expect(removals()).toEqual([]);
  });

  it('Twilio failing is not kept: the claim is released so a repeat acts again', async () => {
    const failure = new Error('Twilio 503');
    const error = await caught(actionThat(async () => Promise.reject(failure))(environment, keyed()));
    expect(error).toBe(failure);
    expect(updates()).toEqual([]);
    expect(removals()).toHaveLength(1);
  });

  it('a claim the action already settled is left as it is, success or failure', async () => {
    const settling = (outcome: 'ok' | 'fail') =>
      rememberedAction(async (env: FunctionsEnvironment, event: FunctionEvent) => {
        await beginAgentAction(env, event, ['TaskSid'], undefined, false, { remembered: 'pause' });
        await claimOf(event)?.release();
        if (outcome === 'fail') throw new ActionError(409, 'task_wrong_state', 'not assigned');
        return { paused: true };
      });
    expect(await settling('ok')(environment, keyed())).toEqual({ paused: true });
    await caught(settling('fail')(environment, keyed()));
    expect(updates()).toEqual([]);
    expect(removals()).toHaveLength(2);
  });

  it('without a key the action just runs: nothing kept in Sync', async () => {
    expect(await actionThat(async () => ({ paused: true }))(environment, pauseEvent())).toEqual({
      paused: true,
    });
    const failure = new ActionError(409, 'task_wrong_state', 'not assigned');
    expect(await caught(actionThat(async () => Promise.reject(failure))(environment, pauseEvent()))).toBe(
      failure,
    );
    expect(paths().filter((path) => path.includes('/sync/'))).toEqual([]);
  });

  it('a repeat of a success gets the first body marked repeated, without acting', async () => {
    fake.script = answering({
      [ITEMS]: { status: 409 },
      [`${ITEMS}/${CLAIM_KEY}`]: {
        status: 200,
        body: { key: CLAIM_KEY, data: { state: 'done', ok: true, body: { paused: true } } },
      },
    });
    const then = jest.fn(async () => ({ paused: false }));
    expect(await actionThat(then)(environment, keyed())).toEqual({ paused: true, repeated: true });
    expect(then).not.toHaveBeenCalled();
  });

  it('a repeat of a refusal gets the same refusal: status, code, words, field', async () => {
    fake.script = answering({
      [ITEMS]: { status: 409 },
      [`${ITEMS}/${CLAIM_KEY}`]: {
        status: 200,
        body: {
          key: CLAIM_KEY,
          data: {
            state: 'done',
            ok: false,
            status: 403,
            code: 'forbidden',
            message: 'not yours',
            field: 'TaskSid',
          },
        },
      },
    });
    const error = await caught(actionThat(async () => ({ paused: true }))(environment, keyed()));
    expect(error).toBeInstanceOf(ActionError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'not yours', field: 'TaskSid' });
    expect(updates()).toEqual([]);
    expect(removals()).toEqual([]);
  });
});
