import { twilioSignature } from '../../emulator/src';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { REROUTE_RETRY_SECONDS } from '../src/actions/taskrouter-events';
import { startBackend, type AssignedConversation, type Backend } from './harness';
import { post, workOn } from './support';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend({ pause: true, env: { PAUSE_TIME_LIMIT_MINUTES: '5' } });
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const tasks = () => backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks;

async function act(handler: typeof pauseHandler, c: AssignedConversation) {
  return backend.invoke(
    handler,
    { Token: await backend.tokenFor(c.workerSid), TaskSid: c.taskSid },
    backend.env,
  );
}

async function pendingTimers() {
  return (await tasks().list({ assignmentStatus: ['pending'] })).filter(
    (task) => JSON.parse(task.attributes).leavePause?.timerFor,
  );
}

/** Exactly one of: a live task; a paused task whose timer is pending. */
async function expectConverged(c: AssignedConversation) {
  const work = await workOn(backend, c.conversationSid);
  expect(work.live.length + work.paused.length).toBe(1);
  expect(work.pausedWithTimer).toHaveLength(work.paused.length);
  return work;
}

/** TaskRouter may deliver an event again: the same params, signed again for the same URL. */
function redeliver(delivery: { url: string; params: Record<string, string> } | undefined) {
  const params = delivery?.params ?? {};
  return post(backend, '/taskrouter-events', params, {
    form: true,
    headers: { 'X-Twilio-Signature': twilioSignature(backend.env.AUTH_TOKEN, String(delivery?.url), params) },
  });
}

describe('pause under faults', () => {
  it.each([
    ['500 after the side effect, once', { mode: 'after' as const, times: 1 }],
    ['500 after the side effect, on every retry', { mode: 'after' as const, times: 10 }],
    ['a timeout after the side effect', { mode: 'timeout' as const, times: 1, holdMs: 1500 }],
  ])('the task update fails with %s → one paused task with a live timer', async (_name, fault) => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Tasks/${c.taskSid}$`,
      status: 500,
      ...fault,
    });
    const result = await act(pauseHandler, c);
    expect(result.status).toBe(200);
    const work = await expectConverged(c);
    expect(work.pausedWithTimer).toHaveLength(1);
    expect((await pendingTimers()).map((t) => t.sid)).toEqual([result.body.timerTaskSid]);
  });

  it('the task update fails before any effect → unpaused, and the timer is canceled', async () => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Tasks/${c.taskSid}$`,
      status: 503,
      times: 4,
    });
    expect((await act(pauseHandler, c)).status).toBe(502);
    const work = await expectConverged(c);
    expect(work.live).toHaveLength(1);
    expect(await pendingTimers()).toHaveLength(0);
  });
});

describe('resume under faults', () => {
  it('an invite whose answer is lost (timeout) makes one new task, not two', async () => {
    const c = await backend.assignedConversation();
    await act(pauseHandler, c);
    backend.emulator.faults.add({ method: 'POST', pathPattern: 'Invites$', mode: 'timeout', holdMs: 1500 });
    const result = await act(resumeHandler, c);
    expect(result.status).toBe(200);
    await backend.emulator.idle();
    const work = await expectConverged(c);
    expect(work.live.map(({ task }) => task.sid)).toEqual([result.body.newTaskSid]);
  });

  it('an invite that fails (500 after the side effect) is found, not repeated', async () => {
    const c = await backend.assignedConversation();
    await act(pauseHandler, c);
    backend.emulator.faults.add({ method: 'POST', pathPattern: 'Invites$', mode: 'after' });
    expect((await act(resumeHandler, c)).status).toBe(200);
    await backend.emulator.idle();
    expect((await expectConverged(c)).live).toHaveLength(1);
  });

  it('a claim left by a dead Function is taken over once its lease expired, reusing the task it invited', async () => {
    const c = await backend.assignedConversation();
    await act(pauseHandler, c);
    const paused = await tasks()(c.taskSid).fetch();
    const attributes = JSON.parse(paused.attributes);
    const claimedAt = backend.emulator.clock.now().toISOString();
    await tasks()(c.taskSid).update({
      attributes: JSON.stringify({
        ...attributes,
        leavePause: { ...attributes.leavePause, state: 'resuming', claimId: 'dead', claimedAt },
      }),
    });
    const { leavePause: _ours, ...base } = attributes;
    await backend.client.flexApi.v1
      .interaction(c.interactionSid)
      .channels(c.channelSid)
      .invites.create({
        routing: {
          properties: {
            workspace_sid: backend.seed.workspaceSid,
            workflow_sid: backend.env.ROUTE_BACK_WORKFLOW_SID,
            task_channel_unique_name: 'chat',
            attributes: { ...base, leavePause: { resumeWorkerSid: c.workerSid, routeBackOf: c.taskSid } },
          },
        },
      });
    await backend.emulator.idle();
    // Within the lease: a double click answers without acting.
    const early = await act(resumeHandler, c);
    expect(early.body).toMatchObject({ alreadyResumed: true });
    await backend.emulator.clock.advance(31);
    const late = await act(resumeHandler, c);
    expect(late.status).toBe(200);
    expect(late.body.alreadyResumed).toBe(false);
    await backend.emulator.idle();
    const work = await expectConverged(c);
    expect(work.live[0].task.sid).toBe(late.body.newTaskSid);
    expect((await tasks()(c.taskSid).fetch()).assignmentStatus).toBe('completed');
  });
});

describe('time limit under faults', () => {
  it('the reroute fails after the timer fired → a retry timer tries again with no browser', async () => {
    const c = await backend.assignedConversation();
    const paused = await act(pauseHandler, c);
    backend.emulator.faults.add({ method: 'POST', pathPattern: 'Invites$', status: 503, times: 3 });
    await backend.emulator.clock.advance(5 * 60 + 1);
    await backend.emulator.idle();
    let work = await expectConverged(c);
    expect(work.pausedWithTimer).toHaveLength(1);
    const retryTimer = String(work.paused[0].attributes.leavePause?.timerTaskSid);
    expect(retryTimer).not.toBe(paused.body.timerTaskSid);

    await backend.emulator.clock.advance(REROUTE_RETRY_SECONDS + 1);
    await backend.emulator.idle();
    work = await expectConverged(c);
    expect(work.live).toHaveLength(1);
    expect(work.live[0].attributes.leavePause).toMatchObject({ reroutedFrom: c.taskSid });
  });

  it('a timer event delivered twice reroutes once', async () => {
    const c = await backend.assignedConversation();
    await act(pauseHandler, c);
    await backend.emulator.clock.advance(5 * 60 + 1);
    await backend.emulator.idle();
    const delivery = backend.emulator.deliveries.find((d) => d.eventType === 'task.canceled');
    expect(delivery?.status).toBe(200);
    const again = await redeliver(delivery);
    expect(again.status).toBe(200);
    expect(again.body.handled).toBe('ignored');
    expect((await expectConverged(c)).live).toHaveLength(1);
  });

  it("a resumed task's reservation event delivered twice is accepted once, without error", async () => {
    const c = await backend.assignedConversation();
    await act(pauseHandler, c);
    expect((await act(resumeHandler, c)).status).toBe(200);
    await backend.emulator.idle();
    const delivery = backend.emulator.deliveries.find(
      (d) => d.eventType === 'reservation.created' && d.params.TaskAttributes?.includes('resumeWorkerSid'),
    );
    expect(delivery).toBeDefined();
    const again = await redeliver(delivery);
    expect(again.status).toBe(200);
    expect(again.body.handled).toBe('auto-accepted');
    expect((await expectConverged(c)).live).toHaveLength(1);
  });
});

describe('leave under faults', () => {
  it('setting the channel inactive fails after its effect → 200, the channel awaits the customer', async () => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Channels/${c.channelSid}$`,
      mode: 'after',
      times: 10,
    });
    const result = await backend.invoke(
      (await import('../src/functions/leave')).handler,
      { Token: await backend.tokenFor(c.workerSid), TaskSid: c.taskSid },
      backend.env,
    );
    expect(result.status).toBe(200);
    await backend.emulator.idle();
    const work = await workOn(backend, c.conversationSid);
    expect(work.live).toHaveLength(0);
    const channel = await backend.client.flexApi.v1
      .interaction(c.interactionSid)
      .channels(c.channelSid)
      .fetch();
    expect(channel.status).toBe('inactive');
  });
});
