import { twilioSignature } from '../../emulator/src/webhooks';
import { expectConsole } from '../../tests/console-guard';
import { parseConfig } from '../../src/config';
import { handler as pauseHandler } from '../src/functions/pause';
import { configureLeavePause } from '../src/provisioning/configure';
import { doctor } from '../src/provisioning/doctor';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { PAUSE_EVENT_FILTERS, PREVIEW_MAX_CHARS } from '../src/lib/pause-events';
import { PAUSE_MAP_NAME } from '../src/lib/pause-store';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { post, stateOf } from './support';

/**
 * Pause events (issue 18 part 1): the conversation-scoped webhook Pause attaches, delivered by the emulator
 * (signed, form-encoded, as Conversations does) to the real pause-events Function over HTTP.
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

async function pause(c: AssignedConversation) {
  const answer = await backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
  expect(answer.status).toBe(200);
  return answer;
}

async function recordOf(c: AssignedConversation) {
  try {
    const item = await backend.client.sync.v1
      .services(backend.seed.syncServiceSid)
      .syncMaps(PAUSE_MAP_NAME)
      .syncMapItems(`${c.workerSid}:${c.taskSid}`)
      .fetch();
    return item.data as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function webhooksOf(c: AssignedConversation) {
  return backend.client.conversations.v1.conversations(c.conversationSid).webhooks.list();
}

async function customerWrites(c: AssignedConversation, body: string) {
  await backend.emulator.customer.send(c.conversationSid, body);
  await backend.emulator.idle();
}

/** The last delivery's answer from the pause-events Function. */
function lastDelivery() {
  const deliveries = backend.emulator.deliveries;
  return deliveries[deliveries.length - 1];
}

async function channelStatus(c: AssignedConversation) {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}`,
  });
  return (response.body as { status: string }).status;
}

describe('the webhook Pause attaches', () => {
  it('is scoped to the paused conversation, posts to pause-events with the record key and the paused channel, and its SID is kept', async () => {
    const c = await backend.assignedConversation();
    const paused = await pause(c);
    const hooks = await webhooksOf(c);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].target).toBe('webhook');
    const configuration = hooks[0].configuration as { url: string; method: string; filters: string[] };
    expect(configuration.url).toBe(
      `${backend.functionsUrl}/pause-events?PauseKey=${encodeURIComponent(`${c.workerSid}:${c.taskSid}`)}` +
        `&PauseChannel=${encodeURIComponent(`${c.interactionSid}:${c.channelSid}`)}`,
    );
    expect(configuration.method.toUpperCase()).toBe('POST');
    expect([...configuration.filters].sort()).toEqual([...PAUSE_EVENT_FILTERS].sort());
    expect(paused.body.eventsWebhookSid).toBe(hooks[0].sid);
    expect((await recordOf(c))?.eventsWebhookSid).toBe(hooks[0].sid);
  });

  it('failing to attach does not fail the Pause: paused, recorded, no webhook, logged without secrets', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Webhooks$', status: 503, times: 20 });
    const paused = await pause(c);
    backend.emulator.faults.clear();
    expect(paused.body.state).toBe('paused');
    expect(paused.body.eventsWebhookSid).toBeUndefined();
    expect(await channelStatus(c)).toBe('pause');
    expect(await recordOf(c)).toMatchObject({ taskSid: c.taskSid });
    expect(await webhooksOf(c)).toHaveLength(0);
    const lines = logged.mock.calls.map((call) => call.join(' ')).join('\n');
    expect(lines).toMatch(/events webhook could not be attached/);
    expect(lines).not.toContain(backend.emulator.authToken);
  });

  it('a Pause that fails at Twilio (the channel change) leaves no webhook behind', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Channels/${c.channelSid}$`,
      status: 503,
      times: 20,
    });
    const failed = await backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
    backend.emulator.faults.clear();
    expect(failed.status).toBe(502);
    expect(await channelStatus(c)).toBe('active');
    // It was attached beside the change, and removed when the change failed.
    expect(backend.emulator.requests.some((r) => r.method === 'POST' && /\/Webhooks$/.test(r.path))).toBe(
      true,
    );
    expect(await webhooksOf(c)).toHaveLength(0);
    expect(logged).toHaveBeenCalled();
  });

  it('Resume removes it', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    expect(await webhooksOf(c)).toHaveLength(1);
    const resumed = await backend.invoke(
      resumeHandler,
      { Token: await backend.tokenFor(c.workerSid), TaskSid: c.taskSid },
      backend.env,
    );
    expect(resumed.status).toBe(200);
    expect(await webhooksOf(c)).toHaveLength(0);
    expect(await recordOf(c)).toBeUndefined();
  });

  it('a Resume that fails at Twilio leaves it: the pause stands, and the customer is still counted', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    expectConsole('error', /HTTP 503/);
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `Channels/${c.channelSid}$`,
      status: 503,
      times: 10,
    });
    const resumed = await backend.invoke(
      resumeHandler,
      { Token: await backend.tokenFor(c.workerSid), TaskSid: c.taskSid },
      backend.env,
    );
    expect(resumed.status).toBe(502);
    backend.emulator.faults.clear();
    expect(await webhooksOf(c)).toHaveLength(1);
    await customerWrites(c, 'Still waiting');
    expect(((await recordOf(c))?.unread as { count: number }).count).toBe(1);
  });
});

describe('a customer message during the pause', () => {
  it('is counted once, with its time and a short preview; a replayed event changes nothing', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    const long = `  Are you   still there?\n${'x'.repeat(200)}`;
    await customerWrites(c, long);
    expect(lastDelivery().status).toBe(200);
    const record = await recordOf(c);
    const unread = record?.unread as { count: number; preview: string; lastMessageAt: string };
    expect(unread.count).toBe(1);
    expect(unread.preview.startsWith('Are you still there? xxx')).toBe(true);
    expect(unread.preview.length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    expect(Number.isFinite(Date.parse(unread.lastMessageAt))).toBe(true);

    // The agent's list shows it.
    const list = await backend.invoke(
      pausedHandler,
      { Token: await backend.tokenFor(c.workerSid) },
      backend.env,
    );
    expect((list.body.paused as { unread?: { count: number } }[])[0].unread?.count).toBe(1);

    // Twilio replays the very same signed event: nothing changes.
    const delivery = lastDelivery();
    const before = stateOf(backend.emulator);
    const replay = await post(
      backend,
      new URL(delivery.url).pathname + new URL(delivery.url).search,
      delivery.params,
      {
        form: true,
        headers: {
          'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, delivery.url, delivery.params),
        },
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.body.outcome).toBe('repeated');
    expect(stateOf(backend.emulator)).toBe(before);

    await customerWrites(c, 'Hello?');
    expect(((await recordOf(c))?.unread as { count: number; preview: string }).count).toBe(2);
    expect(((await recordOf(c))?.unread as { preview: string }).preview).toBe('Hello?');
  });

  it.each([
    ['unsigned', () => ({})],
    ['wrongly signed', () => ({ 'X-Twilio-Signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })],
  ])('%s → 403, nothing changes', async (_name, headersOf) => {
    const c = await backend.assignedConversation();
    await pause(c);
    await customerWrites(c, 'first');
    const delivery = lastDelivery();
    const forged = { ...delivery.params, MessageSid: `IM${'1'.repeat(32)}`, Body: 'forged' };
    const before = stateOf(backend.emulator);
    const url = new URL(delivery.url);
    const answer = await post(backend, url.pathname + url.search, forged, {
      form: true,
      headers: headersOf(),
    });
    expect(answer.status).toBe(403);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('signed for one pause but naming another conversation (foreign) → 403, nothing changes', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    await customerWrites(c, 'first');
    const delivery = lastDelivery();
    const other = await backend.client.conversations.v1.conversations.create({ friendlyName: 'other' });
    const foreign = {
      ...delivery.params,
      ConversationSid: other.sid,
      MessageSid: `IM${'2'.repeat(32)}`,
    };
    const before = stateOf(backend.emulator);
    const url = new URL(delivery.url);
    const answer = await post(backend, url.pathname + url.search, foreign, {
      form: true,
      headers: { 'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, delivery.url, foreign) },
    });
    expect(answer.status).toBe(403);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it("the channel named in the URL is read beside the record, but only the record's channel decides; a URL without it (a webhook attached before) still counts", async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    await customerWrites(c, 'first');
    const delivery = lastDelivery();
    // Another conversation's channel, active (not paused): were its state trusted, the pause would end.
    const active = await backend.assignedConversation();
    expect(await channelStatus(active)).toBe('active');
    const signedPost = async (url: URL, params: Record<string, string>) =>
      post(backend, url.pathname + url.search, params, {
        form: true,
        headers: {
          'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, url.toString(), params),
        },
      });
    const elsewhere = new URL(delivery.url);
    elsewhere.searchParams.set('PauseChannel', `${active.interactionSid}:${active.channelSid}`);
    const namedElsewhere = await signedPost(elsewhere, {
      ...delivery.params,
      MessageSid: `IM${'3'.repeat(32)}`,
      Body: 'second',
    });
    expect(namedElsewhere.status).toBe(200);
    expect(namedElsewhere.body.outcome).toBe('counted');
    const withoutChannel = new URL(delivery.url);
    withoutChannel.searchParams.delete('PauseChannel');
    const older = await signedPost(withoutChannel, {
      ...delivery.params,
      MessageSid: `IM${'4'.repeat(32)}`,
      Body: 'third',
    });
    expect(older.status).toBe(200);
    expect(older.body.outcome).toBe('counted');
    expect(((await recordOf(c))?.unread as { count: number }).count).toBe(3);
    expect(await channelStatus(c)).toBe('pause');
  });

  it("the agent's own message is not counted", async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    await backend.emulator.agent.send(c.conversationSid, c.workerSid, 'note to self');
    await backend.emulator.idle();
    expect(lastDelivery().params.EventType).toBe('onMessageAdded');
    expect((await recordOf(c))?.unread).toBeUndefined();
  });
});

describe('the pause ending any way at all drops its record and webhook', () => {
  it('the conversation closed (by the customer or an admin)', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    await backend.client.conversations.v1.conversations(c.conversationSid).update({ state: 'closed' });
    await backend.emulator.idle();
    expect(await recordOf(c)).toBeUndefined();
    expect(await webhooksOf(c)).toHaveLength(0);
  });

  it('the time limit: Twilio reroutes it', async () => {
    const c = await backend.assignedConversation();
    const paused = await pause(c);
    await backend.emulator.clock.advanceTo(new Date(String(paused.body.reassignAt)));
    await backend.emulator.idle();
    expect(await channelStatus(c)).toBe('active');
    expect(await recordOf(c)).toBeUndefined();
    expect(await webhooksOf(c)).toHaveLength(0);
  });
});

describe('pause.onCustomerMessage: "resume"', () => {
  beforeEach(async () => {
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, onCustomerMessage: 'resume' },
    });
  });

  it('the pausing agent available → resumed for them, as their Resume would', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    await customerWrites(c, 'I am back');
    expect(await channelStatus(c)).toBe('active');
    expect(await recordOf(c)).toBeUndefined();
    expect(await webhooksOf(c)).toHaveLength(0);
    // Twilio's Resume: a new task for the same agent.
    const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
    const live = tasks.filter(
      (task) =>
        JSON.parse(task.attributes).conversationSid === c.conversationSid &&
        ['pending', 'reserved', 'assigned'].includes(task.assignmentStatus),
    );
    expect(live).toHaveLength(1);
    const reservations = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(live[0].sid)
      .reservations.list();
    expect(reservations.map((reservation) => reservation.workerSid)).toEqual([c.workerSid]);
  });

  it('the pausing agent unavailable → only counted, still paused', async () => {
    const c = await backend.assignedConversation();
    await pause(c);
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(c.workerSid)
      .update({ activitySid: backend.seed.activities.offline });
    await customerWrites(c, 'I am back');
    expect(await channelStatus(c)).toBe('pause');
    expect(((await recordOf(c))?.unread as { count: number }).count).toBe(1);
    expect(await webhooksOf(c)).toHaveLength(1);
  });
});

describe('the setting pause.onCustomerMessage', () => {
  const base = { backendUrl: 'https://leave-pause-1234.twil.io', pause: { enabled: true } };

  it('parses "notify" (the default, kept absent) and "resume"; anything else is named and falls back to notify', () => {
    expect(parseConfig(base).config.pause.onCustomerMessage).toBeUndefined();
    expect(
      parseConfig({ ...base, pause: { enabled: true, onCustomerMessage: 'notify' } }).config.pause,
    ).toEqual({
      enabled: true,
      timeLimitMinutes: 20160,
    });
    expect(
      parseConfig({ ...base, pause: { enabled: true, onCustomerMessage: 'resume' } }).config.pause
        .onCustomerMessage,
    ).toBe('resume');
    const wrong = parseConfig({ ...base, pause: { enabled: true, onCustomerMessage: 'reopen' } });
    expect(wrong.config.pause).toEqual({ enabled: true, timeLimitMinutes: 20160 });
    expect(wrong.problems).toEqual([expect.stringContaining('leavePause.pause.onCustomerMessage')]);
  });

  it('the doctor says which policy is in force', async () => {
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, onCustomerMessage: 'resume' },
    });
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(
      findings.filter((finding) => finding.level === 'ok').map((finding) => finding.message),
    ).toContainEqual(expect.stringContaining('pause.onCustomerMessage "resume"'));
  });

  it('configure writes "resume" and refuses a value the parser would not take', async () => {
    const settings = { ...base, pause: { enabled: true, onCustomerMessage: 'resume' } };
    expect((await configureLeavePause(backend.client, settings)).current).toMatchObject(settings);
    await expect(
      configureLeavePause(backend.client, { ...base, pause: { enabled: true, onCustomerMessage: 'always' } }),
    ).rejects.toThrow(/onCustomerMessage/);
  });
});
