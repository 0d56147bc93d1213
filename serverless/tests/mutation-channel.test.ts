import type { FlexIdentity } from '../src/lib/auth';
import {
  fetchChannel,
  fetchParticipants,
  fetchTaskReservations,
  LEFT_MEANWHILE_MESSAGE,
  moveChannel,
  readOwnership,
  requireOwnPausedChannel,
  requireOwnTask,
  type ChannelState,
  type OwnershipRecords,
  type Participants,
} from '../src/lib/channel';
import { ActionError } from '../src/lib/errors';
import { createTwilioClient, TwilioRequestError, type TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio';

/**
 * lib/channel.ts on its own (issue 20: the mutation run's survivors): who may act on a channel, judged from
 * Twilio's records alone, and how a channel change reads Twilio's answers — a 200 that says the change failed,
 * a refusal, a lost answer read back. The handler tests reach these through the emulator; here a scripted
 * server (fake-twilio.ts) gives each branch the exact answer it is about.
 */

const WS = 'WS' + '0'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const NEWER_TASK = 'WT' + '2'.repeat(32);
const ALICE = 'WK' + 'a'.repeat(32);
const BOB = 'WK' + 'b'.repeat(32);
const RESERVATION = 'WR' + '1'.repeat(32);
const CONVERSATION = 'CH' + 'c'.repeat(32);

const alice: FlexIdentity = { workerSid: ALICE, identity: 'alice', roles: ['agent'] };
const bobAgent: FlexIdentity = { workerSid: BOB, identity: 'bob', roles: ['agent'] };
const bobSupervisor: FlexIdentity = { workerSid: BOB, identity: 'bob', roles: ['agent', 'supervisor'] };

function agent(
  overrides: { task?: string; worker?: string; reservation?: string; status?: string | null } = {},
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'agent',
    status: overrides.status,
    routing_properties: {
      task_sid: overrides.task ?? TASK,
      worker_sid: overrides.worker ?? ALICE,
      reservation_sid: overrides.reservation ?? RESERVATION,
      workspace_sid: WS,
      task_channel_unique_name: 'chat',
      ...extra,
    },
    media_properties: { conversation_sid: CONVERSATION },
  };
}

const customer = (
  media: Record<string, unknown> = { name: 'Ann', address: '+15550100', conversation_sid: CONVERSATION },
) => ({
  type: 'customer',
  media_properties: media,
});

function records(
  participants: Participants,
  reservations: OwnershipRecords['reservations'] = [
    { sid: RESERVATION, worker_sid: ALICE, reservation_status: 'accepted' },
  ],
): OwnershipRecords {
  return { participants, reservations };
}

function outcome<T>(run: () => T): T | { status: number; code: string; field?: string } {
  try {
    return run();
  } catch (error) {
    if (error instanceof ActionError) return { status: error.status, code: error.code, field: error.field };
    throw error;
  }
}

const FORBIDDEN = { status: 403, code: 'forbidden', field: 'TaskSid' };

describe('requireOwnTask: authorization from Twilio’s records', () => {
  it('the caller’s accepted task: everything the action needs, from Twilio’s records', () => {
    expect(requireOwnTask(records([agent(), customer()]), TASK, alice, false)).toEqual({
      taskSid: TASK,
      workerSid: ALICE,
      workspaceSid: WS,
      taskChannel: 'chat',
      conversationSid: CONVERSATION,
      customer: 'Ann',
      reservation: 'accepted',
    });
  });

  it('another agent’s task: 403, whatever supervisorsMayAct says when the caller is no supervisor', () => {
    expect(outcome(() => requireOwnTask(records([agent(), customer()]), TASK, bobAgent, false))).toEqual(
      FORBIDDEN,
    );
    expect(outcome(() => requireOwnTask(records([agent(), customer()]), TASK, bobAgent, true))).toEqual(
      FORBIDDEN,
    );
  });

  it('a supervisor acts for the agent only where supervisorsMayAct is on; the task stays the agent’s', () => {
    expect(outcome(() => requireOwnTask(records([agent(), customer()]), TASK, bobSupervisor, false))).toEqual(
      FORBIDDEN,
    );
    expect(requireOwnTask(records([agent(), customer()]), TASK, bobSupervisor, true)).toMatchObject({
      workerSid: ALICE,
      reservation: 'accepted',
    });
  });

  it.each(['closed', 'wrapup'])('the agent left the channel (participant %s): 403', (status) => {
    expect(
      outcome(() => requireOwnTask(records([agent({ status }), customer()]), TASK, alice, false)),
    ).toEqual(FORBIDDEN);
  });

  it('a participant status of null or "active" is still in the channel', () => {
    expect(requireOwnTask(records([agent({ status: null })]), TASK, alice, false).reservation).toBe(
      'accepted',
    );
    expect(requireOwnTask(records([agent({ status: 'active' })]), TASK, alice, false).reservation).toBe(
      'accepted',
    );
  });

  it('only an agent participant with routing properties can hold the task', () => {
    const customerNamingTheTask = { ...agent(), type: 'customer' };
    expect(outcome(() => requireOwnTask(records([customerNamingTheTask]), TASK, alice, false))).toEqual(
      FORBIDDEN,
    );
    const withoutRouting = { type: 'agent', routing_properties: null };
    expect(outcome(() => requireOwnTask(records([withoutRouting, customer()]), TASK, alice, false))).toEqual(
      FORBIDDEN,
    );
  });

  it('the participant’s reservation must exist and be its worker’s', () => {
    expect(outcome(() => requireOwnTask(records([agent()], []), TASK, alice, false))).toEqual(FORBIDDEN);
    expect(
      outcome(() =>
        requireOwnTask(
          records([agent()], [{ sid: RESERVATION, worker_sid: BOB, reservation_status: 'accepted' }]),
          TASK,
          alice,
          false,
        ),
      ),
    ).toEqual(FORBIDDEN);
    expect(
      outcome(() =>
        requireOwnTask(
          records(
            [agent()],
            [{ sid: 'WR' + '9'.repeat(32), worker_sid: ALICE, reservation_status: 'accepted' }],
          ),
          TASK,
          alice,
          false,
        ),
      ),
    ).toEqual(FORBIDDEN);
  });

  it.each(['completed', 'wrapping'])(
    'the caller’s own task %s while they are the only agent: "ended" (the action reads the channel)',
    (reservationStatus) => {
      const owned = requireOwnTask(
        records(
          [agent(), customer()],
          [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: reservationStatus }],
        ),
        TASK,
        alice,
        false,
      );
      expect(owned.reservation).toBe('ended');
    },
  );

  it('an ended task with a second current agent (transferred to someone): 403; with that agent gone: "ended"', () => {
    const ended = [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: 'completed' }];
    const bobsTask = agent({ task: NEWER_TASK, worker: BOB, reservation: 'WR' + '2'.repeat(32) });
    expect(outcome(() => requireOwnTask(records([agent(), bobsTask], ended), TASK, alice, false))).toEqual(
      FORBIDDEN,
    );
    const bobGone = agent({
      task: NEWER_TASK,
      worker: BOB,
      reservation: 'WR' + '2'.repeat(32),
      status: 'closed',
    });
    expect(requireOwnTask(records([agent(), bobGone], ended), TASK, alice, false).reservation).toBe('ended');
  });

  it.each(['pending', 'rejected', 'timeout', 'canceled', 'rescinded'])(
    'a reservation %s: 403',
    (reservationStatus) => {
      expect(
        outcome(() =>
          requireOwnTask(
            records(
              [agent()],
              [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: reservationStatus }],
            ),
            TASK,
            alice,
            false,
          ),
        ),
      ).toEqual(FORBIDDEN);
    },
  );

  describe('a claimed task no current participant holds', () => {
    const inNewerTask = agent({ task: NEWER_TASK, reservation: 'WR' + '2'.repeat(32) });
    const callersEnded = [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: 'completed' }];

    it('the caller is in the conversation through a newer task and the claimed one is their ended task: 409 use the newer task', () => {
      expect(
        outcome(() => requireOwnTask(records([inNewerTask, customer()], callersEnded), TASK, alice, false)),
      ).toEqual({
        status: 409,
        code: 'task_wrong_state',
        field: 'TaskSid',
      });
    });

    it('the 409 says to use the newer task; any one ended reservation of the caller’s is enough, beside others', () => {
      const mixed = [
        { sid: 'WR' + '7'.repeat(32), worker_sid: BOB, reservation_status: 'rejected' },
        { sid: RESERVATION, worker_sid: ALICE, reservation_status: 'completed' },
      ];
      const bobAlsoHere = agent({
        task: 'WT' + '3'.repeat(32),
        worker: BOB,
        reservation: 'WR' + '3'.repeat(32),
      });
      let message = '';
      try {
        requireOwnTask(records([inNewerTask, bobAlsoHere, customer()], mixed), TASK, alice, false);
      } catch (error) {
        message = error instanceof ActionError ? `${error.status} ${error.message}` : String(error);
      }
      expect(message).toBe(
        '409 This task is no longer the current task of its conversation: use the newer task',
      );
    });

    it('the claimed task on a participant that left: 403 (it is not an earlier task of this conversation)', () => {
      expect(
        outcome(() =>
          requireOwnTask(
            records([inNewerTask, agent({ status: 'closed' })], callersEnded),
            TASK,
            alice,
            false,
          ),
        ),
      ).toEqual(FORBIDDEN);
    });

    it('the caller no longer in the conversation, or the ended reservation another worker’s, or still accepted: 403', () => {
      const left = agent({ task: NEWER_TASK, status: 'wrapup' });
      expect(outcome(() => requireOwnTask(records([left], callersEnded), TASK, alice, false))).toEqual(
        FORBIDDEN,
      );
      expect(
        outcome(() =>
          requireOwnTask(
            records([inNewerTask], [{ sid: RESERVATION, worker_sid: BOB, reservation_status: 'completed' }]),
            TASK,
            alice,
            false,
          ),
        ),
      ).toEqual(FORBIDDEN);
      expect(
        outcome(() =>
          requireOwnTask(
            records([inNewerTask], [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: 'accepted' }]),
            TASK,
            alice,
            false,
          ),
        ),
      ).toEqual(FORBIDDEN);
      expect(
        outcome(() =>
          requireOwnTask(
            records([inNewerTask], [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: 'wrapping' }]),
            TASK,
            alice,
            false,
          ),
        ),
      ).toMatchObject({ status: 409 });
    });

    it('someone else in the conversation through a newer task: 403', () => {
      const bobNewer = agent({ task: NEWER_TASK, worker: BOB });
      expect(outcome(() => requireOwnTask(records([bobNewer], callersEnded), TASK, alice, false))).toEqual(
        FORBIDDEN,
      );
    });
  });

  describe('what the records say about the task', () => {
    it('the customer is named by name, else address, else identity, else nothing', () => {
      const customerNamed = (media: Record<string, unknown>) =>
        requireOwnTask(records([agent(), customer(media)]), TASK, alice, false).customer;
      expect(customerNamed({ name: 'Ann', address: '+1', identity: 'ann' })).toBe('Ann');
      expect(customerNamed({ name: '', address: '+1', identity: 'ann' })).toBe('+1');
      expect(customerNamed({ identity: 'ann' })).toBe('ann');
      expect(customerNamed({})).toBe('');
      expect(requireOwnTask(records([agent()]), TASK, alice, false).customer).toBe('');
    });

    it('the conversation is the agent’s media’s, else the customer’s, else none', () => {
      const withoutMedia = { ...agent(), media_properties: null };
      expect(
        requireOwnTask(
          records([withoutMedia, customer({ conversation_sid: 'CH' + 'd'.repeat(32) })]),
          TASK,
          alice,
          false,
        ).conversationSid,
      ).toBe('CH' + 'd'.repeat(32));
      expect(
        requireOwnTask(records([withoutMedia, customer({})]), TASK, alice, false).conversationSid,
      ).toBeNull();
    });

    it('no workspace or channel name in the routing properties: null and ""', () => {
      const bare = agent({}, { workspace_sid: '', task_channel_unique_name: undefined });
      const owned = requireOwnTask(records([bare]), TASK, alice, false);
      expect(owned.workspaceSid).toBeNull();
      expect(owned.taskChannel).toBe('');
    });
  });
});

describe('reading Twilio’s records', () => {
  let fake: FakeTwilio;
  let client: TwilioClient;
  const ref = { interactionSid: 'KD' + '1'.repeat(32), channelSid: 'UO' + '1'.repeat(32) };
  const channelPath = `/v1/Interactions/${ref.interactionSid}/Channels/${ref.channelSid}`;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    // One attempt: each scripted answer is the one the code sees. A long time-out: a loaded machine is slow, not Twilio.
    client = createTwilioClient(
      { ACCOUNT_SID: 'AC' + 'a'.repeat(32), AUTH_TOKEN: 'secret', TWILIO_API_BASE_URL: fake.base },
      { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, requestTimeoutMs: 10_000 },
    );
  });

  afterEach(async () => {
    await fake.close();
  });

  const caught = (run: Promise<unknown>) =>
    run.then(
      () => undefined,
      (error: unknown) => error,
    );

  describe('participants and reservations', () => {
    it('the participants, 50 a page; a channel that does not exist is "not yours"; a failure names the path', async () => {
      fake.script = [{ status: 200, body: { participants: [agent()] } }];
      expect(await fetchParticipants(client, ref)).toEqual([agent()]);
      expect(fake.seen[0]).toEqual({
        method: 'GET',
        path: `/flex-api${channelPath}/Participants?PageSize=50`,
      });
      fake.script = [{ status: 200, body: {} }];
      expect(await fetchParticipants(client, ref)).toEqual([]);
      fake.script = [{ status: 404 }];
      expect(await caught(fetchParticipants(client, ref))).toMatchObject(FORBIDDEN);
      fake.script = [{ status: 500 }];
      expect(((await caught(fetchParticipants(client, ref))) as TwilioRequestError).failure).toEqual({
        method: 'GET',
        path: `${channelPath}/Participants`,
        status: 500,
      });
      fake.script = [{ status: 400 }];
      expect(await caught(fetchParticipants(client, ref))).toBeInstanceOf(TwilioRequestError);
    });

    it('the task’s reservations, 1000 a page, from the workspace; a task that does not exist is "not yours"', async () => {
      const reservations = [{ sid: RESERVATION, worker_sid: ALICE, reservation_status: 'accepted' }];
      fake.script = [{ status: 200, body: { reservations } }];
      expect(await fetchTaskReservations(client, WS, TASK)).toEqual(reservations);
      expect(fake.seen[0].path).toBe(
        `/taskrouter/v1/Workspaces/${WS}/Tasks/${TASK}/Reservations?PageSize=1000`,
      );
      fake.script = [{ status: 200, body: { meta: {} } }];
      expect(await fetchTaskReservations(client, WS, TASK)).toEqual([]);
      fake.script = [{ status: 404 }];
      expect(await caught(fetchTaskReservations(client, WS, TASK))).toMatchObject(FORBIDDEN);
      fake.script = [{ status: 503 }];
      expect(((await caught(fetchTaskReservations(client, WS, TASK))) as TwilioRequestError).failure).toEqual(
        {
          method: 'GET',
          path: `/v1/Workspaces/${WS}/Tasks/${TASK}/Reservations`,
          status: 503,
        },
      );
      fake.script = [{ status: 400 }];
      expect(await caught(fetchTaskReservations(client, WS, TASK))).toBeInstanceOf(TwilioRequestError);
    });

    it('readOwnership reads both, the reservations in the workspace it is handed', async () => {
      fake.script = (request) =>
        request.path.includes('/Participants')
          ? { status: 200, body: { participants: [agent()] } }
          : { status: 200, body: { reservations: [{ sid: RESERVATION }] } };
      expect(await readOwnership(client, Promise.resolve(WS), ref, TASK)).toEqual({
        participants: [agent()],
        reservations: [{ sid: RESERVATION }],
      });
      expect(fake.seen.map((r) => r.path).sort()).toEqual([
        `/flex-api${channelPath}/Participants?PageSize=50`,
        `/taskrouter/v1/Workspaces/${WS}/Tasks/${TASK}/Reservations?PageSize=1000`,
      ]);
    });
  });

  describe('the channel', () => {
    it('its state: status, Twilio’s error code (0 and null are none), status_timeout and date_updated', async () => {
      fake.script = [
        {
          status: 200,
          body: {
            status: 'pause',
            error_code: 0,
            status_timeout: '2026-12-05T10:00:00Z',
            date_updated: '2026-12-04T10:00:00Z',
          },
        },
      ];
      expect(await fetchChannel(client, ref)).toEqual<ChannelState>({
        status: 'pause',
        errorCode: null,
        statusTimeout: '2026-12-05T10:00:00Z',
        dateUpdated: '2026-12-04T10:00:00Z',
      });
      fake.script = [
        { status: 200, body: { status: 'failed', error_code: '19025', status_timeout: '', date_updated: 5 } },
      ];
      expect(await fetchChannel(client, ref)).toEqual<ChannelState>({
        status: 'failed',
        errorCode: 19025,
        statusTimeout: null,
        dateUpdated: null,
      });
      fake.script = [{ status: 200, body: {} }];
      expect(await fetchChannel(client, ref)).toEqual<ChannelState>({
        status: '',
        errorCode: null,
        statusTimeout: null,
        dateUpdated: null,
      });
      fake.script = [{ status: 200, body: { status: 'active', error_code: null } }];
      expect((await fetchChannel(client, ref)).errorCode).toBeNull();
    });

    it('a failed read names the channel’s path (a missing channel is a failure here, not "not yours")', async () => {
      fake.script = [{ status: 404 }];
      expect(((await caught(fetchChannel(client, ref))) as TwilioRequestError).failure).toEqual({
        method: 'GET',
        path: channelPath,
        status: 404,
      });
      fake.script = [{ status: 400 }];
      expect(await caught(fetchChannel(client, ref))).toBeInstanceOf(TwilioRequestError);
    });

    it('requireOwnPausedChannel answers only about a paused channel', async () => {
      fake.script = [{ status: 200, body: { status: 'pause' } }];
      expect((await requireOwnPausedChannel(client, ref)).status).toBe('pause');
      fake.script = [{ status: 200, body: { status: 'active' } }];
      expect(await caught(requireOwnPausedChannel(client, ref))).toMatchObject(FORBIDDEN);
    });

    it('requireOwnPausedChannel on an inactive channel: a Leave won meanwhile (409 saying so), never "not yours"', async () => {
      fake.script = [{ status: 200, body: { status: 'inactive' } }];
      const error = await caught(requireOwnPausedChannel(client, ref));
      expect(error).toBeInstanceOf(ActionError);
      expect(error).toMatchObject({
        status: 409,
        code: 'task_wrong_state',
        message: LEFT_MEANWHILE_MESSAGE,
        field: 'TaskSid',
      });
    });

    it('an answer whose body came as text is parsed; an empty one, or one that is no object, reads as nothing', async () => {
      // The transport hands JSON over parsed; a JSON string stays text, as a body the library could not parse would.
      fake.script = [{ status: 200, body: JSON.stringify({ status: 'pause', error_code: 19025 }) }];
      expect(await fetchChannel(client, ref)).toMatchObject({ status: 'pause', errorCode: 19025 });
      fake.script = [{ status: 200, body: JSON.stringify({ participants: [agent()] }) }];
      expect(await fetchParticipants(client, ref)).toEqual([agent()]);
      // Text that is empty, or JSON's null.
      for (const body of ['', 'null']) {
        fake.script = [{ status: 200, body }];
        expect(await fetchChannel(client, ref)).toEqual<ChannelState>({
          status: '',
          errorCode: null,
          statusTimeout: null,
          dateUpdated: null,
        });
        expect(await fetchParticipants(client, ref)).toEqual([]);
      }
    });
  });

  describe('moveChannel', () => {
    const refusedWith = (current: ChannelState) =>
      new ActionError(409, 'task_wrong_state', `refused: the channel is ${current.status}`);
    /** The POST answered with `change`, then the read-back answered with `readBack`. */
    const scripted = (
      change: { status: number; body?: unknown } | 'drop',
      readBack: { status: number; body?: unknown },
    ) => {
      fake.script = (request) => (request.method === 'POST' ? change : readBack);
    };

    it('Twilio confirms the change: moved, as Flex’s own client sends it, and not read back', async () => {
      scripted({ status: 200, body: { status: 'pause', error_code: null } }, { status: 500 });
      const moved = await moveChannel(client, ref, 'pause', {
        routingStatus: 'closed',
        refused: refusedWith,
      });
      expect(moved).toEqual({ already: false, state: expect.objectContaining({ status: 'pause' }) });
      expect(fake.seen).toEqual([{ method: 'POST', path: `/flex-api${channelPath}` }]);
      expect(Object.fromEntries(new URLSearchParams(fake.bodies[0]))).toEqual({
        Status: 'pause',
        Routing: JSON.stringify({ status: 'closed' }),
      });
    });

    it('without a routing status only the status is sent', async () => {
      scripted({ status: 200, body: { status: 'active' } }, { status: 500 });
      await moveChannel(client, ref, 'active', { refused: refusedWith });
      expect(Object.fromEntries(new URLSearchParams(fake.bodies[0]))).toEqual({ Status: 'active' });
    });

    it('a 200 saying "failed" with an error code, the channel still where it was: a Twilio failure with its code', async () => {
      scripted(
        { status: 200, body: { status: 'failed', error_code: 19025 } },
        { status: 200, body: { status: 'active' } },
      );
      const error = await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }));
      expect(error).toBeInstanceOf(TwilioRequestError);
      expect((error as TwilioRequestError).failure).toEqual({
        method: 'POST',
        path: channelPath,
        status: 200,
        twilioCode: 19025,
      });
      expect(fake.seen.map((r) => r.method)).toEqual(['POST', 'GET']);
    });

    it('a 200 with the asked status but an error code is no confirmation: read back, and found moved it is "already"', async () => {
      scripted(
        { status: 200, body: { status: 'pause', error_code: 19025 } },
        { status: 200, body: { status: 'pause' } },
      );
      expect(await moveChannel(client, ref, 'pause', { refused: refusedWith })).toMatchObject({
        already: true,
      });
    });

    it('a 200 with another status and no code, channel unmoved: a Twilio failure without a code', async () => {
      scripted({ status: 200, body: { status: 'setup' } }, { status: 200, body: { status: 'pause' } });
      const error = await caught(moveChannel(client, ref, 'active', { refused: refusedWith }));
      expect((error as TwilioRequestError).failure).toEqual({
        method: 'POST',
        path: channelPath,
        status: 200,
      });
    });

    it('a 200 "failed" while the channel is somewhere else: the refusal for that state', async () => {
      scripted(
        { status: 200, body: { status: 'failed', error_code: 19025 } },
        { status: 200, body: { status: 'closed' } },
      );
      expect(await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }))).toMatchObject({
        status: 409,
        message: 'refused: the channel is closed',
      });
    });

    it.each([400, 409])(
      'refused (%i) and found in the target state: "already" (an earlier attempt of ours)',
      async (status) => {
        scripted({ status }, { status: 200, body: { status: 'inactive' } });
        expect(await moveChannel(client, ref, 'inactive', { refused: refusedWith })).toEqual({
          already: true,
          state: expect.objectContaining({ status: 'inactive' }),
        });
      },
    );

    it('refused and found in the target state that is not ours: the refusal', async () => {
      scripted({ status: 409 }, { status: 200, body: { status: 'pause' } });
      const error = await caught(
        moveChannel(client, ref, 'pause', { refused: refusedWith, isOurs: () => false }),
      );
      expect(error).toMatchObject({ status: 409, message: 'refused: the channel is pause' });
    });

    it('refused with 400 while the channel is still where the change starts from: the refusal, not a Twilio failure', async () => {
      scripted(
        { status: 400, body: { code: 20001, message: 'bad' } },
        { status: 200, body: { status: 'active' } },
      );
      expect(await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }))).toMatchObject({
        status: 409,
        message: 'refused: the channel is active',
      });
    });

    it('connection dropped and the change not made: the network failure, not a refusal', async () => {
      scripted('drop', { status: 200, body: { status: 'active' } });
      const error = await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }));
      expect(error).toBeInstanceOf(TwilioRequestError);
      expect((error as TwilioRequestError).failure).toMatchObject({
        method: 'POST',
        networkCode: 'ECONNRESET',
      });
    });

    it('refused and found elsewhere: the refusal for the state found', async () => {
      scripted({ status: 409 }, { status: 200, body: { status: 'inactive' } });
      expect(await caught(moveChannel(client, ref, 'active', { refused: refusedWith }))).toMatchObject({
        message: 'refused: the channel is inactive',
      });
    });

    it('answer lost (500) and the change took effect: "already"; it did not: the failure of the change', async () => {
      scripted({ status: 500 }, { status: 200, body: { status: 'pause' } });
      expect(await moveChannel(client, ref, 'pause', { refused: refusedWith })).toMatchObject({
        already: true,
      });
      scripted({ status: 500 }, { status: 200, body: { status: 'active' } });
      expect(
        ((await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }))) as TwilioRequestError)
          .failure,
      ).toEqual({
        method: 'POST',
        path: channelPath,
        status: 500,
      });
    });

    it('connection dropped and the change took effect: "already"', async () => {
      scripted('drop', { status: 200, body: { status: 'active' } });
      expect(await moveChannel(client, ref, 'active', { refused: refusedWith })).toMatchObject({
        already: true,
      });
    });

    it('the read-back failing too: the change’s failure is what is answered; a refusal’s read-back failing: the read’s', async () => {
      scripted({ status: 502 }, { status: 503 });
      expect(
        ((await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }))) as TwilioRequestError)
          .failure,
      ).toMatchObject({
        method: 'POST',
        status: 502,
      });
      scripted({ status: 409 }, { status: 503 });
      expect(
        ((await caught(moveChannel(client, ref, 'pause', { refused: refusedWith }))) as TwilioRequestError)
          .failure,
      ).toMatchObject({
        method: 'GET',
        status: 503,
      });
    });
  });
});
