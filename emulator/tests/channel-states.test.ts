import { control, raw, setup, type Harness } from './helpers';

/**
 * Twilio's interaction channel states as Flex UI 2.17.1 drives them (CbmSdkClient.leaveChannel, pauseChannel,
 * resumeChannel): Leave `inactive`, Pause `pause`, Resume `active`, and the pause time limit.
 */

const DAY = 86400;

interface Started {
  conversationSid: string;
  interactionSid: string;
  channelSid: string;
  taskSid: string;
}

type Json = Record<string, unknown>;

describe('interaction channel states: leave, pause, resume, time limit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  const channelPath = (s: Started): string =>
    `/flex-api/v1/Interactions/${s.interactionSid}/Channels/${s.channelSid}`;

  /** A customer starts a chat and the agent it is reserved for (Alice first) accepts it. */
  async function startAccepted(
    channelType: 'chat' | 'sms' = 'chat',
  ): Promise<Started & { workerSid: string }> {
    const s = await h.emu.customer.start({ channelType, customerName: 'Carol', body: 'hello' });
    const [r] = await h.ws.tasks(s.taskSid).reservations.list({ reservationStatus: 'pending' });
    await h.ws.tasks(s.taskSid).reservations(r.sid).update({ reservationStatus: 'accepted' });
    return { ...s, workerSid: r.workerSid };
  }

  async function setStatus(
    s: Started,
    status: string,
    routing?: 'closed' | 'wrapup',
  ): Promise<{ status: number; json: Json | null }> {
    const body: Record<string, string> = { Status: status };
    if (routing) body.Routing = JSON.stringify({ status: routing });
    return raw(h.emu, 'POST', channelPath(s), body);
  }

  async function channel(s: Started): Promise<Json> {
    const res = await raw(h.emu, 'GET', channelPath(s));
    return res.json ?? {};
  }

  async function participants(s: Started): Promise<Json[]> {
    const res = await raw(h.emu, 'GET', `${channelPath(s)}/Participants`);
    return (res.json?.participants as Json[] | undefined) ?? [];
  }

  async function chatCapacity(workerSid: string): Promise<{ assigned: number; percentage: number }> {
    const wc = await h.ws.workers(workerSid).workerChannels('chat').fetch();
    return { assigned: wc.assignedTasks, percentage: wc.availableCapacityPercentage };
  }

  async function conversationIdentities(conversationSid: string): Promise<(string | null)[]> {
    const list = await h.client.conversations.v1.conversations(conversationSid).participants.list();
    return list.map((p) => p.identity);
  }

  function channelTasks(s: Started): { sid: string; status: string; worker: string | null }[] {
    return h.emu
      .snapshot()
      .tasks.filter((t) => (t.parsed_attributes as Json).flexInteractionChannelSid === s.channelSid)
      .map((t) => ({
        sid: String(t.sid),
        status: String(t.assignment_status),
        worker: t.worker_sid as string | null,
      }));
  }

  test('agent participants carry the routing properties of the task that brought them in', async () => {
    const s = await startAccepted();
    const task = await h.ws.tasks(s.taskSid).fetch();
    const [r] = await h.ws.tasks(s.taskSid).reservations.list({ reservationStatus: 'accepted' });
    const parts = await participants(s);
    expect(parts.map((p) => p.type)).toEqual(['customer', 'agent']);
    expect(parts[0].routing_properties).toBeNull();
    // media_properties: not in the public schema; Flex 2.17.1's InteractionParticipant model reads it.
    const convParts = await h.client.conversations.v1.conversations(s.conversationSid).participants.list();
    expect(parts[0].media_properties).toEqual({
      conversation_sid: s.conversationSid,
      participant_sid: convParts[0].sid,
      address: 'carol',
      name: 'Carol',
    });
    expect(parts[1].media_properties).toEqual({
      conversation_sid: s.conversationSid,
      participant_sid: convParts[1].sid,
      identity: 'alice',
    });
    expect(parts[1].routing_properties).toEqual({
      workspace_sid: h.seed.workspaceSid,
      task_sid: s.taskSid,
      reservation_sid: r.sid,
      worker_sid: s.workerSid,
      queue_sid: task.taskQueueSid,
      workflow_sid: h.seed.workflowSid,
      task_channel_sid: h.seed.taskChannels.chat,
      task_channel_unique_name: 'chat',
    });
    expect(task.taskQueueSid).toBe(h.seed.queueSid);
  });

  test('channel answers carry status_timeout (null unless paused) and date_updated', async () => {
    const s = await startAccepted();
    expect(await channel(s)).toMatchObject({
      status: 'active',
      status_timeout: null,
      date_updated: '2026-11-25T12:00:00Z',
    });
    const list = await raw(h.emu, 'GET', `/flex-api/v1/Interactions/${s.interactionSid}/Channels`);
    expect((list.json?.channels as Json[])[0]).toMatchObject({ status: 'active', status_timeout: null });
  });

  test('pause (routing closed): task completed, capacity freed, agent still reads, deadline = now + 14 days', async () => {
    const s = await startAccepted();
    expect(await chatCapacity(s.workerSid)).toEqual({ assigned: 1, percentage: 0 });
    await h.emu.clock.advance(60);
    const res = await setStatus(s, 'pause', 'closed');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      sid: s.channelSid,
      status: 'pause',
      status_timeout: '2026-12-09T12:01:00Z',
      date_updated: '2026-11-25T12:01:00Z',
    });
    expect(await channel(s)).toMatchObject({ status: 'pause', status_timeout: '2026-12-09T12:01:00Z' });
    expect(h.emu.snapshot().interactions[0].channels[0]).toMatchObject({
      status: 'pause',
      status_timeout: '2026-12-09T12:01:00Z',
    });
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('completed');
    expect(await chatCapacity(s.workerSid)).toEqual({ assigned: 0, percentage: 100 });

    // The agent stays a participant of the conversation (Flex shows them the transcript) and of the channel,
    // with the routing properties of the paused task.
    expect(await conversationIdentities(s.conversationSid)).toEqual(['carol', 'alice']);
    const parts = await participants(s);
    expect(parts.map((p) => p.type)).toEqual(['customer', 'agent']);
    expect(parts[1].routing_properties).toMatchObject({ task_sid: s.taskSid, worker_sid: s.workerSid });
    const msgs = await h.client.conversations.v1.conversations(s.conversationSid).messages.list();
    expect(msgs.map((m) => m.body)).toEqual(['hello']);

    // The value the public spec lacks is accepted as a listed exception, counted apart from violations.
    expect(h.emu.specExceptions).toEqual([
      expect.objectContaining({
        exception: 'interaction-channel-pause-active',
        parameter: 'Status',
        value: 'pause',
        method: 'POST',
      }),
    ]);
    expect(h.emu.violations).toEqual([]);
  });

  test('the real twilio client can send pause and active (typed closed|inactive by the public spec)', async () => {
    const s = await startAccepted();
    const ch = h.client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid);
    // twilio-node types Status as the spec's enum; Flex's own client sends these two values to the same path.
    const paused = await ch.update({ status: 'pause' as 'closed', routing: { status: 'closed' } });
    expect(paused.status).toBe('pause');
    const resumed = await ch.update({ status: 'active' as 'closed' });
    expect(resumed.status).toBe('active');
    expect(h.emu.specExceptions.map((e) => e.value)).toEqual(['pause', 'active']);
    const res = await control(h.emu, 'GET', '/spec-exceptions');
    expect(res.json).toHaveLength(2);
  });

  test('a value outside the spec and the listed exception is still a violation', async () => {
    const s = await startAccepted();
    const res = await setStatus(s, 'paused', 'closed');
    expect(res.status).toBe(400);
    const parts = await participants(s);
    const agent = parts[1];
    const onParticipant = await raw(h.emu, 'POST', `${channelPath(s)}/Participants/${String(agent.sid)}`, {
      Status: 'pause',
    });
    expect(onParticipant.status).toBe(400);
    expect(h.emu.violations.map((v) => v.message)).toEqual([
      "Invalid parameter Status: 'paused' is not one of closed, inactive",
      expect.stringContaining("Invalid parameter Status: 'pause' is not one of"),
    ]);
    expect(h.emu.specExceptions).toEqual([]);
    h.emu.violations.length = 0;
  });

  test('pause (routing wrapup): the task wraps and holds capacity until the agent completes the wrap-up', async () => {
    const s = await startAccepted();
    expect((await setStatus(s, 'pause', 'wrapup')).status).toBe(200);
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('wrapping');
    expect(await chatCapacity(s.workerSid)).toEqual({ assigned: 1, percentage: 0 });
    // The agent completes the wrap-up through their channel participant (status closed), as Flex does; they
    // keep reading the paused conversation.
    const agent = (await participants(s))[1];
    const done = await raw(h.emu, 'POST', `${channelPath(s)}/Participants/${String(agent.sid)}`, {
      Status: 'closed',
    });
    expect(done.status).toBe(200);
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('completed');
    expect(await chatCapacity(s.workerSid)).toEqual({ assigned: 0, percentage: 100 });
    expect((await channel(s)).status).toBe('pause');
    expect(await conversationIdentities(s.conversationSid)).toEqual(['carol', 'alice']);
    const again = await control(h.emu, 'POST', '/agent/complete', { taskSid: s.taskSid });
    expect(again.status).toBe(409);
  });

  test('pause without Routing wraps the task (the spec: otherwise all tasks are set to wrapping)', async () => {
    const s = await startAccepted();
    expect((await setStatus(s, 'pause')).status).toBe(200);
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('wrapping');
  });

  test('leave (routing wrapup): agent removed, channel inactive, task wrapping until the agent completes it', async () => {
    const s = await startAccepted();
    expect((await setStatus(s, 'inactive', 'wrapup')).status).toBe(200);
    expect((await channel(s)).status).toBe('inactive');
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('wrapping');
    expect(await conversationIdentities(s.conversationSid)).toEqual(['carol']);
    expect((await participants(s)).map((p) => p.type)).toEqual(['customer']);
    await control(h.emu, 'POST', '/agent/complete', { taskSid: s.taskSid });
    expect(await chatCapacity(s.workerSid)).toEqual({ assigned: 0, percentage: 100 });
  });

  test('refused transitions answer 409 45007 and change nothing', async () => {
    const s = await startAccepted();
    const before = h.emu.snapshot();
    // Resume of a channel that is not paused.
    const resume = await setStatus(s, 'active');
    expect(resume.status).toBe(409);
    expect(resume.json).toMatchObject({ code: 45007, status: 409 });
    expect(String(resume.json?.message)).toContain('is active: cannot set it to active');
    expect(h.emu.snapshot().tasks).toEqual(before.tasks);

    expect((await setStatus(s, 'pause', 'closed')).status).toBe(200);
    const paused = h.emu.snapshot();
    for (const [status, routing] of [
      ['pause', 'closed'],
      ['inactive', 'closed'],
    ] as const) {
      const res = await setStatus(s, status, routing);
      expect(res.status).toBe(409);
      expect(res.json).toMatchObject({ code: 45007 });
    }
    // An invite would route a second live task for a conversation its agent paused.
    const invite = await raw(h.emu, 'POST', `${channelPath(s)}/Invites`, {
      Routing: JSON.stringify({
        properties: { workspace_sid: h.seed.workspaceSid, workflow_sid: h.seed.workflowSid },
      }),
    });
    expect(invite.status).toBe(409);
    const after = h.emu.snapshot();
    expect(after.tasks).toEqual(paused.tasks);
    expect(after.interactions).toEqual(paused.interactions);
    expect(after.pendingTimers).toBe(paused.pendingTimers);

    // Left: neither pause nor leave again nor resume.
    expect((await setStatus(s, 'active')).status).toBe(200);
    const [t2] = channelTasks(s).filter((t) => t.status === 'assigned');
    expect(t2).toBeDefined();
    expect((await setStatus(s, 'inactive', 'closed')).status).toBe(200);
    for (const [status, routing] of [
      ['pause', 'closed'],
      ['inactive', 'closed'],
      ['active', undefined],
    ] as const) {
      expect((await setStatus(s, status, routing)).status).toBe(409);
    }
    expect((await channel(s)).status).toBe('inactive');

    // Closed: nothing more.
    expect((await setStatus(s, 'closed')).status).toBe(200);
    expect((await setStatus(s, 'closed')).status).toBe(409);
  });

  test('pause needs an accepted agent task; bad Routing is a 400', async () => {
    const s = await h.emu.customer.start({ channelType: 'chat', body: 'hi' });
    const reserved = await setStatus(s, 'pause', 'closed');
    expect(reserved.status).toBe(409);
    expect(String(reserved.json?.message)).toContain('no agent has accepted a task');
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('reserved');
    const bad = await raw(h.emu, 'POST', channelPath(s), {
      Status: 'pause',
      Routing: JSON.stringify({ status: 'later' }),
    });
    expect(bad.status).toBe(400);
    const noRouting = await setStatus(s, 'inactive');
    expect(noRouting.status).toBe(400);
  });

  test('racing Pause and Leave: exactly one answers 200, the other 409, and the state is the winner', async () => {
    for (let round = 0; round < 6; round++) {
      const s = await startAccepted();
      const [p, l] = await Promise.all([setStatus(s, 'pause', 'closed'), setStatus(s, 'inactive', 'closed')]);
      expect([p.status, l.status].sort()).toEqual([200, 409]);
      const winner = p.status === 200 ? 'pause' : 'inactive';
      expect((await channel(s)).status).toBe(winner);
      expect(channelTasks(s).map((t) => t.status)).toEqual(['completed']);
      // Clean up for the next round: free the agent.
      if (winner === 'pause') await setStatus(s, 'closed');
    }
    // Racing Resume and Resume: one new task only.
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    const [a, b] = await Promise.all([setStatus(s, 'active'), setStatus(s, 'active')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(channelTasks(s).filter((t) => t.status === 'assigned')).toHaveLength(1);
  });

  test('a customer message while paused is stored, reactivates nothing and creates no task', async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    const reply = await h.emu.customer.send(s.conversationSid, 'are you there?');
    expect(reply.path).toBe('paused');
    expect(reply.taskSid).toBeUndefined();
    expect((await channel(s)).status).toBe('pause');
    expect(channelTasks(s)).toHaveLength(1);
    const msgs = await h.client.conversations.v1.conversations(s.conversationSid).messages.list();
    expect(msgs.map((m) => m.body)).toEqual(['hello', 'are you there?']);
    expect(h.emu.customRoutingLog).toEqual([
      expect.objectContaining({
        path: 'paused',
        conversationSid: s.conversationSid,
        messageSid: reply.messageSid,
      }),
    ]);
  });

  test('time limit: at status_timeout the channel is active again, the pausing agent removed, the next agent gets it', async () => {
    const settings = await control(h.emu, 'POST', '/settings', { pauseLimitSeconds: 3600 });
    expect(settings.json).toEqual({
      pauseLimitSeconds: 3600,
      latencyMs: 0,
      channelUpdateEnum: 'flex-client',
      invitesWhilePaused: 'refused',
      leaveRouting: { kind: 'default' },
      resumeArrives: 'accepted',
      reportStatusTimeout: true,
    });
    const s = await startAccepted();
    expect(s.workerSid).toBe(h.seed.workers.alice);
    await setStatus(s, 'pause', 'closed');
    expect((await channel(s)).status_timeout).toBe('2026-11-25T13:00:00Z');

    await h.emu.clock.advance(3599);
    expect((await channel(s)).status).toBe('pause');
    expect(channelTasks(s)).toHaveLength(1);

    await h.emu.clock.advance(1);
    const ch = await channel(s);
    expect(ch).toMatchObject({
      status: 'active',
      status_timeout: null,
      date_updated: '2026-11-25T13:00:00Z',
    });
    const tasks = channelTasks(s);
    expect(tasks).toHaveLength(2);
    const next = await h.ws.tasks(tasks[1].sid).fetch();
    expect(next.dateCreated.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(next.workflowSid).toBe(h.seed.workflowSid);
    expect(next.taskQueueSid).toBe(h.seed.queueSid);
    expect(next.taskChannelUniqueName).toBe('chat');
    expect(JSON.parse(next.attributes)).toMatchObject({ conversationSid: s.conversationSid });
    expect(next.assignmentStatus).toBe('reserved');
    const [r] = await h.ws.tasks(next.sid).reservations.list();
    expect(r.workerSid).toBe(h.seed.workers.bob);
    // Alice no longer reads the conversation; she is not in the channel.
    expect(await conversationIdentities(s.conversationSid)).toEqual(['carol']);
    expect((await participants(s)).map((p) => p.type)).toEqual(['customer']);
    expect(h.emu.channelLog.map((e) => e.event)).toEqual(['paused', 'rerouted']);
    expect(h.emu.channelLog[1]).toMatchObject({
      at: '2026-11-25T13:00:00Z',
      statusTimeout: '2026-11-25T13:00:00Z',
      workerSid: h.seed.workers.alice,
      taskSid: s.taskSid,
      newTaskSid: next.sid,
    });
    // A Resume after the limit is refused: the conversation has moved on.
    expect((await setStatus(s, 'active')).status).toBe(409);
    expect(h.emu.snapshot().interactions[0].channels[0].status_history.map((x) => x.status)).toEqual([
      'setup',
      'active',
      'pause',
      'active',
    ]);
  });

  test('a paused conversation that closes drops its limit: nothing is rerouted later', async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    await h.client.conversations.v1.conversations(s.conversationSid).update({ state: 'closed' });
    expect(await channel(s)).toMatchObject({ status: 'closed', status_timeout: null });
    await h.emu.clock.advance(15 * DAY);
    expect(channelTasks(s)).toHaveLength(1);
    expect((await setStatus(s, 'active')).status).toBe(409);
  });

  test('the default limit is 14 days on the simulated clock', async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    await h.emu.clock.advance(14 * DAY - 1);
    expect((await channel(s)).status).toBe('pause');
    await h.emu.clock.advance(1);
    expect((await channel(s)).status).toBe('active');
  });

  test('resume with free capacity: a new task auto-accepted by the pausing agent through an invite', async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    await h.emu.clock.advance(600);
    const res = await setStatus(s, 'active');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'active',
      status_timeout: null,
      date_updated: '2026-11-25T12:10:00Z',
    });
    const tasks = channelTasks(s);
    expect(tasks.map((t) => t.status)).toEqual(['completed', 'assigned']);
    expect(tasks[1].worker).toBe(s.workerSid);
    const next = await h.ws.tasks(tasks[1].sid).fetch();
    expect(JSON.parse(next.attributes)).toMatchObject({
      conversationSid: s.conversationSid,
      flexInteractionChannelSid: s.channelSid,
    });
    expect(next.taskChannelUniqueName).toBe('chat');
    const [r] = await h.ws.tasks(next.sid).reservations.list();
    expect(r).toMatchObject({ workerSid: s.workerSid, reservationStatus: 'accepted' });
    // The accept went through the channel's invite, which (re)joined the agent with the new task's routing.
    const invites = await h.client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .invites.list();
    expect(invites).toHaveLength(1);
    expect((invites[0].routing as { properties: { sid: string } }).properties.sid).toBe(next.sid);
    const parts = await participants(s);
    expect(parts.map((p) => p.type)).toEqual(['customer', 'agent']);
    expect(parts[1].routing_properties).toMatchObject({ task_sid: next.sid, reservation_sid: r.sid });
    expect(await conversationIdentities(s.conversationSid)).toEqual(['carol', 'alice']);
    expect(await chatCapacity(s.workerSid)).toEqual({ assigned: 1, percentage: 0 });
    expect((await control(h.emu, 'GET', '/channel-log')).json).toEqual([
      expect.objectContaining({
        event: 'paused',
        statusTimeout: '2026-12-09T12:00:00Z',
        routingStatus: 'closed',
      }),
      expect.objectContaining({
        event: 'resumed',
        outcome: 'auto-accepted',
        workerSid: s.workerSid,
        taskSid: s.taskSid,
        newTaskSid: next.sid,
      }),
    ]);
    // The limit no longer fires.
    await h.emu.clock.advance(15 * DAY);
    expect(channelTasks(s)).toHaveLength(2);
  });

  test('resume when the agent is unavailable but has capacity is still auto-accepted', async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    await h.ws.workers(s.workerSid).update({ activitySid: h.seed.activities.offline });
    expect((await setStatus(s, 'active')).status).toBe(200);
    const tasks = channelTasks(s);
    expect(tasks[1]).toMatchObject({ status: 'assigned', worker: s.workerSid });
  });

  test('resume at capacity: TaskRouter routes the new task through the original workflow', async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    // Alice takes another chat (Bob is away meanwhile): her chat capacity (1) is full again.
    const bob = h.ws.workers(h.seed.workers.bob);
    await bob.update({ activitySid: h.seed.activities.offline });
    const other = await h.emu.customer.start({ channelType: 'chat', customerName: 'Dan', body: 'me too' });
    const [r2] = await h.ws.tasks(other.taskSid).reservations.list({ reservationStatus: 'pending' });
    expect(r2.workerSid).toBe(s.workerSid);
    await h.ws.tasks(other.taskSid).reservations(r2.sid).update({ reservationStatus: 'accepted' });
    await bob.update({ activitySid: h.seed.activities.available });

    expect((await setStatus(s, 'active')).status).toBe(200);
    const tasks = channelTasks(s);
    expect(tasks).toHaveLength(2);
    const next = await h.ws.tasks(tasks[1].sid).fetch();
    expect(next.workflowSid).toBe(h.seed.workflowSid);
    expect(next.routingTarget).toBeNull();
    expect(next.assignmentStatus).toBe('reserved');
    expect(tasks[1].worker).toBe(h.seed.workers.bob);
    expect(
      await h.client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid).invites.list(),
    ).toEqual([]);
    expect(h.emu.channelLog.at(-1)).toMatchObject({
      event: 'resumed',
      outcome: 'routed',
      newTaskSid: next.sid,
    });
    // The pausing agent is out of the channel; whoever accepts the routed task joins it.
    expect((await participants(s)).map((p) => p.type)).toEqual(['customer']);
    const [rb] = await h.ws.tasks(next.sid).reservations.list({ reservationStatus: 'pending' });
    await h.ws.tasks(next.sid).reservations(rb.sid).update({ reservationStatus: 'accepted' });
    expect(await conversationIdentities(s.conversationSid)).toEqual(['carol', 'bob']);
  });

  test('invite create answers 200 (Twilio), not 201', async () => {
    const s = await startAccepted();
    await setStatus(s, 'inactive', 'closed');
    const res = await raw(h.emu, 'POST', `${channelPath(s)}/Invites`, {
      Routing: JSON.stringify({
        properties: {
          workspace_sid: h.seed.workspaceSid,
          workflow_sid: h.seed.workflowSid,
          task_channel_unique_name: 'chat',
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(String(res.json?.sid)).toMatch(/^KG[0-9a-f]{32}$/);
    expect((await channel(s)).status).toBe('active');
  });

  test('replies after Leave follow Console\'s "Use custom routing": a new task by default, the Studio flow when set, and the log says which', async () => {
    const plain = await startAccepted();
    await setStatus(plain, 'inactive', 'closed');
    const toTask = await h.emu.customer.send(plain.conversationSid, 'back again');
    expect(toTask).toMatchObject({ path: 'default', taskSid: expect.stringMatching(/^WT/) });

    const flowSid = 'FW' + 'b'.repeat(32);
    const set = await control(h.emu, 'POST', '/settings', { leaveRouting: { kind: 'studio', flowSid } });
    expect(set.json).toMatchObject({ leaveRouting: { kind: 'studio', flowSid } });
    const routed = await h.emu.customer.start({ channelType: 'sms', body: 'hi' });
    await setStatus(routed, 'inactive', 'closed');
    const toStudio = await h.emu.customer.send(routed.conversationSid, 'to the flow');
    expect(toStudio.path).toBe('studio');
    expect(toStudio.taskSid).toBeUndefined();
    expect(channelTasks(routed)).toHaveLength(1);
    expect((await channel(routed)).status).toBe('inactive');
    expect(h.emu.studioExecutions).toEqual([
      expect.objectContaining({
        flowSid,
        conversationSid: routed.conversationSid,
        messageSid: toStudio.messageSid,
      }),
    ]);

    // The admin's flow routes it with an invite (a documented call): the channel is active with one new task.
    const invite = await raw(h.emu, 'POST', `${channelPath(routed)}/Invites`, {
      Routing: JSON.stringify({
        properties: {
          workspace_sid: h.seed.workspaceSid,
          workflow_sid: h.seed.workflowSid,
          task_channel_unique_name: 'sms',
        },
      }),
    });
    expect(invite.status).toBe(200);
    expect((await channel(routed)).status).toBe('active');
    expect(channelTasks(routed)).toHaveLength(2);

    const log = (await control(h.emu, 'GET', '/replies')).json as Json[];
    expect(log.map((e) => [e.conversationSid, e.path])).toEqual([
      [plain.conversationSid, 'default'],
      [routed.conversationSid, 'studio'],
    ]);
    expect(log[0].taskSid).toBe(toTask.taskSid);
    expect(log[1]).toMatchObject({ flowSid, messageSid: toStudio.messageSid });
    expect(log[1].taskSid).toBeUndefined();
  });

  test('a conversation-scoped webhook does not take the reply away from routing: the reply after Leave is a new task', async () => {
    const s = await startAccepted();
    await setStatus(s, 'inactive', 'closed');
    const hook = await h.client.conversations.v1.conversations(s.conversationSid).webhooks.create({
      target: 'studio',
      'configuration.flowSid': 'FW' + 'c'.repeat(32),
    });
    expect(hook.sid).toMatch(/^WH[0-9a-f]{32}$/);
    const reply = await h.emu.customer.send(s.conversationSid, 'back again');
    expect(reply).toMatchObject({ path: 'default', taskSid: expect.stringMatching(/^WT/) });
    expect((await channel(s)).status).toBe('active');
    expect(h.emu.studioExecutions).toEqual([]);
    // The hook itself is still there (CRUD is unchanged).
    expect(await h.client.conversations.v1.conversations(s.conversationSid).webhooks.list()).toHaveLength(1);
  });

  test('the leaveRouting setting is checked: a Studio flow SID or an http(s) URL', async () => {
    for (const leaveRouting of [
      { kind: 'studio', flowSid: 'FW123' },
      { kind: 'interactions-webhook', url: 'ftp://example.com' },
      { kind: 'webhook', url: 'https://example.com' },
      'studio',
    ]) {
      const answer = await control(h.emu, 'POST', '/settings', { leaveRouting });
      expect(answer.status).toBe(400);
    }
    expect(h.emu.settings.leaveRouting).toEqual({ kind: 'default' });
  });
});
