import { inviteWhilePaused } from '../src/provisioning/live/walk/invite-while-paused';
import { type FakeAnswer } from './fake-twilio';
import {
  hex,
  WS,
  WK,
  WW,
  CH,
  KD,
  UO,
  WR,
  RUN,
  NAME,
  fake,
  routes,
  answer,
  walkOn,
  evidence,
  seenPaths,
  fakeTwilioPerTest,
} from './live-steps-support';

/**
 * The live check's invite-while-paused step (walk/invite-while-paused.ts), driven on a Walk whose Twilio is
 * scripted on 127.0.0.1 (issue 20); the scaffolding is live-steps-support.ts.
 */

fakeTwilioPerTest();

describe('inviteWhilePaused', () => {
  const WT_OLD = `WT${hex('0')}`;
  const WT_RESERVED = `WT${hex('1')}`;
  const WT_NEW = `WT${hex('2')}`;
  const WT_BARE = `WT${hex('3')}`;
  const TASKRouter = `/taskrouter/v1/Workspaces/${WS}`;
  const CHANNEL_PATH = `/flex-api/v1/Interactions/${KD}/Channels/${UO}`;
  const TASKS_PATH = `${TASKRouter}/Tasks?WorkflowSid=${WW}&PageSize=100`;
  const CUSTOMER = `${NAME}-c-customer`;
  const inviteEvidence = (status: number, code: number | null = null) =>
    evidence('POST', `flex-api /v1/Interactions/${KD}/Channels/${UO}/Invites`, status, code);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  interface Account {
    reservations?: Record<string, unknown>[];
    /** The pause's answer; by default the channel pauses. */
    pause?: FakeAnswer;
    invite?: (state: { channel: string; tasks: Record<string, unknown>[] }) => FakeAnswer;
    /** The channel read after the invite, and before it. */
    readAfter?: FakeAnswer;
    readBefore?: FakeAnswer;
    onTasksListed?: () => void;
  }

  /** A third conversation opened, reserved, joined and paused, then the invite answered by `invite`. */
  function account(over: Account = {}): { requests: () => string[] } {
    const state = {
      channel: 'active',
      invited: false,
      tasks: [
        // The conversation's earlier task, and the reserved one: neither is the invite's.
        { sid: WT_OLD, attributes: JSON.stringify({ conversationSid: CH }), assignment_status: 'completed' },
        {
          sid: WT_RESERVED,
          attributes: JSON.stringify({ conversationSid: CH }),
          assignment_status: 'canceled',
        },
      ] as Record<string, unknown>[],
    };
    routes([
      ['POST', /^\/conversations\/v1\/Conversations$/, answer(201, { sid: CH })],
      [
        'POST',
        new RegExp(`^/conversations/v1/Conversations/${CH}/Participants$`),
        answer(201, { sid: `MB${hex('0')}` }),
      ],
      ['POST', /^\/flex-api\/v1\/Interactions$/, answer(201, { sid: KD, channel: { sid: UO } })],
      [
        'GET',
        new RegExp(`^${TASKRouter}/Workers/${WK}/Reservations\\?PageSize=50$`),
        answer(200, {
          reservations: over.reservations ?? [
            { sid: WR, task_sid: WT_RESERVED, reservation_status: 'pending' },
          ],
          meta: {},
        }),
      ],
      [
        'GET',
        new RegExp(`^${TASKRouter}/Tasks/${WT_RESERVED}$`),
        answer(200, { sid: WT_RESERVED, workflow_sid: WW }),
      ],
      ['POST', new RegExp(`^${CHANNEL_PATH}/Participants$`), answer(201, {})],
      [
        'POST',
        new RegExp(`^${CHANNEL_PATH}/Invites$`),
        () => {
          state.invited = true;
          return over.invite?.(state) ?? { status: 409, body: { code: 45007, message: 'paused' } };
        },
      ],
      [
        'POST',
        new RegExp(`^${CHANNEL_PATH}$`),
        (body) => {
          const to = body.get('Status') ?? '';
          if (to === 'pause' && over.pause) return over.pause;
          state.channel = to;
          return { status: 200, body: { sid: UO, status: to } };
        },
      ],
      [
        'GET',
        new RegExp(`^${CHANNEL_PATH}$`),
        () =>
          (state.invited ? over.readAfter : over.readBefore) ?? {
            status: 200,
            body: { sid: UO, status: state.channel },
          },
      ],
      [
        'GET',
        new RegExp(`^${escape(TASKS_PATH)}$`),
        () => {
          over.onTasksListed?.();
          return { status: 200, body: { tasks: state.tasks, meta: {} } };
        },
      ],
    ]);
    return { requests: seenPaths };
  }

  /** Twilio routing the channel: it leaves pause, and a task for the conversation appears. */
  const routed =
    (task: Record<string, unknown> | null, channel = 'active') =>
    (state: { channel: string; tasks: Record<string, unknown>[] }): FakeAnswer => {
      state.channel = channel;
      // A task of another conversation, and one with no attributes at all, come first.
      state.tasks.push(
        { sid: `WT${hex('4')}`, attributes: JSON.stringify({ conversationSid: `CH${hex('0')}` }) },
        { sid: WT_BARE },
      );
      if (task) state.tasks.push(task);
      return { status: 200, body: { sid: `KI${hex('0')}`, interaction_sid: KD } };
    };
  const newTask = {
    sid: WT_NEW,
    attributes: JSON.stringify({ conversationSid: CH }),
    assignment_status: 'pending',
  };
  const SEEN = 'POST …/Channels/UO…/Invites on a paused channel: HTTP 200';

  it('holds when Twilio routes the paused channel: it leaves pause and a new task exists; then the channel is closed', async () => {
    const { requests } = account({ invite: routed(newTask) });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toStrictEqual([
      {
        id: 'invite-while-paused',
        title: expect.any(String),
        verdict: 'holds',
        detail: `${SEEN}; the channel reads active, new task ${WT_NEW} (pending)`,
        evidence: [inviteEvidence(200)],
        fields: {
          http_status: 200,
          error_code: null,
          channel_status: 'active',
          task_sid: WT_NEW,
          task_status: 'pending',
        },
      },
    ]);
    expect(requests()).toEqual([
      'POST /conversations/v1/Conversations',
      `POST /conversations/v1/Conversations/${CH}/Participants`,
      'POST /flex-api/v1/Interactions',
      `GET ${TASKRouter}/Workers/${WK}/Reservations?PageSize=50`,
      `GET ${TASKRouter}/Tasks/${WT_RESERVED}`,
      `POST ${CHANNEL_PATH}/Participants`,
      `POST ${CHANNEL_PATH}`,
      `GET ${CHANNEL_PATH}`,
      `GET ${TASKS_PATH}`,
      `POST ${CHANNEL_PATH}/Invites`,
      `GET ${TASKS_PATH}`,
      `GET ${CHANNEL_PATH}`,
      `POST ${CHANNEL_PATH}`,
    ]);
    const bodies = fake.bodies.map((b) => Object.fromEntries(new URLSearchParams(b)));
    // Paused with the admin's routing status, as Pause does.
    expect(bodies[6]).toEqual({
      Status: 'pause',
      Routing: JSON.stringify({ status: walk.settings.routingStatus }),
    });
    // The very invite Return to the queue sends: the original workflow, the conversation, the customer.
    expect(JSON.parse(bodies[9].Routing)).toEqual({
      properties: {
        workspace_sid: WS,
        workflow_sid: WW,
        task_channel_unique_name: 'chat',
        attributes: { conversationSid: CH, from: CUSTOMER, leave_pause_live_check: RUN },
      },
    });
    // Closed by the public spec's Status=closed, so the test worker has room for the next step.
    expect(bodies[12]).toEqual({ Status: 'closed' });
    expect(walk.known.has(WT_OLD)).toBe(true);
    expect(walk.conversationNames).toEqual([`${NAME}-c`]);
  });

  it('finds the new task by the interaction channel when its attributes name no conversation', async () => {
    const task = {
      sid: WT_NEW,
      attributes: JSON.stringify({ flexInteractionChannelSid: UO }),
      assignment_status: 'reserved',
    };
    account({ invite: routed(task) });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'holds',
      detail: `${SEEN}; the channel reads active, new task ${WT_NEW} (reserved)`,
    });
  });

  it.each([
    [
      'refused with 409',
      { status: 409, body: { code: 45007, message: 'paused' } },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 409, error 45007',
      409,
      45007,
    ],
    [
      'answered 200 with an error code',
      { status: 200, body: { error_code: 45007, status: 'failed' } },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 200, error 45007',
      200,
      45007,
    ],
    [
      'refused with 400 and no code',
      { status: 400, body: {} },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 400',
      400,
      null,
    ],
    [
      'refused with 499',
      { status: 499, body: {} },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 499',
      499,
      null,
    ],
  ] as const)('fails when the invite is %s: no task looked for', async (_what, reply, seen, status, code) => {
    const { requests } = account({ invite: () => reply });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toStrictEqual([
      {
        id: 'invite-while-paused',
        title: expect.any(String),
        verdict: 'fails',
        detail: `${seen}: refused; the channel reads pause (Return to the queue stays hidden)`,
        evidence: [inviteEvidence(status, code)],
        fields: {
          http_status: status,
          error_code: code,
          channel_status: 'pause',
          task_sid: null,
          task_status: null,
        },
      },
    ]);
    expect(requests().slice(-4)).toEqual([
      `GET ${TASKS_PATH}`,
      `POST ${CHANNEL_PATH}/Invites`,
      `GET ${CHANNEL_PATH}`,
      `POST ${CHANNEL_PATH}`,
    ]);
  });

  it('could not tell when the invite gets a 5xx, and leaves the channel as it is', async () => {
    const { requests } = account({
      invite: () => ({ status: 500, body: { code: 20500, message: 'Internal' } }),
    });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toStrictEqual([
      {
        id: 'invite-while-paused',
        title: expect.any(String),
        verdict: 'could not tell',
        detail: 'POST …/Channels/UO…/Invites on a paused channel: HTTP 500, error 20500',
        evidence: [inviteEvidence(500, 20500)],
        fields: {},
      },
    ]);
    expect(requests().at(-1)).toBe(`POST ${CHANNEL_PATH}/Invites`);
  });

  it('could not tell when the invite is not answered', async () => {
    account({ invite: () => 'drop' });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: expect.stringMatching(/^no answer: \S/),
        evidence: [],
      }),
    ]);
  });

  it('fails when the invite is accepted but the channel still reads pause, beside a new task or not', async () => {
    account({ invite: routed(newTask, 'pause') });
    const beside = walkOn();
    await inviteWhilePaused(beside.walk);
    account({ invite: routed(null, 'pause') });
    const alone = walkOn();
    await inviteWhilePaused(alone.walk);
    expect(beside.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `${SEEN}: accepted but the channel still reads pause beside new task ${WT_NEW} (a second live task: Return to the queue stays hidden)`,
      evidence: [inviteEvidence(200)],
      fields: { channel_status: 'pause', task_sid: WT_NEW, task_status: 'pending' },
    });
    expect(alone.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `${SEEN}: accepted but the channel still reads pause (a second live task: Return to the queue stays hidden)`,
      fields: { channel_status: 'pause', task_sid: null, task_status: null },
    });
  });

  it('could not tell when the invite is accepted but no new task appears in time', async () => {
    account({ invite: routed(null) });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `${SEEN}; the channel reads active, no new task for the conversation in time`,
      evidence: [inviteEvidence(200)],
      fields: { channel_status: 'active', task_sid: null },
    });
  });

  it('could not tell when the channel cannot be read after an accepted invite', async () => {
    account({
      invite: routed(newTask),
      readAfter: { status: 500, body: { code: 20500, message: 'Internal' } },
    });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `${SEEN}; the channel reads unreadable, new task ${WT_NEW} (pending)`,
      fields: { channel_status: null, task_sid: WT_NEW },
    });
  });

  it('could not tell when the channel cannot be read after the pause: no invite', async () => {
    const { requests } = account({
      pause: { status: 500, body: { code: 20500, message: 'Internal' } },
      readBefore: { status: 500, body: { code: 20500, message: 'Internal' } },
    });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({ verdict: 'could not tell', detail: 'the third conversation did not pause' }),
    ]);
    expect(requests().filter((r) => r.endsWith('/Invites'))).toEqual([]);
  });

  it('could not tell when no reservation comes for the third conversation: nothing paused', async () => {
    const { requests } = account({ reservations: [] });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'no reservation for the third conversation in time',
        evidence: [],
      }),
    ]);
    expect(requests().filter((r) => r.includes('/Channels/'))).toEqual([]);
  });

  it('could not tell when the third conversation does not pause: no invite', async () => {
    const { requests } = account({ pause: { status: 409, body: { code: 45007, message: 'no' } } });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'the third conversation did not pause',
        evidence: [],
      }),
    ]);
    expect(requests().filter((r) => r.endsWith('/Invites'))).toEqual([]);
  });

  it('stops at an abort after listing the tasks, before the invite', async () => {
    const controller = new AbortController();
    const { requests } = account({ invite: routed(newTask), onTasksListed: () => controller.abort() });
    const { walk, lines } = walkOn({ signal: controller.signal });
    await expect(inviteWhilePaused(walk)).rejects.toThrow('interrupted (Ctrl-C)');
    expect(lines).toEqual([]);
    expect(requests().at(-1)).toBe(`GET ${TASKS_PATH}`);
  });
});
