import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { stateOf } from './support';

/**
 * Authorization rests only on what an agent cannot write: the validated token (who calls), the channel's
 * participants' routing properties (which task and worker a channel belongs to) and the server-owned Sync
 * record (who paused). Each attack class of issue 10 is tried by Bob, a valid agent who controls his own
 * request body and his own task attributes (the plugin sends KD/UO from them), against Alice's work.
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const HANDLERS = { leave: leaveHandler, pause: pauseHandler };

async function bobToken() {
  return backend.tokenFor(backend.seed.workers.bob);
}

/** Alice holds a conversation; Bob holds another one, whose attributes he may have edited. */
async function aliceAndBob() {
  const alice = await backend.assignedConversation();
  const bob = await backend.assignedConversation({ workerSid: backend.seed.workers.bob });
  return { alice, bob };
}

function event(token: string, taskSid: string, channel: AssignedConversation) {
  return {
    Token: token,
    TaskSid: taskSid,
    InteractionSid: channel.interactionSid,
    ChannelSid: channel.channelSid,
  };
}

async function expectRefusedUnchanged(
  run: () => Promise<{ status: number; body: { error?: { code: string } } }>,
) {
  const before = stateOf(backend.emulator);
  const result = await run();
  expect([403, 409]).toContain(result.status);
  expect(['forbidden', 'task_wrong_state']).toContain(result.body.error?.code);
  expect(stateOf(backend.emulator)).toBe(before);
  return result;
}

describe("leaving another agent's conversation", () => {
  it.each(['leave', 'pause'] as const)(
    "%s with Alice's task and channel: 403, nothing changes",
    async (action) => {
      const { alice } = await aliceAndBob();
      const result = await expectRefusedUnchanged(async () =>
        backend.invoke(HANDLERS[action], event(await bobToken(), alice.taskSid, alice), backend.env),
      );
      expect(result.status).toBe(403);
    },
  );

  it.each(['leave', 'pause'] as const)(
    "%s with Bob's own task but Alice's channel (edited attributes): 403, nothing changes",
    async (action) => {
      const { alice, bob } = await aliceAndBob();
      const result = await expectRefusedUnchanged(async () =>
        backend.invoke(HANDLERS[action], event(await bobToken(), bob.taskSid, alice), backend.env),
      );
      expect(result.status).toBe(403);
    },
  );

  it("the answer does not reveal the state of Alice's task: the same 403 as for a channel that does not exist", async () => {
    const { alice } = await aliceAndBob();
    const theirs = await backend.invoke(
      leaveHandler,
      event(await bobToken(), alice.taskSid, alice),
      backend.env,
    );
    const none = await backend.invoke(
      leaveHandler,
      event(await bobToken(), alice.taskSid, {
        ...alice,
        interactionSid: 'KD' + 'f'.repeat(32),
        channelSid: 'UO' + 'f'.repeat(32),
      }),
      backend.env,
    );
    expect(theirs.status).toBe(403);
    expect(none.status).toBe(403);
    expect(theirs.body.error).toEqual(none.body.error);
  });
});

describe('taking a conversation over through Resume', () => {
  it("Bob resuming Alice's paused task: 403, still paused for Alice", async () => {
    const { alice } = await aliceAndBob();
    expect((await backend.invoke(pauseHandler, await backend.actionEvent(alice), backend.env)).status).toBe(
      200,
    );
    const result = await expectRefusedUnchanged(async () =>
      backend.invoke(resumeHandler, { Token: await bobToken(), TaskSid: alice.taskSid }, backend.env),
    );
    expect(result.status).toBe(403);
    const list = await backend.invoke(pausedHandler, { Token: await bobToken() }, backend.env);
    expect(list.body.paused).toEqual([]);
  });
});

describe("canceling another customer's task", () => {
  it("Bob naming a waiting customer's channel, with his task or with theirs: 403, their task still waits", async () => {
    const bob = await backend.assignedConversation({ workerSid: backend.seed.workers.bob });
    // Nobody is available: Casey's conversation waits in the queue with a pending task.
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(backend.seed.workers.bob)
      .update({ activitySid: backend.seed.activities.offline });
    const waiting = await backend.emulator.customer.start({ channelType: 'sms', body: 'Anyone there?' });
    await backend.emulator.idle();
    const casey = { ...waiting, workerSid: '' } as unknown as AssignedConversation;
    for (const taskSid of [bob.taskSid, waiting.taskSid]) {
      for (const handler of [leaveHandler, pauseHandler]) {
        const result = await expectRefusedUnchanged(async () =>
          backend.invoke(handler, event(await bobToken(), taskSid, casey), backend.env),
        );
        expect(result.status).toBe(403);
      }
    }
    const task = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(waiting.taskSid)
      .fetch();
    expect(task.assignmentStatus).toBe('pending');
  });
});

describe("canceling another agent's pause", () => {
  it("Bob leaving, pausing or resuming Alice's paused conversation: 403, the pause and its record stay", async () => {
    const { alice } = await aliceAndBob();
    await backend.invoke(pauseHandler, await backend.actionEvent(alice), backend.env);
    const token = await bobToken();
    for (const run of [
      () => backend.invoke(leaveHandler, event(token, alice.taskSid, alice), backend.env),
      () => backend.invoke(pauseHandler, event(token, alice.taskSid, alice), backend.env),
      () => backend.invoke(resumeHandler, { Token: token, TaskSid: alice.taskSid }, backend.env),
    ]) {
      const result = await expectRefusedUnchanged(run);
      expect(result.status).toBe(403);
    }
    const list = await backend.invoke(
      pausedHandler,
      { Token: await backend.tokenFor(alice.workerSid) },
      backend.env,
    );
    expect(list.body.paused).toEqual([expect.objectContaining({ taskSid: alice.taskSid })]);
  });
});

describe('who calls', () => {
  it.each([
    ['leave', leaveHandler],
    ['pause', pauseHandler],
  ] as const)('%s with a forged token: 401, nothing changes', async (_name, handler) => {
    const conversation = await backend.assignedConversation();
    const before = stateOf(backend.emulator);
    const result = await backend.invoke(
      handler,
      event('forged.token.value', conversation.taskSid, conversation),
      backend.env,
    );
    expect(result.status).toBe(401);
    expect(result.body.error?.code).toBe('unauthorized');
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a supervisor may act for the agent only where leavePause.supervisorsMayAct is true', async () => {
    const conversation = await backend.assignedConversation();
    const supervisor = await backend.tokenFor(backend.seed.workers.bob, ['agent', 'supervisor']);
    const refused = await backend.invoke(
      pauseHandler,
      event(supervisor, conversation.taskSid, conversation),
      backend.env,
    );
    expect(refused.status).toBe(403);
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    const allowed = await backend.invoke(
      pauseHandler,
      event(supervisor, conversation.taskSid, conversation),
      backend.env,
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({
      pausedBy: conversation.workerSid,
      actedBy: backend.seed.workers.bob,
    });
  });
});
