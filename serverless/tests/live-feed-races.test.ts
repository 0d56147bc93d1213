import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { feedNameFor } from '../src/lib/live-feed';
import { PAUSE_MAP_NAME, type PauseRecord } from '../src/lib/pause-store';
import { expectConsole } from '../../tests/console-guard';
import { startBackend, type AssignedConversation, type Backend } from './harness';

/**
 * Issue 18 part 2, concurrent changes: two Functions changing one agent's records at once each write the
 * agent's feed. The feed must end up equal to the records whatever the interleaving (PauseStore.announceChange:
 * a write conditioned on the feed's revision, re-read and retried when another writer came first).
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const byTask = (records: PauseRecord[]) => [...records].sort((a, b) => a.taskSid.localeCompare(b.taskSid));

/** The agent's records as the map holds them (read directly, not through the code under test). */
async function recordsOf(workerSid: string): Promise<PauseRecord[]> {
  const items = await backend.client.sync.v1
    .services(backend.seed.syncServiceSid)
    .syncMaps(PAUSE_MAP_NAME)
    .syncMapItems.list();
  return byTask(
    items.filter((item) => item.key.startsWith(`${workerSid}:`)).map((item) => item.data as PauseRecord),
  );
}

async function feedOf(workerSid: string): Promise<PauseRecord[]> {
  const doc = await backend.client.sync.v1
    .services(backend.seed.syncServiceSid)
    .documents(feedNameFor(workerSid))
    .fetch();
  return byTask((doc.data as { records: PauseRecord[] }).records);
}

/** Chat capacity enough for every conversation a test assigns, Resume's new tasks included. */
async function roomFor(workerSid: string) {
  await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .workers(workerSid)
    .workerChannels('chat')
    .update({ capacity: 50 });
}

async function pause(conversation: AssignedConversation) {
  return backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
}

async function resume(conversation: AssignedConversation) {
  const token = await backend.tokenFor(conversation.workerSid);
  return backend.invoke(resumeHandler, { Token: token, TaskSid: conversation.taskSid }, backend.env);
}

/**
 * Every Twilio answer is held a random 0–40 ms (the emulator's latency, made uneven), so the three Functions'
 * reads and writes interleave differently in every round.
 */
async function withUnevenLatency<T>(run: () => Promise<T>): Promise<T> {
  const evenDelay = backend.emulator.delay;
  backend.emulator.delay = (ms) => evenDelay(Math.random() * ms);
  backend.emulator.configure({ latencyMs: 40 });
  try {
    return await run();
  } finally {
    backend.emulator.configure({ latencyMs: 0 });
    backend.emulator.delay = evenDelay;
  }
}

test('two Pauses and a Resume racing for one agent: the feed equals the records afterwards, every round', async () => {
  const { alice } = backend.seed.workers;
  // Room for two new conversations a round besides the ones Resume gives back.
  await roomFor(alice);
  let toResume = await backend.assignedConversation({ workerSid: alice });
  expect((await pause(toResume)).status).toBe(200);
  const kept: string[] = [];
  for (let round = 0; round < 12; round++) {
    const first = await backend.assignedConversation({ workerSid: alice });
    const second = await backend.assignedConversation({ workerSid: alice });
    const answers = await withUnevenLatency(() =>
      Promise.all([pause(first), pause(second), resume(toResume)]),
    );
    expect(answers.map((answer) => [answer.status, answer.body.ok])).toEqual([
      [200, true],
      [200, true],
      [200, true],
    ]);
    kept.push(second.taskSid);
    const records = await recordsOf(alice);
    expect(records.map((record) => record.taskSid).sort()).toEqual([...kept, first.taskSid].sort());
    // The whole records, not only which tasks: what the feed shows is what the map holds.
    expect(await feedOf(alice)).toEqual(records);
    toResume = first;
  }
}, 120_000);

test('a Pause and a Resume racing on the same agent’s list with their answers held: still the records', async () => {
  const { alice } = backend.seed.workers;
  await roomFor(alice);
  for (let round = 0; round < 6; round++) {
    const paused = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(paused)).status).toBe(200);
    const fresh = await backend.assignedConversation({ workerSid: alice });
    // The Pause's record write is held until after the Resume has written the feed: the Pause's feed write
    // then comes last, from records it read before the Resume's delete (a stale list, were it written as is).
    const held = backend.emulator.faults.add({
      method: 'POST',
      pathPattern: '/Maps/leavePause-paused/Items$',
      status: 503,
      mode: round % 2 === 0 ? 'before' : 'after',
      times: 1,
    });
    const answers = await withUnevenLatency(() => Promise.all([pause(fresh), resume(paused)]));
    expect(held.remaining).toBe(0);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const records = await recordsOf(alice);
    expect(records.map((record) => record.taskSid)).toContain(fresh.taskSid);
    expect(records.map((record) => record.taskSid)).not.toContain(paused.taskSid);
    expect(await feedOf(alice)).toEqual(records);
  }
}, 120_000);

describe('a feed write that is lost never fails the action', () => {
  test('every write refused by Twilio: the answer stays ok, the log names the call and no secret, the next change heals', async () => {
    const { alice } = backend.seed.workers;
    await roomFor(alice);
    const first = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(first)).status).toBe(200);
    const token = await backend.tokenFor(alice);
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Documents/${feedNameFor(alice)}$`,
      status: 503,
      times: 50,
    });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const resumed = await backend.invoke(
      resumeHandler,
      { Token: token, TaskSid: first.taskSid },
      backend.env,
    );
    const logged = errors.mock.calls.flat().join('\n');
    errors.mockRestore();
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ ok: true, state: 'resumed' });
    expect(logged).toMatch(
      new RegExp(
        `^leave-pause: live feed not updated: POST /v1/Services/IS[0-9a-f]{32}/Documents/${feedNameFor(alice)}: HTTP 503`,
        'm',
      ),
    );
    for (const secret of [backend.env.AUTH_TOKEN, token, 'Basic ', 'Authorization']) {
      expect(logged).not.toContain(secret);
    }
    // Lost: the feed still shows the ended pause, until the agent's next change.
    expect((await feedOf(alice)).map((record) => record.taskSid)).toEqual([first.taskSid]);
    backend.emulator.faults.clear();
    await backend.emulator.idle();
    const second = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(second)).status).toBe(200);
    expect(await feedOf(alice)).toEqual(await recordsOf(alice));
    expect((await feedOf(alice)).map((record) => record.taskSid)).toEqual([second.taskSid]);
  });

  test('a write whose answer is lost (it took effect): the transport’s retry loses to it, the feed is read and written again, nothing logged', async () => {
    const { alice } = backend.seed.workers;
    const first = await backend.assignedConversation({ workerSid: alice });
    expect((await pause(first)).status).toBe(200);
    const before = backend.emulator.requests.length;
    // Held past the client's 1 s timeout (the harness's TWILIO_REQUEST_TIMEOUT_MS): the update is made, its
    // answer never arrives, and the transport sends it again with the same If-Match.
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Documents/${feedNameFor(alice)}$`,
      mode: 'timeout',
      holdMs: 1500,
      times: 1,
    });
    const resumed = await resume(first);
    expect(resumed.status).toBe(200);
    const feedWrites = backend.emulator.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.endsWith(`/Documents/${feedNameFor(alice)}`))
      .map((r) => r.status);
    // The first answer never came (the emulator logs no status for it); its retry found the revision moved.
    expect(feedWrites).toHaveLength(3);
    expect(feedWrites.slice(1)).toEqual([412, 200]);
    expect(await feedOf(alice)).toEqual(await recordsOf(alice));
    expect(await feedOf(alice)).toEqual([]);
  }, 20_000);
});

test('Resume keeps its outcome beside the feed’s write; if the record then cannot be deleted, a repeat acts again and deletes it', async () => {
  const { alice } = backend.seed.workers;
  const conversation = await backend.assignedConversation({ workerSid: alice });
  expect((await pause(conversation)).status).toBe(200);
  const token = await backend.tokenFor(alice);
  const fields = {
    Token: token,
    TaskSid: conversation.taskSid,
    IdempotencyKey: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  };
  backend.emulator.faults.add({
    method: 'DELETE',
    pathPattern: `/Items/${alice}:${conversation.taskSid}$`,
    status: 503,
    times: 100,
  });
  expectConsole('error', /^leave-pause: test failed: DELETE \/v1\/Services\/.*: HTTP 503/);
  const first = await backend.invoke(resumeHandler, fields, backend.env);
  expect(first.status).toBe(502);
  backend.emulator.faults.clear();
  // The channel is active again but the record stayed: the feed shows what the map holds.
  expect(await feedOf(alice)).toEqual(await recordsOf(alice));
  const again = await backend.invoke(resumeHandler, fields, backend.env);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ ok: true, state: 'resumed', alreadyResumed: true });
  expect(again.body.repeated).toBeUndefined();
  expect(await recordsOf(alice)).toEqual([]);
  expect(await feedOf(alice)).toEqual([]);
});

test('another writer coming first every time: 3 tries, then the action answers as ever (the last winner read after this change)', async () => {
  const { alice } = backend.seed.workers;
  const conversation = await backend.assignedConversation({ workerSid: alice });
  expect((await pause(conversation)).status).toBe(200);
  // Stands for a writer landing just before each of ours: the document's revision moves before every
  // conditional update is checked, so each one is refused (412) as Sync would refuse it.
  const documents = backend.emulator.syncDocuments;
  const update = documents.updateDocument.bind(documents);
  const spy = jest
    .spyOn(documents, 'updateDocument')
    .mockImplementation((serviceRef, ref, params, ifMatch) => {
      if (ifMatch) documents.document(serviceRef, ref).revision++;
      return update(serviceRef, ref, params, ifMatch);
    });
  const before = backend.emulator.requests.length;
  try {
    const resumed = await resume(conversation);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ ok: true, state: 'resumed' });
  } finally {
    spy.mockRestore();
  }
  const feedCalls = backend.emulator.requests
    .slice(before)
    .filter((r) => r.path.split('?')[0].endsWith(`/Documents/${feedNameFor(alice)}`))
    .map((r) => `${r.method} ${r.status}`);
  // The revision read beside the record's, then three tries, each after a fresh read of the revision.
  expect(feedCalls).toEqual(['GET 200', 'POST 412', 'GET 200', 'POST 412', 'GET 200', 'POST 412']);
});
