import { raw, setup, type Harness } from './helpers';

/** What the live contract check (npm run doctor -- --live) needs of the emulator, beyond the Functions' calls. */
describe('emulator support for the live contract check', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  async function pendingConversation() {
    const s = await h.emu.customer.start({ channelType: 'chat', customerName: 'Carol', body: 'Hi' });
    const [reservation] = await h.ws.tasks(s.taskSid).reservations.list({ reservationStatus: 'pending' });
    return { ...s, reservation };
  }

  test('an agent participant created with {workspace_sid, reservation_sid} accepts the reservation and joins', async () => {
    const { reservation, ...s } = await pendingConversation();
    const channel = h.client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid);
    const created = await channel.participants.create({
      type: 'agent',
      mediaProperties: {},
      routingProperties: { workspace_sid: h.seed.workspaceSid, reservation_sid: reservation.sid },
    });
    expect(created.type).toBe('agent');
    expect(created.routingProperties).toMatchObject({
      task_sid: s.taskSid,
      worker_sid: reservation.workerSid,
      reservation_sid: reservation.sid,
    });
    expect((await h.ws.tasks(s.taskSid).reservations(reservation.sid).fetch()).reservationStatus).toBe(
      'accepted',
    );
    expect((await h.ws.tasks(s.taskSid).fetch()).assignmentStatus).toBe('assigned');
    const agents = (await channel.participants.list()).filter((p) => p.type === 'agent');
    expect(agents.map((p) => p.sid)).toEqual([created.sid]);

    // Once accepted, the same reservation cannot bring anyone in again.
    const again = await raw(
      h.emu,
      'POST',
      `/flex-api/v1/Interactions/${s.interactionSid}/Channels/${s.channelSid}/Participants`,
      {
        Type: 'agent',
        MediaProperties: '{}',
        RoutingProperties: JSON.stringify({
          workspace_sid: h.seed.workspaceSid,
          reservation_sid: reservation.sid,
        }),
      },
    );
    expect(again.status).toBe(409);
  });

  test("a reservation of another channel's task is refused and changes nothing", async () => {
    const first = await pendingConversation();
    const second = await h.emu.customer.start({ channelType: 'chat', customerName: 'Dan', body: 'Hello' });
    const answer = await raw(
      h.emu,
      'POST',
      `/flex-api/v1/Interactions/${second.interactionSid}/Channels/${second.channelSid}/Participants`,
      {
        Type: 'agent',
        MediaProperties: '{}',
        RoutingProperties: JSON.stringify({
          workspace_sid: h.seed.workspaceSid,
          reservation_sid: first.reservation.sid,
        }),
      },
    );
    expect(answer.status).toBe(400);
    expect(
      (await h.ws.tasks(first.taskSid).reservations(first.reservation.sid).fetch()).reservationStatus,
    ).toBe('pending');
  });

  test('workers, queues and workflows can be deleted, refused while open tasks use them', async () => {
    const queue = await h.ws.taskQueues.create({ friendlyName: 'throwaway', targetWorkers: 'x == "y"' });
    const workflow = await h.ws.workflows.create({
      friendlyName: 'throwaway',
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
    const worker = await h.ws.workers.create({ friendlyName: 'throwaway', attributes: '{"x":"y"}' });
    const task = await h.ws.tasks.create({ workflowSid: workflow.sid, attributes: '{}' });

    const refused = await raw(
      h.emu,
      'DELETE',
      `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/Workflows/${workflow.sid}`,
    );
    expect(refused.status).toBe(400);
    const queueInUse = await raw(
      h.emu,
      'DELETE',
      `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/TaskQueues/${queue.sid}`,
    );
    expect(queueInUse.status).toBe(400);

    await h.ws.tasks(task.sid).remove();
    expect(await h.ws.workflows(workflow.sid).remove()).toBe(true);
    expect(await h.ws.taskQueues(queue.sid).remove()).toBe(true);
    expect(await h.ws.workers(worker.sid).remove()).toBe(true);
    const gone = await raw(
      h.emu,
      'GET',
      `/taskrouter/v1/Workspaces/${h.seed.workspaceSid}/Workers/${worker.sid}`,
    );
    expect(gone.status).toBe(404);
    expect(h.emu.snapshot().workers.map((w) => w.sid)).not.toContain(worker.sid);
  });

  test("the customer's message through the REST API is routed like one from their device", async () => {
    const { reservation, ...s } = await pendingConversation();
    await h.ws.tasks(s.taskSid).reservations(reservation.sid).update({ reservationStatus: 'accepted' });
    await h.client.flexApi.v1
      .interaction(s.interactionSid)
      .channels(s.channelSid)
      .update({ status: 'inactive', routing: { status: 'closed' } });
    const customer = h.emu.world.conversations.get(s.conversationSid)?.customerIdentity ?? '';

    const messages = h.client.conversations.v1.conversations(s.conversationSid).messages;
    // Without webhooks enabled Flex never hears of it: no task.
    await messages.create({ author: customer, body: 'Quietly' });
    expect((await h.ws.tasks.list()).filter((t) => t.sid !== s.taskSid)).toEqual([]);
    const message = await messages.create({
      author: customer,
      body: 'Back again',
      xTwilioWebhookEnabled: 'true',
    });
    expect(message.author).toBe(customer);
    const tasks = await h.ws.tasks.list();
    const fresh = tasks.filter((t) => t.sid !== s.taskSid);
    expect(fresh).toHaveLength(1);
    expect(JSON.parse(fresh[0].attributes)).toMatchObject({ conversationSid: s.conversationSid });
    expect(
      (await h.client.flexApi.v1.interaction(s.interactionSid).channels(s.channelSid).fetch()).status,
    ).toBe('active');
  });

  test("channelUpdateEnum 'public-spec' refuses pause and active with a 400 naming Status", async () => {
    h.emu.configure({ channelUpdateEnum: 'public-spec' });
    const path = `/flex-api/v1/Interactions/KD${'0'.repeat(32)}/Channels/UO${'0'.repeat(32)}`;
    for (const status of ['pause', 'active']) {
      const answer = await raw(h.emu, 'POST', path, { Status: status });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ code: 20001, message: expect.stringMatching(/Status/) });
    }
    // closed and inactive stay what they are: the channel is looked for.
    expect((await raw(h.emu, 'POST', path, { Status: 'closed' })).status).toBe(404);
    h.emu.configure({ channelUpdateEnum: 'flex-client' });
    expect((await raw(h.emu, 'POST', path, { Status: 'pause' })).status).toBe(404);
  });
});
