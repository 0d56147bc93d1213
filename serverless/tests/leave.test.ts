import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { post, stateOf } from './support';
import { expectConsole } from '../../tests/console-guard';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function leave(conversation: AssignedConversation) {
  return backend.invoke(leaveHandler, await backend.actionEvent(conversation), backend.env);
}

async function channelStatus(conversation: AssignedConversation) {
  const channel = await backend.client.flexApi.v1
    .interaction(conversation.interactionSid)
    .channels(conversation.channelSid)
    .fetch();
  return channel.status;
}

async function tasks() {
  return backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
}

async function hooksOn(conversationSid: string) {
  return backend.client.conversations.v1.conversations(conversationSid).webhooks.list();
}

describe('leave', () => {
  it('sets the channel inactive with Twilio, and the reply becomes a new task with the whole history', async () => {
    const conversation = await backend.assignedConversation();
    const before = backend.emulator.requests.length;

    const result = await leave(conversation);

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      ok: true,
      taskSid: conversation.taskSid,
      conversationSid: conversation.conversationSid,
      channelStatus: 'inactive',
      leftBy: conversation.workerSid,
      routingStatus: 'closed',
    });
    expect(result.body).not.toHaveProperty('routing');
    expect(result.body).not.toHaveProperty('warnings');
    // Cold instance: the token, the settings and the channel's participants (who holds the task) are read side
    // by side; the task's reservations (whose, and accepted?) follow the settings read, which names the
    // workspace; then the channel change, side by side with the Sync mark that tells a losing Pause "left
    // meanwhile" (issue 19; checked apart: on first use it also creates its map).
    const all = backend.emulator.requests.slice(before).map((r) => `${r.method} ${r.host} ${r.path}`);
    const isMark = (call: string) => call.includes(' sync ');
    const calls = all.filter((call) => !isMark(call));
    expect(all.filter(isMark)).toContainEqual(
      expect.stringMatching(/^POST sync .*\/Maps\/leavePause-requests\/Items$/),
    );
    expect(calls).toHaveLength(5);
    expect(calls.slice(0, 4).sort()).toEqual([
      expect.stringMatching(/^GET flex-api \/flex-api\/v1\/Configuration/),
      expect.stringMatching(/^GET flex-api .*\/Participants/),
      expect.stringMatching(/^GET taskrouter .*\/Tasks\/WT[0-9a-f]{32}\/Reservations/),
      expect.stringMatching(/^POST iam /),
    ]);
    expect(calls[4]).toMatch(/^POST flex-api .*\/Channels\/UO/);
    expect(await channelStatus(conversation)).toBe('inactive');
    const left = (await tasks()).find((task) => task.sid === conversation.taskSid);
    expect(left?.assignmentStatus).toBe('completed');

    const reply = await backend.emulator.customer.send(conversation.conversationSid, 'I am back, any news?');
    await backend.emulator.idle();
    expect(reply.path).toBe('default');
    expect(await channelStatus(conversation)).toBe('active');
    const fresh = (await tasks()).filter((task) => task.sid !== conversation.taskSid);
    expect(fresh).toHaveLength(1);
    expect(JSON.parse(fresh[0].attributes).conversationSid).toBe(conversation.conversationSid);
    const messages = await backend.client.conversations.v1
      .conversations(conversation.conversationSid)
      .messages.list();
    expect(messages.map((message) => message.body)).toEqual([
      'Hello, my order has not arrived',
      'I am back, any news?',
    ]);
  });

  it('with routingStatus "wrapup" (Pause only) Leave still sends closed: the task is completed at once', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, routingStatus: 'wrapup' });
    const conversation = await backend.assignedConversation();
    const result = await leave(conversation);
    expect(result.body).toMatchObject({ ok: true, routingStatus: 'closed' });
    // What Twilio was sent, as the emulator saw it: Status=inactive with Routing.status closed, never wrapup.
    expect(backend.emulator.channelLog.filter((entry) => entry.event === 'left')).toEqual([
      expect.objectContaining({ channelSid: conversation.channelSid, routingStatus: 'closed' }),
    ]);
    const left = (await tasks()).find((task) => task.sid === conversation.taskSid);
    expect(left?.assignmentStatus).toBe('completed');
    expect(await channelStatus(conversation)).toBe('inactive');
  });

  it('is refused while Leave is off in the Flex configuration, and nothing changes', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, leave: { enabled: false } });
    const conversation = await backend.assignedConversation();
    const before = stateOf(backend.emulator);
    const result = await leave(conversation);
    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({ code: 'feature_off' });
    expect(result.body.error?.message).toContain('leavePause.leave.enabled');
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a paused conversation cannot be left (Twilio refuses it): 409, still paused', async () => {
    const conversation = await backend.assignedConversation();
    const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
    expect(paused.status).toBe(200);
    const result = await leave(conversation);
    expect(result.status).toBe(409);
    expect(result.body.error?.code).toBe('task_wrong_state');
    expect(result.body.error?.message).toMatch(/paused/);
    expect(await channelStatus(conversation)).toBe('pause');
  });

  it('retries a Twilio 503 and a 429 and still leaves', async () => {
    const conversation = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Channels/UO', status: 503, times: 1 });
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/Participants', status: 429, times: 1 });
    const result = await leave(conversation);
    expect(result.status).toBe(200);
    expect(await channelStatus(conversation)).toBe('inactive');
  });

  it('a channel change whose answer was lost (done, then 500) is found done: 200', async () => {
    const conversation = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: '/Channels/UO[0-9a-f]+$',
      status: 500,
      mode: 'after',
      times: 4,
    });
    const result = await leave(conversation);
    expect(result.status).toBe(200);
    expect(await channelStatus(conversation)).toBe('inactive');
  });

  it('reports a Twilio failure that outlives the retries as a 502 and leaves the channel active', async () => {
    const conversation = await backend.assignedConversation();
    // The failure is logged, reduced to the request's method, path and status.
    expectConsole(
      'error',
      /^leave-pause: \w+ failed: POST \/v1\/Interactions\/KD\w+\/Channels\/UO\w+: HTTP 503$/,
    );
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Channels/UO', status: 503, times: 10 });
    const result = await leave(conversation);
    expect(result.status).toBe(502);
    expect(result.body.error?.code).toBe('twilio_error');
    backend.emulator.faults.clear();
    expect(await channelStatus(conversation)).toBe('active');
  });
});

describe("after Leave, Twilio's own routing decides where the reply goes", () => {
  const flowSid = 'FW' + '1'.repeat(32);

  it('an old leave.routing setting is ignored: Leave works, attaches nothing, and the reply is a new task', async () => {
    // The admin is told, in the Functions' log, that the setting is no longer used.
    expectConsole('error', /settings problems .*leavePause\.leave\.routing is no longer used and is ignored/);
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      leave: { enabled: true, routing: { kind: 'studio', flowSid } },
    });
    const conversation = await backend.assignedConversation();
    const before = backend.emulator.requests.length;
    const result = await leave(conversation);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, channelStatus: 'inactive', routingStatus: 'closed' });
    // The same four calls as without it: no webhook of ours on the conversation.
    expect(backend.emulator.requests.slice(before).some((r) => /Webhooks/.test(r.path))).toBe(false);
    expect(await hooksOn(conversation.conversationSid)).toEqual([]);

    const reply = await backend.emulator.customer.send(conversation.conversationSid, 'Hello again');
    await backend.emulator.idle();
    expect(reply.path).toBe('default');
    expect((await tasks()).filter((task) => task.sid !== conversation.taskSid)).toHaveLength(1);
    expect(backend.emulator.studioExecutions).toEqual([]);
  });

  it('with Console\'s "Use custom routing" (Studio), the reply after our Leave goes to the flow: no task', async () => {
    await backend.control('/settings', { leaveRouting: { kind: 'studio', flowSid } });
    const conversation = await backend.assignedConversation();
    expect((await leave(conversation)).status).toBe(200);

    const reply = await backend.emulator.customer.send(conversation.conversationSid, 'Reply for the bot');
    await backend.emulator.idle();
    expect(reply.path).toBe('studio');
    expect(reply.taskSid).toBeUndefined();
    expect(backend.emulator.studioExecutions).toEqual([
      expect.objectContaining({ flowSid, conversationSid: conversation.conversationSid }),
    ]);
    expect(backend.emulator.customRoutingLog.some((entry) => entry.path === 'default')).toBe(false);
    expect((await tasks()).map((task) => task.sid)).toEqual([conversation.taskSid]);
    expect(await channelStatus(conversation)).toBe('inactive');
  });

  it('with Console\'s "Use custom routing" (Interactions events), the admin\'s webhook gets the event: no task', async () => {
    const received: URLSearchParams[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(new URLSearchParams(body));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
    try {
      await backend.control('/settings', { leaveRouting: { kind: 'interactions-webhook', url } });
      const conversation = await backend.assignedConversation();
      expect((await leave(conversation)).status).toBe(200);
      const reply = await backend.emulator.customer.send(conversation.conversationSid, 'For my own logic');
      await backend.emulator.idle();
      expect(reply.path).toBe('interactions-webhook');
      expect(received).toHaveLength(1);
      expect(Object.fromEntries(received[0])).toMatchObject({
        EventType: 'onChannelStatusUpdated',
        InteractionSid: conversation.interactionSid,
        ChannelSid: conversation.channelSid,
        MediaChannelSid: conversation.conversationSid,
      });
      expect((await tasks()).map((task) => task.sid)).toEqual([conversation.taskSid]);
    } finally {
      server.close();
    }
  });

  it('/leave-reply is gone', async () => {
    const answer = await post(
      backend,
      '/leave-reply',
      { ConversationSid: 'CH' + 'a'.repeat(32) },
      { form: true },
    );
    expect(answer.status).toBe(404);
  });
});

describe('server-time', () => {
  it("answers Twilio's time, with no token needed", async () => {
    const { handler } = await import('../src/functions/server-time');
    const result = await backend.invoke(handler, {});
    expect(result.status).toBe(200);
    expect(Number.isNaN(Date.parse(String(result.body.serverTime)))).toBe(false);
  });
});
