import { asRecord, keyFor, PAUSE_MAP_NAME, PauseStore, type PauseRecord } from '../src/lib/pause-store';
import { createTwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';

/**
 * lib/pause-store.ts on its own (issue 20, mutation survivors): which records count as whole, what a pause
 * writes, how a retried write keeps the first record, and how an agent's records are paged. A scripted Sync
 * (fake-twilio.ts) answers; the handler tests cover the same through the emulator.
 */

const SERVICE = 'IS' + '1'.repeat(32);
const ALICE = 'WK' + 'a'.repeat(32);
const BOB = 'WK' + 'b'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const MAP = `/sync/v1/Services/${SERVICE}/Maps/${PAUSE_MAP_NAME}`;

const record = (overrides: Partial<PauseRecord> = {}): PauseRecord => ({
  taskSid: TASK,
  pausedBy: ALICE,
  pausedAt: '2026-12-04T10:00:00.000Z',
  reassignAt: '2026-12-05T10:00:00.000Z',
  deadlineSource: 'twilio',
  interactionSid: 'KD' + '1'.repeat(32),
  channelSid: 'UO' + '1'.repeat(32),
  conversationSid: 'CH' + '1'.repeat(32),
  taskChannel: 'chat',
  customer: 'Ann',
  ...overrides,
});

describe('asRecord: only a whole record counts', () => {
  it('a whole record is kept as it is; a null conversation and the configured-limit deadline are whole', () => {
    expect(asRecord(record())).toEqual(record());
    expect(asRecord(record({ conversationSid: null }))).toEqual(record({ conversationSid: null }));
    expect(asRecord(record({ deadlineSource: 'configured-limit' }))).toBeDefined();
    expect(asRecord(record({ customer: '', taskChannel: '' }))).toBeDefined();
  });

  it.each<[string, unknown]>([
    ['taskSid', 'WK' + '1'.repeat(32)],
    ['taskSid', 'WT' + '1'.repeat(31)],
    ['taskSid', 'xWT' + '1'.repeat(32)],
    ['taskSid', 'WT' + '1'.repeat(32) + 'x'],
    ['taskSid', 'WT' + 'g'.repeat(32)],
    ['pausedBy', TASK],
    ['pausedAt', 'yesterday'],
    ['pausedAt', 1733306400000],
    ['pausedAt', 2026],
    ['reassignAt', undefined],
    ['deadlineSource', 'guess'],
    ['interactionSid', 'UO' + '1'.repeat(32)],
    ['channelSid', 'KD' + '1'.repeat(32)],
    ['conversationSid', undefined],
    ['conversationSid', 'CHx'],
    ['taskChannel', 7],
    ['customer', null],
  ])('%s = %p: no record', (field, value) => {
    expect(asRecord({ ...record(), [field]: value })).toBeUndefined();
  });

  it.each([null, undefined, 'text', 42])('%p: no record', (data) => {
    expect(asRecord(data)).toBeUndefined();
  });

  it('SIDs take upper- or lower-case hex', () => {
    expect(asRecord(record({ taskSid: 'WT' + 'aBcDeF'.repeat(5) + '12' }))).toBeDefined();
  });
});

describe('PauseStore', () => {
  let fake: FakeTwilio;
  let store: PauseStore;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    const client = createTwilioClient(
      { ACCOUNT_SID: 'AC' + 'a'.repeat(32), AUTH_TOKEN: 'secret', TWILIO_API_BASE_URL: fake.base },
      { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, requestTimeoutMs: 10_000 },
    );
    store = new PauseStore(client, SERVICE);
    // The store's own calls only: the agent's live feed that follows each change has its own tests
    // (serverless/tests/live-feed.test.ts); here it is only checked that each change announces itself.
    announced = jest.spyOn(PauseStore.prototype, 'announceChange').mockResolvedValue(undefined);
  });

  afterEach(async () => {
    announced.mockRestore();
    await fake.close();
  });

  let announced: jest.SpyInstance;

  it('a record written or removed announces the change for its agent (the live feed follows it)', async () => {
    fake.script = [
      { status: 201, body: { key: keyFor(ALICE, TASK) } },
      { status: 204, body: {} },
    ];
    await store.put(record(), 100);
    expect(announced).toHaveBeenLastCalledWith(ALICE);
    await store.remove(ALICE, TASK);
    expect(announced).toHaveBeenCalledTimes(2);
    expect(announced).toHaveBeenLastCalledWith(ALICE);
  });

  const form = (index: number) => Object.fromEntries(new URLSearchParams(fake.bodies[index]));
  const calls = () => fake.seen.map((r) => `${r.method} ${r.path.split('?')[0]}`);
  const caught = (run: Promise<unknown>) =>
    run.then(
      () => undefined,
      (error: unknown) => error,
    );

  describe('put', () => {
    it('creates one item keyed worker:task, the whole record as data, a whole number of seconds to live (≥ 1)', async () => {
      fake.script = [{ status: 201, body: { key: keyFor(ALICE, TASK) } }];
      expect(await store.put(record(), 86_400.2)).toEqual(record());
      expect(calls()).toEqual([`POST ${MAP}/Items`]);
      expect(form(0)).toEqual({ Key: `${ALICE}:${TASK}`, Data: JSON.stringify(record()), ItemTtl: '86401' });
      await store.put(record(), 0.2);
      expect(form(1).ItemTtl).toBe('1');
      await store.put(record(), -50);
      expect(form(2).ItemTtl).toBe('1');
    });

    it('recorded before (409): the first record is answered, not this one', async () => {
      const first = record({ pausedAt: '2026-12-04T09:00:00.000Z' });
      fake.script = (request) =>
        request.method === 'POST'
          ? { status: 409 }
          : { status: 200, body: { key: keyFor(ALICE, TASK), data: first } };
      expect(await store.put(record(), 100)).toEqual(first);
      expect(calls()).toEqual([`POST ${MAP}/Items`, `GET ${MAP}/Items/${ALICE}:${TASK}`]);
    });

    it('recorded before but that record gone or not whole: this record is answered', async () => {
      fake.script = (request) => (request.method === 'POST' ? { status: 409 } : { status: 404 });
      expect(await store.put(record(), 100)).toEqual(record());
      fake.script = (request) =>
        request.method === 'POST'
          ? { status: 409 }
          : { status: 200, body: { key: 'k', data: { taskSid: TASK } } };
      expect(await store.put(record(), 100)).toEqual(record());
    });

    it('the map missing (404): created, then the record written', async () => {
      let creates = 0;
      fake.script = (request) => {
        if (request.path === `/sync/v1/Services/${SERVICE}/Maps`) return { status: 201, body: {} };
        creates++;
        return creates === 1 ? { status: 404 } : { status: 201, body: {} };
      };
      expect(await store.put(record(), 100)).toEqual(record());
      expect(calls()).toEqual([
        `POST ${MAP}/Items`,
        `POST /sync/v1/Services/${SERVICE}/Maps`,
        `POST ${MAP}/Items`,
      ]);
      expect(form(1)).toEqual({ UniqueName: PAUSE_MAP_NAME });
    });

    it('the map created meanwhile (409 on its create): the record still written', async () => {
      let creates = 0;
      fake.script = (request) => {
        if (request.path === `/sync/v1/Services/${SERVICE}/Maps`) return { status: 409 };
        creates++;
        return creates === 1 ? { status: 404 } : { status: 201, body: {} };
      };
      expect(await store.put(record(), 100)).toEqual(record());
      expect(creates).toBe(2);
    });

    it('any other failure, of the write or of the map’s create: thrown', async () => {
      fake.script = [{ status: 500 }];
      expect(await caught(store.put(record(), 100))).toMatchObject({ status: 500 });
      expect(fake.seen).toHaveLength(1);
      fake.script = (request) =>
        request.path === `/sync/v1/Services/${SERVICE}/Maps` ? { status: 403 } : { status: 404 };
      expect(await caught(store.put(record(), 100))).toMatchObject({ status: 403 });
      fake.script = (request) => (request.method === 'POST' ? { status: 409 } : { status: 503 });
      expect(await caught(store.put(record(), 100))).toMatchObject({ status: 503 });
    });
  });

  describe('get and remove', () => {
    it('get: the whole record, none when missing or not whole, a failure thrown', async () => {
      fake.script = [{ status: 200, body: { key: keyFor(ALICE, TASK), data: record() } }];
      expect(await store.get(ALICE, TASK)).toEqual(record());
      expect(fake.seen[0]).toEqual({ method: 'GET', path: `${MAP}/Items/${ALICE}:${TASK}` });
      fake.script = [
        { status: 200, body: { key: keyFor(ALICE, TASK), data: { ...record(), channelSid: 'x' } } },
      ];
      expect(await store.get(ALICE, TASK)).toBeUndefined();
      fake.script = [{ status: 404 }];
      expect(await store.get(ALICE, TASK)).toBeUndefined();
      fake.script = [{ status: 500 }];
      expect(await caught(store.get(ALICE, TASK))).toMatchObject({ status: 500 });
    });

    it('remove: deletes worker:task; gone already is fine; a failure thrown', async () => {
      fake.script = [{ status: 204 }];
      await store.remove(ALICE, TASK);
      expect(fake.seen[0]).toEqual({ method: 'DELETE', path: `${MAP}/Items/${ALICE}:${TASK}` });
      fake.script = [{ status: 404 }];
      await expect(store.remove(ALICE, TASK)).resolves.toBeUndefined();
      fake.script = [{ status: 503 }];
      expect(await caught(store.remove(ALICE, TASK))).toMatchObject({ status: 503 });
    });
  });

  describe('list: one worker’s records, page after page', () => {
    const item = (
      worker: string,
      n: number,
      data: unknown = record({ pausedBy: worker, taskSid: taskOf(n) }),
    ) => ({
      key: keyFor(worker, taskOf(n)),
      data,
    });
    const taskOf = (n: number) => 'WT' + n.toString(16).padStart(32, '0');
    const page = (items: unknown[]): FakeAnswer => ({
      status: 200,
      body: { items, meta: { page: 0, page_size: 100, key: 'items' } },
    });
    const fromOf = (index: number) => new URL(fake.seen[index].path, 'http://x').searchParams;

    it('starts at the worker’s prefix, ascending, exclusive, 100 a page; stops at a short page', async () => {
      fake.script = [page([item(ALICE, 1), item(ALICE, 2)])];
      expect((await store.list(ALICE)).map((r) => r.taskSid)).toEqual([taskOf(1), taskOf(2)]);
      expect(fake.seen).toHaveLength(1);
      const query = fromOf(0);
      expect(query.get('From')).toBe(`${ALICE}:`);
      expect(query.get('Order')).toBe('asc');
      expect(query.get('Bounds')).toBe('exclusive');
      expect(query.get('PageSize')).toBe('100');
    });

    it('a full page of theirs: the next page starts after its last key; 130 records in two pages', async () => {
      const all = Array.from({ length: 130 }, (_, n) => item(ALICE, n + 1));
      fake.script = (request) => {
        const from = new URL(request.path, 'http://x').searchParams.get('From') ?? '';
        const rest = all.filter((i) => i.key > from);
        return page(rest.slice(0, 100));
      };
      expect(await store.list(ALICE)).toHaveLength(130);
      expect(fake.seen).toHaveLength(2);
      expect(fromOf(1).get('From')).toBe(keyFor(ALICE, taskOf(100)));
    });

    it('exactly 100 records: a second read finds none and the list ends', async () => {
      const all = Array.from({ length: 100 }, (_, n) => item(ALICE, n + 1));
      fake.script = (request) => {
        const from = new URL(request.path, 'http://x').searchParams.get('From') ?? '';
        return page(all.filter((i) => i.key > from).slice(0, 100));
      };
      expect(await store.list(ALICE)).toHaveLength(100);
      expect(fake.seen).toHaveLength(2);
    });

    it('a full page that runs into the next worker’s keys ends the list there', async () => {
      const items = [
        ...Array.from({ length: 60 }, (_, n) => item(ALICE, n + 1)),
        ...Array.from({ length: 40 }, (_, n) => item(BOB, n + 1)),
      ];
      fake.script = [page(items)];
      expect(await store.list(ALICE)).toHaveLength(60);
      expect(fake.seen).toHaveLength(1);
    });

    it('records not whole, or naming another worker under this prefix, are left out', async () => {
      fake.script = [
        page([
          item(ALICE, 1),
          item(ALICE, 2, { ...record(), reassignAt: 'never' }),
          item(ALICE, 3, record({ pausedBy: BOB, taskSid: taskOf(3) })),
        ]),
      ];
      expect((await store.list(ALICE)).map((r) => r.taskSid)).toEqual([taskOf(1)]);
    });

    it('no map yet: no records; another failure: thrown', async () => {
      fake.script = [{ status: 404 }];
      expect(await store.list(ALICE)).toEqual([]);
      fake.script = [{ status: 500 }];
      expect(await caught(store.list(ALICE))).toMatchObject({ status: 500 });
    });
  });
});
