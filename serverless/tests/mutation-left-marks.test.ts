import { LEFT_MEANWHILE_MESSAGE } from '../src/lib/channel';
import { ActionError } from '../src/lib/errors';
import { REQUEST_MAP_NAME } from '../src/lib/idempotency';
import { LEFT_MARK_TTL_SECONDS, markLeft, requireOwnTaskOrLeft, unmarkLeft } from '../src/lib/left-marks';
import type { TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeAnswer, type FakeTwilio, oneAttemptClient } from './fake-twilio';

/**
 * lib/left-marks.ts on its own (issue 20, mutation survivors): the mark a Leave writes (key, value, lifetime, the
 * map created when missing, every failure swallowed), and when a refusal of the caller's own task looks for it
 * — only for a 403 about a task TaskRouter says is the caller's, and only with a Sync service to look in. A
 * scripted Twilio (fake-twilio.ts) plays Sync; left-marks.test.ts covers the same instant against the emulator.
 */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const SYNC = 'IS' + '3'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const ALICE = 'WK' + 'a'.repeat(32);
const BOB = 'WK' + 'b'.repeat(32);
const RESERVATION = 'WR' + '2'.repeat(32);
const MAP_PATH = `/sync/v1/Services/${SYNC}/Maps`;
const ITEMS_PATH = `${MAP_PATH}/${REQUEST_MAP_NAME}/Items`;
const MARK_KEY = `left:${ALICE}:${TASK}`;

let fake: FakeTwilio;
let client: TwilioClient;

beforeEach(async () => {
  fake = await startFakeTwilio();
  client = oneAttemptClient(fake, ACCOUNT);
});

afterEach(async () => {
  await fake.close();
});

const seen = () => fake.seen.map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
const form = (index: number) => Object.fromEntries(new URLSearchParams(fake.bodies[index]));
const NOT_FOUND: FakeAnswer = { status: 404, body: { code: 20404, message: 'not found' } };
const FAILED: FakeAnswer = { status: 500, body: { code: 20500, message: 'failed' } };
const ITEM: FakeAnswer = { status: 201, body: { key: MARK_KEY, data: { left: true } } };

describe('markLeft', () => {
  it('writes "this worker left this task" for a day, keyed by worker and task', async () => {
    fake.script = [ITEM];
    await markLeft(client, SYNC, ALICE, TASK);
    expect(seen()).toEqual([`POST ${ITEMS_PATH}`]);
    expect(form(0)).toEqual({
      Key: MARK_KEY,
      Data: JSON.stringify({ left: true }),
      ItemTtl: String(LEFT_MARK_TTL_SECONDS),
    });
    expect(LEFT_MARK_TTL_SECONDS).toBe(86_400);
  });

  it('the map missing (404): creates it, then writes the mark', async () => {
    fake.script = [NOT_FOUND, { status: 201, body: { unique_name: REQUEST_MAP_NAME } }, ITEM];
    await markLeft(client, SYNC, ALICE, TASK);
    expect(seen()).toEqual([`POST ${ITEMS_PATH}`, `POST ${MAP_PATH}`, `POST ${ITEMS_PATH}`]);
    expect(form(1)).toEqual({ UniqueName: REQUEST_MAP_NAME });
    expect(form(2)).toMatchObject({ Key: MARK_KEY });
  });

  it('the map creation failing (another request made it): the mark is written all the same', async () => {
    fake.script = [NOT_FOUND, { status: 409, body: { code: 54301, message: 'exists' } }, ITEM];
    await markLeft(client, SYNC, ALICE, TASK);
    expect(seen()).toEqual([`POST ${ITEMS_PATH}`, `POST ${MAP_PATH}`, `POST ${ITEMS_PATH}`]);
  });

  it('every failure is swallowed: a mark changes only the words of a lost race', async () => {
    fake.script = [NOT_FOUND, FAILED, FAILED];
    await expect(markLeft(client, SYNC, ALICE, TASK)).resolves.toBeUndefined();
    expect(seen()).toHaveLength(3);
  });

  it.each<[string, FakeAnswer]>([
    ['a Twilio failure (500)', FAILED],
    ['an item that exists (409)', { status: 409, body: { code: 54208, message: 'exists' } }],
    ['a lost connection', 'drop'],
  ])('%s: no map is created, nothing is thrown', async (_what, answer) => {
    fake.script = [answer];
    await expect(markLeft(client, SYNC, ALICE, TASK)).resolves.toBeUndefined();
    expect(seen()).toEqual([`POST ${ITEMS_PATH}`]);
  });
});

describe('unmarkLeft', () => {
  it('removes the mark; a mark already gone or a failure is no error', async () => {
    fake.script = [{ status: 204 }];
    await unmarkLeft(client, SYNC, ALICE, TASK);
    expect(seen()).toEqual([`DELETE ${ITEMS_PATH}/${MARK_KEY}`]);
    fake.script = [NOT_FOUND];
    await expect(unmarkLeft(client, SYNC, ALICE, TASK)).resolves.toBeUndefined();
    fake.script = [FAILED];
    await expect(unmarkLeft(client, SYNC, ALICE, TASK)).resolves.toBeUndefined();
  });
});

describe('requireOwnTaskOrLeft', () => {
  const caller = { workerSid: ALICE, identity: 'alice', roles: ['agent'] };
  const agent = (workerSid: string, taskSid: string, status = 'joined') => ({
    type: 'agent',
    status,
    routing_properties: { worker_sid: workerSid, task_sid: taskSid, reservation_sid: RESERVATION },
    media_properties: {},
  });
  const reservation = (status: string, workerSid = ALICE) => [
    { sid: RESERVATION, worker_sid: workerSid, reservation_status: status },
  ];
  const gone = (status: string, workerSid = ALICE) => ({
    participants: [],
    reservations: reservation(status, workerSid),
  });
  const looks: number[] = [];
  const sleep = async (ms: number) => {
    looks.push(ms);
  };
  const outcome = async (run: Promise<unknown>) => {
    const error = await run.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (!(error instanceof ActionError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return { status: error.status, code: error.code, field: error.field, message: error.message };
  };
  const markFetches = () => seen().filter((line) => line === `GET ${ITEMS_PATH}/${MARK_KEY}`).length;

  beforeEach(() => {
    looks.length = 0;
  });

  it('the caller’s own task: answered as requireOwnTask answers, no mark looked for', async () => {
    const records = { participants: [agent(ALICE, TASK)], reservations: reservation('accepted') };
    const owned = await requireOwnTaskOrLeft(client, SYNC, records, TASK, caller, false, sleep);
    expect(owned).toMatchObject({ taskSid: TASK, workerSid: ALICE, reservation: 'accepted' });
    expect(fake.seen).toEqual([]);
  });

  it.each(['completed', 'wrapping', 'accepted'])(
    'the caller’s %s reservation, gone from the channel, marked left: 409 "left meanwhile" at the first look',
    async (status) => {
      fake.script = [{ status: 200, body: { key: MARK_KEY, data: { left: true } } }];
      expect(
        await outcome(requireOwnTaskOrLeft(client, SYNC, gone(status), TASK, caller, false, sleep)),
      ).toEqual({
        status: 409,
        code: 'task_wrong_state',
        field: 'TaskSid',
        message: LEFT_MEANWHILE_MESSAGE,
      });
      expect(seen()).toEqual([`GET ${ITEMS_PATH}/${MARK_KEY}`]);
      expect(looks).toEqual([]);
    },
  );

  it('no mark, or the look failing: 403 after three looks, 300 and 700 ms apart', async () => {
    for (const answer of [NOT_FOUND, FAILED]) {
      fake.seen.length = 0;
      looks.length = 0;
      fake.script = [answer];
      expect(
        await outcome(requireOwnTaskOrLeft(client, SYNC, gone('completed'), TASK, caller, false, sleep)),
      ).toMatchObject({
        status: 403,
        code: 'forbidden',
      });
      expect(markFetches()).toBe(3);
      expect(looks).toEqual([300, 700]);
    }
  });

  it('the mark found at the last look: 409', async () => {
    fake.script = [NOT_FOUND, NOT_FOUND, { status: 200, body: { key: MARK_KEY } }];
    expect(
      (await outcome(requireOwnTaskOrLeft(client, SYNC, gone('wrapping'), TASK, caller, false, sleep)))
        .status,
    ).toBe(409);
    expect(markFetches()).toBe(3);
  });

  it.each<[string, { participants: never[]; reservations: ReturnType<typeof reservation> }]>([
    ['another worker’s reservation', gone('completed', BOB)],
    ['the caller’s reservation never accepted (pending)', gone('pending')],
    ['the caller’s reservation rejected', gone('rejected')],
    ['no reservation', { participants: [], reservations: [] }],
  ])('%s: 403 at once, no mark looked for', async (_what, records) => {
    fake.script = [{ status: 200, body: { key: MARK_KEY } }];
    expect(
      (await outcome(requireOwnTaskOrLeft(client, SYNC, records, TASK, caller, false, sleep))).status,
    ).toBe(403);
    expect(fake.seen).toEqual([]);
    expect(looks).toEqual([]);
  });

  it('no Sync service to look in: the 403 as it is', async () => {
    fake.script = [{ status: 200, body: { key: MARK_KEY } }];
    expect(
      await outcome(requireOwnTaskOrLeft(client, undefined, gone('completed'), TASK, caller, false, sleep)),
    ).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(fake.seen).toEqual([]);
  });

  it('a refusal other than 403 (a newer task of the same conversation) is answered as it is', async () => {
    fake.script = [{ status: 200, body: { key: MARK_KEY } }];
    const records = {
      participants: [agent(ALICE, 'WT' + '9'.repeat(32))],
      reservations: reservation('completed'),
    };
    expect(await outcome(requireOwnTaskOrLeft(client, SYNC, records, TASK, caller, false, sleep))).toEqual({
      status: 409,
      code: 'task_wrong_state',
      field: 'TaskSid',
      message: 'This task is no longer the current task of its conversation: use the newer task',
    });
    expect(fake.seen).toEqual([]);
  });

  it('waits for real between looks when no sleep is given', async () => {
    fake.script = [NOT_FOUND];
    const started = Date.now();
    expect(
      (await outcome(requireOwnTaskOrLeft(client, SYNC, gone('completed'), TASK, caller, false))).status,
    ).toBe(403);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});
