import { ActionError } from '../src/lib/errors';
import {
  claimRequest,
  IDEMPOTENCY_KEY_PATTERN,
  OUTCOME_TTL_SECONDS,
  outcomeOf,
  RepeatedRequest,
  REQUEST_MAP_NAME,
  RUNNING_TTL_SECONDS,
} from '../src/lib/idempotency';
import type { TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeAnswer, type FakeTwilio, oneAttemptClient } from './fake-twilio';

/**
 * lib/idempotency.ts on its own (issue 20, mutation survivors): what a claim writes to Sync, what a repeat is
 * answered from each thing Sync can say, and what is kept of an outcome. A scripted Twilio (fake-twilio.ts)
 * stands in for Sync; idempotency.test.ts covers the same through the handlers and the emulator.
 */

const SERVICE = 'IS' + '1'.repeat(32);
const WORKER = 'WK' + 'a'.repeat(32);
const KEY = `${WORKER}:pause:key-0001`;
const MAP_PATH = `/sync/v1/Services/${SERVICE}/Maps/${REQUEST_MAP_NAME}`;

let fake: FakeTwilio;
let client: TwilioClient;

beforeEach(async () => {
  fake = await startFakeTwilio();
  client = oneAttemptClient(fake);
});

afterEach(async () => {
  await fake.close();
});

const form = (index: number) => Object.fromEntries(new URLSearchParams(fake.bodies[index]));
const claim = () => claimRequest(client, SERVICE, WORKER, 'pause', 'key-0001');
const caught = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (error: unknown) => error,
  );
const item = (data: unknown) => ({ status: 200, body: { key: KEY, data } });

describe('claimRequest', () => {
  it('a new key is claimed with a create of a "running" item that Sync forgets after RUNNING_TTL_SECONDS', async () => {
    fake.script = [{ status: 201, body: { key: KEY, data: { state: 'running' } } }];
    const claimed = await claim();
    expect(claimed.isSettled).toBe(false);
    expect(fake.seen).toEqual([{ method: 'POST', path: `${MAP_PATH}/Items` }]);
    expect(form(0)).toEqual({
      Key: KEY,
      Data: JSON.stringify({ state: 'running' }),
      ItemTtl: String(RUNNING_TTL_SECONDS),
    });
    expect(RUNNING_TTL_SECONDS).toBe(60);
  });

  it('a key whose first request is done: that outcome is the answer (RepeatedRequest), without the state', async () => {
    const first = { state: 'done', ok: false, status: 403, code: 'forbidden', message: 'not yours' };
    fake.script = (request) =>
      request.method === 'POST' ? { status: 409, body: { code: 54208 } } : item(first);
    const repeat = await caught(claim());
    expect(repeat).toBeInstanceOf(RepeatedRequest);
    expect((repeat as RepeatedRequest).outcome).toEqual({
      ok: false,
      status: 403,
      code: 'forbidden',
      message: 'not yours',
    });
    expect(fake.seen[1]).toEqual({ method: 'GET', path: `${MAP_PATH}/Items/${KEY}` });
  });

  it.each<[string, FakeAnswer]>([
    ['still running', item({ state: 'running' })],
    ['unreadable (gone meanwhile)', { status: 404 }],
    ['unreadable (Sync failing)', { status: 500 }],
  ])('a key whose first request is %s: 409 request_in_progress, nothing acted on', async (_what, answer) => {
    fake.script = (request) => (request.method === 'POST' ? { status: 409 } : answer);
    expect(await caught(claim())).toMatchObject({
      status: 409,
      code: 'request_in_progress',
      message: 'This request is still being handled: its outcome will be known in a moment',
    });
    expect(fake.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('the map missing (404): it is created, then the claim made', async () => {
    let itemCreates = 0;
    fake.script = (request) => {
      if (request.path === `/sync/v1/Services/${SERVICE}/Maps`) return { status: 201, body: {} };
      itemCreates++;
      return itemCreates === 1 ? { status: 404 } : { status: 201, body: { key: KEY } };
    };
    const claimed = await claim();
    expect(claimed.isSettled).toBe(false);
    expect(fake.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${MAP_PATH}/Items`,
      `POST /sync/v1/Services/${SERVICE}/Maps`,
      `POST ${MAP_PATH}/Items`,
    ]);
    expect(form(1)).toEqual({ UniqueName: REQUEST_MAP_NAME });
  });

  it('the map created meanwhile by another request (409 on its create): the claim is still made', async () => {
    let itemCreates = 0;
    fake.script = (request) => {
      if (request.path === `/sync/v1/Services/${SERVICE}/Maps`) return { status: 409 };
      itemCreates++;
      return itemCreates === 1 ? { status: 404 } : { status: 201, body: { key: KEY } };
    };
    await expect(claim()).resolves.toBeDefined();
    expect(itemCreates).toBe(2);
  });

  it('the map create failing otherwise: that failure, no claim', async () => {
    fake.script = (request) =>
      request.path === `/sync/v1/Services/${SERVICE}/Maps` ? { status: 403 } : { status: 404 };
    expect(await caught(claim())).toMatchObject({ status: 403 });
    expect(fake.seen).toHaveLength(2);
  });

  it('the claim failing otherwise (Sync 500): that failure, not "in progress"', async () => {
    fake.script = [{ status: 500 }];
    const error = await caught(claim());
    expect(error).not.toBeInstanceOf(ActionError);
    expect(error).toMatchObject({ status: 500 });
    expect(fake.seen).toHaveLength(1);
  });
});

describe('RequestClaim', () => {
  async function claimed() {
    fake.script = [{ status: 201, body: { key: KEY } }];
    const made = await claim();
    fake.seen.length = 0;
    fake.bodies.length = 0;
    return made;
  }

  it('remember keeps the outcome as "done" for OUTCOME_TTL_SECONDS', async () => {
    const made = await claimed();
    fake.script = [item({ state: 'done', ok: true, body: { paused: true } })];
    await made.remember({ ok: true, body: { paused: true } });
    expect(made.isSettled).toBe(true);
    expect(fake.seen).toEqual([{ method: 'POST', path: `${MAP_PATH}/Items/${KEY}` }]);
    expect(form(0)).toEqual({
      Data: JSON.stringify({ state: 'done', ok: true, body: { paused: true } }),
      ItemTtl: String(OUTCOME_TTL_SECONDS),
    });
    expect(OUTCOME_TTL_SECONDS).toBe(600);
  });

  it('an outcome that cannot be kept is released, so a repeat acts again instead of waiting', async () => {
    const made = await claimed();
    fake.script = (request) => (request.method === 'POST' ? { status: 503 } : { status: 204 });
    await made.remember({ ok: true, body: {} });
    expect(made.isSettled).toBe(true);
    expect(fake.seen.map((r) => r.method)).toEqual(['POST', 'DELETE']);
  });

  it('release removes the claim; its failure changes nothing for the request', async () => {
    const made = await claimed();
    fake.script = [{ status: 500 }];
    await expect(made.release()).resolves.toBeUndefined();
    expect(made.isSettled).toBe(true);
    expect(fake.seen).toEqual([{ method: 'DELETE', path: `${MAP_PATH}/Items/${KEY}` }]);
  });
});

describe('outcomeOf', () => {
  it('a refusal (4xx) is kept with its field; without one, no field key', () => {
    expect(outcomeOf(new ActionError(403, 'forbidden', 'not yours', 'TaskSid'))).toEqual({
      ok: false,
      status: 403,
      code: 'forbidden',
      message: 'not yours',
      field: 'TaskSid',
    });
    const withoutField = outcomeOf(new ActionError(409, 'task_wrong_state', 'paused'));
    expect(withoutField).toEqual({ ok: false, status: 409, code: 'task_wrong_state', message: 'paused' });
    expect(withoutField && 'field' in withoutField).toBe(false);
    expect(outcomeOf(new ActionError(499, 'forbidden', 'edge'))).toMatchObject({ status: 499 });
  });

  it('a 5xx or a failure that is not ours is not kept: a repeat may try again', () => {
    expect(outcomeOf(new ActionError(500, 'misconfigured', 'x'))).toBeUndefined();
    expect(outcomeOf(new ActionError(502, 'twilio_error', 'x'))).toBeUndefined();
    expect(outcomeOf(new Error('boom'))).toBeUndefined();
    expect(outcomeOf({ status: 403 })).toBeUndefined();
  });
});

it('an idempotency key is 8 to 64 letters, digits or "-"', () => {
  expect(IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(8))).toBe(true);
  expect(IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(64))).toBe(true);
  expect(IDEMPOTENCY_KEY_PATTERN.test('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
  expect(IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(7))).toBe(false);
  expect(IDEMPOTENCY_KEY_PATTERN.test('a'.repeat(65))).toBe(false);
  expect(IDEMPOTENCY_KEY_PATTERN.test('abcdefgh_')).toBe(false);
  expect(IDEMPOTENCY_KEY_PATTERN.test(' abcdefgh')).toBe(false);
});
