import { PAUSE_EVENT_FILTERS } from '../src/lib/pause-events';
import { existsSync } from 'node:fs';
import http from 'node:http';
import twilio from 'twilio';
import { pauseEventsWebhook, RECEIVED_MAX_CHARS } from '../src/provisioning/live/walk/pause-events-webhook';
import { type Opened } from '../src/provisioning/live/walk/walk';
import { oneAttemptClient } from './fake-twilio';
import { freePort } from './live-check-world';
import {
  hex,
  WK,
  CH,
  KD,
  UO,
  WH,
  IM,
  NAME,
  AUTH_TOKEN,
  type Handler,
  fake,
  routes,
  answer,
  walkOn,
  evidence,
  seenPaths,
  type Delivered,
  deliver,
  listenersOn,
  canListen,
  fakeTwilioPerTest,
} from './live-steps-support';

/**
 * The live check's pause-events-webhook step (walk/pause-events-webhook.ts), driven on a Walk whose Twilio is
 * scripted on 127.0.0.1 (issue 20); the scaffolding is live-steps-support.ts.
 */

fakeTwilioPerTest();

describe('pauseEventsWebhook', () => {
  const CONVERSATION_PATH = `/conversations/v1/Conversations/${CH}`;
  const WEBHOOKS_PATH = `${CONVERSATION_PATH}/Webhooks`;
  const MESSAGES_PATH = `${CONVERSATION_PATH}/Messages`;
  const opened: Opened = {
    label: 'a',
    conversationSid: CH,
    customer: `${NAME}-a-customer`,
    ref: { interactionSid: KD, channelSid: UO },
  };
  const urlOn = (base: string) => `${base}/pause-events?PauseKey=${WK}%3Alive-check`;
  const PLACEHOLDER_URL = urlOn('https://leave-pause-live-check.invalid');
  const postEvidence = (status = 201, code: number | null = null) =>
    evidence('POST', `conversations /v1/Conversations/${CH}/Webhooks`, status, code);
  const readEvidence = (status = 200, code: number | null = null) =>
    evidence('GET', `conversations /v1/Conversations/${CH}/Webhooks/${WH}`, status, code);
  const sentEvidence = (status = 201, code: number | null = null) =>
    evidence('POST', `conversations /v1/Conversations/${CH}/Messages`, status, code);
  const FILTERS = [...PAUSE_EVENT_FILTERS];
  const attached = `attached (HTTP 201) and read back with ${FILTERS.join(', ')}`;

  const signedFor = (url: string, params: Record<string, string>) =>
    twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);

  const messageEvent = (over: Record<string, string> = {}) => ({
    EventType: 'onMessageAdded',
    MessageSid: IM,
    WebhookSid: WH,
    ConversationSid: CH,
    Author: opened.customer,
    ...over,
  });

  /** The webhook attached, read back as attached, the message sent; `onMessage` plays what Twilio delivers. */
  function conversation(
    url: string,
    overrides: {
      attach?: Handler;
      read?: Handler;
      send?: Handler;
      detach?: Handler;
      /** Awaited before the message is answered, so what it delivers has arrived when the step looks. */
      onMessage?: () => Promise<unknown>;
    } = {},
  ): void {
    routes([
      ['POST', new RegExp(`^${WEBHOOKS_PATH}$`), overrides.attach ?? answer(201, { sid: WH })],
      [
        'GET',
        new RegExp(`^${WEBHOOKS_PATH}/${WH}$`),
        overrides.read ??
          answer(200, {
            sid: WH,
            target: 'webhook',
            configuration: { url, method: 'POST', filters: FILTERS },
          }),
      ],
      [
        'POST',
        new RegExp(`^${MESSAGES_PATH}$`),
        async (body, path) => {
          await overrides.onMessage?.();
          return (overrides.send ?? answer(201, { sid: IM }))(body, path);
        },
      ],
      ['DELETE', new RegExp(`^${WEBHOOKS_PATH}/${WH}$`), overrides.detach ?? answer(204)],
    ]);
  }

  it('stops at an abort before attaching or listening', async () => {
    const port = await freePort();
    const { walk, lines } = walkOn({
      signal: AbortSignal.abort(),
      eventsReceiver: { publicUrl: 'http://127.0.0.1:1', port },
    });
    await expect(pauseEventsWebhook(walk, opened)).rejects.toThrow('interrupted (Ctrl-C)');
    expect(lines).toEqual([]);
    expect(fake.seen).toEqual([]);
    expect(await canListen(port)).toBe(true);
  });

  it('without a receiver: attached to a placeholder URL, read back, the message sent, delivery skipped, removed', async () => {
    conversation(PLACEHOLDER_URL);
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toStrictEqual([
      {
        id: 'pause-events-webhook',
        title: expect.any(String),
        verdict: 'skipped',
        detail:
          `${attached}; delivery not walked: Twilio cannot reach this machine without --public-url (a tunnel ` +
          'to --listen-port), so whether it fires, signed, for a message while paused is not shown',
        evidence: [postEvidence(), readEvidence()],
        fields: { target: 'webhook', filters: FILTERS, method: 'POST', url_kept: true },
      },
    ]);
    expect(seenPaths()).toEqual([
      `POST ${WEBHOOKS_PATH}`,
      `GET ${WEBHOOKS_PATH}/${WH}`,
      `POST ${MESSAGES_PATH}`,
      `DELETE ${WEBHOOKS_PATH}/${WH}`,
    ]);
    // The webhook exactly as Pause attaches it.
    const attachBody = new URLSearchParams(fake.bodies[0]);
    expect(attachBody.get('Target')).toBe('webhook');
    expect(attachBody.get('Configuration.Url')).toBe(PLACEHOLDER_URL);
    expect(attachBody.get('Configuration.Method')).toBe('post');
    expect(attachBody.getAll('Configuration.Filters')).toEqual(FILTERS);
    // The customer writes, as from their device: webhooks fire for it.
    expect(Object.fromEntries(new URLSearchParams(fake.bodies[2]))).toEqual({
      Author: opened.customer,
      Body: 'A message while paused (leave-pause live check)',
    });
    expect(fake.headers[2]['x-twilio-webhook-enabled']).toBe('true');
  });

  it('holds when the customer’s message arrives signed for the URL attached, naming the webhook and conversation', async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    const answered: Delivered[] = [];
    let listening: string[] = [];
    conversation(url, {
      onMessage: async () => {
        listening = listenersOn(port);
        // Another event first (ignored), then the message's.
        const state = { EventType: 'onConversationStateUpdated', ConversationSid: CH, WebhookSid: WH };
        const message = messageEvent();
        answered.push(await deliver(port, state, signedFor(url, state)));
        answered.push(await deliver(port, message, signedFor(url, message)));
      },
    });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
    await pauseEventsWebhook(walk, opened);
    expect(lines).toStrictEqual([
      {
        id: 'pause-events-webhook',
        title: expect.any(String),
        verdict: 'holds',
        detail: `${attached}; onMessageAdded for the customer's message arrived while paused, signed for the URL attached`,
        evidence: [postEvidence(), sentEvidence()],
        fields: {
          target: 'webhook',
          filters: FILTERS,
          method: 'POST',
          url_kept: true,
          events_received: ['onConversationStateUpdated', 'onMessageAdded'],
          signature_valid: true,
          webhook_sid_matches: true,
        },
      },
    ]);
    expect(new URLSearchParams(fake.bodies[0]).get('Configuration.Url')).toBe(url);
    // The receiver listens on the loopback address only, answers Twilio 200 "ok" as plain text, and is closed
    // once the step is done.
    if (existsSync('/proc/net/tcp')) expect(listening).toEqual([`127.0.0.1:${port}`]);
    expect(answered).toEqual([
      { status: 200, contentType: 'text/plain', text: 'ok' },
      { status: 200, contentType: 'text/plain', text: 'ok' },
    ]);
    expect(await canListen(port)).toBe(true);
    expect(seenPaths().at(-1)).toBe(`DELETE ${WEBHOOKS_PATH}/${WH}`);
  });

  it.each([
    [
      'without a signature',
      (_url: string) => null,
      'without a valid X-Twilio-Signature for the URL attached',
      {},
    ],
    [
      'signed for another URL',
      (url: string) => `${url}x`,
      'without a valid X-Twilio-Signature for the URL attached',
      {},
    ],
    [
      'naming another webhook',
      (url: string) => url,
      'naming another webhook or conversation',
      { WebhookSid: `WH${hex('0')}` },
    ],
    [
      'naming another conversation',
      (url: string) => url,
      'naming another webhook or conversation',
      { ConversationSid: `CH${hex('0')}` },
    ],
  ])('fails when the event arrives %s', async (_what, signUrl, says, over) => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    conversation(url, {
      onMessage: () => {
        const params = messageEvent(over);
        const signatureUrl = signUrl(url);
        return deliver(port, params, signatureUrl === null ? null : signedFor(signatureUrl, params));
      },
    });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
    await pauseEventsWebhook(walk, opened);
    const signed = !says.startsWith('without');
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'fails',
        detail: `${attached}; the event arrived ${says}`,
        evidence: [postEvidence(), sentEvidence()],
        fields: expect.objectContaining({
          events_received: ['onMessageAdded'],
          signature_valid: signed,
          webhook_sid_matches: !('WebhookSid' in over),
        }),
      }),
    ]);
  });

  it.each([
    ['at', 'holds', 0],
    ['one character over', 'fails', 1],
  ])('keeps at most RECEIVED_MAX_CHARS of a body: an event %s the limit %s', async (_what, verdict, over) => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    const bare = messageEvent({ Pad: '' });
    const pad = RECEIVED_MAX_CHARS + over - new URLSearchParams(bare).toString().length;
    const params = messageEvent({ Pad: 'x'.repeat(pad) });
    expect(new URLSearchParams(params).toString()).toHaveLength(RECEIVED_MAX_CHARS + over);
    conversation(url, { onMessage: () => deliver(port, params, signedFor(url, params)) });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
    await pauseEventsWebhook(walk, opened);
    // Cut one character short, the fields no longer match their signature.
    expect(lines[0]).toMatchObject({
      verdict,
      fields: expect.objectContaining({ signature_valid: verdict === 'holds' }),
    });
  });

  it('could not tell when no onMessageAdded for the message arrives in time', async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    conversation(url, {
      onMessage: async () => {
        // An event without a type, and one for another message: neither is the message's.
        const untyped = { MessageSid: IM };
        const other = messageEvent({ MessageSid: `IM${hex('0')}` });
        await deliver(port, untyped, signedFor(url, untyped));
        await deliver(port, other, signedFor(url, other));
      },
    });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port }, waitSeconds: 0.2 });
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: `${attached}; no onMessageAdded for the message in time`,
        evidence: [postEvidence(), sentEvidence()],
        fields: expect.objectContaining({ signature_valid: false, webhook_sid_matches: false }),
      }),
    ]);
    expect(lines[0].fields.events_received).toEqual([null, 'onMessageAdded']);
  });

  it('could not tell when the receiver cannot listen, asking Twilio nothing', async () => {
    const port = await freePort();
    const holder = http.createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const { walk, lines } = walkOn({ eventsReceiver: { publicUrl: 'http://127.0.0.1:1', port } });
      await pauseEventsWebhook(walk, opened);
      expect(lines).toEqual([
        expect.objectContaining({
          verdict: 'could not tell',
          detail: `could not listen on 127.0.0.1:${port}`,
          evidence: [],
        }),
      ]);
      expect(fake.seen).toEqual([]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  const refusal = (status: number) =>
    answer(status, { code: status === 500 ? 20500 : 21620, message: 'Invalid URL' });

  it.each([400, 499])(
    'fails when Twilio refuses the webhook (HTTP %i) for the public URL',
    async (status) => {
      const port = await freePort();
      const publicUrl = `http://127.0.0.1:${port}`;
      conversation(urlOn(publicUrl), { attach: refusal(status) });
      const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
      await pauseEventsWebhook(walk, opened);
      expect(lines).toEqual([
        expect.objectContaining({
          verdict: 'fails',
          detail: `the webhook was refused: HTTP ${status}, error 21620, "Invalid URL"`,
          evidence: [postEvidence(status, 21620)],
        }),
      ]);
      // Nothing to remove, and the receiver is closed.
      expect(seenPaths()).toEqual([`POST ${WEBHOOKS_PATH}`]);
      expect(await canListen(port)).toBe(true);
    },
  );

  it('could not tell when Twilio refuses the placeholder URL (no receiver)', async () => {
    conversation(PLACEHOLDER_URL, { attach: refusal(400) });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail:
          'the webhook was refused: HTTP 400, error 21620, "Invalid URL" (the placeholder URL: give --public-url)',
        evidence: [postEvidence(400, 21620)],
      }),
    ]);
  });

  it.each([
    ['a 500', false],
    ['a 500 with no receiver', true],
  ])('could not tell when the webhook create gets %s', async (_what, placeholder) => {
    conversation(PLACEHOLDER_URL, { attach: refusal(500) });
    const port = await freePort();
    const { walk, lines } = walkOn(
      placeholder ? {} : { eventsReceiver: { publicUrl: `http://127.0.0.1:${port}`, port } },
    );
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'the webhook got no clear answer: HTTP 500, error 20500, "Invalid URL"',
        evidence: [postEvidence(500, 20500)],
      }),
    ]);
  });

  it('could not tell when the webhook create gets an answer that is neither 2xx nor 4xx (HTTP 399)', async () => {
    conversation(PLACEHOLDER_URL, { attach: answer(399, { code: 20399, message: 'Odd' }) });
    const port = await freePort();
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl: `http://127.0.0.1:${port}`, port } });
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: expect.stringMatching(/^the webhook got no clear answer: HTTP 399/),
        evidence: [postEvidence(399, null)],
      }),
    ]);
  });

  it('records the webhook create on a client whose Conversations domain was in use before the walk; a second walk on it logs only its own', async () => {
    // twilio-node keeps the domain it first built on the client; the walk's recorder builds its own on itself.
    const used = oneAttemptClient(fake);
    void used.conversations;
    conversation(PLACEHOLDER_URL);
    const good = walkOn({}, used);
    await pauseEventsWebhook(good.walk, opened);
    conversation(PLACEHOLDER_URL, { read: answer(500, { code: 20500, message: 'Internal' }) });
    const unread = walkOn({}, used);
    await pauseEventsWebhook(unread.walk, opened);
    expect(good.lines[0]).toMatchObject({
      verdict: 'skipped',
      detail: expect.stringMatching(
        new RegExp(`^attached \\(HTTP 201\\) and read back with ${FILTERS.join(', ')}; delivery not walked`),
      ),
      evidence: [postEvidence(), readEvidence()],
    });
    expect(unread.lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: expect.stringMatching(/^attached \(HTTP 201\) but read back HTTP 500/),
      evidence: [postEvidence(), readEvidence(500, 20500)],
    });
    // Each walk logs its own create, once: the second walk's is not in the first's log.
    const posts = (log: { method: string; path: string }[]) =>
      log.filter((x) => x.method === 'POST' && x.path.endsWith('/Webhooks'));
    expect(posts(good.walk.log)).toHaveLength(1);
    expect(posts(unread.walk.log)).toHaveLength(1);
  });

  it('could not tell when the webhook create is not answered', async () => {
    conversation(PLACEHOLDER_URL, { attach: () => 'drop' });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: expect.stringMatching(/^the webhook got no clear answer: (?!HTTP)\S/),
        evidence: [],
      }),
    ]);
    expect(lines[0].detail).not.toContain('placeholder');
  });

  it('could not tell when the read-back fails: every filter missing, no URL', async () => {
    conversation(PLACEHOLDER_URL, { read: answer(500, { code: 20500, message: 'Internal' }) });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toStrictEqual([
      {
        id: 'pause-events-webhook',
        title: expect.any(String),
        verdict: 'could not tell',
        detail: `attached (HTTP 201) but read back HTTP 500, error 20500, "Internal" without ${FILTERS.join(', ')}, with another URL`,
        evidence: [postEvidence(), readEvidence(500, 20500)],
        fields: { target: null, filters: [], method: null, url_kept: false },
      },
    ]);
    // Removed all the same; no message sent.
    expect(seenPaths()).toEqual([
      `POST ${WEBHOOKS_PATH}`,
      `GET ${WEBHOOKS_PATH}/${WH}`,
      `DELETE ${WEBHOOKS_PATH}/${WH}`,
    ]);
  });

  it('fails when the webhook reads back without a filter', async () => {
    const configuration = { url: PLACEHOLDER_URL, method: 'POST', filters: FILTERS.slice(0, -1) };
    conversation(PLACEHOLDER_URL, { read: answer(200, { target: 'webhook', configuration }) });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `attached (HTTP 201) but read back HTTP 200 without ${FILTERS.at(-1) ?? ''}`,
      evidence: [postEvidence(), readEvidence()],
      fields: { filters: FILTERS.slice(0, -1), url_kept: true },
    });
  });

  it('fails when the webhook reads back with another URL, or filters that are no list', async () => {
    const configuration = { url: `${PLACEHOLDER_URL}&x=1`, method: 'POST', filters: FILTERS };
    conversation(PLACEHOLDER_URL, { read: answer(200, { target: 'webhook', configuration }) });
    const other = walkOn();
    await pauseEventsWebhook(other.walk, opened);
    conversation(PLACEHOLDER_URL, {
      read: answer(200, { configuration: { url: PLACEHOLDER_URL, filters: FILTERS.join(',') } }),
    });
    const noList = walkOn();
    await pauseEventsWebhook(noList.walk, opened);
    expect(other.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: 'attached (HTTP 201) but read back HTTP 200, with another URL',
      fields: { url_kept: false },
    });
    expect(noList.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `attached (HTTP 201) but read back HTTP 200 without ${FILTERS.join(', ')}`,
      fields: { target: null, filters: [], method: null, url_kept: true },
    });
  });

  it('could not tell when the message is not sent; the webhook is removed, a failed removal swallowed', async () => {
    conversation(PLACEHOLDER_URL, {
      send: answer(400, { code: 50000, message: 'Bad message' }),
      detach: answer(500, { code: 20500, message: 'Internal' }),
    });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: `${attached}; the message was not sent: HTTP 400, error 50000, "Bad message"`,
        evidence: [sentEvidence(400, 50000)],
      }),
    ]);
    expect(seenPaths().at(-1)).toBe(`DELETE ${WEBHOOKS_PATH}/${WH}`);
  });
});
