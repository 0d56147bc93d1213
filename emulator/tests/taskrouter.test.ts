import twilio from 'twilio';
import { setup, startReceiver, type Harness } from './helpers';

describe('TaskRouter through the real twilio client', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  test('workspace, activities, channels, queues, workflows, workers: read and write', async () => {
    const { ws, seed } = h;
    const wsi = await ws.update({ friendlyName: 'Renamed', eventsFilter: 'task.created' });
    expect(wsi.friendlyName).toBe('Renamed');
    expect((await ws.fetch()).eventsFilter).toBe('task.created');
    expect((await ws.activities.list()).map((a) => a.friendlyName)).toEqual(
      expect.arrayContaining(['Offline', 'Available']),
    );

    const tcs = await ws.taskChannels.list();
    expect(tcs.map((c) => c.uniqueName)).toEqual([
      'default',
      'voice',
      'chat',
      'sms',
      'whatsapp',
      'messenger',
      'email',
    ]);
    const tc = await ws.taskChannels.create({ friendlyName: 'Paused', uniqueName: 'paused' });
    expect(tc.sid).toMatch(/^TC[0-9a-f]{32}$/);
    expect((await ws.taskChannels(tc.sid).fetch()).uniqueName).toBe('paused');

    const q = await ws.taskQueues.create({ friendlyName: 'Nobody', targetWorkers: '1==2' });
    expect((await ws.taskQueues(q.sid).update({ targetWorkers: "roles HAS 'agent'" })).targetWorkers).toBe(
      "roles HAS 'agent'",
    );
    expect((await ws.taskQueues.list()).length).toBe(2);

    const wf = await ws.workflows.create({
      friendlyName: 'Second',
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: q.sid } } }),
    });
    expect((await ws.workflows(wf.sid).update({ taskReservationTimeout: 30 })).taskReservationTimeout).toBe(
      30,
    );
    expect((await ws.workflows.list()).map((w) => w.friendlyName)).toEqual(['Assign to Anyone', 'Second']);

    const workers = await ws.workers.list();
    expect(workers.map((w) => w.friendlyName)).toEqual(['Alice Agent', 'Bob Agent', 'Sam Supervisor']);
    expect(workers.find((w) => w.friendlyName === 'Sam Supervisor')?.activityName).toBe('Offline');
    const dave = await ws.workers.create({
      friendlyName: 'dave',
      attributes: JSON.stringify({ contact_uri: 'client:dave' }),
    });
    expect(dave.activityName).toBe('Offline');
    const updated = await ws.workers(dave.sid).update({ activitySid: seed.activities.available });
    expect(updated.available).toBe(true);
    const channels = await ws.workers(dave.sid).workerChannels.list();
    expect(channels).toHaveLength(8);
    const chat = await ws.workers(dave.sid).workerChannels('chat').update({ capacity: 3 });
    expect(chat).toMatchObject({ configuredCapacity: 3, assignedTasks: 0, availableCapacityPercentage: 100 });
    expect((await ws.workers(dave.sid).workerChannels(chat.sid).fetch()).configuredCapacity).toBe(3);
    expect((await ws.workers.list({ available: 'true' })).length).toBe(3);
  });

  test('task lifecycle, reservations, capacity and freeing capacity by moving the task channel', async () => {
    const { ws, seed } = h;
    // Only alice is available so capacity is easy to reason about.
    await ws.workers(seed.workers.bob).update({ activitySid: seed.activities.offline });
    const t1 = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'chat',
      attributes: '{"n":1}',
    });
    expect(t1.assignmentStatus).toBe('reserved');
    expect(t1.taskChannelUniqueName).toBe('chat');
    expect(t1.taskQueueSid).toBe(seed.queueSid);
    const [r1] = await ws.tasks(t1.sid).reservations.list();
    expect(r1).toMatchObject({ reservationStatus: 'pending', workerSid: seed.workers.alice });
    await ws.workers(seed.workers.alice).reservations(r1.sid).update({ reservationStatus: 'accepted' });
    expect((await ws.tasks(t1.sid).fetch()).assignmentStatus).toBe('assigned');

    const t2 = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'chat',
      attributes: '{"n":2}',
    });
    expect(t2.assignmentStatus).toBe('pending');
    expect(
      await ws.workers(seed.workers.alice).reservations.list({ reservationStatus: 'pending' }),
    ).toHaveLength(0);
    const ch = await ws.workers(seed.workers.alice).workerChannels('chat').fetch();
    expect(ch).toMatchObject({ assignedTasks: 1, configuredCapacity: 1, availableCapacityPercentage: 0 });

    // The Pause trick: move the assigned task to another channel; its capacity is freed at once.
    await ws.taskChannels.create({ friendlyName: 'Paused', uniqueName: 'paused' });
    const moved = await ws.tasks(t1.sid).update({ taskChannel: 'paused' });
    expect(moved.taskChannelUniqueName).toBe('paused');
    expect(moved.assignmentStatus).toBe('assigned');
    expect((await ws.tasks(t2.sid).fetch()).assignmentStatus).toBe('reserved');

    const [r2] = await ws.tasks(t2.sid).reservations.list();
    await ws.tasks(t2.sid).reservations(r2.sid).update({ reservationStatus: 'accepted' });
    await ws.tasks(t2.sid).update({ assignmentStatus: 'wrapping' });
    expect((await ws.tasks(t2.sid).reservations(r2.sid).fetch()).reservationStatus).toBe('wrapping');
    const done = await ws.tasks(t2.sid).update({ assignmentStatus: 'completed', reason: 'done' });
    expect(done).toMatchObject({ assignmentStatus: 'completed', reason: 'done' });
    expect((await ws.tasks(t2.sid).reservations(r2.sid).fetch()).reservationStatus).toBe('completed');

    await expect(ws.tasks(t2.sid).update({ assignmentStatus: 'canceled' })).rejects.toMatchObject({
      status: 400,
      code: 20001,
    });
    expect((await ws.tasks.list({ assignmentStatus: ['assigned'] })).map((t) => t.sid)).toEqual([t1.sid]);
    expect((await ws.tasks.list({ evaluateTaskAttributes: 'n == 2' })).map((t) => t.sid)).toEqual([t2.sid]);
    await ws.tasks(t2.sid).remove();
    await expect(ws.tasks(t2.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  test('rejecting a reservation re-routes to another worker; IgnoreCapacity and known-agent routing', async () => {
    const { ws, seed } = h;
    const t = await ws.tasks.create({ workflowSid: seed.workflowSid, taskChannel: 'chat' });
    const [r] = await ws.tasks(t.sid).reservations.list();
    await ws.tasks(t.sid).reservations(r.sid).update({ reservationStatus: 'rejected' });
    const all = await ws.tasks(t.sid).reservations.list();
    expect(all.map((x) => x.reservationStatus).sort()).toEqual(['pending', 'rejected']);
    expect(new Set(all.map((x) => x.workerSid)).size).toBe(2);

    const known = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'sms',
      routingTarget: seed.workers.bob,
    });
    expect((await ws.tasks(known.sid).reservations.list())[0].workerSid).toBe(seed.workers.bob);
    // Bob is at capacity on sms after accepting; IgnoreCapacity still reaches him.
    const [kr] = await ws.tasks(known.sid).reservations.list();
    await ws.tasks(known.sid).reservations(kr.sid).update({ reservationStatus: 'accepted' });
    const forced = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'sms',
      routingTarget: seed.workers.bob,
      ignoreCapacity: 'true',
    });
    expect(forced.assignmentStatus).toBe('reserved');
  });

  test('If-Match: ETag revision honoured, mismatch is 412', async () => {
    const { ws, seed, emu } = h;
    const t = await ws.tasks.create({ workflowSid: seed.workflowSid, taskChannel: 'email' });
    const res = await fetch(`${emu.url}/taskrouter/v1/Workspaces/${seed.workspaceSid}/Tasks/${t.sid}`, {
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64'),
      },
    });
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"\d+"$/);
    await ws.tasks(t.sid).update({ attributes: '{"a":1}', ifMatch: etag });
    await expect(ws.tasks(t.sid).update({ attributes: '{"a":2}', ifMatch: etag })).rejects.toMatchObject({
      status: 412,
      code: 20412,
    });
    expect((await ws.tasks(t.sid).fetch()).attributes).toBe('{"a":1}');
  });

  test('workflow targets: expression with task. and worker., skip_if, timeout fallback on the clock', async () => {
    const { ws, seed, emu } = h;
    const config = {
      task_routing: {
        filters: [
          {
            filter_friendly_name: 'Resume',
            expression: 'leavePause.resumeWorkerSid != null',
            targets: [
              {
                queue: seed.queueSid,
                expression: 'task.leavePause.resumeWorkerSid == worker.sid',
                timeout: 60,
              },
              { queue: seed.queueSid },
            ],
          },
          {
            filter_friendly_name: 'Skip when nobody',
            expression: "kind == 'skip'",
            targets: [
              {
                queue: seed.queueSid,
                expression: "worker.roles HAS 'supervisor'",
                skip_if: 'workers.available == 0',
              },
              { queue: seed.queueSid, priority: 7 },
            ],
          },
        ],
        default_filter: { queue: seed.queueSid },
      },
    };
    await ws.workflows(seed.workflowSid).update({ configuration: JSON.stringify(config) });
    // Alice busy on chat so the resume target (alice) cannot be reserved yet.
    const busy = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'chat',
      routingTarget: seed.workers.alice,
    });
    const [br] = await ws.tasks(busy.sid).reservations.list();
    await ws.tasks(busy.sid).reservations(br.sid).update({ reservationStatus: 'accepted' });

    const resume = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'chat',
      attributes: JSON.stringify({ leavePause: { resumeWorkerSid: seed.workers.alice } }),
    });
    expect(resume.assignmentStatus).toBe('pending');
    await emu.clock.advance(59);
    expect((await ws.tasks(resume.sid).fetch()).assignmentStatus).toBe('pending');
    await emu.clock.advance(1);
    const [rr] = await ws.tasks(resume.sid).reservations.list();
    expect(rr.workerSid).toBe(seed.workers.bob);

    const skipped = await ws.tasks.create({
      workflowSid: seed.workflowSid,
      taskChannel: 'sms',
      attributes: '{"kind":"skip"}',
    });
    expect(skipped.priority).toBe(7);
    expect(skipped.assignmentStatus).toBe('reserved');
  });

  test('task TTL cancels once with a signed task.canceled callback', async () => {
    const { ws, seed, emu } = h;
    const receiver = await startReceiver('/tr-events?x=1');
    try {
      await ws.update({ eventCallbackUrl: receiver.url });
      for (const w of [seed.workers.alice, seed.workers.bob])
        await ws.workers(w).update({ activitySid: seed.activities.offline });
      const t = await ws.tasks.create({ workflowSid: seed.workflowSid, taskChannel: 'chat', timeout: 600 });
      const done = await ws.tasks.create({
        workflowSid: seed.workflowSid,
        taskChannel: 'chat',
        timeout: 600,
      });
      await ws.tasks(done.sid).update({ assignmentStatus: 'canceled', reason: 'test' });
      await emu.clock.advance(599);
      expect((await ws.tasks(t.sid).fetch()).assignmentStatus).toBe('pending');
      await emu.clock.advance(1);
      await emu.clock.advance(3600);
      await emu.idle();
      const fetched = await ws.tasks(t.sid).fetch();
      expect(fetched).toMatchObject({ assignmentStatus: 'canceled', reason: 'Task TTL Exceeded' });
      const canceled = receiver.received.filter((r) => r.params.EventType === 'task.canceled');
      expect(canceled.map((c) => c.params.TaskSid)).toEqual([done.sid, t.sid]);
      const ttl = canceled[1];
      expect(ttl.params).toMatchObject({
        TaskCanceledReason: 'Task TTL Exceeded',
        WorkspaceSid: seed.workspaceSid,
        AccountSid: emu.accountSid,
        TaskChannelUniqueName: 'chat',
        ResourceType: 'task',
        ResourceSid: t.sid,
      });
      expect(Number(ttl.params.Timestamp)).toBe(Math.floor(Date.parse('2026-11-25T12:10:00Z') / 1000));
      const sig = String(ttl.headers['x-twilio-signature']);
      expect(twilio.validateRequest(emu.authToken, sig, ttl.url, ttl.params)).toBe(true);
      expect(twilio.validateRequest('wrong', sig, ttl.url, ttl.params)).toBe(false);
      const types = receiver.received.map((r) => r.params.EventType);
      expect(types).toEqual(
        expect.arrayContaining(['worker.activity.update', 'task.created', 'task-queue.entered']),
      );
      expect(emu.deliveries.every((d) => d.status === 200)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  test('events for the reservation lifecycle and capacity arrive in order', async () => {
    const { ws, seed, emu } = h;
    const receiver = await startReceiver();
    try {
      await ws.update({ eventCallbackUrl: receiver.url });
      await ws.workers(seed.workers.alice).workerChannels('chat').update({ capacity: 2 });
      const t = await ws.tasks.create({
        workflowSid: seed.workflowSid,
        taskChannel: 'chat',
        routingTarget: seed.workers.alice,
      });
      const [r] = await ws.tasks(t.sid).reservations.list();
      await ws.tasks(t.sid).reservations(r.sid).update({ reservationStatus: 'accepted' });
      await ws.tasks(t.sid).update({ assignmentStatus: 'wrapping' });
      await ws.tasks(t.sid).update({ assignmentStatus: 'completed' });
      await emu.idle();
      expect(receiver.received.map((x) => x.params.EventType)).toEqual([
        'worker.capacity.update',
        'task.created',
        'workflow.target-matched',
        'task-queue.entered',
        'reservation.created',
        'reservation.accepted',
        'task.wrapup',
        'reservation.wrapup',
        'task.completed',
        'reservation.completed',
      ]);
      const created = receiver.received.find((x) => x.params.EventType === 'reservation.created');
      expect(created?.params).toMatchObject({
        WorkerSid: seed.workers.alice,
        WorkerName: 'Alice Agent',
        ReservationSid: r.sid,
      });
    } finally {
      await receiver.close();
    }
  });

  test('faults: 429 once then success; after-mode performs the side effect', async () => {
    const { ws, seed, emu } = h;
    emu.faults.add({ method: 'POST', pathPattern: '/Tasks$', status: 429, times: 1 });
    await expect(ws.tasks.create({ workflowSid: seed.workflowSid })).rejects.toMatchObject({ status: 429 });
    expect((await ws.tasks.list()).length).toBe(0);
    await ws.tasks.create({ workflowSid: seed.workflowSid });
    emu.faults.add({ method: 'POST', pathPattern: '/Tasks$', status: 503, mode: 'after' });
    await expect(ws.tasks.create({ workflowSid: seed.workflowSid })).rejects.toMatchObject({ status: 503 });
    expect((await ws.tasks.list()).length).toBe(2);
    emu.faults.add({ pathPattern: '/Workers$', mode: 'drop' });
    await expect(ws.workers.list()).rejects.toThrow();
    expect((await ws.workers.list()).length).toBe(3);
    expect(emu.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });
});
