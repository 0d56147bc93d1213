import { deadlineOf, pause as pauseAction } from '../src/actions/pause';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { LEFT_MEANWHILE_MESSAGE } from '../src/lib/channel';
import { twilioNow } from '../src/lib/clock';
import { readEnvironment } from '../src/lib/environment';
import { REQUEST_MAP_NAME } from '../src/lib/idempotency';
import { INSIGHTS_REASON_KEY } from '../src/lib/pause-reason';
import { keyFor, PAUSE_MAP_NAME, PauseStore, type PauseRecord } from '../src/lib/pause-store';
import {
  DEFAULT_LEAVE_PAUSE,
  runtimeEvent,
  startBackend,
  type AssignedConversation,
  type Backend,
} from './harness';

/**
 * actions/pause.ts (issue 20, mutation survivors): what each branch of Pause leaves behind — the record's
 * lifetime and fields, the events webhook attached or detached, the task's attributes written or not, the
 * answer a repeat gets — each observed through the emulator (Twilio's answers, the requests made, Sync's items).
 */

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  jest.restoreAllMocks();
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const DAY_MS = 86_400_000;
const KEY = '0b6e7f1a-2c3d-4e5f-8a9b-1c2d3e4f5a6b';
const REASONS = [
  { code: 'callback', label: { en: 'Customer asked for a callback' } },
  { code: 'waiting-docs', label: { en: 'Waiting for documents' } },
];

async function pause(c: AssignedConversation, fields: Record<string, string> = {}, token?: string) {
  return backend.invoke(pauseHandler, { ...(await backend.actionEvent(c, token)), ...fields }, backend.env);
}

function item(c: AssignedConversation) {
  return backend.client.sync.v1
    .services(backend.env.SYNC_SERVICE_SID)
    .syncMaps(PAUSE_MAP_NAME)
    .syncMapItems(keyFor(c.workerSid, c.taskSid));
}

async function webhooksOf(c: AssignedConversation) {
  return backend.client.conversations.v1.conversations(c.conversationSid).webhooks.list();
}

async function channelStatus(c: AssignedConversation) {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}`,
  });
  return (response.body as { status: string }).status;
}

function requestsSince(from: number) {
  return backend.emulator.requests.slice(from).map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);
}

/** console.error's lines, for the tests about what Pause logs (the console guard is off in mutation runs). */
function loggedErrors() {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return () => spy.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
}

describe('the deadline', () => {
  it("without Twilio's date of the change, the pause starts at Twilio's now", () => {
    const before = twilioNow().getTime();
    const deadline = deadlineOf({ statusTimeout: null, dateUpdated: null }, 60);
    const pausedAt = Date.parse(deadline.pausedAt);
    expect(pausedAt).toBeGreaterThanOrEqual(before);
    expect(pausedAt).toBeLessThanOrEqual(twilioNow().getTime());
    expect(Date.parse(deadline.reassignAt) - pausedAt).toBe(60 * 60_000);
    expect(deadline.deadlineSource).toBe('configured-limit');
  });

  it("Twilio's own status_timeout, when it is a date, is the deadline", () => {
    expect(
      deadlineOf({ statusTimeout: '2030-01-03T10:00:00Z', dateUpdated: '2030-01-01T10:00:00Z' }, 30),
    ).toEqual({
      pausedAt: '2030-01-01T10:00:00.000Z',
      reassignAt: '2030-01-03T10:00:00.000Z',
      deadlineSource: 'twilio',
    });
  });

  it('a status_timeout that is no date is not trusted: the configured limit counts', () => {
    expect(deadlineOf({ statusTimeout: 'soon', dateUpdated: '2030-01-01T10:00:00Z' }, 30)).toEqual({
      pausedAt: '2030-01-01T10:00:00.000Z',
      reassignAt: '2030-01-01T10:30:00.000Z',
      deadlineSource: 'configured-limit',
    });
  });
});

describe('the record', () => {
  it('lives until a day after the deadline, and names the task’s queue and workflow', async () => {
    const c = await backend.assignedConversation();
    const paused = await pause(c);
    expect(paused.status).toBe(200);
    const stored = await item(c).fetch();
    // Sync counts the item's lifetime from its own clock; the deadline is on Twilio's: a few seconds apart at most.
    const expiresAt = stored.dateExpires?.getTime() ?? NaN;
    expect(Math.abs(expiresAt - (Date.parse(String(paused.body.reassignAt)) + DAY_MS))).toBeLessThan(10_000);
    const task = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(c.taskSid)
      .fetch();
    expect(stored.data).toMatchObject({ queueSid: task.taskQueueSid, workflowSid: task.workflowSid });
    expect(paused.body).toMatchObject({ queueSid: task.taskQueueSid, workflowSid: task.workflowSid });
  });

  it("is announced on the agent's live feed from the reads made beside it: the records and the feed's revision read once", async () => {
    const c = await backend.assignedConversation();
    const from = backend.emulator.requests.length;

    const paused = await pause(c);

    expect(paused.status).toBe(200);
    const requests = requestsSince(from);
    expect(
      requests.filter(
        (r) =>
          r === `GET ${'/sync/v1/Services/' + backend.env.SYNC_SERVICE_SID}/Maps/${PAUSE_MAP_NAME}/Items`,
      ),
    ).toHaveLength(1);
    expect(
      requests.filter((r) => r.startsWith('GET') && r.includes(`/Documents/leavePause-feed-${c.workerSid}`)),
    ).toHaveLength(1);
    // The feed carries the record.
    const feed = await backend.client.sync.v1
      .services(backend.env.SYNC_SERVICE_SID)
      .documents(`leavePause-feed-${c.workerSid}`)
      .fetch();
    expect(JSON.stringify(feed.data)).toContain(c.taskSid);
  });

  it('by a supervisor for the agent: the agent paused it, the supervisor acted, and no agent identity is kept', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    const c = await backend.assignedConversation();
    const supervisor = await backend.tokenFor(backend.seed.workers.bob, ['agent', 'supervisor']);

    const paused = await pause(c, {}, supervisor);

    expect(paused.status).toBe(200);
    const { data } = await item(c).fetch();
    expect(data).toMatchObject({ pausedBy: c.workerSid, actedBy: backend.seed.workers.bob });
    // The supervisor's messages are not the pausing agent's own: nothing to leave out of the unread count.
    expect(data).not.toHaveProperty('agentIdentity');
  });

  it('by the agent: no actedBy, and their identity kept (their own messages are not the customer’s)', async () => {
    const c = await backend.assignedConversation();
    const paused = await pause(c);
    expect(paused.status).toBe(200);
    const { data } = await item(c).fetch();
    expect(data).not.toHaveProperty('actedBy');
    expect(typeof (data as PauseRecord).agentIdentity).toBe('string');
    expect((data as PauseRecord).agentIdentity).not.toBe('');
  });

  it("the task unreadable: the Pause goes on without the queue, and a reason is not written ('failed', logged)", async () => {
    const logged = loggedErrors();
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons: REASONS } });
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'GET',
      pathPattern: `/Tasks/${c.taskSid}$`,
      status: 503,
      times: 50,
    });
    const from = backend.emulator.requests.length;

    const paused = await pause(c, { Reason: 'callback' });
    backend.emulator.faults.clear();

    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ reasonInsights: 'failed', reason: { code: 'callback' } });
    expect(paused.body).not.toHaveProperty('queueSid');
    expect(await channelStatus(c)).toBe('pause');
    const { data } = await item(c).fetch();
    expect(data).not.toHaveProperty('queueSid');
    expect(data).not.toHaveProperty('workflowSid');
    // Never written blind: no attributes update without a read of the task.
    expect(
      requestsSince(from).filter((r) => r.startsWith('POST') && r.endsWith(`/Tasks/${c.taskSid}`)),
    ).toEqual([]);
    expect(logged()).toMatch(
      /the pause reason could not be written into the task's attributes \(the Pause goes on\)/,
    );
  });

  it('the task read lost on every try (the connection dropped): the Pause goes on, the reason not written, the cause logged', async () => {
    const logged = loggedErrors();
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons: REASONS } });
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'GET',
      pathPattern: `/Tasks/${c.taskSid}$`,
      mode: 'drop',
      times: 50,
    });
    const from = backend.emulator.requests.length;

    const paused = await pause(c, { Reason: 'callback' });
    backend.emulator.faults.clear();

    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: 'paused', reasonInsights: 'failed' });
    expect(paused.body).not.toHaveProperty('queueSid');
    expect(await channelStatus(c)).toBe('pause');
    expect(
      requestsSince(from).filter((r) => r.startsWith('POST') && r.endsWith(`/Tasks/${c.taskSid}`)),
    ).toEqual([]);
    // The read's own failure, not a later step's stumbling over a task that was never read.
    expect(logged()).toMatch(
      new RegExp(
        `could not be written into the task's attributes \\(the Pause goes on\\): GET \\S+/Tasks/${c.taskSid}: ECONNRESET`,
      ),
    );
  });

  it("one of the admin's own codes in the reason's slot (an earlier reason) is replaced by this one", async () => {
    const logged = loggedErrors();
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons: REASONS } });
    const c = await backend.assignedConversation();
    const task = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks(c.taskSid);
    const attributes = JSON.parse((await task.fetch()).attributes) as Record<string, unknown>;
    await task.update({
      attributes: JSON.stringify({ ...attributes, conversations: { [INSIGHTS_REASON_KEY]: 'waiting-docs' } }),
    });

    const paused = await pause(c, { Reason: 'callback' });

    expect(paused.status).toBe(200);
    expect(paused.body.reasonInsights).toBe('written');
    const final = JSON.parse((await task.fetch()).attributes) as { conversations: Record<string, unknown> };
    expect(final.conversations[INSIGHTS_REASON_KEY]).toBe('callback'); // Written: nothing to report.
    expect(logged()).toBe('');
  });

  it("another's value in the reason's slot: the Pause goes on, and the log names the slot", async () => {
    const logged = loggedErrors();
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons: REASONS } });
    const c = await backend.assignedConversation();
    const task = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks(c.taskSid);
    const attributes = JSON.parse((await task.fetch()).attributes) as Record<string, unknown>;
    await task.update({
      attributes: JSON.stringify({ ...attributes, conversations: { [INSIGHTS_REASON_KEY]: 'gold-tier' } }),
    });

    const paused = await pause(c, { Reason: 'callback' });

    expect(paused.status).toBe(200);
    expect(paused.body.reasonInsights).toBe('slot-taken');
    const lines = logged();
    expect(lines).toMatch(/the pause reason was not written into the task's attributes/);
    expect(lines).toMatch(/: task_wrong_state: conversations\.conversation_label_10 holds another value/);
  });
});

describe('found paused already', () => {
  it('a second Pause moves nothing, attaches no second webhook and writes no reason again', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons: REASONS } });
    const c = await backend.assignedConversation();
    const first = await pause(c, { Reason: 'callback' });
    expect(first.status).toBe(200);
    expect(first.body.reasonInsights).toBeDefined();
    const hooks = await webhooksOf(c);
    expect(hooks).toHaveLength(1);
    const from = backend.emulator.requests.length;

    const again = await pause(c, { Reason: 'callback' });

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyPaused: true, eventsWebhookSid: hooks[0].sid });
    // Found paused, the task closed with whatever the first click wrote: no second write, no outcome to tell.
    expect(again.body).not.toHaveProperty('reasonInsights');
    const posts = requestsSince(from).filter((r) => r.startsWith('POST') || r.startsWith('DELETE'));
    expect(posts.filter((r) => /\/Webhooks|\/Channels\/|\/Tasks\//.test(r))).toEqual([]);
    expect((await webhooksOf(c)).map((hook) => hook.sid)).toEqual([hooks[0].sid]);
  });
});

describe("a racing click's record is kept", () => {
  async function writtenFirst(c: AssignedConversation): Promise<PauseRecord> {
    // What a click that won the race wrote: its own times and its own webhook.
    const record: PauseRecord = {
      taskSid: c.taskSid,
      pausedBy: c.workerSid,
      pausedAt: '2026-03-01T09:00:00.000Z',
      reassignAt: '2099-03-15T09:00:00.000Z',
      deadlineSource: 'twilio',
      interactionSid: c.interactionSid,
      channelSid: c.channelSid,
      conversationSid: c.conversationSid,
      taskChannel: 'chat',
      customer: 'Casey Customer',
      eventsWebhookSid: 'WH' + '0'.repeat(32),
    };
    await new PauseStore(backend.client, backend.env.SYNC_SERVICE_SID).putRecord(record, 3600);
    return record;
  }

  it('this request answers it, drops its own webhook, and its repeat (same key) answers it too', async () => {
    const c = await backend.assignedConversation();
    const first = await writtenFirst(c);

    const paused = await pause(c, { IdempotencyKey: KEY });

    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      state: 'paused',
      pausedAt: first.pausedAt,
      reassignAt: first.reassignAt,
      eventsWebhookSid: first.eventsWebhookSid,
    });
    expect(await channelStatus(c)).toBe('pause');
    // This request's webhook would only duplicate the kept record's: removed.
    expect(await webhooksOf(c)).toEqual([]);

    const repeat = await pause(c, { IdempotencyKey: KEY });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({
      repeated: true,
      state: 'paused',
      pausedAt: first.pausedAt,
      eventsWebhookSid: first.eventsWebhookSid,
    });
  });
});

describe('refused by Twilio', () => {
  it('a conversation closed while the task is accepted: 409 naming its state, no webhook or record left', async () => {
    const c = await backend.assignedConversation();
    await backend.client.conversations.v1.conversations(c.conversationSid).update({ state: 'closed' });
    const from = backend.emulator.requests.length;

    const result = await pause(c);

    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'task_wrong_state',
      message: 'This conversation is closed: it cannot be paused now',
      field: 'TaskSid',
    });
    expect(await webhooksOf(c)).toEqual([]);
    await expect(item(c).fetch()).rejects.toMatchObject({ status: 404 });
    // Attached beside the change, then removed by its own SID (never a made-up one).
    const deletes = requestsSince(from).filter((r) => r.startsWith('DELETE') && r.includes('/Webhooks/'));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatch(/\/Webhooks\/WH[0-9a-f]{32}$/);
  });

  it('a Leave that lands between the ownership reads and the move: 409 "left meanwhile", nothing left behind', async () => {
    const c = await backend.assignedConversation();
    // Pause's read of the task (beside the ownership reads) is answered 1.5 s late, within its wait: a Leave of
    // the same conversation runs in that window, after Pause saw the task accepted and before it moves.
    backend.emulator.faults.add({
      method: 'GET',
      pathPattern: `/Tasks/${c.taskSid}$`,
      mode: 'timeout',
      holdMs: 1500,
      times: 1,
    });
    const pausing = backend.invoke(pauseHandler, await backend.actionEvent(c), {
      ...backend.env,
      TWILIO_REQUEST_TIMEOUT_MS: '5000',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const left = await backend.invoke(leaveHandler, await backend.actionEvent(c), backend.env);
    expect(left.status).toBe(200);

    const result = await pausing;

    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'task_wrong_state',
      message: LEFT_MEANWHILE_MESSAGE,
      field: 'TaskSid',
    });
    expect(await channelStatus(c)).toBe('inactive');
    expect(await webhooksOf(c)).toEqual([]);
    await expect(item(c).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('nothing attached (the webhook refused): nothing is removed either', async () => {
    const logged = loggedErrors();
    const c = await backend.assignedConversation();
    await backend.client.conversations.v1.conversations(c.conversationSid).update({ state: 'closed' });
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Webhooks$', status: 503, times: 50 });
    const from = backend.emulator.requests.length;

    const result = await pause(c);
    backend.emulator.faults.clear();

    expect(result.status).toBe(409);
    expect(requestsSince(from).filter((r) => r.startsWith('DELETE'))).toEqual([]);
    expect(logged()).toMatch(/events webhook could not be attached/);
  });
});

describe('the record cannot be written', () => {
  it('the repeat of the failed request (same key) is not told of a pause that was given back: it acts again', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = await backend.assignedConversation();
    // Only the pause record's write fails: the outcome remembered beside it (another map) lands.
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Maps/${PAUSE_MAP_NAME}/Items$`,
      status: 503,
      times: 50,
    });
    const failed = await pause(c, { IdempotencyKey: KEY });
    backend.emulator.faults.clear();
    expect(failed.status).toBe(502);
    await backend.emulator.idle();
    expect(await channelStatus(c)).toBe('active');
    expect(await webhooksOf(c)).toEqual([]);

    const again = await pause(c, { IdempotencyKey: KEY });

    // Given back, the conversation went on under a new task (Twilio's, as after a Resume): acting again on the
    // old one says so, where the remembered success would have answered "paused" for an active conversation.
    expect(again.status).toBe(409);
    expect(again.body).not.toHaveProperty('repeated');
    expect(again.body.error).toMatchObject({ code: 'task_wrong_state', field: 'TaskSid' });
    expect(again.body.error?.message).toMatch(/no longer the current task/);
    expect(await channelStatus(c)).toBe('active');
    await expect(item(c).fetch()).rejects.toMatchObject({ status: 404 });
  });
});

describe('the record cannot be written, without an IdempotencyKey', () => {
  it("502 naming Twilio's failure (nothing of ours breaks on the missing key), the conversation given back", async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Maps/${PAUSE_MAP_NAME}/Items$`,
      status: 503,
      times: 50,
    });

    const failed = await pause(c);
    backend.emulator.faults.clear();

    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ code: 'twilio_error' });
    await backend.emulator.idle();
    expect(await channelStatus(c)).toBe('active');
  });
});

describe('the record cannot be written for a conversation found paused already', () => {
  it('502, and the pause stays: there is nothing of this request to give back', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = await backend.assignedConversation();
    expect((await pause(c)).status).toBe(200);
    // The record lost (deleted by hand, expired early): the agent clicks Pause again to get it back.
    await item(c).remove();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Maps/${PAUSE_MAP_NAME}/Items$`,
      status: 503,
      times: 50,
    });
    const from = backend.emulator.requests.length;

    const again = await pause(c);
    backend.emulator.faults.clear();

    expect(again.status).toBe(502);
    expect(await channelStatus(c)).toBe('pause');
    expect(requestsSince(from).filter((r) => r.startsWith('POST') && r.includes('/Channels/'))).toEqual([]);
  });
});

describe('remembered for a repeat (IdempotencyKey)', () => {
  it('kept once, beside the record, with all of the answer: its state and the reason outcome', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons: REASONS } });
    const c = await backend.assignedConversation();
    const from = backend.emulator.requests.length;

    const first = await pause(c, { IdempotencyKey: KEY, Reason: 'callback' });

    expect(first.status).toBe(200);
    expect(first.body.reasonInsights).toBe('written');
    // The claim is a create; the outcome is then written to its item once: no second write of the same answer.
    const outcomeWrites = requestsSince(from).filter(
      (r) => r.startsWith('POST') && r.includes(`/Maps/${REQUEST_MAP_NAME}/Items/`),
    );
    expect(outcomeWrites).toHaveLength(1);
    const repeat = await pause(c, { IdempotencyKey: KEY, Reason: 'callback' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({
      ok: true,
      repeated: true,
      state: 'paused',
      alreadyPaused: false,
      reasonInsights: 'written',
      reason: { code: 'callback' },
      pausedAt: first.body.pausedAt,
    });
  });
});

describe('no Functions domain to post events to', () => {
  it('pauses without a webhook, and attempts none (nothing logged)', async () => {
    const logged = loggedErrors();
    const c = await backend.assignedConversation();
    const context = {
      ...backend.env,
      DOMAIN_NAME: '127.0.0.1',
      PATH: '/pause',
      getTwilioClient: () => backend.client,
    };
    const environment = { ...readEnvironment(context), functionsBaseUrl: undefined };
    const from = backend.emulator.requests.length;

    const result = await pauseAction(environment, runtimeEvent(await backend.actionEvent(c)));

    expect(result).toMatchObject({ state: 'paused', taskSid: c.taskSid });
    expect(result.eventsWebhookSid).toBeUndefined();
    expect(await channelStatus(c)).toBe('pause');
    expect(requestsSince(from).filter((r) => r.includes('/Webhooks'))).toEqual([]);
    expect(logged()).toBe('');
  });
});
