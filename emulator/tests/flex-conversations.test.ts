import twilio from 'twilio';
import { control, raw, setup, startReceiver, type Harness } from './helpers';

async function acceptFirst(h: Harness, taskSid: string): Promise<string> {
  const [r] = await h.ws.tasks(taskSid).reservations.list({ reservationStatus: 'pending' });
  await h.ws.tasks(taskSid).reservations(r.sid).update({ reservationStatus: 'accepted' });
  return r.workerSid;
}

describe('Flex interactions and Conversations', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  test('customer start: standard attributes; accept joins the agent; REST endpoints', async () => {
    const { emu, client, ws } = h;
    const s = await emu.customer.start({ channelType: 'whatsapp', customerName: 'Carol', body: 'Hi there' });
    const task = await ws.tasks(s.taskSid).fetch();
    expect(task.taskChannelUniqueName).toBe('whatsapp');
    expect(JSON.parse(task.attributes)).toMatchObject({
      conversationSid: s.conversationSid,
      flexInteractionSid: s.interactionSid,
      flexInteractionChannelSid: s.channelSid,
      channelType: 'whatsapp',
      customerName: 'Carol',
      name: 'Carol',
      direction: 'inbound',
      from: expect.stringMatching(/^whatsapp:\+1555/),
    });
    const workerSid = await acceptFirst(h, s.taskSid);
    const identity = workerSid === h.seed.workers.alice ? 'alice' : 'bob';
    const conv = client.conversations.v1.conversations(s.conversationSid);
    expect((await conv.participants.list()).map((p) => p.identity)).toEqual([null, identity]);
    const iparts = await client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .participants.list();
    expect(iparts.map((p) => p.type)).toEqual(['customer', 'agent']);
    expect(iparts[1].routingProperties).toMatchObject({ task_sid: s.taskSid, worker_sid: workerSid });

    const interaction = await client.flexApi.v1.interaction(s.interactionSid).fetch();
    expect(interaction.channel).toMatchObject({ type: 'whatsapp', sid: s.channelSid });
    const channels = await client.flexApi.v1.interaction(s.interactionSid).channels.list();
    expect(channels.map((c) => c.status)).toEqual(['active']);

    await emu.agent.send(s.conversationSid, workerSid, 'Hello Carol');
    await conv.messages.create({ author: identity, body: 'via REST', attributes: '{"x":1}' });
    const msgs = await conv.messages.list({ order: 'desc' });
    expect(msgs.map((m) => m.body)).toEqual(['via REST', 'Hello Carol', 'Hi there']);
    expect(msgs[1].author).toBe(identity);
    expect((await conv.messages.list({ pageSize: 2, limit: 10 })).length).toBe(3);

    const updated = await conv.update({ attributes: '{"a":1}', friendlyName: 'Carol chat' });
    expect(updated.attributes).toBe('{"a":1}');
    expect((await client.conversations.v1.conversations.list()).length).toBe(1);
    const extra = await conv.participants.create({ identity: 'sam' });
    await conv.participants(extra.sid).remove();
    expect((await conv.participants.list()).length).toBe(2);

    // Participant wrapup / closed drive the agent's task.
    await client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .participants(iparts[1].sid)
      .update({ status: 'wrapup' });
    expect((await ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('wrapping');
    await client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .participants(iparts[1].sid)
      .update({ status: 'closed' });
    expect((await ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('completed');

    const invite = await client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .invites.create({
        routing: {
          properties: {
            workspace_sid: h.seed.workspaceSid,
            workflow_sid: h.seed.workflowSid,
            task_channel_unique_name: 'whatsapp',
            attributes: { leavePause: { resumed: true } },
          },
        },
      });
    expect(invite.sid).toMatch(/^KG[0-9a-f]{32}$/);
    const invTaskSid = String((invite.routing as { properties: { sid: string } }).properties.sid);
    const invTask = await ws.tasks(invTaskSid).fetch();
    expect(JSON.parse(invTask.attributes)).toMatchObject({
      conversationSid: s.conversationSid,
      leavePause: { resumed: true },
    });
    expect(
      (await client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid).invites.list()).length,
    ).toBe(1);
  });

  test('REST interaction create with an existing conversation', async () => {
    const { client, seed, ws } = h;
    const conv = await client.conversations.v1.conversations.create({ friendlyName: 'Dan' });
    await client.conversations.v1.conversations(conv.sid).participants.create({ identity: 'dan' });
    const i = await client.flexApi.v1.interaction.create({
      channel: { type: 'chat', initiated_by: 'customer', properties: { media_channel_sid: conv.sid } },
      routing: {
        properties: {
          workspace_sid: seed.workspaceSid,
          workflow_sid: seed.workflowSid,
          task_channel_unique_name: 'chat',
          attributes: { x: 1 },
        },
      },
    });
    expect(i.sid).toMatch(/^KD[0-9a-f]{32}$/);
    const props = (i.routing as { properties: { sid: string } }).properties;
    const t = await ws.tasks(props.sid).fetch();
    expect(JSON.parse(t.attributes)).toMatchObject({
      conversationSid: conv.sid,
      flexInteractionSid: i.sid,
      x: 1,
      customerName: 'Dan',
    });
  });

  test('inactive channel: tasks end, agents leave, customer reply reactivates and routes a new task', async () => {
    const { emu, client, ws } = h;
    const s = await emu.customer.start({ channelType: 'chat', customerName: 'Eve', body: 'hello' });
    await acceptFirst(h, s.taskSid);
    const channel = client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid);
    await expect(channel.update({ status: 'inactive' })).rejects.toMatchObject({ status: 400 });
    await channel.update({ status: 'inactive', routing: { status: 'closed' } });
    expect((await ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('completed');
    expect((await client.conversations.v1.conversations(s.conversationSid).participants.list()).length).toBe(
      1,
    );
    expect((await channel.participants.list()).map((p) => p.type)).toEqual(['customer']);
    const conv = await client.conversations.v1.conversations(s.conversationSid).fetch();
    expect(conv.timers).toEqual({ date_closed: '2027-02-23T12:00:00Z' });

    const reply = await emu.customer.send(s.conversationSid, 'I am back');
    expect(reply.path).toBe('default');
    expect((await channel.fetch()).status).toBe('active');
    const t2 = await ws.tasks(String(reply.taskSid)).fetch();
    expect(JSON.parse(t2.attributes)).toMatchObject({
      conversationSid: s.conversationSid,
      flexInteractionChannelSid: s.channelSid,
    });
    expect(t2.taskChannelUniqueName).toBe('chat');
    expect(t2.workflowSid).toBe(h.seed.workflowSid);
    const snap = emu.snapshot();
    expect(snap.interactions[0].channels[0].status_history.map((x) => x.status)).toEqual([
      'setup',
      'active',
      'inactive',
      'active',
    ]);
    // Active channel: a reply is just a message.
    expect((await emu.customer.send(s.conversationSid, 'still here')).path).toBe('active');
    expect((await ws.tasks.list()).length).toBe(2);
  });

  test('conversation closes 90 days after going inactive; a reply then starts a new conversation', async () => {
    const { emu, client } = h;
    const s = await emu.customer.start({ channelType: 'sms', body: 'hello' });
    await client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .update({ status: 'inactive', routing: { status: 'closed' } });
    await emu.clock.advance(90 * 86400 - 1);
    expect((await client.conversations.v1.conversations(s.conversationSid).fetch()).state).toBe('active');
    await emu.clock.advance(1);
    expect((await client.conversations.v1.conversations(s.conversationSid).fetch()).state).toBe('closed');
    expect(
      (await client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid).fetch()).status,
    ).toBe('closed');
    const reply = await emu.customer.send(s.conversationSid, 'new question');
    expect(reply.path).toBe('new-conversation');
    expect(reply.conversationSid).not.toBe(s.conversationSid);
    expect(emu.customRoutingLog.at(-1)).toMatchObject({
      path: 'new-conversation',
      conversationSid: s.conversationSid,
    });
  });

  test("Console's custom routing with Interactions events: the reply after Leave is posted, signed, and makes no task", async () => {
    const { emu, client } = h;
    const receiver = await startReceiver('/interactions');
    try {
      emu.configure({ leaveRouting: { kind: 'interactions-webhook', url: receiver.url } });
      const s = await emu.customer.start({ channelType: 'chat', body: 'a' });
      await client.flexApi.v1
        .interaction(s.interactionSid)
        .channels(s.channelSid)
        .update({ status: 'inactive', routing: { status: 'closed' } });
      const reply = await emu.customer.send(s.conversationSid, 'to my own logic');
      await emu.idle();
      expect(reply.path).toBe('interactions-webhook');
      expect(reply.taskSid).toBeUndefined();
      expect(receiver.received).toHaveLength(1);
      const ev = receiver.received[0];
      expect(ev.params).toMatchObject({
        EventType: 'onChannelStatusUpdated',
        AccountSid: emu.accountSid,
        InteractionSid: s.interactionSid,
        ChannelSid: s.channelSid,
        MediaChannelSid: s.conversationSid,
      });
      expect(
        twilio.validateRequest(emu.authToken, String(ev.headers['x-twilio-signature']), ev.url, ev.params),
      ).toBe(true);
      expect(
        (await client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid).fetch()).status,
      ).toBe('inactive');
      expect(emu.customRoutingLog.map((e) => [e.path, e.url])).toEqual([
        ['interactions-webhook', receiver.url],
      ]);
      expect((await h.ws.tasks.list()).length).toBe(1);
      // Messages still arrive in the conversation for whoever handles it next.
      const messages = await client.conversations.v1.conversations(s.conversationSid).messages.list();
      expect(messages.map((m) => m.body)).toEqual(['a', 'to my own logic']);
    } finally {
      await receiver.close();
    }
  });

  test('conversation-scoped webhooks are stored and listed as Twilio does (create, fetch, list, remove)', async () => {
    const { emu, client } = h;
    const s = await emu.customer.start({ channelType: 'chat', body: 'b' });
    const url = 'http://127.0.0.1:9/on-message';
    const hook = await client.conversations.v1.conversations(s.conversationSid).webhooks.create({
      target: 'webhook',
      'configuration.url': url,
      'configuration.method': 'post',
      'configuration.filters': ['onMessageAdded'],
    });
    expect(
      (await client.conversations.v1.conversations(s.conversationSid).webhooks(hook.sid).fetch())
        .configuration,
    ).toMatchObject({ url, filters: ['onMessageAdded'] });
    expect((await client.conversations.v1.conversations(s.conversationSid).webhooks.list()).length).toBe(1);
    await client.conversations.v1.conversations(s.conversationSid).webhooks(hook.sid).remove();
    expect(await client.conversations.v1.conversations(s.conversationSid).webhooks.list()).toEqual([]);
  });

  test('closing the channel completes tasks and closes the conversation', async () => {
    const { emu, client, ws } = h;
    const s = await emu.customer.start({ channelType: 'email', body: 'x' });
    await acceptFirst(h, s.taskSid);
    await client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid).update({ status: 'closed' });
    expect((await ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('completed');
    expect((await client.conversations.v1.conversations(s.conversationSid).fetch()).state).toBe('closed');
  });

  test('IAM token validation (the response shape twilio-flex-token-validator reads)', async () => {
    const { emu, seed } = h;
    const { token } = emu.issueToken({ workerSid: seed.workers.alice, ttlSeconds: 600 });
    const call = async (t: string): Promise<Record<string, unknown>> => {
      const res = await fetch(`${emu.url}/iam/v1/Accounts/${emu.accountSid}/Tokens/validate`, {
        method: 'POST',
        headers: {
          Authorization: 'Basic ' + Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64'),
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ token: t }),
      });
      return (await res.json()) as Record<string, unknown>;
    };
    expect(await call(token)).toMatchObject({
      valid: true,
      code: 0,
      identity: 'alice',
      roles: ['agent'],
      worker_sid: seed.workers.alice,
    });
    expect(await call('nope')).toEqual({ valid: false, code: 20003, message: 'Invalid token' });
    await emu.clock.advance(600);
    expect(await call(token)).toEqual({ valid: false, code: 20003, message: 'Token expired' });
    expect(emu.requests.filter((r) => r.host === 'iam')).toHaveLength(3);
  });

  test('control API over HTTP with CORS', async () => {
    const { emu } = h;
    const seeded = (await control(emu, 'POST', '/seed')).json as {
      workers: { alice: string };
      taskChannels: Record<string, string>;
    };
    expect(seeded.taskChannels.chat).toMatch(/^TC/);
    const started = (
      await control(emu, 'POST', '/customer/start', {
        channelType: 'messenger',
        customerName: 'Fay',
        body: 'hey',
      })
    ).json as { conversationSid: string; taskSid: string };
    expect(started.taskSid).toMatch(/^WT/);
    expect(
      (
        await control(emu, 'POST', '/customer/message', {
          conversationSid: started.conversationSid,
          body: 'more',
        })
      ).json,
    ).toMatchObject({
      path: 'active',
    });
    expect(
      (
        await control(emu, 'POST', '/agent/message', {
          conversationSid: started.conversationSid,
          workerSid: seeded.workers.alice,
          body: 'hi',
        })
      ).status,
    ).toBe(200);
    const tok = (
      await control(emu, 'POST', '/tokens', { workerSid: seeded.workers.alice, roles: ['supervisor'] })
    ).json as { token: string };
    expect(emu.platform.validateToken(tok.token)).toMatchObject({ valid: true, roles: ['supervisor'] });
    expect((await control(emu, 'POST', '/clock/advance', { seconds: 30 })).json).toEqual({
      now: '2026-11-25T12:00:30.000Z',
    });
    expect((await control(emu, 'POST', '/clock/advance', { to: '2026-11-25T13:00:00Z' })).json).toEqual({
      now: '2026-11-25T13:00:00.000Z',
    });
    expect((await control(emu, 'GET', '/clock')).json).toEqual({ now: '2026-11-25T13:00:00.000Z' });
    await raw(emu, 'GET', `/taskrouter/v1/Workspaces/${emu.platform.seedResult?.workspaceSid}`);
    expect(((await control(emu, 'GET', '/requests')).json as unknown[]).length).toBe(1);
    const state = (await control(emu, 'GET', '/state')).json as {
      tasks: unknown[];
      conversations: { messages: unknown[] }[];
      now: string;
    };
    expect(state.tasks).toHaveLength(1);
    expect(state.conversations[0].messages).toHaveLength(3);
    expect((await control(emu, 'POST', '/faults', { pathPattern: 'Tasks', status: 500 })).status).toBe(200);
    expect((await control(emu, 'DELETE', '/faults')).status).toBe(200);
    const opt = await fetch(`${emu.url}/_emulator/state`, { method: 'OPTIONS' });
    expect(opt.status).toBe(204);
    expect(opt.headers.get('access-control-allow-origin')).toBe('*');
    expect((await control(emu, 'POST', '/reset')).status).toBe(200);
    expect(emu.snapshot().workspace).toBeNull();
  });
});
