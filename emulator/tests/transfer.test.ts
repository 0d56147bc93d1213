import { setup, type Harness } from './helpers';

/**
 * Transfers the way Flex makes them, with documented operations only: the transferring agent's Flex creates an
 * invite on the channel naming the target worker (`POST …/Channels/{UO}/Invites`); the target accepts the
 * reservation and joins; in a cold transfer Flex then closes the transferring agent's participant
 * (`POST …/Participants/{UT}` `Status=closed`), in a warm one both stay until one leaves with `closed` or
 * `wrapup`. And an agent joins a channel only through the routing record or invite that created the task, never
 * through the task's attributes, which agents can edit.
 */
describe('transfers and the task-to-channel link', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  const setAvailable = async (workerSid: string, available: boolean) => {
    await h.ws
      .workers(workerSid)
      .update({ activitySid: available ? h.seed.activities.available : h.seed.activities.offline });
  };

  /** A chat routed to this agent alone (the others offline) and accepted by them. */
  async function chatAcceptedBy(workerSid: string, accept = true) {
    for (const other of Object.values(h.seed.workers)) await setAvailable(other, other === workerSid);
    const started = await h.emu.customer.start({ channelType: 'chat', customerName: 'Casey', body: 'hi' });
    await h.emu.idle();
    const [offer] = await h.ws.tasks(started.taskSid).reservations.list({ reservationStatus: 'pending' });
    expect(offer.workerSid).toBe(workerSid);
    if (accept) {
      await h.ws.tasks(started.taskSid).reservations(offer.sid).update({ reservationStatus: 'accepted' });
      await h.emu.idle();
    }
    return { ...started, reservationSid: offer.sid };
  }

  const channelOf = (c: { interactionSid: string; channelSid: string }) =>
    h.client.flexApi.v1.interaction(c.interactionSid).channels(c.channelSid);

  const agentsOf = async (c: { interactionSid: string; channelSid: string }) =>
    (await channelOf(c).participants.list()).filter((p) => p.type === 'agent');

  /** The raw participant list, as the Functions read it (twilio-node's model drops unknown fields). */
  async function rawAgents(c: { interactionSid: string; channelSid: string }) {
    const response = await h.client.request({
      method: 'get',
      uri: `https://flex-api.twilio.com/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}/Participants`,
    });
    const body = response.body as { participants: Record<string, unknown>[] };
    return body.participants.filter((p) => p.type === 'agent');
  }

  /** Bob's Flex invites Alice to his conversation, as a transfer to her; Alice accepts. */
  async function transferToAlice(bobs: { interactionSid: string; channelSid: string }) {
    await setAvailable(h.seed.workers.alice, true);
    const invite = await channelOf(bobs).invites.create({
      routing: {
        properties: {
          workspace_sid: h.seed.workspaceSid,
          workflow_sid: h.seed.workflowSid,
          task_channel_unique_name: 'chat',
          worker_sid: h.seed.workers.alice,
          attributes: { transferTargetType: 'worker', transferQueueName: '' },
        },
      },
    });
    await h.emu.idle();
    const [offer] = await h.ws
      .workers(h.seed.workers.alice)
      .reservations.list({ reservationStatus: 'pending' });
    expect(offer.workerSid).toBe(h.seed.workers.alice);
    await h.ws
      .workers(h.seed.workers.alice)
      .reservations(offer.sid)
      .update({ reservationStatus: 'accepted' });
    await h.emu.idle();
    return { inviteSid: invite.sid, taskSid: offer.taskSid, reservationSid: offer.sid };
  }

  test('cold transfer: the target joins through the invite; the transferring agent is closed out', async () => {
    const bobs = await chatAcceptedBy(h.seed.workers.bob);
    const alices = await transferToAlice(bobs);
    const task = await h.ws.tasks(alices.taskSid).fetch();
    expect(JSON.parse(task.attributes)).toMatchObject({
      flexChannelInviteSid: alices.inviteSid,
      transferTargetType: 'worker',
    });
    // Both agents are in the channel until Flex closes the transferring one.
    expect((await agentsOf(bobs)).map((p) => p.routingProperties)).toEqual([
      expect.objectContaining({ task_sid: bobs.taskSid, worker_sid: h.seed.workers.bob }),
      expect.objectContaining({
        task_sid: alices.taskSid,
        worker_sid: h.seed.workers.alice,
        reservation_sid: alices.reservationSid,
      }),
    ]);

    const bobsPart = (await agentsOf(bobs))[0];
    await channelOf(bobs).participants(bobsPart.sid).update({ status: 'closed' });
    await h.emu.idle();

    expect((await h.ws.tasks(bobs.taskSid).fetch()).assignmentStatus).toBe('completed');
    expect((await h.ws.tasks(alices.taskSid).fetch()).assignmentStatus).toBe('assigned');
    expect((await channelOf(bobs).fetch()).status).toBe('active');
    // The participant's status is recorded and answered; Bob no longer reads the conversation.
    expect((await rawAgents(bobs)).map((p) => [p.sid, p.status])).toEqual([
      [bobsPart.sid, 'closed'],
      [expect.stringMatching(/^UT/), null],
    ]);
    const readers = await h.client.conversations.v1.conversations(bobs.conversationSid).participants.list();
    expect(readers.map((p) => p.identity)).toEqual(['casey', 'alice']);
  });

  test('warm transfer: both stay until the transferring agent leaves with wrapup', async () => {
    const bobs = await chatAcceptedBy(h.seed.workers.bob);
    const alices = await transferToAlice(bobs);
    const readers = () =>
      h.client.conversations.v1
        .conversations(bobs.conversationSid)
        .participants.list()
        .then((list) => list.map((p) => p.identity));
    expect(await readers()).toEqual(['casey', 'bob', 'alice']);

    const bobsPart = (await agentsOf(bobs))[0];
    await channelOf(bobs).participants(bobsPart.sid).update({ status: 'wrapup' });
    await h.emu.idle();
    expect((await h.ws.tasks(bobs.taskSid).fetch()).assignmentStatus).toBe('wrapping');
    expect((await h.ws.tasks(alices.taskSid).fetch()).assignmentStatus).toBe('assigned');
    expect((await rawAgents(bobs)).map((p) => p.status)).toEqual(['wrapup', null]);
    // Bob completes his wrap-up: his task ends, Alice keeps the conversation.
    await channelOf(bobs).participants(bobsPart.sid).update({ status: 'closed' });
    await h.emu.idle();
    expect((await h.ws.tasks(bobs.taskSid).fetch()).assignmentStatus).toBe('completed');
    expect((await rawAgents(bobs)).map((p) => p.status)).toEqual(['closed', null]);
    expect(await readers()).toEqual(['casey', 'alice']);
    expect((await channelOf(bobs).fetch()).status).toBe('active');
  });

  test("edited attributes before accepting join the task's own channel, never the one they name", async () => {
    const alices = await chatAcceptedBy(h.seed.workers.alice);
    const before = await rawAgents(alices);
    const bobs = await chatAcceptedBy(h.seed.workers.bob, false);
    // Bob edits the attributes of the task reserved to him to name Alice's conversation, then accepts.
    const task = await h.ws.tasks(bobs.taskSid).fetch();
    await h.ws.tasks(bobs.taskSid).update({
      attributes: JSON.stringify({
        ...JSON.parse(task.attributes),
        conversationSid: alices.conversationSid,
        flexInteractionSid: alices.interactionSid,
        flexInteractionChannelSid: alices.channelSid,
      }),
    });
    await h.ws
      .tasks(bobs.taskSid)
      .reservations(bobs.reservationSid)
      .update({ reservationStatus: 'accepted' });
    await h.emu.idle();

    expect(await rawAgents(alices)).toEqual(before);
    const alicesReaders = await h.client.conversations.v1
      .conversations(alices.conversationSid)
      .participants.list();
    expect(alicesReaders.map((p) => p.identity)).toEqual(['casey', 'alice']);
    // Bob is in the conversation his task was created for.
    expect((await agentsOf(bobs)).map((p) => p.routingProperties)).toEqual([
      expect.objectContaining({ task_sid: bobs.taskSid, worker_sid: h.seed.workers.bob }),
    ]);
    // And Alice leaving her channel ends only her own task: the link, not the attributes, says which.
    await channelOf(alices).update({ status: 'inactive', routing: { status: 'closed' } });
    await h.emu.idle();
    expect((await h.ws.tasks(bobs.taskSid).fetch()).assignmentStatus).toBe('assigned');
    expect((await h.ws.tasks(alices.taskSid).fetch()).assignmentStatus).toBe('completed');
  });

  test('a task Flex did not create for a channel (a voice call naming a chat) joins nothing', async () => {
    const alices = await chatAcceptedBy(h.seed.workers.alice);
    const before = await rawAgents(alices);
    const voice = await h.ws.tasks.create({
      workflowSid: h.seed.workflowSid,
      taskChannel: 'voice',
      attributes: JSON.stringify({
        flexInteractionSid: alices.interactionSid,
        flexInteractionChannelSid: alices.channelSid,
      }),
    });
    await h.emu.idle();
    const [offer] = await h.ws.tasks(voice.sid).reservations.list({ reservationStatus: 'pending' });
    expect(offer.workerSid).toBe(h.seed.workers.alice);
    await h.ws.tasks(voice.sid).reservations(offer.sid).update({ reservationStatus: 'accepted' });
    await h.emu.idle();
    expect(await rawAgents(alices)).toEqual(before);
  });
});
