import type { Delivery } from '../../emulator/src/webhooks';
import { twilioSignature } from '../../emulator/src/webhooks';
import { handlePauseEvent } from '../src/actions/pause-events';
import { readEnvironment, type FunctionsEnvironment } from '../src/lib/environment';
import { keyFor, PAUSE_MAP_NAME } from '../src/lib/pause-store';
import type { FunctionEvent } from '../src/lib/runtime';
import { forgetCachedSettings } from '../src/lib/settings';
import { handler as pauseHandler } from '../src/functions/pause';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { post, stateOf } from './support';

/**
 * actions/pause-events.ts (issue 20, mutation survivors): what the signed webhook handler accepts and refuses
 * (the form's Content-Type as Twilio may write it, a key or channel that is no text, a field that is no text,
 * a key of another form, a record naming another agent, task or webhook), which Twilio reads it makes for each
 * event, how it reads a pause's end (the conversation removed, a channel Twilio no longer has, a failed read,
 * the pausing agent gone from the channel) and what it keeps of a message (its time, its text). The emulator
 * delivers the first event; the variants are signed here with the account's auth token, as Twilio signs.
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

const FORM = 'application/x-www-form-urlencoded';
const messageSid = (digit: string) => `IM${digit.repeat(32)}`;

interface PausedConversation {
  c: AssignedConversation;
  /** The delivery of the customer's first message: its URL (key and channel) and its fields. */
  delivery: Delivery;
}

/** A paused conversation whose customer wrote once: the handler has counted one message. */
async function pausedWithOneMessage(): Promise<PausedConversation> {
  const c = await backend.assignedConversation();
  const paused = await backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
  expect(paused.status).toBe(200);
  await backend.emulator.customer.send(c.conversationSid, 'first');
  await backend.emulator.idle();
  const delivery = backend.emulator.deliveries[backend.emulator.deliveries.length - 1];
  expect(delivery.params.EventType).toBe('onMessageAdded');
  expect(delivery.status).toBe(200);
  return { c, delivery };
}

function recordItem(workerSid: string, taskSid: string) {
  return backend.client.sync.v1
    .services(backend.seed.syncServiceSid)
    .syncMaps(PAUSE_MAP_NAME)
    .syncMapItems(keyFor(workerSid, taskSid));
}

async function recordOf(c: AssignedConversation, workerSid = c.workerSid) {
  try {
    return (await recordItem(workerSid, c.taskSid).fetch()).data as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const unreadOf = async (c: AssignedConversation) =>
  (await recordOf(c))?.unread as { count: number; preview: string; lastMessageAt: string } | undefined;

async function editRecord(c: AssignedConversation, change: Record<string, unknown>) {
  const item = recordItem(c.workerSid, c.taskSid);
  const data = (await item.fetch()).data as Record<string, unknown>;
  const edited: Record<string, unknown> = { ...data, ...change };
  for (const [name, value] of Object.entries(change)) if (value === undefined) delete edited[name];
  await item.update({ data: edited });
}

async function webhooksOf(c: AssignedConversation) {
  return backend.client.conversations.v1.conversations(c.conversationSid).webhooks.list();
}

/** Posts `params` to `url` as Twilio does, signed for that URL and those fields unless a header says otherwise. */
async function signedPost(
  url: URL | string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const target = new URL(url.toString());
  return post(backend, target.pathname + target.search, params, {
    form: true,
    headers: {
      'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, target.toString(), params),
      ...headers,
    },
  });
}

/** The delivery's URL with its query changed (a value undefined removes the parameter). */
function urlWith(delivery: Delivery, query: Record<string, string | undefined>): URL {
  const url = new URL(delivery.url);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url;
}

/** The requests the emulator saw since `from` (an index into its log), as "METHOD path". */
function requestsSince(from: number): string[] {
  return backend.emulator.requests.slice(from).map((r) => `${r.method} ${r.path}`);
}

describe('what the handler accepts as a signed form', () => {
  it('the form type as Twilio may write it (any case, spaces, a charset) is the form type', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const answer = await signedPost(
      delivery.url,
      { ...delivery.params, MessageSid: messageSid('1'), Body: 'second' },
      { 'Content-Type': 'Application/X-WWW-Form-URLencoded ; charset=UTF-8' },
    );
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'counted' } });
    expect((await unreadOf(c))?.count).toBe(2);
    // The same fields signed but sent as JSON: Twilio never posts an event that way.
    const fields = { ...delivery.params, MessageSid: messageSid('2'), Body: 'json' };
    const url = new URL(delivery.url);
    const json = await post(backend, url.pathname + url.search, fields, {
      headers: { 'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, delivery.url, fields) },
    });
    expect(json.status).toBe(403);
    expect((await unreadOf(c))?.count).toBe(2);
  });

  describe('called as the runtime calls it', () => {
    /** The environment twilio-run gives the Function at the delivery's address. */
    const environmentFor = (delivery: Delivery): FunctionsEnvironment =>
      readEnvironment({ ...backend.env, DOMAIN_NAME: new URL(delivery.url).host });

    /** The event the runtime builds: the URL's query, the form's fields, the request's headers. */
    function eventOf(
      delivery: Delivery,
      fields: Record<string, unknown>,
      headers: Record<string, string | string[]> | undefined,
    ): FunctionEvent {
      const query = Object.fromEntries(new URL(delivery.url).searchParams);
      return { ...(headers ? { request: { headers, cookies: {} } } : {}), ...query, ...fields };
    }

    const signatureOf = (delivery: Delivery, params: Record<string, string>) =>
      twilioSignature(backend.emulator.authToken, delivery.url, params);

    /** 403, or what else the handler answered or threw (status or outcome). */
    const answerOf = (run: Promise<{ outcome: string }>) =>
      run.then(
        (result) => result.outcome,
        (error: unknown) => (error as { status?: number }).status ?? String(error),
      );

    it('headers given as lists (the first value counts) are read as one value', async () => {
      const { c, delivery } = await pausedWithOneMessage();
      const fields = { ...delivery.params, MessageSid: messageSid('2'), Body: 'listed' };
      const event = eventOf(delivery, fields, {
        'content-type': [FORM, 'text/plain'],
        'x-twilio-signature': [signatureOf(delivery, fields), 'AAAA'],
      });
      expect(await answerOf(handlePauseEvent(environmentFor(delivery), event))).toBe('counted');
      expect((await unreadOf(c))?.count).toBe(2);
    });

    it('an event without headers, or without the Functions base URL, is refused before any Twilio call', async () => {
      const { c, delivery } = await pausedWithOneMessage();
      const fields = { ...delivery.params, MessageSid: messageSid('3') };
      const before = backend.emulator.requests.length;
      expect(
        await answerOf(handlePauseEvent(environmentFor(delivery), eventOf(delivery, fields, undefined))),
      ).toBe(403);
      const withoutHeaders = { ...eventOf(delivery, fields, undefined), request: { cookies: {} } };
      expect(await answerOf(handlePauseEvent(environmentFor(delivery), withoutHeaders))).toBe(403);
      const signed = { 'content-type': FORM, 'x-twilio-signature': signatureOf(delivery, fields) };
      const { functionsBaseUrl, ...withoutBase } = environmentFor(delivery);
      expect(functionsBaseUrl).toBe(new URL(delivery.url).origin);
      expect(await answerOf(handlePauseEvent(withoutBase, eventOf(delivery, fields, signed)))).toBe(403);
      expect(requestsSince(before)).toEqual([]);
      expect((await unreadOf(c))?.count).toBe(1);
    });

    it('a key or a channel that is no text, or a posted field that is no text, is refused though the text would be signed', async () => {
      const { c, delivery } = await pausedWithOneMessage();
      const environment = environmentFor(delivery);
      const fields = { ...delivery.params, MessageSid: messageSid('4'), Body: 'not text' };
      const headers = { 'content-type': FORM, 'x-twilio-signature': signatureOf(delivery, fields) };
      const url = new URL(delivery.url);
      const key = url.searchParams.get('PauseKey') ?? '';
      const [interactionSid, channelSid] = (url.searchParams.get('PauseChannel') ?? '').split(':');
      expect(interactionSid).toBe(c.interactionSid);
      // The same event, signed, counts (the variants below differ only by the value's type; the extra field's
      // text is signed with the rest).
      const withExtra = {
        'content-type': FORM,
        'x-twilio-signature': signatureOf(delivery, { ...fields, Extra: 'x' }),
      };
      const variants: Array<[Record<string, unknown>, Record<string, string>]> = [
        [{ PauseKey: [key] }, headers],
        [{ PauseChannel: { interactionSid, channelSid } }, headers],
        [{ Extra: ['x'] }, withExtra],
      ];
      const before = backend.emulator.requests.length;
      for (const [variant, signedHeaders] of variants) {
        const event = { ...eventOf(delivery, fields, signedHeaders), ...variant };
        expect(await answerOf(handlePauseEvent(environment, event))).toBe(403);
      }
      expect(requestsSince(before)).toEqual([]);
      expect(await answerOf(handlePauseEvent(environment, eventOf(delivery, fields, headers)))).toBe(
        'counted',
      );
      expect((await unreadOf(c))?.count).toBe(2);
    });
  });

  it('a signed key of another form ({WK}:{WT} with anything around it) reads nothing', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const key = new URL(delivery.url).searchParams.get('PauseKey') ?? '';
    const before = backend.emulator.requests.length;
    for (const malformed of [`x${key}`, `${key}x`, key.replace(':', '::')]) {
      const answer = await signedPost(urlWith(delivery, { PauseKey: malformed }), {
        ...delivery.params,
        MessageSid: messageSid('5'),
      });
      expect(answer.status).toBe(403);
      // The same words for every refusal: nothing about the pause is revealed.
      expect(answer.body.error).toEqual({
        code: 'forbidden',
        message: 'This event is not a signed Twilio event for this pause',
      });
    }
    expect(requestsSince(before)).toEqual([]);
    expect((await unreadOf(c))?.count).toBe(1);
  });
});

describe('the record must be the pause the event is signed for', () => {
  const other = (prefix: string) => prefix + 'f'.repeat(32);

  it.each([
    ['another pausing agent', { pausedBy: other('WK') }],
    ['another task', { taskSid: other('WT') }],
    ['another webhook', { eventsWebhookSid: other('WH') }],
  ])('a record naming %s → 403, nothing counted', async (_name, change) => {
    const { c, delivery } = await pausedWithOneMessage();
    await editRecord(c, change);
    const before = stateOf(backend.emulator);
    const answer = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('6') });
    expect(answer.status).toBe(403);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a webhook SID on one side only is no mismatch: the message counts', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    expect(delivery.params.WebhookSid).toMatch(/^WH/);
    const { WebhookSid, ...withoutWebhook } = delivery.params;
    expect((await recordOf(c))?.eventsWebhookSid).toBe(WebhookSid);
    const unsaid = await signedPost(delivery.url, { ...withoutWebhook, MessageSid: messageSid('7') });
    expect(unsaid.body.outcome).toBe('counted');
    await editRecord(c, { eventsWebhookSid: undefined });
    const unrecorded = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('8') });
    expect(unrecorded.body.outcome).toBe('counted');
    expect((await unreadOf(c))?.count).toBe(3);
  });
});

describe("reading the pause's end", () => {
  const channelReads = (requests: string[]) => requests.filter((r) => /^GET .*\/Channels\/UO\w+$/.test(r));

  it.each([
    ['removed', { EventType: 'onConversationRemoved' }],
    ['closed', { EventType: 'onConversationStateUpdated', StateFrom: 'active', StateTo: 'closed' }],
  ])(
    'the conversation %s ends the pause without reading the channel: record and webhook gone',
    async (_name, event) => {
      const { c, delivery } = await pausedWithOneMessage();
      const before = backend.emulator.requests.length;
      const answer = await signedPost(delivery.url, {
        AccountSid: delivery.params.AccountSid,
        ConversationSid: c.conversationSid,
        ...event,
        WebhookSid: delivery.params.WebhookSid,
      });
      expect(answer.body.outcome).toBe('ended');
      expect(channelReads(requestsSince(before))).toEqual([]);
      expect(await recordOf(c)).toBeUndefined();
      expect(await webhooksOf(c)).toHaveLength(0);
      // Twilio's retry of an event once the record is gone: nothing to count, nothing to end.
      const again = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('2') });
      expect(again).toMatchObject({ status: 200, body: { outcome: 'no-pause' } });
    },
  );

  it.each([
    ['the record', 'record'],
    ['the event', 'event'],
    ['neither', 'neither'],
  ])('the webhook that goes with the pause is the one %s names', async (_name, namedBy) => {
    const { c, delivery } = await pausedWithOneMessage();
    const { WebhookSid, ...withoutWebhook } = delivery.params;
    if (namedBy !== 'record') await editRecord(c, { eventsWebhookSid: undefined });
    const before = backend.emulator.requests.length;
    const answer = await signedPost(delivery.url, {
      ...withoutWebhook,
      ...(namedBy === 'event' ? { WebhookSid } : {}),
      EventType: 'onConversationRemoved',
    });
    expect(answer.body.outcome).toBe('ended');
    expect(await recordOf(c)).toBeUndefined();
    const removals = requestsSince(before).filter((r) => r.startsWith('DELETE') && r.includes('/Webhooks/'));
    expect(removals).toEqual(
      namedBy === 'neither' ? [] : [expect.stringContaining(`/Webhooks/${WebhookSid}`)],
    );
    expect(await webhooksOf(c)).toHaveLength(namedBy === 'neither' ? 1 : 0);
  });

  it('another state than closed is no end, and an event that is no message reads no settings', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    forgetCachedSettings();
    const before = backend.emulator.requests.length;
    const answer = await signedPost(delivery.url, {
      AccountSid: delivery.params.AccountSid,
      ConversationSid: c.conversationSid,
      EventType: 'onConversationStateUpdated',
      StateFrom: 'active',
      StateTo: 'inactive',
      WebhookSid: delivery.params.WebhookSid,
    });
    expect(answer.body.outcome).toBe('ignored');
    const requests = requestsSince(before);
    expect(channelReads(requests)).toHaveLength(1);
    expect(requests.filter((r) => r.includes('/Configuration'))).toEqual([]);
    expect((await unreadOf(c))?.count).toBe(1);
    expect(await webhooksOf(c)).toHaveLength(1);
  });

  it("the channel is read once per message: early when the URL names the record's channel, after the record when not", async () => {
    const { c, delivery } = await pausedWithOneMessage();
    let before = backend.emulator.requests.length;
    await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('1') });
    expect(channelReads(requestsSince(before))).toHaveLength(1);
    // Only a participant removed asks who is still in the channel.
    expect(requestsSince(before).filter((r) => r.includes('/Participants'))).toEqual([]);
    before = backend.emulator.requests.length;
    await signedPost(urlWith(delivery, { PauseChannel: undefined }), {
      ...delivery.params,
      MessageSid: messageSid('2'),
    });
    expect(channelReads(requestsSince(before))).toHaveLength(1);
    expect((await unreadOf(c))?.count).toBe(3);
  });

  it('a URL naming the same interaction but another channel, or the same channel in another interaction, is no read of the pause', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const elsewhere = await backend.assignedConversation();
    const variants = [
      `${c.interactionSid}:${elsewhere.channelSid}`,
      `${elsewhere.interactionSid}:${c.channelSid}`,
    ];
    for (const [index, channel] of variants.entries()) {
      const answer = await signedPost(urlWith(delivery, { PauseChannel: channel }), {
        ...delivery.params,
        MessageSid: messageSid(String(index + 1)),
      });
      expect(answer.body.outcome).toBe('counted');
    }
    expect((await unreadOf(c))?.count).toBe(3);
  });

  it('only a state update decides by its StateTo: a message carrying one is still counted', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const answer = await signedPost(delivery.url, {
      ...delivery.params,
      MessageSid: messageSid('1'),
      StateTo: 'closed',
    });
    expect(answer.body.outcome).toBe('counted');
    expect((await unreadOf(c))?.count).toBe(2);
  });

  it("a message while the record's channel is no longer paused (resumed by Flex itself) ends the pause", async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const active = await backend.assignedConversation();
    await editRecord(c, { interactionSid: active.interactionSid, channelSid: active.channelSid });
    const answer = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('1') });
    expect(answer.body.outcome).toBe('ended');
    expect(await recordOf(c)).toBeUndefined();
    expect(await webhooksOf(c)).toHaveLength(0);
  });

  it('a channel Twilio no longer has (404) is a pause ended: record and webhook gone', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    await editRecord(c, { channelSid: 'UO' + '0'.repeat(32) });
    const answer = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('9') });
    expect(answer.body.outcome).toBe('ended');
    expect(await recordOf(c)).toBeUndefined();
    expect(await webhooksOf(c)).toHaveLength(0);
  });

  it('a channel read that fails otherwise is no end: 502, the record and webhook kept, nothing counted', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { c, delivery } = await pausedWithOneMessage();
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/Channels/UO', status: 500, times: 20 });
    const answer = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('9') });
    backend.emulator.faults.clear();
    expect(answer.status).toBe(502);
    // Twilio's failure itself, read from the channel's read made beside the record.
    expect(errors.mock.calls.flat().join(' ')).toMatch(
      /failed: GET \/v1\/Interactions\/KD\w+\/Channels\/UO\w+: HTTP 500/,
    );
    expect((await unreadOf(c))?.count).toBe(1);
    expect(await webhooksOf(c)).toHaveLength(1);
  });

  it('a participant removed: no end while the pausing agent is still in the channel, the end once they are not', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const removed = {
      AccountSid: delivery.params.AccountSid,
      ConversationSid: c.conversationSid,
      EventType: 'onParticipantRemoved',
      ParticipantSid: 'MB' + '1'.repeat(32),
    };
    const stillThere = await signedPost(delivery.url, removed);
    expect(stillThere.body.outcome).toBe('ignored');
    expect(await recordOf(c)).toBeDefined();

    // The same pause recorded for an agent who is not in the channel (a record Pause never writes, made here
    // under that agent's key): the participant removed was them.
    const absent = backend.seed.workers.bob;
    expect(absent).not.toBe(c.workerSid);
    const { eventsWebhookSid: _webhook, ...data } = (await recordOf(c)) ?? {};
    await backend.client.sync.v1
      .services(backend.seed.syncServiceSid)
      .syncMaps(PAUSE_MAP_NAME)
      .syncMapItems.create({ key: keyFor(absent, c.taskSid), data: { ...data, pausedBy: absent } });
    const gone = await signedPost(urlWith(delivery, { PauseKey: keyFor(absent, c.taskSid) }), removed);
    expect(gone.body.outcome).toBe('ended');
    expect(await recordOf(c, absent)).toBeUndefined();
    expect(await recordOf(c)).toBeDefined();
  });
});

describe('a message', () => {
  it('an event about a message that is no new message (edited) is not counted', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const edited = await signedPost(delivery.url, {
      ...delivery.params,
      EventType: 'onMessageUpdated',
      MessageSid: messageSid('1'),
    });
    expect(edited.body.outcome).toBe('ignored');
    expect((await unreadOf(c))?.count).toBe(1);
  });

  it('with a MessageSid of another form (or none) is not counted', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const { MessageSid: _sid, ...withoutSid } = delivery.params;
    for (const sid of [`x${messageSid('1')}`, `${messageSid('1')}0`, 'IM123', undefined]) {
      const answer = await signedPost(delivery.url, { ...withoutSid, ...(sid ? { MessageSid: sid } : {}) });
      expect(answer.body.outcome).toBe('ignored');
    }
    expect((await unreadOf(c))?.count).toBe(1);
  });

  it('without an author is the customer’s; the agent’s own is not counted', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const identity = (await recordOf(c))?.agentIdentity;
    expect(typeof identity).toBe('string');
    const { Author: _author, ...withoutAuthor } = delivery.params;
    const unsigned = await signedPost(delivery.url, { ...withoutAuthor, MessageSid: messageSid('1') });
    expect(unsigned.body.outcome).toBe('counted');
    const own = await signedPost(delivery.url, {
      ...delivery.params,
      Author: String(identity),
      MessageSid: messageSid('2'),
    });
    expect(own.body.outcome).toBe('not-counted');
    expect((await unreadOf(c))?.count).toBe(2);
  });

  it('keeps its time as Twilio wrote it (normalized), or the time it came when that is no date; no body is an empty preview', async () => {
    const { c, delivery } = await pausedWithOneMessage();
    const { Body: _body, DateCreated: _date, ...bare } = delivery.params;
    await signedPost(delivery.url, {
      ...bare,
      MessageSid: messageSid('1'),
      DateCreated: '2026-12-04T10:00:00Z',
    });
    expect(await unreadOf(c)).toMatchObject({
      count: 2,
      lastMessageAt: '2026-12-04T10:00:00.000Z',
      preview: '',
    });
    const from = Date.now();
    const answer = await signedPost(delivery.url, {
      ...bare,
      MessageSid: messageSid('2'),
      DateCreated: 'not a date',
      Body: 'later',
    });
    expect(answer.body.outcome).toBe('counted');
    const unread = await unreadOf(c);
    expect(unread).toMatchObject({ count: 3, preview: 'later' });
    expect(Date.parse(String(unread?.lastMessageAt))).toBeGreaterThanOrEqual(from - 1000);
  });
});

describe('pause.onCustomerMessage: "resume"', () => {
  it('the pausing agent available again: the next message resumes, and the answer says the policy acted', async () => {
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, onCustomerMessage: 'resume' },
    });
    const c = await backend.assignedConversation();
    const paused = await backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
    expect(paused.status).toBe(200);
    const worker = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).workers(c.workerSid);
    await worker.update({ activitySid: backend.seed.activities.offline });
    await backend.emulator.customer.send(c.conversationSid, 'first');
    await backend.emulator.idle();
    expect((await unreadOf(c))?.count).toBe(1);
    const delivery = backend.emulator.deliveries[backend.emulator.deliveries.length - 1];
    await worker.update({ activitySid: backend.seed.activities.available });
    // Twilio's retry of the message already counted resumes nothing.
    const replay = await signedPost(delivery.url, delivery.params);
    expect(replay).toMatchObject({ status: 200, body: { outcome: 'repeated' } });
    expect((await unreadOf(c))?.count).toBe(1);
    const answer = await signedPost(delivery.url, { ...delivery.params, MessageSid: messageSid('1') });
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'resumed-by-policy' } });
    expect(await recordOf(c)).toBeUndefined();
  });

  it('a Resume that Twilio fails leaves the message counted and the failure logged', async () => {
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, onCustomerMessage: 'resume' },
    });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const c = await backend.assignedConversation();
    const paused = await backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
    expect(paused.status).toBe(200);
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Channels/UO\\w+$', status: 500, times: 20 });
    await backend.emulator.customer.send(c.conversationSid, 'back?');
    await backend.emulator.idle();
    backend.emulator.faults.clear();
    const delivery = backend.emulator.deliveries[backend.emulator.deliveries.length - 1];
    expect(delivery.status).toBe(200);
    expect((await unreadOf(c))?.count).toBe(1);
    expect(errors.mock.calls.flat().join(' ')).toContain('pause-events: the policy resume failed');
  });
});
