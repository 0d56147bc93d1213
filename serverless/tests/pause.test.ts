import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { deadlineOf } from '../src/actions/pause';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const DAY = 86_400;

async function pause(conversation: AssignedConversation) {
  return backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
}

async function resume(taskSid: string, workerSid: string) {
  return backend.invoke(
    resumeHandler,
    { Token: await backend.tokenFor(workerSid), TaskSid: taskSid },
    backend.env,
  );
}

async function pausedOf(workerSid: string) {
  return backend.invoke(pausedHandler, { Token: await backend.tokenFor(workerSid) }, backend.env);
}

async function channel(conversation: AssignedConversation) {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${conversation.interactionSid}/Channels/${conversation.channelSid}`,
  });
  return response.body as { status: string; status_timeout: string | null };
}

async function tasksOn(conversationSid: string) {
  const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  return tasks.filter((task) => JSON.parse(task.attributes).conversationSid === conversationSid);
}

async function acceptedWorkerOf(taskSid: string) {
  const reservations = await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .tasks(taskSid)
    .reservations.list();
  return reservations.find((reservation) => reservation.reservationStatus === 'accepted')?.workerSid;
}

async function agentWorkersIn(conversation: AssignedConversation) {
  const participants = await backend.client.flexApi.v1
    .interaction(conversation.interactionSid)
    .channels(conversation.channelSid)
    .participants.list();
  return participants
    .filter((participant) => participant.type === 'agent')
    .map((participant) => (participant.routingProperties as { worker_sid?: string }).worker_sid);
}

describe('pause', () => {
  it("moves the channel to Twilio's pause: the task closes, capacity frees, the agent keeps reading", async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation);
    expect(result.status).toBe(200);
    const twilioChannel = await channel(conversation);
    expect(twilioChannel.status).toBe('pause');
    expect(result.body).toMatchObject({
      ok: true,
      state: 'paused',
      alreadyPaused: false,
      taskSid: conversation.taskSid,
      pausedBy: conversation.workerSid,
      conversationSid: conversation.conversationSid,
      channelSid: conversation.channelSid,
      taskChannel: 'chat',
      deadlineSource: 'twilio',
      reassignAt: new Date(String(twilioChannel.status_timeout)).toISOString(),
    });
    const limit = Date.parse(String(result.body.reassignAt)) - Date.parse(String(result.body.pausedAt));
    expect(limit).toBe(14 * DAY * 1000);
    const [task] = await tasksOn(conversation.conversationSid);
    expect(task.assignmentStatus).toBe('completed');
    expect(await agentWorkersIn(conversation)).toEqual([conversation.workerSid]);

    // With chat capacity 1, a second chat can reach Alice only because the paused one no longer counts.
    const second = await backend.emulator.customer.start({ channelType: 'chat', body: 'Another customer' });
    await backend.emulator.idle();
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(second.taskSid)
      .reservations.list();
    expect(reservations.map((reservation) => reservation.workerSid)).toEqual([conversation.workerSid]);

    // A customer message while paused is kept, and makes no task.
    const sent = await backend.emulator.customer.send(conversation.conversationSid, 'Still there?');
    await backend.emulator.idle();
    expect(sent.taskSid).toBeUndefined();
    expect(await tasksOn(conversation.conversationSid)).toHaveLength(1);
    expect((await channel(conversation)).status).toBe('pause');
  });

  it("on a warm instance makes 6 Twilio calls and the live feed's, in 4 round trips: participants ‖ reservations ‖ the task (its queue, for the team view), the channel change ‖ the events webhook ‖ the feed's revision, the Sync record ‖ the agent's records (for the feed), the feed document", async () => {
    const first = await backend.assignedConversation();
    await pause(first);
    const second = await backend.assignedConversation({ workerSid: backend.seed.workers.bob });
    const token = await backend.tokenFor(second.workerSid);
    await backend.invoke(pausedHandler, { Token: token }, backend.env); // warms the token cache
    const before = backend.emulator.requests.length;
    const result = await backend.invoke(pauseHandler, await backend.actionEvent(second, token), backend.env);
    expect(result.status).toBe(200);
    const calls = backend.emulator.requests
      .slice(before)
      .map(
        (r) =>
          `${r.method} ${r.status} ${r.host} ${r.path.replace(/\?.*/, '').split('/').slice(5).join('/')}`,
      );
    const feed = `Documents/leavePause-feed-${second.workerSid}`;
    const at = (call: string) => {
      expect(calls).toContain(call);
      return calls.indexOf(call);
    };
    expect(
      calls
        .slice(0, 3)
        .map((call) => call.split(' ').slice(0, 3).join(' '))
        .sort(),
    ).toEqual(['GET 200 flex-api', 'GET 200 taskrouter', 'GET 200 taskrouter']);
    expect(calls).toHaveLength(10);
    // The live feed (issue 18): its revision (none yet: 404), then the agent's records, read beside the channel
    // change and the record's write; the feed is written once the record is (announceChange says why): on the
    // agent's first change, created and given its one permission.
    const channelChange = calls.findIndex((call) => call.startsWith('POST 200 flex-api'));
    expect(channelChange).toBeGreaterThan(2);
    expect(at(`GET 404 sync ${feed}`)).toBeGreaterThan(2);
    expect(at('GET 200 sync Maps/leavePause-paused/Items')).toBeGreaterThan(at(`GET 404 sync ${feed}`));
    expect(at('POST 201 sync Maps/leavePause-paused/Items')).toBeGreaterThan(channelChange);
    expect(calls.slice(-2)).toEqual([
      'POST 201 sync Documents',
      `POST 200 sync ${feed}/Permissions/${second.workerSid}`,
    ]);
  });

  it("on a warm instance Resume makes the live feed's 3 calls: its revision beside the record's read, the agent's records beside the channel change, the feed document once the record is deleted", async () => {
    const conversation = await backend.assignedConversation();
    await pause(conversation);
    const token = await backend.tokenFor(conversation.workerSid);
    await backend.invoke(pausedHandler, { Token: token }, backend.env); // warms the token cache
    const before = backend.emulator.requests.length;
    const result = await backend.invoke(
      resumeHandler,
      { Token: token, TaskSid: conversation.taskSid },
      backend.env,
    );
    expect(result.status).toBe(200);
    const calls = backend.emulator.requests
      .slice(before)
      .map((r) => `${r.method} ${r.host} ${r.path.replace(/\?.*/, '').split('/').slice(5).join('/')}`);
    const item = `Maps/leavePause-paused/Items/${conversation.workerSid}:${conversation.taskSid}`;
    const feed = `Documents/leavePause-feed-${conversation.workerSid}`;
    expect(calls.slice(0, 2).sort()).toEqual([`GET sync ${feed}`, `GET sync ${item}`].sort());
    // Then, side by side: the channel change, the record's delete, the agent's records (after the feed's
    // revision); then, side by side again, the events webhook's removal (only once the channel is active: a
    // failed change leaves the pause counting its customer's messages) and the feed (after the delete).
    expect(
      calls
        .slice(2, 5)
        .map((call) => call.split(' ').slice(0, 2).join(' '))
        .sort(),
    ).toEqual(['DELETE sync', 'GET sync', 'POST flex-api']);
    expect(calls.slice(2, 5)).toContain(`DELETE sync ${item}`);
    expect(calls.slice(2, 5)).toContain('GET sync Maps/leavePause-paused/Items');
    expect(
      calls
        .slice(5)
        .map((call) => call.split(' ').slice(0, 2).join(' '))
        .sort(),
    ).toEqual(['DELETE conversations', 'POST sync']);
    expect(calls.slice(5)).toContain(`POST sync ${feed}`);
  });

  it('a double click pauses once and answers the same pause', async () => {
    const conversation = await backend.assignedConversation();
    const [a, b] = await Promise.all([pause(conversation), pause(conversation)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.alreadyPaused, b.body.alreadyPaused].sort()).toEqual([false, true]);
    const list = await pausedOf(conversation.workerSid);
    expect(list.body.paused).toHaveLength(1);
  });

  it('with routingStatus "wrapup" the paused task goes to wrap-up', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, routingStatus: 'wrapup' });
    const conversation = await backend.assignedConversation();
    expect((await pause(conversation)).status).toBe(200);
    const [task] = await tasksOn(conversation.conversationSid);
    expect(task.assignmentStatus).toBe('wrapping');
  });

  it("the deadline is Twilio's status_timeout when given, else the configured limit on Twilio's clock", () => {
    const given = deadlineOf(
      { statusTimeout: '2030-01-15T10:00:00Z', dateUpdated: '2030-01-01T10:00:00Z' },
      60,
    );
    expect(given).toEqual({
      pausedAt: '2030-01-01T10:00:00.000Z',
      reassignAt: '2030-01-15T10:00:00.000Z',
      deadlineSource: 'twilio',
    });
    const configured = deadlineOf({ statusTimeout: null, dateUpdated: '2030-01-01T10:00:00Z' }, 90);
    expect(configured).toEqual({
      pausedAt: '2030-01-01T10:00:00.000Z',
      reassignAt: '2030-01-01T11:30:00.000Z',
      deadlineSource: 'configured-limit',
    });
  });
});

describe('paused list', () => {
  it("lists the caller's paused conversations from the server, and only theirs", async () => {
    const alices = await backend.assignedConversation();
    await pause(alices);
    const bobs = await backend.assignedConversation({ workerSid: backend.seed.workers.bob });
    await pause(bobs);

    const list = await pausedOf(alices.workerSid);
    expect(list.status).toBe(200);
    expect(list.body.paused).toEqual([
      expect.objectContaining({
        taskSid: alices.taskSid,
        conversationSid: alices.conversationSid,
        taskChannel: 'chat',
        pausedBy: alices.workerSid,
        customer: expect.any(String),
        pausedAt: expect.any(String),
        reassignAt: expect.any(String),
      }),
    ]);
    // A reload asks again: the same answer, nothing was kept in the browser.
    expect((await pausedOf(alices.workerSid)).body.paused).toEqual(list.body.paused);
    expect((await pausedOf(backend.seed.workers.sam)).body.paused).toEqual([]);
  });
});

describe('resume', () => {
  it('moves the channel back to active; Twilio makes a new task auto-accepted by the same agent', async () => {
    const conversation = await backend.assignedConversation();
    await pause(conversation);
    const result = await resume(conversation.taskSid, conversation.workerSid);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ state: 'resumed', conversationSid: conversation.conversationSid });
    await backend.emulator.idle();
    expect((await channel(conversation)).status).toBe('active');
    const fresh = (await tasksOn(conversation.conversationSid)).filter((t) => t.sid !== conversation.taskSid);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].assignmentStatus).toBe('assigned');
    expect(await acceptedWorkerOf(fresh[0].sid)).toBe(conversation.workerSid);
    expect((await pausedOf(conversation.workerSid)).body.paused).toEqual([]);
  });

  it('when the agent is at capacity, TaskRouter routes the new task through the original workflow', async () => {
    const conversation = await backend.assignedConversation();
    await pause(conversation);
    // Alice takes another chat (capacity 1 is now used); Bob becomes available.
    await backend.assignedConversation();
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(backend.seed.workers.bob)
      .update({ activitySid: backend.seed.activities.available });
    const result = await resume(conversation.taskSid, conversation.workerSid);
    expect(result.status).toBe(200);
    await backend.emulator.idle();
    const fresh = (await tasksOn(conversation.conversationSid)).filter((t) => t.sid !== conversation.taskSid);
    expect(fresh).toHaveLength(1);
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(fresh[0].sid)
      .reservations.list();
    expect(reservations.map((reservation) => reservation.workerSid)).toEqual([backend.seed.workers.bob]);
  });
});

describe('time limit', () => {
  it('Twilio reroutes at the limit to the next agent, with no browser; the record goes with it, Resume finds none', async () => {
    const conversation = await backend.assignedConversation();
    const paused = await pause(conversation);
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(backend.seed.workers.bob)
      .update({ activitySid: backend.seed.activities.available });
    await backend.emulator.clock.advanceTo(new Date(String(paused.body.reassignAt)));
    await backend.emulator.idle();
    expect((await channel(conversation)).status).toBe('active');
    const fresh = (await tasksOn(conversation.conversationSid)).filter((t) => t.sid !== conversation.taskSid);
    expect(fresh).toHaveLength(1);
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(fresh[0].sid)
      .reservations.list();
    expect(reservations.map((reservation) => reservation.workerSid)).toEqual([backend.seed.workers.bob]);
    expect((await pausedOf(conversation.workerSid)).body.paused).toEqual([]);

    // Pause events: Twilio's event at the limit (the agent removed) dropped the record, not the deadline.
    const late = await resume(conversation.taskSid, conversation.workerSid);
    expect(late.status).toBe(403);
    expect(late.body.error?.message).toMatch(/no paused conversation/);
  });

  it("before the limit's event is handled (or with no events webhook), a late Resume says it was reassigned", async () => {
    const conversation = await backend.assignedConversation();
    const paused = await pause(conversation);
    const hooks = backend.client.conversations.v1.conversations(conversation.conversationSid).webhooks;
    for (const hook of await hooks.list()) await hooks(hook.sid).remove();
    await backend.emulator.clock.advanceTo(new Date(String(paused.body.reassignAt)));
    await backend.emulator.idle();
    expect((await pausedOf(conversation.workerSid)).body.paused).toEqual([]);
    const late = await resume(conversation.taskSid, conversation.workerSid);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'not_paused' });
    expect(late.body.error?.message).toMatch(/time limit/);
  });

  it("the admin's shorter limit in Twilio is the deadline the agent sees", async () => {
    backend.emulator.settings.pauseLimitSeconds = 3600;
    const conversation = await backend.assignedConversation();
    const paused = await pause(conversation);
    expect(Date.parse(String(paused.body.reassignAt)) - Date.parse(String(paused.body.pausedAt))).toBe(
      3600_000,
    );
  });
});
