import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handler as leaveHandler } from '../src/functions/leave';
import { startBackend, type Backend } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function leaveAs(workerSid: string, taskSid: string, env?: Record<string, string>) {
  return backend.invoke(leaveHandler, { Token: await backend.tokenFor(workerSid), TaskSid: taskSid }, env);
}

async function channelStatus(interactionSid: string, channelSid: string) {
  return (await backend.client.flexApi.v1.interaction(interactionSid).channels(channelSid).fetch()).status;
}

describe('leave', () => {
  it('sets the channel inactive, closes the task and reroutes the customer reply as a new task with the whole history', async () => {
    const conversation = await backend.assignedConversation();
    const requestsBefore = backend.emulator.requests.length;

    const result = await leaveAs(conversation.workerSid, conversation.taskSid);

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      ok: true,
      taskSid: conversation.taskSid,
      conversationSid: conversation.conversationSid,
      channelStatus: 'inactive',
      leftBy: conversation.workerSid,
      routing: 'default',
      warnings: [],
    });
    const twilioCalls = backend.emulator.requests
      .slice(requestsBefore)
      .filter((request) => request.host !== 'iam');
    expect(twilioCalls.map((request) => `${request.method} ${request.host}`)).toEqual([
      'GET taskrouter',
      'GET taskrouter',
      'POST taskrouter',
      'POST flex-api',
    ]);

    await backend.emulator.idle();
    const closedTask = await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(conversation.taskSid)
      .fetch();
    expect(['completed', 'wrapping']).toContain(closedTask.assignmentStatus);
    const attributes = JSON.parse(closedTask.attributes);
    expect(attributes.conversationSid).toBe(conversation.conversationSid);
    expect(attributes.leavePause).toMatchObject({ state: 'left', leftBy: conversation.workerSid });
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('inactive');

    await backend.emulator.customer.send(conversation.conversationSid, 'I am back, any news?');
    await backend.emulator.idle();

    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('active');
    const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
    const newTasks = tasks.filter((task) => task.sid !== conversation.taskSid);
    expect(newTasks).toHaveLength(1);
    expect(JSON.parse(newTasks[0].attributes).conversationSid).toBe(conversation.conversationSid);
    const messages = await backend.client.conversations.v1
      .conversations(conversation.conversationSid)
      .messages.list();
    expect(messages.map((message) => message.body)).toEqual([
      'Hello, my order has not arrived',
      'I am back, any news?',
    ]);
  });

  it('keeps attributes that others stored on the task', async () => {
    const conversation = await backend.assignedConversation();
    const task = backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(conversation.taskSid);
    const before = JSON.parse((await task.fetch()).attributes);
    await task.update({ attributes: JSON.stringify({ ...before, crm: { caseId: 'CASE-42' } }) });

    expect((await leaveAs(conversation.workerSid, conversation.taskSid)).status).toBe(200);

    const after = JSON.parse((await task.fetch()).attributes);
    expect(after.crm).toEqual({ caseId: 'CASE-42' });
    expect(after.customerName).toBe(before.customerName);
  });

  it('refuses an agent who does not hold the task, and leaves everything as it was', async () => {
    const conversation = await backend.assignedConversation();
    const result = await leaveAs(backend.seed.workers.bob, conversation.taskSid);
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('forbidden');
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('active');
  });

  it('lets a supervisor act only when the admin allows it', async () => {
    const conversation = await backend.assignedConversation();
    const supervisorToken = await backend.tokenFor(backend.seed.workers.sam, ['supervisor']);
    const event = { Token: supervisorToken, TaskSid: conversation.taskSid };
    expect((await backend.invoke(leaveHandler, event)).status).toBe(403);
    const allowed = await backend.invoke(leaveHandler, event, { SUPERVISORS_MAY_ACT: 'true' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.leftBy).toBe(conversation.workerSid);
  });

  it.each([
    [{ Token: 'x' }, 'missing_field', 'TaskSid'],
    [{ Token: 'x', TaskSid: 'CH' + '0'.repeat(32) }, 'invalid_field', 'TaskSid'],
    [{ Token: 'x', TaskSid: 'WT123' }, 'invalid_field', 'TaskSid'],
    [{ Token: 'x', TaskSid: 42 }, 'invalid_field', 'TaskSid'],
    [{ Token: 'x', TaskSid: 'WT' + '0'.repeat(32), Extra: 'y' }, 'unknown_field', 'Extra'],
  ])('answers 400 for bad input %j', async (event, code, field) => {
    const result = await backend.invoke(leaveHandler, event);
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code, field });
    expect(result.body.error?.message).toContain(field);
  });

  it('answers 401 for a token IAM does not accept', async () => {
    const result = await backend.invoke(leaveHandler, { Token: 'forged', TaskSid: 'WT' + '0'.repeat(32) });
    expect(result.status).toBe(401);
    expect(result.body.error?.code).toBe('unauthorized');
  });

  it('answers 404 for an unknown task and 409 for a task not yet accepted', async () => {
    const token = await backend.tokenFor(backend.seed.workers.alice);
    const missing = await backend.invoke(leaveHandler, { Token: token, TaskSid: 'WT' + 'a'.repeat(32) });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('task_not_found');

    const started = await backend.emulator.customer.start({ channelType: 'sms', body: 'hi' });
    await backend.emulator.idle();
    const pending = await backend.invoke(leaveHandler, { Token: token, TaskSid: started.taskSid });
    expect(pending.status).toBe(409);
    expect(pending.body.error?.code).toBe('task_wrong_state');
  });

  it.each(['sms', 'whatsapp', 'messenger', 'email'] as const)('works for %s tasks', async (channelType) => {
    const conversation = await backend.assignedConversation({ channelType });
    expect((await leaveAs(conversation.workerSid, conversation.taskSid)).status).toBe(200);
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('inactive');
  });

  it('retries a Twilio 503 and a 429 and still leaves', async () => {
    const conversation = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Interactions/', status: 503, times: 1 });
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/Tasks/WT', status: 429, times: 1 });
    const result = await leaveAs(conversation.workerSid, conversation.taskSid);
    expect(result.status).toBe(200);
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('inactive');
  });

  it('reports a Twilio failure that outlives the retries as a 502 and leaves the channel active', async () => {
    const conversation = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Interactions/', status: 500, times: 10 });
    const result = await leaveAs(conversation.workerSid, conversation.taskSid);
    expect(result.status).toBe(502);
    expect(result.body.error?.code).toBe('twilio_error');
    backend.emulator.faults.clear();
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('active');
  });

  it('sends the reply to the admin’s Studio flow instead of creating a task when custom routing is on', async () => {
    const conversation = await backend.assignedConversation();
    const flowSid = 'FW' + '1'.repeat(32);
    const result = await leaveAs(conversation.workerSid, conversation.taskSid, {
      LEAVE_ROUTING: 'studio',
      LEAVE_STUDIO_FLOW_SID: flowSid,
    });
    expect(result.body).toMatchObject({ ok: true, routing: 'studio', warnings: [] });

    await backend.emulator.customer.send(conversation.conversationSid, 'Reply for the bot');
    await backend.emulator.idle();

    expect(backend.emulator.customRoutingLog).toEqual([
      expect.objectContaining({ path: 'studio', flowSid, conversationSid: conversation.conversationSid }),
    ]);
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('inactive');
    const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
    expect(tasks.map((task) => task.sid)).toEqual([conversation.taskSid]);
  });

  it('posts the reply to the admin’s webhook when custom routing is a webhook', async () => {
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reply`;
    try {
      const conversation = await backend.assignedConversation();
      const result = await leaveAs(conversation.workerSid, conversation.taskSid, {
        LEAVE_ROUTING: 'webhook',
        LEAVE_WEBHOOK_URL: url,
      });
      expect(result.body).toMatchObject({ routing: 'webhook', warnings: [] });
      await backend.emulator.customer.send(conversation.conversationSid, 'Reply for my own logic');
      await backend.emulator.idle();
      expect(received).toHaveLength(1);
      expect(new URLSearchParams(received[0]).get('Body')).toBe('Reply for my own logic');
      expect(backend.emulator.customRoutingLog).toEqual([expect.objectContaining({ path: 'webhook', url })]);
    } finally {
      server.close();
    }
  });

  it('rejects a misconfigured custom routing with a message naming the setting', async () => {
    const conversation = await backend.assignedConversation();
    const result = await leaveAs(conversation.workerSid, conversation.taskSid, { LEAVE_ROUTING: 'studio' });
    expect(result.status).toBe(500);
    expect(result.body.error?.message).toContain('LEAVE_STUDIO_FLOW_SID');
    expect(await channelStatus(conversation.interactionSid, conversation.channelSid)).toBe('active');
  });
});

describe('leave with custom routing, repeated', () => {
  it('attaches the Studio webhook once even when its first answer was lost', async () => {
    const conversation = await backend.assignedConversation();
    const flowSid = 'FW' + '2'.repeat(32);
    // The webhook is created, but the answer never arrives; the transport does not resend creates.
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: '/Webhooks$',
      status: 500,
      mode: 'after',
      times: 1,
    });
    const first = await leaveAs(conversation.workerSid, conversation.taskSid, {
      LEAVE_ROUTING: 'studio',
      LEAVE_STUDIO_FLOW_SID: flowSid,
    });
    expect(first.body.warnings).toHaveLength(1);
    backend.emulator.faults.clear();

    // An admin-side retry of the attachment (a second leave is refused: the task is closed) finds it there.
    const webhooks = await backend.client.conversations.v1
      .conversations(conversation.conversationSid)
      .webhooks.list();
    expect(webhooks.filter((webhook) => webhook.target === 'studio')).toHaveLength(1);

    await backend.emulator.customer.send(conversation.conversationSid, 'Hello bot');
    await backend.emulator.idle();
    expect(backend.emulator.customRoutingLog.filter((entry) => entry.path === 'studio')).toHaveLength(1);
  });
});

describe('server-time', () => {
  it("answers Twilio's time, with no token needed", async () => {
    const { handler } = await import('../src/functions/server-time');
    const result = await backend.invoke(handler, {});
    expect(result.status).toBe(200);
    expect(result.body.ok).toBe(true);
    expect(Number.isNaN(Date.parse(String(result.body.serverTime)))).toBe(false);
  });
});
