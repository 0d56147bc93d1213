import type { LiveTokenAnswer, PausedRecord } from '../../src/backend/client';
import { flexLiveFeed, followLiveFeed, syncClientFactory } from '../../src/flex/liveFeed';
import { createSyncLiveFeed, type SyncClientLike, type SyncDocumentLike } from '../../src/live';
import { createPausedWorkStore } from '../../src/paused';

const record = (taskSid: string, reassignAt: string): PausedRecord => ({
  taskSid,
  pausedBy: 'WK' + '1'.repeat(32),
  pausedAt: '2026-12-04T10:00:00Z',
  reassignAt,
  deadlineSource: 'twilio',
  interactionSid: 'KD' + '1'.repeat(32),
  channelSid: 'UO' + taskSid.slice(2),
  conversationSid: null,
  taskChannel: 'chat',
  customer: `Customer of ${taskSid}`,
});
const A = record('WT' + 'a'.repeat(32), '2026-12-20T10:00:00Z');
const B = record('WT' + 'b'.repeat(32), '2026-12-10T10:00:00Z');

/** A Sync client as twilio-sync's: documents by name, `updated` events, token events, updateToken. */
class FakeSyncClient implements SyncClientLike {
  static instances: FakeSyncClient[] = [];
  static documents = new Map<string, FakeDocument>();
  readonly tokens: string[];
  private readonly handlers = new Map<string, (() => void)[]>();
  shutDown = false;
  constructor(token: string) {
    this.tokens = [token];
    FakeSyncClient.instances.push(this);
  }
  async document(options: { id: string; mode: 'open_existing' }): Promise<SyncDocumentLike> {
    const doc = FakeSyncClient.documents.get(options.id);
    if (!doc || options.mode !== 'open_existing') throw new Error('Document not found');
    return doc;
  }
  on(event: string, listener: () => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
  }
  emit(event: string) {
    for (const listener of this.handlers.get(event) ?? []) listener();
  }
  async updateToken(token: string) {
    this.tokens.push(token);
  }
  async shutdown() {
    this.shutDown = true;
  }
}

class FakeDocument implements SyncDocumentLike {
  private listeners: ((event: { data: unknown }) => void)[] = [];
  closed = false;
  constructor(public data: unknown) {}
  on(_event: 'updated', listener: (event: { data: unknown }) => void) {
    this.listeners.push(listener);
  }
  set(data: unknown) {
    this.data = data;
    for (const listener of this.listeners) listener({ data });
  }
  close() {
    this.closed = true;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const DOC = 'leavePause-feed-WK' + '1'.repeat(32);
let issued = 0;
const tokenAnswer = (): LiveTokenAnswer => ({
  live: true,
  token: `token-${++issued}`,
  identity: 'WK' + '1'.repeat(32),
  serviceSid: 'IS' + '1'.repeat(32),
  document: DOC,
  ttlSeconds: 900,
});

beforeEach(() => {
  FakeSyncClient.instances = [];
  FakeSyncClient.documents = new Map();
  issued = 0;
});

test('the paused list follows the feed: the current records at once, then each update; records gone → items gone', async () => {
  const doc = new FakeDocument({ records: [A], changedAt: 'x' });
  FakeSyncClient.documents.set(DOC, doc);
  const load = jest.fn(async () => [] as PausedRecord[]);
  const store = createPausedWorkStore(load);
  const stop = followLiveFeed(
    createSyncLiveFeed({ fetchToken: async () => tokenAnswer(), createClient: (t) => new FakeSyncClient(t) }),
    store,
  );
  await flush();
  expect(FakeSyncClient.instances[0].tokens).toEqual(['token-1']);
  expect(store.get().items.map((item) => item.taskSid)).toEqual([A.taskSid]);
  expect(store.get().loading).toBe(false);

  doc.set({ records: [A, B], changedAt: 'y' });
  // Soonest deadline first, as /paused answers.
  expect(store.get().items.map((item) => item.taskSid)).toEqual([B.taskSid, A.taskSid]);
  doc.set({ records: [A], changedAt: 'z' });
  expect(store.get().items.map((item) => item.customerName)).toEqual([A.customer]);
  // Anything that is not a feed (a hand edit) changes nothing.
  doc.set({ something: 'else' });
  expect(store.get().items).toHaveLength(1);
  expect(load).not.toHaveBeenCalled();

  stop();
  expect(doc.closed).toBe(true);
  expect(FakeSyncClient.instances[0].shutDown).toBe(true);
  doc.set({ records: [], changedAt: 'after' });
  expect(store.get().items).toHaveLength(1);
});

test('the token is renewed when the client says it is about to expire, or has expired', async () => {
  FakeSyncClient.documents.set(DOC, new FakeDocument({ records: [] }));
  const fetchToken = jest.fn(async () => tokenAnswer());
  const stop = createSyncLiveFeed({ fetchToken, createClient: (t) => new FakeSyncClient(t) }).start({
    onUpdate: () => undefined,
  });
  await flush();
  const client = FakeSyncClient.instances[0];
  client.emit('tokenAboutToExpire');
  await flush();
  client.emit('tokenExpired');
  await flush();
  expect(fetchToken).toHaveBeenCalledTimes(3);
  expect(client.tokens).toEqual(['token-1', 'token-2', 'token-3']);
  expect(FakeSyncClient.instances).toHaveLength(1);
  stop();
});

test('without the service’s API key, a Sync client or a readable feed, the list keeps today’s reads', async () => {
  const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
  const load = jest.fn(async () => [A]);
  const store = createPausedWorkStore(load);
  const createClient = jest.fn((t: string) => new FakeSyncClient(t));
  followLiveFeed(createSyncLiveFeed({ fetchToken: async () => ({ live: false }), createClient }), store);
  await flush();
  expect(createClient).not.toHaveBeenCalled();
  // No Sync client in this Flex.
  followLiveFeed(
    createSyncLiveFeed({ fetchToken: async () => tokenAnswer(), createClient: undefined }),
    store,
  );
  // The document cannot be opened (a refused token answers the same).
  followLiveFeed(createSyncLiveFeed({ fetchToken: async () => tokenAnswer(), createClient }), store);
  // /live-token itself failing.
  followLiveFeed(
    createSyncLiveFeed({
      fetchToken: async () => Promise.reject(new Error('network')),
      createClient,
    }),
    store,
  );
  await flush();
  await store.refresh();
  expect(store.get().items.map((item) => item.taskSid)).toEqual([A.taskSid]);
  expect(info.mock.calls.map((call) => String(call[0]))).toEqual([
    expect.stringContaining('no API key'),
    expect.stringContaining('no Sync client'),
    expect.stringContaining('cannot be opened'),
    expect.stringContaining('no live token'),
  ]);
  info.mockRestore();
});

test('a truncated feed makes the list read the whole of /paused', async () => {
  FakeSyncClient.documents.set(DOC, new FakeDocument({ records: [A], truncated: true }));
  const load = jest.fn(async () => [A, B]);
  const store = createPausedWorkStore(load);
  followLiveFeed(
    createSyncLiveFeed({ fetchToken: async () => tokenAnswer(), createClient: (t) => new FakeSyncClient(t) }),
    store,
  );
  await flush();
  await flush();
  expect(load).toHaveBeenCalledTimes(1);
  expect(store.get().items).toHaveLength(2);
});

test('Flex’s own Sync client class is used (manager.insightsClient’s constructor), never a bundled one', async () => {
  const insightsClient = new FakeSyncClient('flex-own-token');
  FakeSyncClient.instances = [];
  const create = syncClientFactory({ insightsClient });
  expect(create).toBeDefined();
  const made = create!('live-token');
  expect(made).toBeInstanceOf(FakeSyncClient);
  expect((made as FakeSyncClient).tokens).toEqual(['live-token']);
  expect(syncClientFactory({})).toBeUndefined();
  expect(syncClientFactory({ insightsClient: {} })).toBeUndefined();
  // A backend without /live-token (an older stub) has no feed at all.
  expect(
    flexLiveFeed({ insightsClient }, {
      paused: async () => [],
    } as unknown as Parameters<typeof flexLiveFeed>[1]),
  ).toBeUndefined();
});

test('a /paused read that began before the feed’s latest list does not overwrite it', async () => {
  let answer: (records: PausedRecord[]) => void = () => undefined;
  const store = createPausedWorkStore(() => new Promise<PausedRecord[]>((resolve) => (answer = resolve)));
  const reading = store.refresh();
  // Another tab resumed B meanwhile: the feed says only A is paused.
  store.replace([A]);
  answer([A, B]);
  await reading;
  expect(store.get().items.map((item) => item.taskSid)).toEqual([A.taskSid]);
  // A read that begins after it is taken as usual.
  const next = store.refresh();
  answer([B]);
  await next;
  expect(store.get().items.map((item) => item.taskSid)).toEqual([B.taskSid]);
});
