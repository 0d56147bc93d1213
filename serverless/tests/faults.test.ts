import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { moveChannel } from '../src/lib/channel';
import { ActionError } from '../src/lib/errors';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';

/**
 * Each step of Pause and Resume failing in each way Twilio can fail (before or after its effect, a lost answer,
 * a time-out): the conversation always ends with exactly one of a live task, or Twilio's pause with our record.
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function pause(c: AssignedConversation) {
  return backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
}

async function resume(c: AssignedConversation) {
  return backend.invoke(
    resumeHandler,
    { Token: await backend.tokenFor(c.workerSid), TaskSid: c.taskSid },
    backend.env,
  );
}

async function converged(c: AssignedConversation) {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}`,
  });
  const status = (response.body as { status: string }).status;
  const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  const live = tasks.filter(
    (task) =>
      JSON.parse(task.attributes).conversationSid === c.conversationSid &&
      ['pending', 'reserved', 'assigned', 'wrapping'].includes(task.assignmentStatus),
  );
  const list = await backend.invoke(
    pausedHandler,
    { Token: await backend.tokenFor(c.workerSid) },
    backend.env,
  );
  const records = (list.body.paused as { channelSid: string }[]).filter((r) => r.channelSid === c.channelSid);
  return { status, live: live.length, records: records.length };
}

const AFTER_EFFECT = [
  ['500 after the side effect, once', { mode: 'after' as const, times: 1 }],
  ['500 after the side effect, on every retry', { mode: 'after' as const, times: 10 }],
  ['a time-out after the side effect', { mode: 'timeout' as const, times: 1, holdMs: 1500 }],
] as const;

/** The record's write lands, but every answer to it is lost and it cannot be read back either. */
function loseEveryAnswerAboutTheRecord() {
  backend.emulator.faults.add({
    method: 'POST',
    pathPattern: '/Items$',
    status: 500,
    mode: 'after',
    times: 20,
  });
  backend.emulator.faults.add({ method: 'GET', pathPattern: '/Items/', status: 503, times: 20 });
}

describe('pause under faults', () => {
  it.each(AFTER_EFFECT)(
    'the channel change fails with %s → paused, with one record',
    async (_name, fault) => {
      const c = await backend.assignedConversation();
      backend.emulator.faults.add({
        method: 'POST',
        pathPattern: `Channels/${c.channelSid}$`,
        status: 500,
        ...fault,
      });
      const result = await pause(c);
      expect(result.status).toBe(200);
      expect(await converged(c)).toEqual({ status: 'pause', live: 0, records: 1 });
    },
  );

  it('the channel change fails before any effect → 502, still active with its task, no record', async () => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Channels/${c.channelSid}$`,
      status: 503,
      times: 10,
    });
    const result = await pause(c);
    expect(result.status).toBe(502);
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('the record is written but its answer lost → 200, one record', async () => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: '/Items$',
      status: 500,
      mode: 'after',
      times: 1,
    });
    const result = await pause(c);
    expect(result.status).toBe(200);
    expect(await converged(c)).toEqual({ status: 'pause', live: 0, records: 1 });
  });

  it('the record cannot be written at all → 502, and the conversation is given back to the agent', async () => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Items$', status: 503, times: 20 });
    const result = await pause(c);
    expect(result.status).toBe(502);
    backend.emulator.faults.clear();
    await backend.emulator.idle();
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('the record is written but every answer is lost and it cannot be read back → 502, given back, no record left', async () => {
    const c = await backend.assignedConversation();
    loseEveryAnswerAboutTheRecord();
    const result = await pause(c);
    expect(result.status).toBe(502);
    backend.emulator.faults.clear();
    await backend.emulator.idle();
    // A record left behind would list as paused a conversation that is active again.
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('…and the give-back fails too → 502, still paused, and its record kept: the agent can still resume it', async () => {
    const c = await backend.assignedConversation();
    loseEveryAnswerAboutTheRecord();
    const answer = pause(c);
    // The channel is paused once the record's write starts: from then on, the give-back is refused.
    const recordWriteStarted = () =>
      backend.emulator.requests.some((r) => r.method === 'POST' && /\/Items$/.test(r.path));
    while (!recordWriteStarted()) await new Promise((resolve) => setTimeout(resolve, 5));
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Channels/${c.channelSid}$`,
      status: 503,
      times: 20,
    });
    expect((await answer).status).toBe(502);
    backend.emulator.faults.clear();
    await backend.emulator.idle();
    expect(await converged(c)).toEqual({ status: 'pause', live: 0, records: 1 });
    expect((await resume(c)).status).toBe(200);
  });
});

describe('resume under faults', () => {
  it.each(AFTER_EFFECT)(
    'the channel change fails with %s → resumed once, record gone',
    async (_name, fault) => {
      const c = await backend.assignedConversation();
      await pause(c);
      backend.emulator.faults.add({
        method: 'POST',
        pathPattern: `Channels/${c.channelSid}$`,
        status: 500,
        ...fault,
      });
      const result = await resume(c);
      expect(result.status).toBe(200);
      await backend.emulator.idle();
      expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
    },
  );

  it('the channel change fails before any effect → 502, still paused and still listed, so the agent can retry', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Channels/${c.channelSid}$`,
      status: 503,
      times: 10,
    });
    const result = await resume(c);
    expect(result.status).toBe(502);
    backend.emulator.faults.clear();
    expect(await converged(c)).toEqual({ status: 'pause', live: 0, records: 1 });
    expect((await resume(c)).status).toBe(200);
    await backend.emulator.idle();
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('the record cannot be removed → 502; the agent retries and is told it is resumed', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    backend.emulator.faults.add({ method: 'DELETE', pathPattern: '/Items/WK', status: 503, times: 10 });
    const first = await resume(c);
    expect(first.status).toBe(502);
    backend.emulator.faults.clear();
    const again = await resume(c);
    expect(again.status).toBe(200);
    expect(again.body.alreadyResumed).toBe(true);
    await backend.emulator.idle();
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });
});

/**
 * Twilio's spec answers a channel change it could not make with HTTP 200, `"status": "failed"` and an error code
 * (error 19025 in its examples). Such an answer is never a success: the channel is read back and the action
 * answers 502 naming Twilio's code, or 409 when another action put the channel elsewhere.
 */
describe('a change answered 200 with "status": "failed"', () => {
  const failedChange = (c: AssignedConversation) =>
    backend.emulator.faults.add({ method: 'POST', pathPattern: `Channels/${c.channelSid}$`, mode: 'failed' });

  it('Pause → 502 naming Twilio error 19025; still active with its task, no record', async () => {
    const c = await backend.assignedConversation();
    failedChange(c);
    const result = await pause(c);
    expect(result.status).toBe(502);
    expect(result.body.error).toMatchObject({ code: 'twilio_error' });
    expect(result.body.error?.message).toContain('Twilio error 19025');
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('Leave → 502; the agent keeps the conversation', async () => {
    const c = await backend.assignedConversation();
    failedChange(c);
    const result = await backend.invoke(leaveHandler, await backend.actionEvent(c), backend.env);
    expect(result.status).toBe(502);
    expect(result.body.error?.message).toContain('Twilio error 19025');
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('Resume → 502; the pause stays listed and a retry resumes it', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    failedChange(c);
    const result = await resume(c);
    expect(result.status).toBe(502);
    expect(result.body.error?.message).toContain('Twilio error 19025');
    expect(await converged(c)).toEqual({ status: 'pause', live: 0, records: 1 });
    expect((await resume(c)).status).toBe(200);
    await backend.emulator.idle();
    expect(await converged(c)).toEqual({ status: 'active', live: 1, records: 0 });
  });

  it('the answer says failed but the channel is already elsewhere → the refusal (409), not a success', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    failedChange(c);
    const ref = { interactionSid: c.interactionSid, channelSid: c.channelSid };
    const refused = new ActionError(409, 'task_wrong_state', 'paused meanwhile');
    await expect(
      moveChannel(backend.client, ref, 'inactive', { routingStatus: 'closed', refused: () => refused }),
    ).rejects.toBe(refused);
    expect(await converged(c)).toEqual({ status: 'pause', live: 0, records: 1 });
  });

  it("the channel change rejects with Twilio's status and code, for the caller to report", async () => {
    const c = await backend.assignedConversation();
    failedChange(c);
    const ref = { interactionSid: c.interactionSid, channelSid: c.channelSid };
    await expect(
      moveChannel(backend.client, ref, 'pause', {
        routingStatus: 'closed',
        refused: () => new ActionError(409, 'task_wrong_state', 'x'),
      }),
    ).rejects.toMatchObject({ status: 200, code: 19025 });
  });
});
