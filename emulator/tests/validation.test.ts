import { raw, setup, type Harness } from './helpers';

describe('spec validation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setup();
  });
  afterAll(() => h.emu.close());
  beforeEach(() => {
    h.emu.violations.length = 0;
  });

  test('interaction channel Status=paused is rejected with the allowed values', async () => {
    const started = await h.emu.customer.start({ channelType: 'chat', body: 'hello' });
    await expect(
      h.client.flexApi.v1
        .interaction(started.interactionSid)
        .channels(started.channelSid)
        // The real client lets any string through; the emulator must catch it like Twilio does.
        .update({ status: 'paused' as 'closed' }),
    ).rejects.toMatchObject({ status: 400, code: 20001 });
    expect(h.emu.violations).toHaveLength(1);
    expect(h.emu.violations[0].message).toBe(
      "Invalid parameter Status: 'paused' is not one of closed, inactive",
    );
    expect(h.emu.violations[0].method).toBe('POST');
  });

  test('unknown body parameter', async () => {
    const res = await raw(h.emu, 'POST', `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/Tasks`, {
      Attributes: '{}',
      Colour: 'blue',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 20001,
      status: 400,
      more_info: 'https://www.twilio.com/docs/errors/20001',
    });
    expect(String(res.json?.message)).toContain('Invalid parameter Colour');
    expect(h.emu.violations.map((v) => v.message)).toEqual([expect.stringContaining('Colour')]);
  });

  test('missing required parameter', async () => {
    const res = await raw(h.emu, 'POST', `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/TaskQueues`, {});
    expect(res.status).toBe(400);
    expect(String(res.json?.message)).toContain('Missing required parameter FriendlyName');
    expect(h.emu.violations).toHaveLength(1);
  });

  test('bad SID pattern in path', async () => {
    const res = await raw(h.emu, 'GET', `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/Tasks/WTnothex`);
    expect(res.status).toBe(400);
    expect(String(res.json?.message)).toContain('Invalid parameter Sid');
    expect(String(res.json?.message)).toContain('^WT[0-9a-fA-F]{32}$');
    expect(h.emu.violations).toHaveLength(1);
  });

  test('type checks: integer, boolean, enum query, array body', async () => {
    const base = `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}`;
    expect((await raw(h.emu, 'POST', `${base}/Tasks`, { Priority: 'high' })).status).toBe(400);
    expect(
      (
        await raw(h.emu, 'POST', `${base}/Workers/${h.seed.workers.alice}/Channels/chat`, {
          Available: 'yes',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await raw(
          h.emu,
          'GET',
          `${base}/Workers/${h.seed.workers.alice}/Reservations?ReservationStatus=bogus`,
        )
      ).status,
    ).toBe(400);
    expect((await raw(h.emu, 'GET', `${base}/Tasks?Colour=red`)).status).toBe(400);
    expect((await raw(h.emu, 'POST', `${base}/Tasks`, { Priority: ['1', '2'] })).status).toBe(400);
    expect(h.emu.violations).toHaveLength(5);
    const conv = await h.client.conversations.v1.conversations.create({});
    const ok = await raw(h.emu, 'POST', `/conversations/v1/Conversations/${conv.sid}/Webhooks`, {
      Target: 'webhook',
      'Configuration.Url': 'http://127.0.0.1:1/x',
      'Configuration.Filters': ['onMessageAdded', 'onConversationUpdated'],
    });
    expect(ok.status).toBe(201);
    expect(h.emu.violations).toHaveLength(5);
  });

  test('header params are validated as headers', async () => {
    const conv = await h.client.conversations.v1.conversations.create({});
    const res = await fetch(`${h.emu.url}/conversations/v1/Conversations/${conv.sid}/Messages`, {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${h.emu.accountSid}:${h.emu.authToken}`).toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Webhook-Enabled': 'maybe',
      },
      body: 'Body=hi',
    });
    expect(res.status).toBe(400);
    const okMsg = await h.client.conversations.v1
      .conversations(conv.sid)
      .messages.create({ body: 'hi', author: 'x', xTwilioWebhookEnabled: 'true' });
    expect(okMsg.body).toBe('hi');
  });

  test('unknown path is a 404 violation; unknown resource is a plain 404', async () => {
    const res = await raw(h.emu, 'GET', '/taskrouter/v1/Nope');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 20404 });
    expect(h.emu.violations).toHaveLength(1);
    const missing = await raw(
      h.emu,
      'GET',
      `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/Tasks/WT${'0'.repeat(32)}`,
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 20404 });
    expect(h.emu.violations).toHaveLength(1);
  });

  test('method not in the spec', async () => {
    const res = await raw(h.emu, 'DELETE', `/flex-api/v1/Interactions/KD${'0'.repeat(32)}`);
    expect(res.status).toBe(405);
    expect(h.emu.violations).toHaveLength(1);
  });

  test('bad or missing auth is 401', async () => {
    const path = `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}`;
    expect((await raw(h.emu, 'GET', path, undefined, null)).json).toMatchObject({ code: 20003, status: 401 });
    expect((await raw(h.emu, 'GET', path, undefined, `${h.emu.accountSid}:wrong`)).status).toBe(401);
  });
});
