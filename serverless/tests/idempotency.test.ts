/**
 * Issue 19: a retry after a time-out is safe. The plugin sends one IdempotencyKey per user action; a repeat of
 * the same request from the same agent gets the first outcome (success or refusal) and acts on nothing, also when
 * it arrives while the first is still running.
 */
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { REQUEST_MAP_NAME } from '../src/lib/idempotency';
import { startBackend, type AssignedConversation, type Backend, type Invocation } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

type Answer = Invocation;

const KEY = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
const OTHER_KEY = '0a1b2c3d-4e5f-4a7b-8c9d-6f1c2d3e4b5a';

function channelUpdates(from: number): number {
  return backend.emulator.requests
    .slice(from)
    .filter((r) => r.method === 'POST' && /\/Interactions\/KD\w+\/Channels\/UO\w+$/.test(r.path)).length;
}

async function pauseWith(c: AssignedConversation, key: string): Promise<Answer> {
  return backend.invoke(
    pauseHandler,
    { ...(await backend.actionEvent(c)), IdempotencyKey: key },
    backend.env,
  );
}

async function resumeWith(c: AssignedConversation, key: string): Promise<Answer> {
  return backend.invoke(
    resumeHandler,
    { Token: await backend.tokenFor(c.workerSid), TaskSid: c.taskSid, IdempotencyKey: key },
    backend.env,
  );
}

describe('a repeated request (same IdempotencyKey) gets the first outcome', () => {
  it('pause, then its repeat: one change of the channel, the same pause answered, marked repeated', async () => {
    const c = await backend.assignedConversation();
    const before = backend.emulator.requests.length;
    const first = await pauseWith(c, KEY);
    expect(first.status).toBe(200);
    await backend.emulator.idle();
    const again = await pauseWith(c, KEY);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      ok: true,
      repeated: true,
      taskSid: c.taskSid,
      pausedAt: first.body.pausedAt,
      reassignAt: first.body.reassignAt,
      alreadyPaused: false,
    });
    expect(channelUpdates(before)).toBe(1);
  });

  it('resume, then its repeat: the repeat is told it resumed (not "no paused conversation")', async () => {
    const c = await backend.assignedConversation();
    expect((await pauseWith(c, KEY)).status).toBe(200);
    await backend.emulator.idle();
    const first = await resumeWith(c, OTHER_KEY);
    expect(first.status).toBe(200);
    await backend.emulator.idle();
    const again = await resumeWith(c, OTHER_KEY);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, repeated: true, state: 'resumed', taskSid: c.taskSid });
    // A new key is a new action: the pause is over, so it is refused as before.
    const fresh = await resumeWith(c, '11111111-2222-4333-8444-555555555555');
    expect(fresh.status).toBe(403);
  });

  it('leave, then its repeat: "left", never "not yours" about the agent\'s own conversation', async () => {
    const c = await backend.assignedConversation();
    const event = { ...(await backend.actionEvent(c)), IdempotencyKey: KEY };
    const first = await backend.invoke(leaveHandler, event, backend.env);
    expect(first.status).toBe(200);
    await backend.emulator.idle();
    const again = await backend.invoke(leaveHandler, event, backend.env);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, repeated: true });
  });

  it('a refusal is repeated as it was: the same status and code', async () => {
    const c = await backend.assignedConversation();
    await backend.invoke(leaveHandler, await backend.actionEvent(c), backend.env);
    await backend.emulator.idle();
    const first = await pauseWith(c, KEY);
    expect(first.status).toBeGreaterThanOrEqual(400);
    const again = await pauseWith(c, KEY);
    expect(again.status).toBe(first.status);
    expect(again.body.error).toEqual(first.body.error);
  });

  it('two copies at once: the channel changes once; the other copy is told it is in progress or repeated', async () => {
    const c = await backend.assignedConversation();
    const before = backend.emulator.requests.length;
    backend.emulator.configure({ latencyMs: 100 });
    const answers = await Promise.all([pauseWith(c, KEY), pauseWith(c, KEY)]);
    backend.emulator.configure({ latencyMs: 0 });
    await backend.emulator.idle();
    expect(channelUpdates(before)).toBe(1);
    const won = answers.filter((a) => a.status === 200 && a.body.repeated !== true);
    expect(won).toHaveLength(1);
    const other = answers.find((a) => a !== won[0]);
    expect(
      other?.status === 409
        ? (other.body.error as { code: string }).code
        : (other?.body as { repeated?: boolean }).repeated,
    ).toEqual(other?.status === 409 ? 'request_in_progress' : true);
  });

  it('the key is kept per agent: another agent sending the same key acts (or is refused) on their own', async () => {
    const c = await backend.assignedConversation();
    expect((await pauseWith(c, KEY)).status).toBe(200);
    const bobs = await backend.assignedConversation({ workerSid: backend.seed.workers.bob });
    const bob = await pauseWith(bobs, KEY);
    expect(bob.status).toBe(200);
    expect(bob.body.repeated).toBeUndefined();
    expect(bob.body.taskSid).toBe(bobs.taskSid);
  });

  it("outcomes are kept in Sync with a bounded lifetime, keyed by the caller's worker", async () => {
    const c = await backend.assignedConversation();
    await pauseWith(c, KEY);
    const items = await backend.client.sync.v1
      .services(backend.env.SYNC_SERVICE_SID)
      .syncMaps(REQUEST_MAP_NAME)
      .syncMapItems.list();
    expect(items.map((item) => item.key)).toEqual([`${c.workerSid}:pause:${KEY}`]);
    expect(items[0].dateExpires).not.toBeNull();
  });

  it('a key that is not a UUID-like token is refused before anything is read', async () => {
    const c = await backend.assignedConversation();
    const answer = await pauseWith(c, 'not a key!');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_field', field: 'IdempotencyKey' });
  });
});
