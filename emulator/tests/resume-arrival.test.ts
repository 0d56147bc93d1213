import { control, raw, setup, type Harness } from './helpers';

/**
 * Two account behaviours Twilio does not document, as emulator settings: how Resume's new task reaches the agent
 * who resumed (`resumeArrives`: accepted for them, or reserved to them and left pending), and whether channel
 * answers carry `status_timeout` (`reportStatusTimeout`). The plugin handles each side of both.
 */

type Json = Record<string, unknown>;

interface Started {
  conversationSid: string;
  interactionSid: string;
  channelSid: string;
  taskSid: string;
  workerSid: string;
}

describe('emulator settings for what Twilio does not document', () => {
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

  async function startAccepted(): Promise<Started> {
    const s = await h.emu.customer.start({ channelType: 'chat', customerName: 'Carol', body: 'hello' });
    const [r] = await h.ws.tasks(s.taskSid).reservations.list({ reservationStatus: 'pending' });
    await h.ws.tasks(s.taskSid).reservations(r.sid).update({ reservationStatus: 'accepted' });
    return { ...s, workerSid: r.workerSid };
  }

  async function setStatus(s: Started, status: string, routing?: 'closed'): Promise<Json> {
    const body: Record<string, string> = { Status: status };
    if (routing) body.Routing = JSON.stringify({ status: routing });
    const res = await raw(h.emu, 'POST', channelPath(s), body);
    expect(res.status).toBe(200);
    return res.json ?? {};
  }

  function newTaskOf(s: Started): string {
    const tasks = h.emu
      .snapshot()
      .tasks.filter(
        (t) =>
          (t.parsed_attributes as Json).flexInteractionChannelSid === s.channelSid && t.sid !== s.taskSid,
      );
    expect(tasks).toHaveLength(1);
    return String(tasks[0].sid);
  }

  test('the defaults keep what the emulator always did, and bad values are refused', async () => {
    expect((await control(h.emu, 'GET', '/settings')).json).toMatchObject({
      resumeArrives: 'accepted',
      reportStatusTimeout: true,
    });
    expect((await control(h.emu, 'POST', '/settings', { resumeArrives: 'maybe' })).status).toBe(400);
    expect((await control(h.emu, 'POST', '/settings', { reportStatusTimeout: 'no' })).status).toBe(400);
    expect(h.emu.settings).toMatchObject({ resumeArrives: 'accepted', reportStatusTimeout: true });
  });

  test("resumeArrives 'accepted': Resume's task is accepted for the agent who resumed", async () => {
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    await setStatus(s, 'active');
    const next = newTaskOf(s);
    const [r] = await h.ws.tasks(next).reservations.list();
    expect(r).toMatchObject({ workerSid: s.workerSid, reservationStatus: 'accepted' });
    expect(h.emu.channelLog.at(-1)).toMatchObject({ event: 'resumed', outcome: 'auto-accepted' });
  });

  test("resumeArrives 'pending': Resume's task is reserved to the agent who resumed and waits for them", async () => {
    expect((await control(h.emu, 'POST', '/settings', { resumeArrives: 'pending' })).status).toBe(200);
    const s = await startAccepted();
    await setStatus(s, 'pause', 'closed');
    // Even an agent who went offline gets it: the reservation is theirs, not routed by availability.
    await h.ws.workers(s.workerSid).update({ activitySid: h.seed.activities.offline });
    await setStatus(s, 'active');
    const next = newTaskOf(s);
    const task = await h.ws.tasks(next).fetch();
    expect(task.assignmentStatus).toBe('reserved');
    expect(task.routingTarget).toBe(s.workerSid);
    expect(JSON.parse(task.attributes)).toMatchObject({
      conversationSid: s.conversationSid,
      flexInteractionChannelSid: s.channelSid,
      flexChannelInviteSid: expect.stringMatching(/^KG/),
    });
    const [pending] = await h.ws.tasks(next).reservations.list();
    expect(pending).toMatchObject({ workerSid: s.workerSid, reservationStatus: 'pending' });
    expect(h.emu.channelLog.at(-1)).toMatchObject({
      event: 'resumed',
      outcome: 'reserved',
      newTaskSid: next,
    });

    // The agent's Flex accepts it: the agent's participant now carries the new task's routing.
    await h.ws.tasks(next).reservations(pending.sid).update({ reservationStatus: 'accepted' });
    expect((await h.ws.tasks(next).fetch()).assignmentStatus).toBe('assigned');
    const parts = await raw(h.emu, 'GET', `${channelPath(s)}/Participants`);
    const agents = ((parts.json?.participants as Json[]) ?? []).filter((p) => p.type === 'agent');
    expect(agents).toHaveLength(1);
    expect(agents[0].routing_properties).toMatchObject({ task_sid: next, reservation_sid: pending.sid });
  });

  test('reportStatusTimeout false: channel answers leave out status_timeout; Twilio still enforces the limit', async () => {
    expect((await control(h.emu, 'POST', '/settings', { reportStatusTimeout: false })).status).toBe(200);
    const s = await startAccepted();
    const paused = await setStatus(s, 'pause', 'closed');
    expect(paused.status).toBe('pause');
    expect(paused).not.toHaveProperty('status_timeout');
    const read = await raw(h.emu, 'GET', channelPath(s));
    expect(read.json).not.toHaveProperty('status_timeout');
    const listed = await raw(h.emu, 'GET', `/flex-api/v1/Interactions/${s.interactionSid}/Channels`);
    expect((listed.json?.channels as Json[])[0]).not.toHaveProperty('status_timeout');
    // The emulator's own view (the sandbox's state) still knows the deadline.
    expect(h.emu.channelLog.at(-1)).toMatchObject({ event: 'paused', statusTimeout: '2026-12-09T12:00:00Z' });

    await control(h.emu, 'POST', '/settings', { reportStatusTimeout: true });
    expect((await raw(h.emu, 'GET', channelPath(s))).json).toMatchObject({
      status_timeout: '2026-12-09T12:00:00Z',
    });
  });
});
