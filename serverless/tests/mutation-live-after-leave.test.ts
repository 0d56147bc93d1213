import { StepFailed } from '../src/provisioning/live/lines';
import { refusalLine, refusedChange, wrapupLeave } from '../src/provisioning/live/walk/after-leave';
import {
  type Sent,
  world,
  type WalkSetup,
  walkWith,
  isChannelRead,
  isReservationsList,
  isMove,
  pathOf,
  type Body,
  StatusAnswer,
  firstAfter,
  leftConversation,
  CHANNEL_PATH,
  answer,
  channel,
  emulatorPerTest,
  interruptedLike,
} from './live-main-path-support';

/**
 * What follows Leave (walk/after-leave.ts): the refusal line, the refused change and the wrapup Leave (issue 20);
 * the scaffolding is live-main-path-support.ts.
 */

emulatorPerTest();

describe('refusalLine', () => {
  it.each([
    [
      400,
      { code: 20001, message: 'Invalid' },
      'holds',
      '(refused with a 4xx)',
      'HTTP 400, error 20001, "Invalid"',
    ],
    [499, { code: 45007 }, 'holds', '(refused with a 4xx)', 'HTTP 499, error 45007'],
    [
      200,
      { status: 'failed' },
      'holds',
      '(a 2xx saying failed: the engine must read it as a failure)',
      'HTTP 200',
    ],
    [
      201,
      { status: 'inactive', error_code: 19025 },
      'holds',
      '(a 2xx saying failed: the engine must read it as a failure)',
      'HTTP 201, error 19025',
    ],
    [299, { status: 'pause' }, 'fails', '(a 2xx with no failure mark)', 'HTTP 299'],
    [500, { code: 20500 }, 'could not tell', '', 'HTTP 500, error 20500'],
    [399, {}, 'could not tell', '', 'HTTP 399'],
  ] as const)('HTTP %i %j: %s', (status, body, verdict, why, described) => {
    const line = refusalLine(answer(status, body), channel('inactive'));
    const seen = `pause on an inactive channel: ${described}; reads inactive`;
    expect(line).toEqual({
      id: 'refused-change-reported',
      title: expect.any(String),
      verdict,
      detail: why ? `${seen} ${why}` : seen,
      evidence: [{ method: 'POST', path: CHANNEL_PATH, status, errorCode: answer(status, body).errorCode }],
      fields: {
        http_status: status,
        error_code: answer(status, body).errorCode,
        answer_status: status >= 200 && status < 300 ? (body as Body).status : null,
        read: 'inactive',
      },
    });
  });

  it('an unreadable channel reads "unreadable", its status left out of the fields', () => {
    const line = refusalLine(answer(409, { code: 45007 }), null);
    expect(line.detail).toBe(
      'pause on an inactive channel: HTTP 409, error 45007; reads unreadable (refused with a 4xx)',
    );
    expect(line.fields).toEqual({
      http_status: 409,
      error_code: 45007,
      answer_status: null,
      read: undefined,
    });
  });
});

describe('refusedChange', () => {
  it('asks Twilio to pause the left channel with Flex’s Routing and reports the refusal and the read', async () => {
    const { walk, a, lines, sent } = await leftConversation();
    const mark = sent.length;
    await refusedChange(walk, a);
    expect(sent.slice(mark).map(({ method, uri, data }) => ({ method, uri, data }))).toEqual([
      {
        method: 'POST',
        uri: `https://flex-api.twilio.com/v1/Interactions/${a.ref.interactionSid}/Channels/${a.ref.channelSid}`,
        data: { Status: 'pause', Routing: '{"status":"closed"}' },
      },
      {
        method: 'GET',
        uri: `https://flex-api.twilio.com/v1/Interactions/${a.ref.interactionSid}/Channels/${a.ref.channelSid}`,
        data: undefined,
      },
    ]);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'refused-change-reported',
        verdict: 'holds',
        detail: expect.stringMatching(
          /^pause on an inactive channel: HTTP 409, error 45007, ".*"; reads inactive \(refused with a 4xx\)$/,
        ),
      }),
    ]);
  });

  it('a channel that cannot be read back reads "unreadable"', async () => {
    const { walk, a, lines } = await leftConversation({
      edit: firstAfter(isMove('pause'), isChannelRead, () => new StatusAnswer(404, { code: 20404 })),
    });
    await refusedChange(walk, a);
    expect(lines[0]?.detail).toMatch(/; reads unreadable \(refused with a 4xx\)$/);
  });

  it('asks nothing once interrupted', async () => {
    const { walk, a, sent } = await leftConversation();
    const mark = sent.length;
    const interrupted = interruptedLike(walk);
    await expect(refusedChange(interrupted, a)).rejects.toEqual(new StepFailed('interrupted (Ctrl-C)'));
    expect(sent.slice(mark)).toEqual([]);
  });
});

describe('wrapupLeave', () => {
  async function routed(setup: WalkSetup = {}) {
    const walked = walkWith(setup);
    await walked.walk.createRouting();
    return walked;
  }
  const leaveOf = (sent: Sent[]) => sent.filter(isMove('inactive'));

  it('opens conversation b, joins it and leaves it with wrapup: accepted, the task wrapping', async () => {
    const { walk, lines, sent } = await routed();
    await wrapupLeave(walk);
    expect(walk.conversationNames).toEqual([`${walk.name}-b`]);
    expect(leaveOf(sent).map((x) => x.data)).toEqual([
      { Status: 'inactive', Routing: '{"status":"wrapup"}' },
    ]);
    expect(lines).toEqual([
      {
        id: 'leave-inactive-wrapup',
        title: expect.any(String),
        verdict: 'holds',
        detail: 'accepted: HTTP 200, reads inactive, the task is wrapping',
        evidence: [
          { method: 'POST', path: pathOf(leaveOf(sent)[0]?.uri ?? ''), status: 200, errorCode: null },
        ],
        fields: {
          http_status: 200,
          error_code: null,
          answer_status: 'inactive',
          read: 'inactive',
          task: 'wrapping',
        },
      },
    ]);
  });

  it('could not tell without a reservation for b, and leaves nothing', async () => {
    const { walk, lines, sent } = await routed({
      edit: (request, status, body) =>
        isReservationsList(request) ? { status, body: { ...body, reservations: [] } } : undefined,
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'could not tell',
        detail: 'no reservation for the second conversation in time',
        evidence: [],
        fields: {},
      }),
    ]);
    expect(leaveOf(sent)).toEqual([]);
  });

  it('refused with a 4xx: holds, naming the read', async () => {
    const { walk, lines } = await routed({
      before: (request) =>
        isMove('inactive')(request) ? { status: 409, body: { code: 45007, message: 'No' } } : undefined,
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'holds',
        detail: 'refused: HTTP 409, error 45007, "No", reads active',
        evidence: [expect.objectContaining({ method: 'POST', status: 409, errorCode: 45007 })],
        fields: {
          http_status: 409,
          error_code: 45007,
          answer_status: null,
          read: 'active',
          task: 'assigned',
        },
      }),
    ]);
  });

  it.each([
    [499, 'holds', 'refused: HTTP 499, reads active'],
    [400, 'holds', 'refused: HTTP 400, reads active'],
    [500, 'could not tell', 'HTTP 500, reads active'],
    [399, 'could not tell', 'HTTP 399, reads active'],
  ] as const)('answered %i: %s', async (status, verdict, detail) => {
    const { walk, lines } = await routed({
      before: (request) => (isMove('inactive')(request) ? { status, body: {} } : undefined),
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict,
        detail,
        evidence: [expect.objectContaining({ method: 'POST', status })],
      }),
    ]);
  });

  it('a 200 saying failed: holds as a refusal', async () => {
    world.emulator.faults.add({
      method: 'POST',
      pathPattern: '/flex-api/v1/Interactions/KD[0-9a-f]{32}/Channels/UO[0-9a-f]{32}$',
      mode: 'failed',
    });
    const { walk, lines } = await routed();
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'holds',
        detail: 'refused: HTTP 200, error 19025, "Channel validation error", reads active',
      }),
    ]);
  });

  it('a 200 after which the channel does not read inactive could not tell; unreadable says so', async () => {
    const { walk, lines } = await routed({
      edit: firstAfter(isMove('inactive'), isChannelRead, () => new StatusAnswer(404, { code: 20404 }), 2),
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'could not tell',
        detail: 'HTTP 200, reads unreadable',
      }),
    ]);
    const active = await routed({
      edit: firstAfter(isMove('inactive'), isChannelRead, (body) => ({ ...body, status: 'active' }), 2),
    });
    await wrapupLeave(active.walk);
    expect(active.lines).toEqual([
      expect.objectContaining({ id: 'leave-inactive-wrapup', verdict: 'could not tell' }),
    ]);
  });

  it('no answer at all: could not tell, with the error', async () => {
    const { walk, lines } = await routed({
      before: (request) => (isMove('inactive')(request) ? new Error('socket hang up') : undefined),
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'could not tell',
        detail: 'no answer: socket hang up',
        evidence: [],
        fields: {},
      }),
    ]);
  });

  it('refused with a 4xx while the channel reads inactive all the same: a refusal, not an acceptance', async () => {
    // Twilio did the change and answered 409 (a retry of a change already made, say).
    const { walk, lines } = await routed({
      edit: (request) =>
        isMove('inactive')(request) ? { status: 409, body: { code: 45007, message: 'Already' } } : undefined,
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'holds',
        detail: 'refused: HTTP 409, error 45007, "Already", reads inactive',
      }),
    ]);
  });

  it('refused with a 4xx and the channel unreadable: "unreadable"', async () => {
    let refused = false;
    const { walk, lines } = await routed({
      before: (request) => {
        if (!isMove('inactive')(request)) return undefined;
        refused = true;
        return { status: 409, body: { code: 45007, message: 'No' } };
      },
      edit: (request) =>
        refused && isChannelRead(request) ? { status: 404, body: { code: 20404 } } : undefined,
    });
    await wrapupLeave(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'leave-inactive-wrapup',
        verdict: 'holds',
        detail: 'refused: HTTP 409, error 45007, "No", reads unreadable',
      }),
    ]);
  });
});
