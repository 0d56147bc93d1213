import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend({ pause: true });
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const DAY = 86_400;
const LIVE = new Set(['pending', 'reserved', 'assigned', 'wrapping']);

async function tasksOf(conversationSid: string) {
  const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  return tasks
    .map((task) => ({ task, attributes: JSON.parse(task.attributes) }))
    .filter(({ attributes }) => attributes.conversationSid === conversationSid);
}

/** Live work on a conversation, split the way the invariant is stated: paused tasks apart from live ones. */
async function workOn(conversationSid: string) {
  const tasks = await tasksOf(conversationSid);
  const open = tasks.filter(({ task }) => LIVE.has(task.assignmentStatus));
  return {
    paused: open.filter(({ attributes }) => attributes.leavePause?.state === 'paused'),
    live: open.filter(({ attributes }) => attributes.leavePause?.state !== 'paused'),
  };
}

async function act(
  handler: typeof pauseHandler,
  conversation: AssignedConversation,
  workerSid = conversation.workerSid,
) {
  return backend.invoke(
    handler,
    { Token: await backend.tokenFor(workerSid), TaskSid: conversation.taskSid },
    backend.env,
  );
}

async function workerOfTask(taskSid: string) {
  const reservations = await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .tasks(taskSid)
    .reservations.list();
  return reservations.find((reservation) => reservation.reservationStatus === 'accepted')?.workerSid;
}

describe('pause', () => {
  it('keeps the task with the agent, frees their capacity and records the deadline', async () => {
    const conversation = await backend.assignedConversation();
    const result = await act(pauseHandler, conversation);
    expect(result.status).toBe(200);
    const reassignAt = Date.parse(String(result.body.reassignAt));
    expect(reassignAt - Date.parse(String(result.body.pausedAt))).toBe(14 * DAY * 1000);

    const paused = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(conversation.taskSid)
      .fetch();
    expect(paused.assignmentStatus).toBe('assigned');
    expect(paused.taskChannelUniqueName).toBe('paused');
    expect(JSON.parse(paused.attributes).leavePause).toMatchObject({
      state: 'paused',
      pausedBy: conversation.workerSid,
      reassignAt: result.body.reassignAt,
      originalTaskChannel: 'chat',
    });

    // With chat capacity 1, a second chat can only reach Alice because the paused one no longer counts.
    const second = await backend.emulator.customer.start({ channelType: 'chat', body: 'Another customer' });
    await backend.emulator.idle();
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(second.taskSid)
      .reservations.list();
    expect(reservations.map((reservation) => reservation.workerSid)).toEqual([conversation.workerSid]);
  });

  it('is idempotent: a double click makes one paused task and one timer', async () => {
    const conversation = await backend.assignedConversation();
    const [first, second] = await Promise.all([
      act(pauseHandler, conversation),
      act(pauseHandler, conversation),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.reassignAt).toBe(first.body.reassignAt);
    const timers = (
      await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list()
    ).filter(
      (task) => task.assignmentStatus === 'pending' && JSON.parse(task.attributes).leavePause?.timerFor,
    );
    expect(timers).toHaveLength(1);
  });

  it('a customer message while paused does not unpause', async () => {
    const conversation = await backend.assignedConversation();
    await act(pauseHandler, conversation);
    await backend.emulator.customer.send(conversation.conversationSid, 'Still there?');
    await backend.emulator.idle();
    const work = await workOn(conversation.conversationSid);
    expect(work.paused).toHaveLength(1);
    expect(work.live).toHaveLength(0);
  });

  it('refuses another agent, a task that is not assigned and a task that is not a conversation', async () => {
    const conversation = await backend.assignedConversation();
    expect((await act(pauseHandler, conversation, backend.seed.workers.bob)).status).toBe(403);

    const voice = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.create({
      workflowSid: backend.seed.workflowSid,
      taskChannel: 'voice',
      attributes: JSON.stringify({ call_sid: 'CA' + '0'.repeat(32) }),
    });
    const voiceResult = await backend.invoke(
      pauseHandler,
      { Token: await backend.tokenFor(conversation.workerSid), TaskSid: voice.sid },
      backend.env,
    );
    expect(voiceResult.status).toBe(409);
    expect(voiceResult.body.error?.code).toBe('not_conversation_task');
  });
});

describe('resume', () => {
  it('before the limit: a new task for the same conversation, auto-accepted by the same agent', async () => {
    const conversation = await backend.assignedConversation();
    await act(pauseHandler, conversation);
    const result = await act(resumeHandler, conversation);
    expect(result.status).toBe(200);
    await backend.emulator.idle();

    const newTaskSid = String(result.body.newTaskSid);
    expect(newTaskSid).toMatch(/^WT/);
    const newTask = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(newTaskSid)
      .fetch();
    expect(newTask.assignmentStatus).toBe('assigned');
    expect(newTask.taskChannelUniqueName).toBe('chat');
    expect(JSON.parse(newTask.attributes).conversationSid).toBe(conversation.conversationSid);
    expect(await workerOfTask(newTaskSid)).toBe(conversation.workerSid);

    const old = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(conversation.taskSid)
      .fetch();
    expect(old.assignmentStatus).toBe('completed');
    const work = await workOn(conversation.conversationSid);
    expect(work.live.map(({ task }) => task.sid)).toEqual([newTaskSid]);
    expect(work.paused).toHaveLength(0);

    // The timer was canceled: the clock passing the old deadline changes nothing.
    await backend.emulator.clock.advance(15 * DAY);
    expect((await workOn(conversation.conversationSid)).live.map(({ task }) => task.sid)).toEqual([
      newTaskSid,
    ]);
  });

  it('at capacity: the workflow routes the resumed task to someone else', async () => {
    const conversation = await backend.assignedConversation();
    await act(pauseHandler, conversation);
    // Alice takes another chat while paused, so she has no chat capacity left.
    const other = await backend.emulator.customer.start({ channelType: 'chat', body: 'Busy now' });
    await backend.emulator.idle();
    const [reservation] = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(other.taskSid)
      .reservations.list();
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(other.taskSid)
      .reservations(reservation.sid)
      .update({ reservationStatus: 'accepted' });
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(backend.seed.workers.bob)
      .update({ activitySid: backend.seed.activities.available });

    const result = await act(resumeHandler, conversation);
    expect(result.status).toBe(200);
    await backend.emulator.idle();
    await backend.emulator.clock.advance(120);

    const newTaskSid = String(result.body.newTaskSid);
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(newTaskSid)
      .reservations.list();
    expect(reservations.map((r) => r.workerSid)).toEqual([backend.seed.workers.bob]);
  });

  it('a double click resumes once', async () => {
    const conversation = await backend.assignedConversation();
    await act(pauseHandler, conversation);
    const results = await Promise.all([act(resumeHandler, conversation), act(resumeHandler, conversation)]);
    expect(results.some((result) => result.status === 200)).toBe(true);
    await backend.emulator.idle();
    const work = await workOn(conversation.conversationSid);
    expect(work.live).toHaveLength(1);
    expect(work.paused).toHaveLength(0);
  });

  it('refuses to resume a task that is not paused', async () => {
    const conversation = await backend.assignedConversation();
    const result = await act(resumeHandler, conversation);
    expect(result.status).toBe(409);
    expect(result.body.error?.code).toBe('task_wrong_state');
  });
});

describe('time limit', () => {
  it('past the limit the paused task is rerouted to its queue exactly once, with no browser involved', async () => {
    const conversation = await backend.assignedConversation();
    await act(pauseHandler, conversation);
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(backend.seed.workers.bob)
      .update({ activitySid: backend.seed.activities.available });

    await backend.emulator.clock.advance(14 * DAY - 60);
    expect((await workOn(conversation.conversationSid)).paused).toHaveLength(1);

    await backend.emulator.clock.advance(120);
    await backend.emulator.idle();
    const work = await workOn(conversation.conversationSid);
    expect(work.paused).toHaveLength(0);
    expect(work.live).toHaveLength(1);
    expect(work.live[0].attributes.leavePause).toMatchObject({ reroutedFrom: conversation.taskSid });
    expect(work.live[0].task.taskQueueSid).toBe(backend.seed.queueSid);
    const rerouted = backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(work.live[0].task.sid);
    const [offer] = await rerouted.reservations.list({ reservationStatus: 'pending' });
    expect(offer.workerSid).toBe(backend.seed.workers.bob);
    await rerouted.reservations(offer.sid).update({ reservationStatus: 'accepted' });

    await backend.emulator.clock.advance(30 * DAY);
    expect((await workOn(conversation.conversationSid)).live).toHaveLength(1);
    const reroutes = backend.emulator.deliveries.filter((delivery) => delivery.eventType === 'task.canceled');
    expect(reroutes).toHaveLength(1);
  });

  it('honours a shortened limit', async () => {
    await backend.close();
    backend = await startBackend({ pause: true, env: { PAUSE_TIME_LIMIT_MINUTES: '60' } });
    const conversation = await backend.assignedConversation();
    const result = await act(pauseHandler, conversation);
    expect(Date.parse(String(result.body.reassignAt)) - Date.parse(String(result.body.pausedAt))).toBe(
      3600 * 1000,
    );
    await backend.emulator.clock.advance(3600 + 1);
    await backend.emulator.idle();
    const work = await workOn(conversation.conversationSid);
    expect(work.paused).toHaveLength(0);
    expect(work.live).toHaveLength(1);
  });

  it('a timer firing after a resume does nothing', async () => {
    const conversation = await backend.assignedConversation();
    const paused = await act(pauseHandler, conversation);
    // The timer cannot be canceled (Twilio keeps failing), so it fires later against a resumed task.
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: String(paused.body.timerTaskSid),
      status: 500,
      times: 10,
    });
    expect((await act(resumeHandler, conversation)).status).toBe(200);
    await backend.emulator.idle();
    await backend.emulator.clock.advance(15 * DAY);
    await backend.emulator.idle();
    const work = await workOn(conversation.conversationSid);
    expect(work.live).toHaveLength(1);
  });

  it('rejects a limit outside 1 minute to 14 days with a message naming the setting', async () => {
    const conversation = await backend.assignedConversation();
    for (const limit of ['0', '20161', 'P14D']) {
      const result = await backend.invoke(
        pauseHandler,
        { Token: await backend.tokenFor(conversation.workerSid), TaskSid: conversation.taskSid },
        { ...backend.env, PAUSE_TIME_LIMIT_MINUTES: limit },
      );
      expect(result.status).toBe(500);
      expect(result.body.error?.message).toContain('PAUSE_TIME_LIMIT_MINUTES');
    }
  });
});

describe('every Conversations channel', () => {
  it.each(['chat', 'sms', 'whatsapp', 'messenger', 'email'] as const)(
    '%s: pause frees that channel and resume brings the task back on it',
    async (channelType) => {
      const conversation = await backend.assignedConversation({ channelType });
      expect((await act(pauseHandler, conversation)).status).toBe(200);
      const channels = await backend.client.taskrouter.v1
        .workspaces(backend.seed.workspaceSid)
        .workers(conversation.workerSid)
        .workerChannels.list();
      expect(channels.find((channel) => channel.taskChannelUniqueName === channelType)?.assignedTasks).toBe(
        0,
      );

      const resumed = await act(resumeHandler, conversation);
      expect(resumed.status).toBe(200);
      await backend.emulator.idle();
      const next = await backend.client.taskrouter.v1
        .workspaces(backend.seed.workspaceSid)
        .tasks(String(resumed.body.newTaskSid))
        .fetch();
      expect(next.taskChannelUniqueName).toBe(channelType);
      expect(next.assignmentStatus).toBe('assigned');
    },
  );
});
