import { handler as liveTokenHandler } from '../src/functions/live-token';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { feedDataFor, feedNameFor } from '../src/lib/live-feed';
import type { PauseRecord } from '../src/lib/pause-store';
import { expectConsole } from '../../tests/console-guard';
import { startBackend, type AssignedConversation, type Backend } from './harness';

/**
 * Issue 18 part 2: every change to an agent's pause records rewrites their feed document, which only their
 * own live token can read (Sync ACLs), and which no token can write.
 */
let backend: Backend;
let key: { sid: string; secret: string };
let liveEnv: Record<string, string>;

beforeEach(async () => {
  backend = await startBackend();
  key = (await backend.control('/api-keys', {})) as { sid: string; secret: string };
  liveEnv = { ...backend.env, TWILIO_API_KEY: key.sid, TWILIO_API_SECRET: key.secret };
  await backend.client.sync.v1.services(backend.seed.syncServiceSid).update({ aclEnabled: true });
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function pause(conversation: AssignedConversation) {
  return backend.invoke(pauseHandler, await backend.actionEvent(conversation), liveEnv);
}

async function liveTokenOf(workerSid: string, env = liveEnv) {
  return backend.invoke(liveTokenHandler, { Token: await backend.tokenFor(workerSid) }, env);
}

async function clientRead(document: string, token: string) {
  const response = await fetch(
    `${backend.emulator.url}/_emulator/sync-client/Services/${backend.seed.syncServiceSid}/Documents/${document}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const body = (await response.json()) as { data?: { records: PauseRecord[] } };
  return { status: response.status, records: body.data?.records };
}

async function feedOf(workerSid: string) {
  const doc = await backend.client.sync.v1
    .services(backend.seed.syncServiceSid)
    .documents(feedNameFor(workerSid))
    .fetch();
  return doc.data as { records: PauseRecord[]; changedAt: string };
}

test('Pause and Resume rewrite the agent’s feed; its one permission is Read for that agent only', async () => {
  const { alice } = backend.seed.workers;
  const conversation = await backend.assignedConversation({ workerSid: alice });
  expect((await pause(conversation)).status).toBe(200);
  const feed = await feedOf(alice);
  expect(feed.records.map((record) => record.taskSid)).toEqual([conversation.taskSid]);
  expect(feed.records[0].pausedBy).toBe(alice);
  const permissions = await backend.client.sync.v1
    .services(backend.seed.syncServiceSid)
    .documents(feedNameFor(alice))
    .documentPermissions.list();
  expect(permissions.map((p) => [p.identity, p.read, p.write, p.manage])).toEqual([
    [alice, true, false, false],
  ]);

  const resumed = await backend.invoke(
    resumeHandler,
    { Token: await backend.tokenFor(alice), TaskSid: conversation.taskSid },
    liveEnv,
  );
  expect(resumed.status).toBe(200);
  expect((await feedOf(alice)).records).toEqual([]);
});

/**
 * The feed is written beside the record's change, from the agent's records read beside the work before it
 * (see pause.test.ts for the calls): whatever fails, it must end up showing what the records hold.
 */
describe('the feed, written beside the change, still shows what the records hold', () => {
  const recordsIn = async (workerSid: string) => (await feedOf(workerSid)).records.map((r) => r.taskSid);

  test('a second pause adds to the agent’s list; a Resume takes out only its own', async () => {
    const { alice } = backend.seed.workers;
    const first = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(first)).status).toBe(200);
    const second = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(second)).status).toBe(200);
    expect((await recordsIn(alice)).sort()).toEqual([first.taskSid, second.taskSid].sort());
    const resumed = await backend.invoke(
      resumeHandler,
      { Token: await backend.tokenFor(alice), TaskSid: first.taskSid },
      liveEnv,
    );
    expect(resumed.status).toBe(200);
    expect(await recordsIn(alice)).toEqual([second.taskSid]);
  });

  test('a retried Pause shows the first record, once', async () => {
    const { alice } = backend.seed.workers;
    const conversation = await backend.assignedConversation({ workerSid: alice });
    const firstAnswer = await pause(conversation);
    const retried = await pause(conversation);
    expect(retried.status).toBe(200);
    expect(retried.body.alreadyPaused).toBe(true);
    const feed = await feedOf(alice);
    expect(feed.records).toHaveLength(1);
    expect(feed.records[0].pausedAt).toBe(firstAnswer.body.pausedAt);
  });

  test('a Pause whose record cannot be written is given back: the feed does not show it', async () => {
    const { alice } = backend.seed.workers;
    const conversation = await backend.assignedConversation({ workerSid: alice });
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Items$', status: 503, times: 20 });
    expectConsole('error', /^leave-pause: test failed: a Twilio request: HTTP 503/);
    const result = await pause(conversation);
    expect(result.status).toBe(502);
    backend.emulator.faults.clear();
    expect(await recordsIn(alice)).toEqual([]);
  });

  test('a Resume whose channel change fails keeps the pause: the feed shows it again', async () => {
    const { alice } = backend.seed.workers;
    const conversation = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(conversation)).status).toBe(200);
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Channels/${conversation.channelSid}$`,
      status: 503,
      times: 10,
    });
    expectConsole('error', /^leave-pause: test failed: POST \/v1\/Interactions\/.*: HTTP 503/);
    const resumed = await backend.invoke(
      resumeHandler,
      { Token: await backend.tokenFor(alice), TaskSid: conversation.taskSid },
      liveEnv,
    );
    expect(resumed.status).toBe(502);
    backend.emulator.faults.clear();
    expect(await recordsIn(alice)).toEqual([conversation.taskSid]);
  });
});

test('/live-token: a token for the caller’s own feed, whose identity comes from the Flex token; another agent’s feed is 403', async () => {
  const { alice, bob } = backend.seed.workers;
  const conversation = await backend.assignedConversation({ workerSid: alice });
  await pause(conversation);
  // Bob has never paused: his token call creates his (empty) feed, so his client can open it.
  const bobs = await liveTokenOf(bob);
  const alices = await liveTokenOf(alice);
  expect(alices.status).toBe(200);
  expect(alices.body).toMatchObject({ live: true, identity: alice, document: feedNameFor(alice) });
  const aliceToken = alices.body.token as string;
  const bobToken = bobs.body.token as string;

  const own = await clientRead(feedNameFor(alice), aliceToken);
  expect(own.status).toBe(200);
  expect(own.records?.map((record) => record.taskSid)).toEqual([conversation.taskSid]);
  expect((await clientRead(feedNameFor(bob), bobToken)).records).toEqual([]);
  expect((await clientRead(feedNameFor(alice), bobToken)).status).toBe(403);
  expect((await clientRead(feedNameFor(bob), aliceToken)).status).toBe(403);
  // The store itself is readable by no client token.
  const map = await fetch(
    `${backend.emulator.url}/_emulator/sync-client/Services/${backend.seed.syncServiceSid}/Documents/leavePause-paused`,
    { headers: { Authorization: `Bearer ${aliceToken}` } },
  );
  expect(map.status).toBe(403);
});

test('/live-token takes no identity from the body, refuses a bad Flex token and says live: false without a key', async () => {
  const { alice, bob } = backend.seed.workers;
  const claimed = await backend.invoke(
    liveTokenHandler,
    { Token: await backend.tokenFor(alice), Identity: bob, WorkerSid: bob },
    liveEnv,
  );
  // Naming anyone in the body is refused outright (400), not quietly ignored.
  expect(claimed.status).toBe(400);
  expect(claimed.body.error?.code).toBe('unknown_field');
  expect(claimed.body.token).toBeUndefined();
  expect((await backend.invoke(liveTokenHandler, { Token: 'forged' }, liveEnv)).status).toBe(401);
  const without = await liveTokenOf(alice, backend.env);
  expect(without.status).toBe(200);
  expect(without.body).toMatchObject({ live: false });
  expect(without.body.token).toBeUndefined();
});

test('a failed feed write never fails the action, and the next /live-token heals the feed', async () => {
  const { alice } = backend.seed.workers;
  const conversation = await backend.assignedConversation({ workerSid: alice });
  await backend.control('/faults', {
    method: 'POST',
    pathPattern: '/Documents',
    status: 503,
    mode: 'before',
    times: 50,
  });
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect((await pause(conversation)).status).toBe(200);
  expect(errors.mock.calls.flat().join(' ')).toContain('live feed not updated');
  expect(errors.mock.calls.flat().join(' ')).not.toContain(backend.env.AUTH_TOKEN);
  errors.mockRestore();
  await fetch(`${backend.emulator.url}/_emulator/faults`, { method: 'DELETE' });
  const token = (await liveTokenOf(alice)).body.token as string;
  expect((await clientRead(feedNameFor(alice), token)).records?.map((r) => r.taskSid)).toEqual([
    conversation.taskSid,
  ]);
});

test('a feed stays under Sync’s 16 KiB: previews go first, then the latest deadlines, marked truncated', () => {
  const record = (i: number): PauseRecord =>
    ({
      taskSid: `WT${String(i).padStart(32, '0')}`,
      pausedBy: `WK${'0'.repeat(32)}`,
      pausedAt: '2026-12-01T00:00:00Z',
      reassignAt: `2026-12-${String(2 + (i % 20)).padStart(2, '0')}T00:00:00Z`,
      deadlineSource: 'twilio',
      interactionSid: `KD${'0'.repeat(32)}`,
      channelSid: `UO${'0'.repeat(32)}`,
      conversationSid: null,
      taskChannel: 'chat',
      customer: 'A customer',
      lastMessagePreview: 'x'.repeat(400),
    }) as PauseRecord;
  const few = feedDataFor([record(1), record(2)], 'now');
  expect(few.records[0]).toHaveProperty('lastMessagePreview');
  expect(few.truncated).toBeUndefined();
  const some = feedDataFor(
    Array.from({ length: 30 }, (_, i) => record(i)),
    'now',
  );
  expect(some.records).toHaveLength(30);
  expect(some.records[0]).not.toHaveProperty('lastMessagePreview');
  const many = feedDataFor(
    Array.from({ length: 200 }, (_, i) => record(i)),
    'now',
  );
  expect(many.truncated).toBe(true);
  expect(Buffer.byteLength(JSON.stringify(many))).toBeLessThanOrEqual(16 * 1024);
  expect(many.records[0].taskSid).toBe(record(0).taskSid);
});
