import { StepFailed } from '../src/provisioning/live/lines';
import { walkMainPath } from '../src/provisioning/live/walk/main-path';
import {
  walkWith,
  walkUntilStopped,
  isParticipantsRead,
  isChannelRead,
  isReservationsList,
  isMove,
  type Body,
  StatusAnswer,
  firstAfter,
  agentsRead,
  emulatorPerTest,
} from './live-main-path-support';

/**
 * The live check's main sequence (walk/main-path.ts): its join and ownership lines, and the edges of a pause
 * (issue 20); the scaffolding is live-main-path-support.ts.
 */

emulatorPerTest();

describe('walkMainPath, the join and the ownership lines', () => {
  it('stops when no agent participant appears: agent-joined fails citing the last participants read', async () => {
    const { walk, lines } = walkWith({ edit: agentsRead(() => ({ type: 'customer' })) });
    await expect(walkMainPath(walk)).rejects.toEqual(
      new StepFailed('the test worker is not in the conversation'),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'agent-joined',
        verdict: 'fails',
        detail: 'accepted through interaction-participant-create, but no agent participant appeared',
        evidence: [
          { method: 'GET', path: expect.stringMatching(/\/Participants$/), status: 200, errorCode: null },
        ],
        fields: {},
      }),
    ]);
    expect(
      walk.log.filter((x) => x.method === 'GET' && x.path.endsWith('/Participants')).length,
    ).toBeGreaterThan(1);
  });

  it('stops when no reservation reaches the test worker', async () => {
    const { walk, lines } = walkWith({
      edit: (request, status, body) =>
        isReservationsList(request) ? { status, body: { ...body, reservations: [] } } : undefined,
    });
    await expect(walkMainPath(walk)).rejects.toEqual(
      new StepFailed('no reservation reached the test worker in time (the first task)'),
    );
    expect(lines).toEqual([]);
  });

  it('routing-properties names what differs; the ownership check then refuses; no status field fails', async () => {
    const { walk, byId } = walkWith({
      edit: agentsRead(({ status: _dropped, ...agent }) => {
        const routing: Body = { ...(agent.routing_properties as Body), task_sid: 'WTother' };
        delete routing.reservation_sid;
        return { ...agent, routing_properties: routing };
      }),
      stopAfter: 'engine-ownership',
    });
    await walkUntilStopped(walk);
    expect(byId('routing-properties')).toMatchObject({
      verdict: 'fails',
      detail: 'differs: task_sid=WTother, reservation_sid=absent',
      fields: {
        routing_properties: expect.objectContaining({ task_sid: 'WTother', worker_sid: walk.workerSid }),
      },
    });
    const status = byId('participant-status');
    expect(status).toMatchObject({
      verdict: 'fails',
      detail: 'the agent participant has no status field',
      evidence: [expect.objectContaining({ method: 'GET', path: expect.stringMatching(/\/Participants$/) })],
    });
    expect(status?.fields.keys).toEqual(expect.arrayContaining(['type', 'routing_properties']));
    expect(status?.fields.keys).not.toContain('status');
    expect(byId('engine-ownership')).toEqual(
      expect.objectContaining({
        verdict: 'fails',
        detail:
          'refused: This task is not yours, or it has ended: only the agent it is assigned to can act on it',
        evidence: [
          expect.objectContaining({ method: 'GET', path: expect.stringMatching(/\/Participants$/) }),
          expect.objectContaining({ method: 'GET', path: expect.stringMatching(/\/Reservations$/) }),
        ],
        fields: {},
      }),
    );
  });

  it('participant-status quotes the status Twilio gives; a routing property Twilio leaves out is "absent"', async () => {
    let name = '';
    const { walk, byId } = walkWith({
      edit: agentsRead((agent) => ({
        ...agent,
        status: 'joined',
        routing_properties: { ...(agent.routing_properties as Body), worker_sid: undefined },
        media_properties: { identity: name },
      })),
      stopAfter: 'participant-status',
    });
    name = walk.name;
    await walkUntilStopped(walk);
    expect(byId('participant-status')).toMatchObject({
      verdict: 'holds',
      detail: 'agent participant status=joined',
      fields: { status: 'joined' },
    });
    expect(byId('routing-properties')).toMatchObject({
      verdict: 'fails',
      detail: 'differs: worker_sid=absent',
    });
  });

  it('engine-ownership fails when the records name another conversation, and says "none" when they name none', async () => {
    const other = walkWith({
      edit: agentsRead((agent) => ({
        ...agent,
        media_properties: { ...(agent.media_properties as Body), conversation_sid: 'CHother' },
      })),
      stopAfter: 'engine-ownership',
    });
    await walkUntilStopped(other.walk);
    expect(other.byId('engine-ownership')).toMatchObject({
      verdict: 'fails',
      detail: `readOwnership + requireOwnTask: worker ${other.walk.workerSid}, conversation CHother`,
    });
    const none = walkWith({
      edit: (request, status, body) =>
        isParticipantsRead(request)
          ? {
              status,
              body: {
                ...body,
                participants: (body.participants as Body[]).map((p) => ({ ...p, media_properties: {} })),
              },
            }
          : undefined,
      stopAfter: 'engine-ownership',
    });
    await walkUntilStopped(none.walk);
    expect(none.byId('engine-ownership')).toMatchObject({
      verdict: 'fails',
      detail: `readOwnership + requireOwnTask: worker ${none.walk.workerSid}, conversation none`,
    });
  });

  it('a Leave Twilio refuses: the reply after Leave is not sent', async () => {
    const { walk, sent, byId } = walkWith({
      before: (request) =>
        isMove('inactive')(request) ? { status: 409, body: { code: 45007, message: 'no' } } : undefined,
    });
    await walkMainPath(walk);
    expect(byId('leave-inactive-closed')?.verdict).toBe('fails');
    expect(byId('reply-after-leave-new-task')).toMatchObject({
      verdict: 'could not tell',
      detail: 'the conversation was not left',
    });
    expect(sent.filter((x) => x.data?.Body?.includes('after Leave'))).toEqual([]);
  });
});

describe('walkMainPath, the edges of a pause', () => {
  it('status-timeout in the answer without date_updated: null in the fields', async () => {
    const { walk, byId } = walkWith({
      edit: firstAfter(isMove('pause'), isMove('pause'), (body) => ({
        ...body,
        status_timeout: '2030-01-02T03:04:05Z',
        date_updated: null,
      })),
      stopAfter: 'status-timeout',
    });
    await walkUntilStopped(walk);
    expect(byId('status-timeout')?.fields).toEqual({
      status_timeout: '2030-01-02T03:04:05.000Z',
      date_updated: null,
    });
  });

  it('status-timeout on a read without date_updated: null in the fields', async () => {
    const { walk, byId } = walkWith({
      edit: (request, status, body) => {
        if (isMove('pause')(request)) return { status, body: { ...body, status_timeout: null } };
        if (isChannelRead(request) && body.status === 'pause')
          return { status, body: { ...body, status_timeout: '2031-05-06T07:08:09Z', date_updated: null } };
        return undefined;
      },
      stopAfter: 'status-timeout',
    });
    await walkUntilStopped(walk);
    expect(byId('status-timeout')?.fields).toEqual({
      status_timeout: '2031-05-06T07:08:09.000Z',
      date_updated: null,
    });
  });

  it('a Pause refused, whose channel then reads paused: the deadline comes from the read alone', async () => {
    // Twilio refuses the Pause (409) and moveChannel reads the channel still active; the walk's own read a
    // moment later finds it paused (another client paused it): there is no answer to take a deadline from.
    let readsAfterPause = -1;
    const { walk, byId } = walkWith({
      before: (request) => {
        if (!isMove('pause')(request) || readsAfterPause >= 0) return undefined;
        readsAfterPause = 0;
        return { status: 409, body: { code: 45007, message: 'Conflict' } };
      },
      edit: (request, status, body) => {
        if (readsAfterPause < 0 || !isChannelRead(request)) return undefined;
        readsAfterPause += 1;
        return readsAfterPause === 2
          ? { status, body: { ...body, status: 'pause', status_timeout: '2032-01-01T00:00:00Z' } }
          : undefined;
      },
      stopAfter: 'status-timeout',
    });
    await walkUntilStopped(walk);
    expect(byId('pause-accepted')).toMatchObject({
      verdict: 'fails',
      fields: { http_status: 409, read: 'pause' },
    });
    expect(byId('status-timeout')).toMatchObject({
      verdict: 'holds',
      detail: 'on a read (not in the answer): 2032-01-01T00:00:00.000Z',
    });
  });

  it('a reason write Twilio refuses: the walk goes on to the Pause, and the insights line says so', async () => {
    const { walk, byId } = walkWith({
      before: (request) =>
        request.method === 'POST' && /\/Tasks\/WT[0-9a-f]{32}$/.test(request.uri)
          ? { status: 400, body: { code: 20001, message: 'Invalid attributes' } }
          : undefined,
      stopAfter: 'task-attributes-insights',
    });
    await walkUntilStopped(walk);
    expect(byId('pause-accepted')?.verdict).toBe('holds');
    expect(byId('task-attributes-insights')).toMatchObject({
      verdict: 'fails',
      detail: 'the merge was refused: Invalid attributes',
    });
  });

  it('a channel unreadable after Resume: active-accepted and resume-task-same-worker could not tell', async () => {
    const { walk, sent, byId } = walkWith({
      edit: firstAfter(isMove('active'), isChannelRead, () => new StatusAnswer(404, { code: 20404 })),
      stopAfter: 'resume-task-same-worker',
    });
    await walkUntilStopped(walk);
    expect(byId('active-accepted')).toMatchObject({
      verdict: 'could not tell',
      detail: 'POST …/Channels/UO… HTTP 200, answer status=active; reads unreadable',
    });
    expect(byId('resume-task-same-worker')?.verdict).toBe('could not tell');
    expect(sent.slice(sent.findIndex(isMove('active'))).filter(isReservationsList)).toEqual([]);
  });

  it('a channel unreadable after Leave: the reply after Leave is not sent', async () => {
    const { walk, sent, byId } = walkWith({
      edit: firstAfter(isMove('inactive'), isChannelRead, () => new StatusAnswer(404, { code: 20404 })),
    });
    await walkMainPath(walk);
    expect(byId('leave-inactive-closed')?.verdict).toBe('could not tell');
    expect(byId('reply-after-leave-new-task')).toMatchObject({
      verdict: 'could not tell',
      detail: 'the conversation was not left',
    });
    expect(sent.filter((x) => x.data?.Body?.includes('after Leave'))).toEqual([]);
  });

  it('a Pause whose channel cannot be read back: the paused-path lines cannot tell', async () => {
    const { walk, byId } = walkWith({
      edit: firstAfter(isMove('pause'), isChannelRead, () => new StatusAnswer(404, { code: 20404 })),
      stopAfter: 'pause-events-webhook',
    });
    await walkUntilStopped(walk);
    expect(byId('pause-accepted')).toMatchObject({
      verdict: 'could not tell',
      detail: 'POST …/Channels/UO… HTTP 200, answer status=pause; reads unreadable',
    });
    expect(byId('pause-ends-task')).toMatchObject({
      verdict: 'could not tell',
      detail: 'the channel did not pause',
    });
  });

  it('participants that get no answer while paused: could not tell, citing the last participants read answered', async () => {
    let paused = false;
    let dropped = 0;
    const { walk, byId } = walkWith({
      before: (request) => {
        if (isMove('pause')(request)) paused = true;
        if (!paused || dropped > 0 || !isParticipantsRead(request)) return undefined;
        dropped += 1;
        return new Error('socket hang up');
      },
      stopAfter: 'agent-listed-while-paused',
    });
    await walkUntilStopped(walk);
    expect(dropped).toBe(1);
    expect(byId('agent-listed-while-paused')).toMatchObject({
      verdict: 'could not tell',
      detail: 'the participants could not be read',
      evidence: [{ method: 'GET', path: expect.stringMatching(/\/Participants$/), status: 200 }],
    });
  });
});
