import { requireOwnTask, type OwnershipRecords } from '../src/lib/channel';
import { startBackend, type AssignedConversation, type Backend } from './harness';
import { post, stateOf, type HttpAnswer } from './support';

/**
 * Ownership that survives transfers and edited attributes (issue 17). An agent acts only through the channel's
 * current agent participant naming their worker and the task, whose reservation — read from TaskRouter, which
 * no agent writes — is theirs and accepted. Each attack is a valid agent's request that Twilio's records must
 * refuse: 403, and every task, reservation, worker, channel, conversation and Sync record byte-for-byte
 * unchanged.
 */
let backend: Backend;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

type Action = 'leave' | 'pause' | 'resume';
const ACTIONS: Action[] = ['leave', 'pause', 'resume'];
type Claim = Pick<AssignedConversation, 'taskSid' | 'interactionSid' | 'channelSid'>;

const alice = () => backend.seed.workers.alice;
const bob = () => backend.seed.workers.bob;
const tr = () => backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
const channelOf = (c: Claim) =>
  backend.client.flexApi.v1.interaction(c.interactionSid).channels(c.channelSid);

async function act(action: Action, workerSid: string, c: Claim): Promise<HttpAnswer> {
  const fields =
    action === 'resume'
      ? { TaskSid: c.taskSid }
      : { TaskSid: c.taskSid, InteractionSid: c.interactionSid, ChannelSid: c.channelSid };
  return post(backend, `/${action}`, { Token: await backend.tokenFor(workerSid), ...fields });
}

/** 403 `forbidden`, and nothing anywhere changed. */
async function expectRefusedUnchanged(action: Action, workerSid: string, c: Claim) {
  await backend.emulator.idle();
  const before = stateOf(backend.emulator);
  const answer = await act(action, workerSid, c);
  await backend.emulator.idle();
  expect({ action, status: answer.status, code: answer.body.error?.code }).toEqual({
    action,
    status: 403,
    code: 'forbidden',
  });
  expect(stateOf(backend.emulator)).toBe(before);
}

async function setAvailable(workerSid: string) {
  await tr().workers(workerSid).update({ activitySid: backend.seed.activities.available });
}

/**
 * Bob's Flex transfers his conversation to Alice as Flex does: an invite on the channel naming her; she
 * accepts. Cold: Flex then closes Bob's participant, which completes his task.
 */
async function transferToAlice(bobs: AssignedConversation, kind: 'cold' | 'warm') {
  await setAvailable(alice());
  await channelOf(bobs).invites.create({
    routing: {
      properties: {
        workspace_sid: backend.seed.workspaceSid,
        workflow_sid: backend.seed.workflowSid,
        task_channel_unique_name: 'chat',
        worker_sid: alice(),
        attributes: { transferTargetType: 'worker' },
      },
    },
  });
  await backend.emulator.idle();
  const [offer] = await tr().workers(alice()).reservations.list({ reservationStatus: 'pending' });
  expect(offer?.workerSid).toBe(alice());
  await tr().workers(alice()).reservations(offer.sid).update({ reservationStatus: 'accepted' });
  await backend.emulator.idle();
  const alices: AssignedConversation = { ...bobs, taskSid: offer.taskSid, workerSid: alice() };
  if (kind === 'cold') await closeParticipantOf(bobs, 'closed');
  return alices;
}

async function closeParticipantOf(c: AssignedConversation, status: 'closed' | 'wrapup') {
  const parts = await channelOf(c).participants.list();
  const part = parts.find((p) => p.type === 'agent' && p.routingProperties?.task_sid === c.taskSid);
  if (!part) throw new Error(`no participant holds ${c.taskSid}`);
  await channelOf(c).participants(part.sid).update({ status });
  await backend.emulator.idle();
}

const assignmentOf = async (taskSid: string) => (await tr().tasks(taskSid).fetch()).assignmentStatus;

describe('after a cold transfer', () => {
  it("the transferred-away agent's Leave, Pause and Resume with his old task: 403, nothing changes", async () => {
    const bobs = await backend.assignedConversation({ workerSid: bob() });
    const alices = await transferToAlice(bobs, 'cold');
    expect(await assignmentOf(bobs.taskSid)).toBe('completed');
    expect(await assignmentOf(alices.taskSid)).toBe('assigned');
    for (const action of ACTIONS) await expectRefusedUnchanged(action, bob(), bobs);
    // Nor through Alice's task, which is not his.
    for (const action of ACTIONS) await expectRefusedUnchanged(action, bob(), alices);

    // Alice, who holds it now, may pause it; Bob still may not touch the paused conversation.
    const paused = await act('pause', alice(), alices);
    expect(paused.status).toBe(200);
    await backend.emulator.idle();
    for (const action of ACTIONS) await expectRefusedUnchanged(action, bob(), bobs);
    const resumed = await act('resume', alice(), alices);
    expect(resumed.status).toBe(200);
  });

  it('the records as Twilio may answer them, without participant status, still refuse him', async () => {
    const bobs = await backend.assignedConversation({ workerSid: bob() });
    const alices = await transferToAlice(bobs, 'cold');
    expect((await act('pause', alice(), alices)).status).toBe(200);
    await backend.emulator.idle();
    // The public read schema has no participant status: take it away and ask again.
    const response = await backend.client.request({
      method: 'get',
      uri: `https://flex-api.twilio.com/v1/Interactions/${bobs.interactionSid}/Channels/${bobs.channelSid}/Participants`,
    });
    const participants = (response.body as { participants: Record<string, unknown>[] }).participants;
    expect(participants.filter((p) => p.status === 'closed')).toHaveLength(1);
    const statusless = participants.map(({ status: _status, ...rest }) => rest);
    const reservations = (await tr().tasks(bobs.taskSid).reservations.list()).map((r) => ({
      sid: r.sid,
      worker_sid: r.workerSid,
      reservation_status: r.reservationStatus,
    }));
    const records: OwnershipRecords = { participants: statusless, reservations };
    const bobAsCaller = { workerSid: bob(), roles: ['agent'], identity: 'bob' };
    expect(() => requireOwnTask(records, bobs.taskSid, bobAsCaller, false)).toThrow(
      expect.objectContaining({ status: 403, code: 'forbidden' }),
    );
  });
});

describe('after a warm transfer', () => {
  it.each(['closed', 'wrapup'] as const)(
    'once the transferring agent left (%s), his Leave, Pause and Resume: 403, nothing changes',
    async (status) => {
      const bobs = await backend.assignedConversation({ workerSid: bob() });
      const alices = await transferToAlice(bobs, 'warm');
      // Both are in the conversation; each acts through their own task only.
      expect(await assignmentOf(bobs.taskSid)).toBe('assigned');
      await expectRefusedUnchanged('pause', bob(), alices);
      await expectRefusedUnchanged('pause', alice(), bobs);
      await closeParticipantOf(bobs, status);
      expect(await assignmentOf(bobs.taskSid)).toBe(status === 'closed' ? 'completed' : 'wrapping');
      for (const action of ACTIONS) await expectRefusedUnchanged(action, bob(), bobs);
      expect((await act('leave', alice(), alices)).status).toBe(200);
    },
  );
});

describe('a task of another channel', () => {
  it("an agent's own live voice task naming her own chat channel: 403, nothing changes", async () => {
    const chat = await backend.assignedConversation({ workerSid: alice() });
    // Her voice call, whose attributes (hers to edit) name her chat.
    const voice = await tr().tasks.create({
      workflowSid: backend.seed.workflowSid,
      taskChannel: 'voice',
      attributes: JSON.stringify({
        conversationSid: chat.conversationSid,
        flexInteractionSid: chat.interactionSid,
        flexInteractionChannelSid: chat.channelSid,
      }),
    });
    await backend.emulator.idle();
    const [offer] = await tr().tasks(voice.sid).reservations.list({ reservationStatus: 'pending' });
    expect(offer?.workerSid).toBe(alice());
    await tr().tasks(voice.sid).reservations(offer.sid).update({ reservationStatus: 'accepted' });
    await backend.emulator.idle();
    for (const action of ['leave', 'pause'] as const) {
      await expectRefusedUnchanged(action, alice(), { ...chat, taskSid: voice.sid });
    }
    expect((await channelOf(chat).fetch()).status).toBe('active');
  });

  it('a made-up TaskSid in the caller own channel: 403, nothing changes', async () => {
    const chat = await backend.assignedConversation({ workerSid: alice() });
    for (const action of ['leave', 'pause'] as const) {
      await expectRefusedUnchanged(action, alice(), { ...chat, taskSid: `WT${'e'.repeat(32)}` });
    }
  });
});

describe('attributes edited before accepting', () => {
  it("do not join the agent to another agent's channel, and the Functions refuse him", async () => {
    const alices = await backend.assignedConversation({ workerSid: alice() });
    const bobs = await backend.assignedConversation({ workerSid: bob(), accept: false });
    const task = await tr().tasks(bobs.taskSid).fetch();
    await tr()
      .tasks(bobs.taskSid)
      .update({
        attributes: JSON.stringify({
          ...JSON.parse(task.attributes),
          conversationSid: alices.conversationSid,
          flexInteractionSid: alices.interactionSid,
          flexInteractionChannelSid: alices.channelSid,
        }),
      });
    const [offer] = await tr().tasks(bobs.taskSid).reservations.list({ reservationStatus: 'pending' });
    await tr().tasks(bobs.taskSid).reservations(offer.sid).update({ reservationStatus: 'accepted' });
    await backend.emulator.idle();

    const agents = (await channelOf(alices).participants.list()).filter((p) => p.type === 'agent');
    expect(agents.map((p) => p.routingProperties?.worker_sid)).toEqual([alice()]);
    const readers = await backend.client.conversations.v1
      .conversations(alices.conversationSid)
      .participants.list();
    expect(readers.map((p) => p.identity)).not.toContain('bob');

    const claim = { ...alices, taskSid: bobs.taskSid };
    for (const action of ACTIONS) await expectRefusedUnchanged(action, bob(), claim);
    // Bob's own conversation is still his to act on.
    expect((await act('leave', bob(), bobs)).status).toBe(200);
  });
});

describe("the same agent's own pause stays idempotent", () => {
  it("a conversation paused by Flex's own Pause: 200 alreadyPaused for her, 403 for anyone else", async () => {
    const chat = await backend.assignedConversation({ workerSid: alice() });
    // Flex's own Pause, straight to Twilio: the task is completed, Alice stays a participant.
    await backend.client.request({
      method: 'post',
      uri: `https://flex-api.twilio.com/v1/Interactions/${chat.interactionSid}/Channels/${chat.channelSid}`,
      data: { Status: 'pause', Routing: JSON.stringify({ status: 'closed' }) },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await backend.emulator.idle();
    expect(await assignmentOf(chat.taskSid)).toBe('completed');
    await expectRefusedUnchanged('pause', bob(), chat);
    const answer = await act('pause', alice(), chat);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      alreadyPaused: true,
      pausedBy: alice(),
      channelSid: chat.channelSid,
    });
    // Leave is refused about her own pause only.
    const leave = await act('leave', alice(), chat);
    expect({ status: leave.status, code: leave.body.error?.code }).toEqual({
      status: 409,
      code: 'task_wrong_state',
    });
  });
});
