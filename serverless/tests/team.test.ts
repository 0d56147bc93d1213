import { RETURN_TO_QUEUE_LINE } from '../../src/config';
import { PAUSE_MAP_NAME } from '../src/lib/pause-store';
import { TEAM_ACTIONS_MAP_NAME } from '../src/lib/team';
import { allowConsole } from '../../tests/console-guard';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { post, stateOf } from './support';

/**
 * The supervisor's team view (issue 18 part 4), over HTTP through the Functions host, against the emulator
 * through the real twilio client: who may list and act, what a list holds, and what each action leaves behind.
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

/** What `npm run configure -- --live-report` stamps when the live check's line held. */
const RETURN_ON = {
  enabled: true,
  evidence: { liveCheck: RETURN_TO_QUEUE_LINE, runId: 'a1b2c3d4', checkedAt: '2026-12-04T17:00:00.000Z' },
};

async function pauseAs(c: AssignedConversation) {
  const answer = await post(backend, '/pause', await backend.actionEvent(c));
  expect(answer.status).toBe(200);
  return answer.body;
}

async function channelStatus(c: AssignedConversation): Promise<string> {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}`,
  });
  return (response.body as { status: string }).status;
}

async function tasksOf(conversationSid: string) {
  const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  return tasks.filter((task) => JSON.parse(task.attributes).conversationSid === conversationSid);
}

async function records() {
  return backend.client.sync.v1
    .services(backend.seed.syncServiceSid)
    .syncMaps(PAUSE_MAP_NAME)
    .syncMapItems.list();
}

async function teamActions() {
  try {
    return await backend.client.sync.v1
      .services(backend.seed.syncServiceSid)
      .syncMaps(TEAM_ACTIONS_MAP_NAME)
      .syncMapItems.list();
  } catch {
    return [];
  }
}

const supervisorToken = () => backend.tokenFor(backend.seed.workers.sam, ['supervisor']);

type Row = {
  taskSid: string;
  pausedBy: string;
  agentName: string;
  customer: string;
  taskChannel: string;
  queueSid?: string;
  queueName?: string;
  reassignAt: string;
  deadlineSource: string;
};

describe('POST /team-paused', () => {
  it("lists every agent's paused conversations for a supervisor: agent (SID and TaskRouter name), customer, channel, queue, deadline", async () => {
    const a = await backend.assignedConversation({ workerSid: backend.seed.workers.alice });
    await pauseAs(a);
    const b = await backend.assignedConversation({ workerSid: backend.seed.workers.bob });
    await pauseAs(b);

    const answer = await post(backend, '/team-paused', { Token: await supervisorToken() });
    expect(answer.status).toBe(200);
    const rows = answer.body.paused as Row[];
    expect(rows.map((row) => [row.taskSid, row.pausedBy, row.agentName]).sort()).toEqual(
      [
        [a.taskSid, backend.seed.workers.alice, 'Alice Agent'],
        [b.taskSid, backend.seed.workers.bob, 'Bob Agent'],
      ].sort(),
    );
    for (const row of rows) {
      expect(row).toMatchObject({
        customer: 'Casey Customer',
        taskChannel: 'chat',
        queueSid: backend.seed.queueSid,
        deadlineSource: 'twilio',
      });
      expect(typeof row.queueName).toBe('string');
      expect(Date.parse(row.reassignAt)).toBeGreaterThan(Date.now());
    }
    expect(answer.body.actions).toEqual({ resumeForAgent: false, returnToQueue: false });
    expect(answer.body.returnToQueueHidden).toMatch(/npm run doctor -- --live/);
  });

  it('an admin sees the list too; it reads every page of the pause records (250 records)', async () => {
    const c = await backend.assignedConversation();
    const paused = (await pauseAs(c)) as unknown as Row & Record<string, unknown>;
    const map = backend.client.sync.v1.services(backend.seed.syncServiceSid).syncMaps(PAUSE_MAP_NAME);
    const template = { ...paused } as Record<string, unknown>;
    delete template.ok;
    delete template.serverTime;
    delete template.state;
    delete template.alreadyPaused;
    // Records as the Functions write them, for made-up tasks of the paused agent: 250 keys, three pages.
    for (let i = 0; i < 249; i++) {
      const taskSid = `WT${i.toString(16).padStart(32, '0')}`;
      await map.syncMapItems.create({
        key: `${c.workerSid}:${taskSid}`,
        data: { ...template, taskSid },
        itemTtl: 3600,
      });
    }
    const answer = await post(backend, '/team-paused', {
      Token: await backend.tokenFor(backend.seed.workers.sam, ['admin']),
    });
    expect(answer.status).toBe(200);
    const rows = answer.body.paused as Row[];
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((row) => row.taskSid)).size).toBe(250);
  });

  it('an agent (no supervisor or admin role) gets 403, and nothing is read beyond the token check', async () => {
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const before = stateOf(backend.emulator);
    const mark = backend.emulator.requests.length;
    const answer = await post(backend, '/team-paused', {
      Token: await backend.tokenFor(backend.seed.workers.bob, ['agent']),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('forbidden');
    expect(answer.body.paused).toBeUndefined();
    const calls = backend.emulator.requests.slice(mark).map((r) => `${r.method} ${r.host} ${r.path}`);
    expect(calls).toEqual([expect.stringMatching(/^POST iam .*\/Tokens\/validate$/)]);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a role in the body is no role: an agent sending Roles is refused as an unknown field', async () => {
    const answer = await post(backend, '/team-paused', {
      Token: await backend.tokenFor(backend.seed.workers.bob, ['agent']),
      Roles: ['supervisor'],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('unknown_field');
  });
});

describe('the team actions are refused to agents (403, nothing changed)', () => {
  it.each(['/team-resume', '/team-return'])('%s by an agent', async (route) => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true, returnToQueue: RETURN_ON });
    await backend.control('/settings', { invitesWhilePaused: 'routed' });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const before = stateOf(backend.emulator);
    const mark = backend.emulator.requests.length;
    const answer = await post(backend, route, {
      Token: await backend.tokenFor(backend.seed.workers.bob, ['agent']),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('forbidden');
    expect(backend.emulator.requests.slice(mark).map((r) => r.host)).toEqual(['iam']);
    expect(stateOf(backend.emulator)).toBe(before);
    expect(await channelStatus(c)).toBe('pause');
  });

  it('the pausing agent cannot use them on their own pause either', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true, returnToQueue: RETURN_ON });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const before = stateOf(backend.emulator);
    const answer = await post(backend, '/team-return', {
      Token: await backend.tokenFor(c.workerSid, ['agent']),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(403);
    expect(stateOf(backend.emulator)).toBe(before);
  });
});

describe('POST /team-resume: Resume for the agent', () => {
  it('with supervisorsMayAct on: the channel resumes, the new task goes to the agent who paused, the record goes, the action is recorded (who, when)', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    const c = await backend.assignedConversation({ workerSid: backend.seed.workers.alice });
    await pauseAs(c);
    const answer = await post(backend, '/team-resume', {
      Token: await supervisorToken(),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'resumed', agent: backend.seed.workers.alice });
    await backend.emulator.idle();
    expect(await channelStatus(c)).toBe('active');
    const fresh = (await tasksOf(c.conversationSid)).filter((task) => task.sid !== c.taskSid);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].assignmentStatus).toBe('assigned');
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(fresh[0].sid)
      .reservations.list();
    expect(reservations.map((r) => [r.workerSid, r.reservationStatus])).toEqual([
      [backend.seed.workers.alice, 'accepted'],
    ]);
    expect(await records()).toHaveLength(0);
    const audit = await teamActions();
    expect(audit.map((item) => item.data)).toEqual([
      expect.objectContaining({
        action: 'resume-for-agent',
        taskSid: c.taskSid,
        agent: backend.seed.workers.alice,
        by: backend.seed.workers.sam,
        at: expect.any(String),
      }),
    ]);
    // The agent's own list no longer has it.
    const own = await post(backend, '/paused', { Token: await backend.tokenFor(c.workerSid) });
    expect(own.body.paused).toEqual([]);
  });

  it('with supervisorsMayAct off: refused (409 feature_off), nothing changed', async () => {
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const before = stateOf(backend.emulator);
    const answer = await post(backend, '/team-resume', {
      Token: await supervisorToken(),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('feature_off');
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a record of another agent named with the wrong worker is not found (409 not_paused), nothing changed', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const before = stateOf(backend.emulator);
    const answer = await post(backend, '/team-resume', {
      Token: await supervisorToken(),
      TaskSid: c.taskSid,
      WorkerSid: backend.seed.workers.bob,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('not_paused');
    expect(stateOf(backend.emulator)).toBe(before);
  });
});

describe('POST /team-return: Return to the queue now', () => {
  it('on, where Twilio routes an invite on a paused channel: the record goes, the conversation is a task in its queue again', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, returnToQueue: RETURN_ON });
    await backend.control('/settings', { invitesWhilePaused: 'routed' });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    // Nobody available: the returned task waits in the queue, where the test can see it.
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(c.workerSid)
      .update({ activitySid: backend.seed.activities.offline });
    const list = await post(backend, '/team-paused', { Token: await supervisorToken() });
    expect(list.body.actions).toEqual({ resumeForAgent: false, returnToQueue: true });
    expect(list.body.returnToQueueHidden).toBeNull();

    const answer = await post(backend, '/team-return', {
      Token: await supervisorToken(),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'returned', agent: c.workerSid });
    await backend.emulator.idle();
    expect(await channelStatus(c)).toBe('active');
    expect(await records()).toHaveLength(0);
    const fresh = (await tasksOf(c.conversationSid)).filter((task) => task.sid !== c.taskSid);
    expect(fresh.map((task) => [task.assignmentStatus, task.taskQueueSid, task.workflowSid])).toEqual([
      ['pending', backend.seed.queueSid, backend.seed.workflowSid],
    ]);
    const audit = (await teamActions()).map((item) => item.data as Record<string, unknown>);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'return-to-queue',
        by: backend.seed.workers.sam,
        agent: c.workerSid,
        newTaskSid: fresh[0].sid,
      }),
    ]);
    // The pausing agent is out of the conversation: Twilio ended the pause as at the limit.
    const participants = await backend.client.flexApi.v1
      .interaction(c.interactionSid)
      .channels(c.channelSid)
      .participants.list();
    expect(participants.filter((p) => p.type === 'agent')).toEqual([]);
    const list2 = await post(backend, '/team-paused', { Token: await supervisorToken() });
    expect(list2.body.paused).toEqual([]);
  });

  it('turned on by hand without the live-check evidence: refused (409 feature_off), hidden, nothing changed', async () => {
    allowConsole('error', /returnToQueue\.enabled is true without the evidence of a live check/);
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, returnToQueue: { enabled: true } });
    await backend.control('/settings', { invitesWhilePaused: 'routed' });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const list = await post(backend, '/team-paused', { Token: await supervisorToken() });
    expect(list.body.actions).toMatchObject({ returnToQueue: false });
    const before = stateOf(backend.emulator);
    const answer = await post(backend, '/team-return', {
      Token: await supervisorToken(),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('feature_off');
    expect(answer.body.error?.message).toMatch(/npm run configure/);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('on, but Twilio refuses the invite on a paused channel: 409, the conversation stays paused with its record, nothing recorded', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, returnToQueue: RETURN_ON });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const answer = await post(backend, '/team-return', {
      Token: await supervisorToken(),
      TaskSid: c.taskSid,
      WorkerSid: c.workerSid,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('task_wrong_state');
    expect(await channelStatus(c)).toBe('pause');
    expect(await records()).toHaveLength(1);
    expect(await teamActions()).toEqual([]);
  });
});
