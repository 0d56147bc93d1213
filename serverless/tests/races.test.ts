import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';

/**
 * Any two of Leave, Pause, Resume and the time limit racing on one conversation leave exactly one outcome, and
 * each caller's answer agrees with it. Twilio's channel state machine refuses the loser's change; the Functions
 * read the state back and say which action won.
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function channelStatus(conversation: AssignedConversation) {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${conversation.interactionSid}/Channels/${conversation.channelSid}`,
  });
  return (response.body as { status: string }).status;
}

async function liveTasks(conversationSid: string) {
  const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  return tasks.filter(
    (task) =>
      JSON.parse(task.attributes).conversationSid === conversationSid &&
      ['pending', 'reserved', 'assigned', 'wrapping'].includes(task.assignmentStatus),
  );
}

async function pausedCount(workerSid: string) {
  const list = await backend.invoke(pausedHandler, { Token: await backend.tokenFor(workerSid) }, backend.env);
  return (list.body.paused as unknown[]).length;
}

it('Pause racing Leave: one wins, the other is told which, and no orphan record remains', async () => {
  for (let round = 0; round < 4; round++) {
    const conversation = await backend.assignedConversation();
    const event = await backend.actionEvent(conversation);
    const runs = [
      backend.invoke(pauseHandler, event, backend.env),
      backend.invoke(leaveHandler, event, backend.env),
    ];
    // Alternate who starts first, so both interleavings are exercised.
    const [paused, left] =
      round % 2 === 0 ? await Promise.all(runs) : (await Promise.all(runs.reverse())).reverse();
    const status = await channelStatus(conversation);
    expect([paused.status, left.status].sort()).toEqual([200, 409]);
    if (paused.status === 200) {
      expect(status).toBe('pause');
      expect(left.body.error?.message).toMatch(/paused/);
    } else {
      expect(status).toBe('inactive');
      expect(paused.body.error?.message).toMatch(/left/);
    }
    expect(await liveTasks(conversation.conversationSid)).toEqual([]);
  }
  // Every pause that won has its record; none that lost left one behind.
  expect(await pausedCount(backend.seed.workers.alice)).toBe(
    (await backend.emulator.snapshot()).interactions.filter((i) =>
      JSON.stringify(i).includes('"status":"pause"'),
    ).length,
  );
});

it('Leave during a Resume does not kill the resumed task', async () => {
  const conversation = await backend.assignedConversation();
  await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  const token = await backend.tokenFor(conversation.workerSid);
  const [resumed, left] = await Promise.all([
    backend.invoke(resumeHandler, { Token: token, TaskSid: conversation.taskSid }, backend.env),
    backend.invoke(leaveHandler, await backend.actionEvent(conversation, token), backend.env),
  ]);
  expect(resumed.status).toBe(200);
  expect(left.status).toBe(409);
  await backend.emulator.idle();
  expect(await channelStatus(conversation)).toBe('active');
  const live = await liveTasks(conversation.conversationSid);
  expect(live).toHaveLength(1);
  expect(live[0].assignmentStatus).toBe('assigned');
});

it('Resume racing the time limit: one new task; Resume says truthfully whether it won', async () => {
  const conversation = await backend.assignedConversation();
  const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .workers(backend.seed.workers.bob)
    .update({ activitySid: backend.seed.activities.available });
  const token = await backend.tokenFor(conversation.workerSid);
  const [resumed] = await Promise.all([
    backend.invoke(resumeHandler, { Token: token, TaskSid: conversation.taskSid }, backend.env),
    backend.emulator.clock.advanceTo(new Date(String(paused.body.reassignAt))),
  ]);
  await backend.emulator.idle();
  expect(await channelStatus(conversation)).toBe('active');
  const live = await liveTasks(conversation.conversationSid);
  expect(live).toHaveLength(1);
  const reservations = await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .tasks(live[0].sid)
    .reservations.list();
  const holder = reservations.find((r) => ['accepted', 'pending'].includes(r.reservationStatus))?.workerSid;
  if (resumed.status === 200) expect(holder).toBe(conversation.workerSid);
  else {
    expect(resumed.body.error?.code).toBe('not_paused');
    expect(holder).toBe(backend.seed.workers.bob);
  }
  expect(await pausedCount(conversation.workerSid)).toBe(0);
});

it('two Resumes make one new task, and both are told it is resumed', async () => {
  const conversation = await backend.assignedConversation();
  await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  const token = await backend.tokenFor(conversation.workerSid);
  const answers = await Promise.all([
    backend.invoke(resumeHandler, { Token: token, TaskSid: conversation.taskSid }, backend.env),
    backend.invoke(resumeHandler, { Token: token, TaskSid: conversation.taskSid }, backend.env),
  ]);
  await backend.emulator.idle();
  expect(answers.map((a) => a.status).filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
  for (const answer of answers) {
    if (answer.status !== 200) expect(answer.body.error?.code).toBe('forbidden');
  }
  expect(await liveTasks(conversation.conversationSid)).toHaveLength(1);
});
