import { ActionError } from '../src/lib/errors';
import { parseLeavePause } from '../src/lib/settings';
import type { TwilioClient } from '../src/lib/twilio-client';
import { BEHAVIOURS, type Line } from '../src/provisioning/live/behaviours';
import type { Exchange } from '../src/provisioning/live/exchange';
import { StepFailed } from '../src/provisioning/live/lines';
import type { LiveCheckOptions } from '../src/provisioning/live/options';
import { LIVE_CHECK_PREFIX, Registry } from '../src/provisioning/live/resources';
import { Walk } from '../src/provisioning/live/walk/walk';
import { oneAttemptClient, startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';

/**
 * The live check's Walk context on its own (issue 20): its waits, creates, routing, conversations, reservations,
 * joins and channel moves against a scripted Twilio on 127.0.0.1 (fake-twilio.ts), each answer the one a branch
 * is about. live-check.test.ts walks whole conversations against the emulator: seconds per planted bug.
 */

const WS = `WS${'a'.repeat(32)}`;
const RUN = 'r1';
const NAME = `${LIVE_CHECK_PREFIX}-${RUN}`;
const TR = `/taskrouter/v1/Workspaces/${WS}`;
const KD = `KD${'1'.repeat(32)}`;
const UO = `UO${'2'.repeat(32)}`;
const CHANNEL = `/flex-api/v1/Interactions/${KD}/Channels/${UO}`;
const REF = { interactionSid: KD, channelSid: UO };

let fake: FakeTwilio;
let client: TwilioClient;
let emitted: Line[];

beforeEach(async () => {
  fake = await startFakeTwilio();
  client = oneAttemptClient(fake);
  emitted = [];
});

afterEach(async () => {
  jest.restoreAllMocks();
  await fake.close();
});

/**
 * Answers by `METHOD path` (the query left out): a list is played in order, its last answer repeating. A request
 * no test scripted is answered 418, so a test sees it.
 */
function routes(table: Record<string, FakeAnswer | FakeAnswer[]>) {
  const played = new Map<string, number>();
  fake.script = (request) => {
    const key = `${request.method} ${request.path.split('?')[0]}`;
    const entry = table[key];
    if (entry === undefined) return { status: 418, body: { message: `unscripted ${key}` } };
    if (!Array.isArray(entry)) return entry;
    const index = played.get(key) ?? 0;
    played.set(key, index + 1);
    return entry[Math.min(index, entry.length - 1)];
  };
}

/** Long enough that a loaded machine still finds what the script has; a test of a time-out passes its own. */
function walkWith(options: LiveCheckOptions = { waitSeconds: 5, pollMs: 5 }): Walk {
  const settings = parseLeavePause({}).config;
  return new Walk(client, new Registry(WS), settings, RUN, options, (line) => emitted.push(line));
}

const requests = () => fake.seen.map((seen) => `${seen.method} ${seen.path}`);
const form = (index: number) => Object.fromEntries(new URLSearchParams(fake.bodies[index]));
const refused = (status: number, code: number, message: string): FakeAnswer => ({
  status,
  body: { code, message },
});

describe('Walk: its names and abort', () => {
  it('names its resources after the run and reads the workspace from the registry', () => {
    const walk = walkWith();
    expect(walk.name).toBe(NAME);
    expect(walk.ws).toBe(WS);
    expect(walk.log).toEqual([]);
    expect(walk.notes).toEqual([]);
    expect(walk.joinedThrough).toEqual([]);
    // No worker or workflow before createRouting: the steps and the report read these as "none yet".
    expect(walk.workerSid).toBe('');
    expect(walk.workflowSid).toBe('');
    expect(walk.conversationNames).toEqual([]);
  });

  it('stops with "interrupted" (Ctrl-C)" once its signal is aborted, and not before', () => {
    const controller = new AbortController();
    const walk = walkWith({ signal: controller.signal });
    expect(() => walk.checkAbort()).not.toThrow();
    controller.abort();
    expect(() => walk.checkAbort()).toThrow(new StepFailed('interrupted (Ctrl-C)'));
    expect(() => walkWith().checkAbort()).not.toThrow();
  });

  it('sends nothing once aborted: a create, a wait and a move each stop first', async () => {
    const controller = new AbortController();
    controller.abort();
    const walk = walkWith({ signal: controller.signal });
    routes({});
    await expect(
      walk.create(`https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers`, {}, 'x'),
    ).rejects.toThrow('interrupted (Ctrl-C)');
    const probe = jest.fn(async () => 'found');
    await expect(walk.waitFor(probe)).rejects.toThrow('interrupted (Ctrl-C)');
    expect(probe).not.toHaveBeenCalled();
    await expect(walk.move(REF, 'pause')).rejects.toThrow(StepFailed);
    expect(fake.seen).toEqual([]);
  });
});

describe('Walk.note', () => {
  it('keeps each note and hands it to onNote; without onNote it only keeps it', () => {
    const heard: string[] = [];
    const walk = walkWith({ onNote: (text) => heard.push(text) });
    walk.note('one');
    walk.note('two');
    expect(walk.notes).toEqual(['one', 'two']);
    expect(heard).toEqual(['one', 'two']);
    const quiet = walkWith();
    quiet.note('three');
    expect(quiet.notes).toEqual(['three']);
  });
});

describe('Walk.waitFor', () => {
  it('answers the first thing the probe finds, polling until then', async () => {
    const walk = walkWith({ waitSeconds: 5, pollMs: 5 });
    let calls = 0;
    const found = await walk.waitFor(async () => (++calls >= 3 ? 'there' : null));
    expect(found).toBe('there');
    expect(calls).toBe(3);
  });

  it('gives up with null once its time is out, after polling more than once', async () => {
    const walk = walkWith({ waitSeconds: 0.1, pollMs: 5 });
    let calls = 0;
    const started = Date.now();
    const found = await walk.waitFor(async () => {
      calls++;
      return undefined;
    });
    expect(found).toBeNull();
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('waits 30 s and polls each second by default, and probes once more at the deadline itself', async () => {
    const t0 = 1_000_000;
    let clock = t0;
    // Each reading of the clock is 10 s later than the one before: the deadline (t0 + 30 s) is met exactly.
    jest.spyOn(Date, 'now').mockImplementation(() => {
      const now = clock;
      clock += 10_000;
      return now;
    });
    const delays: unknown[] = [];
    jest.spyOn(global, 'setTimeout').mockImplementation(((resolve: () => void, ms?: number) => {
      delays.push(ms);
      resolve();
      return 0 as unknown as NodeJS.Timeout;
    }) as unknown as typeof setTimeout);
    const walk = walkWith({});
    let calls = 0;
    const found = await walk.waitFor(async () => {
      calls++;
      return null;
    });
    expect(found).toBeNull();
    // Read at t0 (deadline t0+30 s), then after each probe at +10, +20 (wait) and +30 s (stop).
    expect(calls).toBe(3);
    expect(delays).toEqual([1000, 1000]);
  });
});

describe('Walk.create', () => {
  const WORKERS = `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers`;

  it('posts the fields as a form and answers the exchange of a create that has a SID', async () => {
    routes({ [`POST ${TR}/Workers`]: { status: 201, body: { sid: 'WK1', friendly_name: 'n' } } });
    const answer = await walkWith().create(WORKERS, { FriendlyName: 'n' }, 'the test worker');
    expect(answer).toMatchObject({ method: 'POST', status: 201, body: { sid: 'WK1' } });
    expect(requests()).toEqual([`POST ${TR}/Workers`]);
    expect(form(0)).toEqual({ FriendlyName: 'n' });
  });

  it('fails naming what could not be created and what Twilio answered', async () => {
    routes({ [`POST ${TR}/Workers`]: refused(400, 20001, 'Bad attributes') });
    await expect(walkWith().create(WORKERS, {}, 'the test worker')).rejects.toThrow(
      new StepFailed('the test worker could not be created: HTTP 400, error 20001, "Bad attributes"'),
    );
  });

  it('fails on a 2xx without a SID of text', async () => {
    routes({ [`POST ${TR}/Workers`]: { status: 201, body: { sid: 7 } } });
    await expect(walkWith().create(WORKERS, {}, 'the test worker')).rejects.toThrow(
      new StepFailed('the test worker could not be created: HTTP 201'),
    );
  });

  it('fails as "no answer" when the connection drops: Twilio may have made it all the same', async () => {
    routes({ [`POST ${TR}/Workers`]: 'drop' });
    const failure = await walkWith()
      .create(WORKERS, {}, 'the test worker')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StepFailed);
    expect((failure as Error).message).toMatch(/^the test worker: no answer \(.+\)$/);
  });
});

describe('Walk.createRouting', () => {
  const AVAILABLE = { status: 200, body: { activities: [{ sid: 'WAavailable' }, { sid: 'WAother' }] } };
  const happy = (queues: Record<string, unknown>[] = []): Record<string, FakeAnswer | FakeAnswer[]> => ({
    [`GET ${TR}/Activities`]: AVAILABLE,
    [`POST ${TR}/Workers`]: { status: 201, body: { sid: 'WK1' } },
    [`POST ${TR}/TaskQueues`]: { status: 201, body: { sid: 'WQ1' } },
    [`POST ${TR}/Workflows`]: { status: 201, body: { sid: 'WW1' } },
    [`GET ${TR}/TaskQueues`]: { status: 200, body: { task_queues: queues } },
    [`POST ${TR}/Workers/WK1`]: { status: 200, body: { sid: 'WK1' } },
  });

  it('makes a worker, a queue that targets only it and a workflow to that queue, then makes the worker available', async () => {
    routes(happy());
    const walk = walkWith();
    await walk.createRouting();
    expect(requests()).toEqual([
      `GET ${TR}/Activities?Available=true&PageSize=50`,
      `POST ${TR}/Workers`,
      `POST ${TR}/TaskQueues`,
      `POST ${TR}/Workflows`,
      `GET ${TR}/TaskQueues?PageSize=200`,
      `POST ${TR}/Workers/WK1`,
    ]);
    expect(form(1)).toEqual({ FriendlyName: NAME, Attributes: expect.any(String) });
    expect(JSON.parse(form(1).Attributes)).toEqual({
      leave_pause_live_check: RUN,
      contact_uri: `client:${NAME}`,
    });
    expect(form(2)).toEqual({ FriendlyName: NAME, TargetWorkers: `leave_pause_live_check == "${RUN}"` });
    expect(form(3)).toEqual({ FriendlyName: NAME, Configuration: expect.any(String) });
    expect(JSON.parse(form(3).Configuration)).toEqual({
      task_routing: {
        filters: [{ filter_friendly_name: NAME, expression: '1==1', targets: [{ queue: 'WQ1' }] }],
        default_filter: { queue: 'WQ1' },
      },
    });
    // The first available activity is read, never created.
    expect(form(5)).toEqual({ ActivitySid: 'WAavailable' });
    expect(walk.workerSid).toBe('WK1');
    expect(walk.workflowSid).toBe('WW1');
    expect(walk.identity).toEqual({ workerSid: 'WK1', identity: NAME, roles: ['agent'] });
    expect(walk.registry.created).toEqual([
      { kind: 'worker', sid: 'WK1', name: NAME },
      { kind: 'queue', sid: 'WQ1', name: NAME },
      { kind: 'workflow', sid: 'WW1', name: NAME },
    ]);
    expect(walk.notes).toEqual([]);
  });

  it('notes each other queue that targets every worker, and only those', async () => {
    const queues = [
      { sid: 'WQ1', friendly_name: 'ours', target_workers: '1==1' },
      { sid: 'WQa', friendly_name: 'plain', target_workers: '1==1' },
      { sid: 'WQb', friendly_name: 'spaced', target_workers: '  1 ==  1 ' },
      { sid: 'WQc', friendly_name: 'true', target_workers: 'TRUE' },
      { sid: 'WQd', friendly_name: 'blank', target_workers: '' },
      { sid: 'WQe', friendly_name: 'unset' },
      { sid: 'WQf', friendly_name: 'sales', target_workers: 'skills HAS "sales"' },
      { sid: 'WQg', friendly_name: 'more', target_workers: '1==1 AND x == 2' },
      { sid: 'WQh', friendly_name: 'prefixed', target_workers: 'x 1==1' },
      { sid: 'WQi', friendly_name: 'truthy', target_workers: 'true' },
      { sid: 'WQj', friendly_name: 'ones', target_workers: '11==11' },
      { sid: 'WQk', friendly_name: 'spaces', target_workers: '   ' },
    ];
    routes(happy(queues));
    const heard: string[] = [];
    const walk = walkWith({ onNote: (text) => heard.push(text) });
    await walk.createRouting();
    const named = walk.notes.map((note) => /^queue "([^"]*)"/.exec(note)?.[1]);
    expect(named).toEqual(['plain', 'spaced', 'true', 'blank', 'unset', 'truthy', 'spaces']);
    expect(walk.notes[0]).toBe(
      'queue "plain" targets every worker: while this check runs (about a minute), its tasks may be offered to ' +
        'the test worker, which never accepts them (the cleanup rejects any still offered, so they return to ' +
        'their queue). Run the check on a test account.',
    );
    expect(heard).toEqual(walk.notes);
  });

  it('stops before creating anything when the workspace has no available activity', async () => {
    routes({ [`GET ${TR}/Activities`]: { status: 200, body: { activities: [] } } });
    const walk = walkWith();
    await expect(walk.createRouting()).rejects.toThrow(
      new StepFailed(`workspace ${WS} has no available activity to make the test worker available`),
    );
    expect(requests()).toEqual([`GET ${TR}/Activities?Available=true&PageSize=50`]);
    expect(walk.registry.created).toEqual([]);
  });

  it.each([
    ['the test worker', `POST ${TR}/Workers`, []],
    ['the test queue', `POST ${TR}/TaskQueues`, ['worker']],
    ['the test workflow', `POST ${TR}/Workflows`, ['worker', 'queue']],
  ])('stops when %s is refused, keeping what was made for the cleanup', async (what, key, kept) => {
    routes({ ...happy(), [key]: refused(400, 20001, 'no') });
    const walk = walkWith();
    await expect(walk.createRouting()).rejects.toThrow(
      new StepFailed(`${what} could not be created: HTTP 400, error 20001, "no"`),
    );
    expect(walk.registry.created.map((entry) => entry.kind)).toEqual(kept);
  });

  it('stops when the worker cannot be made available', async () => {
    routes({ ...happy(), [`POST ${TR}/Workers/WK1`]: refused(400, 20001, 'Activity not found') });
    const walk = walkWith();
    await expect(walk.createRouting()).rejects.toThrow(
      new StepFailed(
        'the test worker could not be made available: HTTP 400, error 20001, "Activity not found"',
      ),
    );
    expect(walk.registry.created).toHaveLength(3);
  });
});

describe('Walk.openConversation', () => {
  const CONVERSATIONS = '/conversations/v1/Conversations';
  const base = (interaction: FakeAnswer): Record<string, FakeAnswer | FakeAnswer[]> => ({
    [`POST ${CONVERSATIONS}`]: { status: 201, body: { sid: 'CH1' } },
    [`POST ${CONVERSATIONS}/CH1/Participants`]: { status: 201, body: { sid: 'MB1' } },
    [`POST /flex-api/v1/Interactions`]: interaction,
  });
  const routed = (options?: LiveCheckOptions) => {
    const walk = walkWith(options);
    walk.workflowSid = 'WW1';
    return walk;
  };

  it('opens a conversation with a customer and an interaction routed through its own workflow', async () => {
    routes(base({ status: 201, body: { sid: KD, channel: { sid: UO } } }));
    const walk = routed();
    const opened = await walk.openConversation('a');
    const customer = `${NAME}-a-customer`;
    expect(opened).toEqual({ label: 'a', conversationSid: 'CH1', customer, ref: REF });
    expect(requests()).toEqual([
      `POST ${CONVERSATIONS}`,
      `POST ${CONVERSATIONS}/CH1/Participants`,
      `POST /flex-api/v1/Interactions`,
    ]);
    expect(form(0)).toEqual({ FriendlyName: `${NAME}-a`, UniqueName: `${NAME}-a` });
    expect(form(1)).toEqual({ Identity: customer });
    expect(JSON.parse(form(2).Channel)).toEqual({
      type: 'chat',
      initiated_by: 'customer',
      properties: { media_channel_sid: 'CH1' },
    });
    expect(JSON.parse(form(2).Routing)).toEqual({
      properties: {
        workspace_sid: WS,
        workflow_sid: 'WW1',
        task_channel_unique_name: 'chat',
        attributes: { from: customer, customerName: customer, leave_pause_live_check: RUN },
      },
    });
    expect(walk.conversationNames).toEqual([`${NAME}-a`]);
    expect(walk.registry.created).toEqual([{ kind: 'conversation', sid: 'CH1', name: `${NAME}-a` }]);
  });

  it('reads the channel from the interaction’s list when the answer has none yet, until one with a SID appears', async () => {
    routes({
      ...base({ status: 201, body: { sid: KD } }),
      [`GET /flex-api/v1/Interactions/${KD}/Channels`]: [
        { status: 200, body: { channels: [] } },
        { status: 200, body: { channels: [{ sid: null }] } },
        { status: 200, body: { channels: [{ sid: UO }] } },
      ],
    });
    const opened = await routed().openConversation('b');
    expect(opened.ref).toEqual(REF);
    expect(requests().filter((r) => r.startsWith('GET'))).toEqual(
      Array(3).fill(`GET /flex-api/v1/Interactions/${KD}/Channels`),
    );
  });

  it('reads the list too when the answer’s channel has no SID of text', async () => {
    routes({
      ...base({ status: 201, body: { sid: KD, channel: { sid: 5 } } }),
      [`GET /flex-api/v1/Interactions/${KD}/Channels`]: { status: 200, body: { channels: [{ sid: UO }] } },
    });
    expect((await routed().openConversation('c')).ref).toEqual(REF);
  });

  it('stops when no channel appears in time', async () => {
    routes({
      ...base({ status: 201, body: { sid: KD, channel: null } }),
      [`GET /flex-api/v1/Interactions/${KD}/Channels`]: { status: 200, body: { channels: [] } },
    });
    await expect(routed({ waitSeconds: 0.1, pollMs: 5 }).openConversation('d')).rejects.toThrow(
      new StepFailed(`interaction ${KD} has no channel`),
    );
  });

  it('remembers the name asked for even when the create is refused (the cleanup looks for it)', async () => {
    routes({ [`POST ${CONVERSATIONS}`]: refused(409, 50353, 'exists') });
    const walk = routed();
    await expect(walk.openConversation('e')).rejects.toThrow(
      new StepFailed('conversation e could not be created: HTTP 409, error 50353, "exists"'),
    );
    expect(walk.conversationNames).toEqual([`${NAME}-e`]);
    expect(walk.registry.created).toEqual([]);
  });

  it('names the customer or the interaction that could not be created', async () => {
    routes({ ...base({ status: 201 }), [`POST ${CONVERSATIONS}/CH1/Participants`]: refused(400, 1, 'p') });
    await expect(routed().openConversation('f')).rejects.toThrow(
      new StepFailed('the test customer could not be created: HTTP 400, error 1, "p"'),
    );
    routes(base(refused(400, 2, 'i')));
    await expect(routed().openConversation('g')).rejects.toThrow(
      new StepFailed('the interaction of conversation g could not be created: HTTP 400, error 2, "i"'),
    );
  });
});

describe('Walk.nextReservation', () => {
  const RESERVATIONS = `${TR}/Workers/WK1/Reservations`;
  const reserved = (options?: LiveCheckOptions) => {
    const walk = walkWith(options);
    walk.workerSid = 'WK1';
    walk.workflowSid = 'WW1';
    return walk;
  };

  it('answers the first new pending or accepted reservation of a task of its own workflow', async () => {
    routes({
      [`GET ${RESERVATIONS}`]: {
        status: 200,
        body: {
          reservations: [
            { sid: 'WR0', task_sid: 'WTknown', reservation_status: 'pending' },
            { sid: 'WR1', task_sid: 'WTrejected', reservation_status: 'rejected' },
            { sid: 'WR2', task_sid: 'WTother', reservation_status: 'pending' },
            { sid: 'WR3', task_sid: 'WTmine', reservation_status: 'pending' },
            { sid: 'WR4', task_sid: 'WTlater', reservation_status: 'accepted' },
          ],
        },
      },
      [`GET ${TR}/Tasks/WTother`]: { status: 200, body: { workflow_sid: 'WWother' } },
      [`GET ${TR}/Tasks/WTmine`]: { status: 200, body: { workflow_sid: 'WW1' } },
    });
    const walk = reserved();
    walk.known.add('WTknown');
    expect(await walk.nextReservation()).toEqual({
      reservationSid: 'WR3',
      taskSid: 'WTmine',
      status: 'pending',
    });
    expect(requests()).toEqual([
      `GET ${RESERVATIONS}?PageSize=50`,
      `GET ${TR}/Tasks/WTother`,
      `GET ${TR}/Tasks/WTmine`,
    ]);
    // Another workflow's task is passed over for good; the one found is for join() to mark.
    expect([...walk.known]).toEqual(['WTknown', 'WTother']);
  });

  it('answers an accepted reservation with its status', async () => {
    routes({
      [`GET ${RESERVATIONS}`]: {
        status: 200,
        body: { reservations: [{ sid: 'WR5', task_sid: 'WTacc', reservation_status: 'accepted' }] },
      },
      [`GET ${TR}/Tasks/WTacc`]: { status: 200, body: { workflow_sid: 'WW1' } },
    });
    expect(await reserved().nextReservation()).toEqual({
      reservationSid: 'WR5',
      taskSid: 'WTacc',
      status: 'accepted',
    });
  });

  it('waits for a reservation Twilio has not made yet, and passes over a task it cannot read', async () => {
    routes({
      [`GET ${RESERVATIONS}`]: [
        { status: 200, body: { reservations: [] } },
        {
          status: 200,
          body: { reservations: [{ sid: 'WR6', task_sid: 'WTgone', reservation_status: 'pending' }] },
        },
        {
          status: 200,
          body: {
            reservations: [
              { sid: 'WR6', task_sid: 'WTgone', reservation_status: 'pending' },
              { sid: 'WR7', task_sid: 'WTnew', reservation_status: 'pending' },
            ],
          },
        },
      ],
      [`GET ${TR}/Tasks/WTgone`]: { status: 404, body: { code: 20404, workflow_sid: 'WW1' } },
      [`GET ${TR}/Tasks/WTnew`]: { status: 200, body: { workflow_sid: 'WW1' } },
    });
    const walk = reserved();
    expect(await walk.nextReservation()).toEqual({
      reservationSid: 'WR7',
      taskSid: 'WTnew',
      status: 'pending',
    });
    // The unreadable task is read once, then known.
    expect(requests().filter((r) => r.includes('/Tasks/'))).toEqual([
      `GET ${TR}/Tasks/WTgone`,
      `GET ${TR}/Tasks/WTnew`,
    ]);
  });

  it('answers null when only other workflows’ tasks come, reading each task once', async () => {
    routes({
      [`GET ${RESERVATIONS}`]: {
        status: 200,
        body: { reservations: [{ sid: 'WR8', task_sid: 'WTx', reservation_status: 'pending' }] },
      },
      [`GET ${TR}/Tasks/WTx`]: { status: 200, body: { workflow_sid: 'WWx' } },
    });
    expect(await reserved({ waitSeconds: 0.5, pollMs: 5 }).nextReservation()).toBeNull();
    expect(requests().filter((r) => r.includes('/Tasks/'))).toEqual([`GET ${TR}/Tasks/WTx`]);
    expect(requests().filter((r) => r.includes('/Reservations')).length).toBeGreaterThan(1);
  });
});

describe('Walk.join', () => {
  const PARTICIPANTS = `${CHANNEL}/Participants`;
  const RESERVATION = `${TR}/Tasks/WT1/Reservations/WR1`;
  const pending = { reservationSid: 'WR1', taskSid: 'WT1', status: 'pending' };

  it('does nothing for a reservation Twilio accepted itself, but knows its task', async () => {
    routes({});
    const walk = walkWith();
    expect(await walk.join(REF, { ...pending, status: 'accepted' })).toBe('accepted-by-twilio');
    expect(fake.seen).toEqual([]);
    expect(walk.known.has('WT1')).toBe(true);
    expect(walk.joinedThrough).toEqual([]);
  });

  it('joins through the interaction participant create, with the reservation in its routing properties', async () => {
    routes({ [`POST ${PARTICIPANTS}`]: { status: 201, body: { sid: 'UT1' } } });
    const walk = walkWith();
    expect(await walk.join(REF, pending)).toBe('interaction-participant-create');
    expect(requests()).toEqual([`POST ${PARTICIPANTS}`]);
    expect(form(0)).toEqual({
      Type: 'agent',
      MediaProperties: '{}',
      RoutingProperties: JSON.stringify({ workspace_sid: WS, reservation_sid: 'WR1' }),
    });
    expect(walk.known.has('WT1')).toBe(true);
    await walk.join(REF, { ...pending, taskSid: 'WT2' });
    expect(walk.joinedThrough).toEqual(['interaction-participant-create']);
  });

  it.each([
    ['a 200 that says failed', { status: 200, body: { status: 'failed' } }],
    ['a 200 with an error code', { status: 200, body: { error_code: 45007 } }],
    ['a refusal', refused(400, 20001, 'no')],
  ] as [string, FakeAnswer][])('accepts the reservation through TaskRouter after %s', async (_, answer) => {
    routes({
      [`POST ${PARTICIPANTS}`]: answer,
      [`POST ${RESERVATION}`]: { status: 200, body: { reservation_status: 'accepted' } },
    });
    const walk = walkWith();
    expect(await walk.join(REF, pending)).toBe('reservation-update');
    expect(requests()).toEqual([`POST ${PARTICIPANTS}`, `POST ${RESERVATION}`]);
    expect(form(1)).toEqual({ ReservationStatus: 'accepted' });
    expect(walk.joinedThrough).toEqual(['reservation-update']);
  });

  it('lists each method once, in the order first used', async () => {
    routes({
      [`POST ${PARTICIPANTS}`]: [refused(400, 1, 'no'), { status: 201, body: {} }],
      [`POST ${RESERVATION}`]: { status: 200, body: {} },
    });
    const walk = walkWith();
    await walk.join(REF, pending);
    await walk.join(REF, pending);
    expect(walk.joinedThrough).toEqual(['reservation-update', 'interaction-participant-create']);
  });

  it('stops with both answers when neither operation is accepted', async () => {
    routes({
      [`POST ${PARTICIPANTS}`]: refused(400, 20001, 'Invalid RoutingProperties'),
      [`POST ${RESERVATION}`]: refused(409, 20409, 'already accepted'),
    });
    const walk = walkWith();
    await expect(walk.join(REF, pending)).rejects.toThrow(
      new StepFailed(
        'the test worker could not accept its reservation: participant create HTTP 400, error 20001, ' +
          '"Invalid RoutingProperties"; reservation update HTTP 409, error 20409, "already accepted"',
      ),
    );
    expect(walk.joinedThrough).toEqual([]);
  });
});

describe('Walk.agentOf', () => {
  it('finds the agent by the worker its routing properties name, or by its identity', () => {
    const walk = walkWith();
    walk.workerSid = 'WK1';
    const customer = { type: 'customer', routing_properties: { worker_sid: 'WK1' } };
    const otherAgent = {
      type: 'agent',
      routing_properties: { worker_sid: 'WK9' },
      media_properties: { identity: 'x' },
    };
    const bare = { type: 'agent' };
    const byWorker = { type: 'agent', routing_properties: { worker_sid: 'WK1' } };
    const byName = { type: 'agent', routing_properties: null, media_properties: { identity: NAME } };
    const byClient = { type: 'agent', media_properties: { identity: `client:${NAME}` } };
    expect(walk.agentOf([customer, otherAgent, bare, byWorker, byName])).toBe(byWorker);
    expect(walk.agentOf([customer, bare, byName, byClient])).toBe(byName);
    expect(walk.agentOf([otherAgent, byClient])).toBe(byClient);
    expect(walk.agentOf([customer, otherAgent, bare])).toBeUndefined();
    expect(walk.agentOf([{ type: 'customer', media_properties: { identity: NAME } }])).toBeUndefined();
  });

  it('does not take an agent without routing or identity for a worker-less walk', () => {
    // Before createRouting the worker SID is '': an agent whose routing names no worker is still not ours.
    const walk = walkWith();
    expect(walk.agentOf([{ type: 'agent', routing_properties: {} }, { type: 'agent' }])).toBeUndefined();
    expect(walk.agentOf([{ type: 'agent', media_properties: { identity: '' } }])).toBeUndefined();
  });
});

describe('Walk.taskStatus', () => {
  it('reads the task’s assignment status, or says why it cannot', async () => {
    routes({
      [`GET ${TR}/Tasks/WT1`]: { status: 200, body: { assignment_status: 'wrapping' } },
      [`GET ${TR}/Tasks/WT2`]: refused(404, 20404, 'not found'),
    });
    const walk = walkWith();
    expect(await walk.taskStatus('WT1')).toBe('wrapping');
    expect(await walk.taskStatus('WT2')).toBe('unreadable (HTTP 404, error 20404, "not found")');
    expect(requests()).toEqual([`GET ${TR}/Tasks/WT1`, `GET ${TR}/Tasks/WT2`]);
  });
});

describe('Walk.move', () => {
  const POSTED = { method: 'POST', path: `flex-api /v1/Interactions/${KD}/Channels/${UO}` };

  it('moves the channel through the engine, logging the POST, and reads it back', async () => {
    routes({
      [`POST ${CHANNEL}`]: { status: 200, body: { status: 'pause', status_timeout: '2026-12-06T00:00:00Z' } },
      [`GET ${CHANNEL}`]: { status: 200, body: { status: 'pause' } },
    });
    const walk = walkWith();
    const moved = await walk.move(REF, 'pause', 'closed');
    expect(form(0)).toEqual({ Status: 'pause', Routing: JSON.stringify({ status: 'closed' }) });
    expect(moved.post).toMatchObject({ ...POSTED, status: 200, body: { status: 'pause' } });
    expect(moved.state).toMatchObject({ status: 'pause', statusTimeout: '2026-12-06T00:00:00Z' });
    expect(moved.read).toMatchObject({ status: 'pause', statusTimeout: null });
    expect(moved.error).toBeNull();
    expect(requests()).toEqual([`POST ${CHANNEL}`, `GET ${CHANNEL}`]);
    expect(walk.log.map((x) => x.method)).toEqual(['POST', 'GET']);
  });

  it('answers the POST of this move, not an earlier one', async () => {
    routes({
      [`POST ${CHANNEL}`]: [
        { status: 200, body: { status: 'pause' } },
        { status: 200, body: { status: 'active' } },
      ],
      [`GET ${CHANNEL}`]: [
        { status: 200, body: { status: 'pause' } },
        { status: 200, body: { status: 'active' } },
      ],
    });
    const walk = walkWith();
    await walk.move(REF, 'pause');
    const second = await walk.move(REF, 'active');
    expect(form(2)).toEqual({ Status: 'active' });
    expect(second.post?.body.status).toBe('active');
  });

  it('keeps the refusal as the error, with the channel’s state in its words', async () => {
    routes({
      [`POST ${CHANNEL}`]: refused(409, 45007, 'wrong state'),
      [`GET ${CHANNEL}`]: { status: 200, body: { status: 'inactive' } },
    });
    const moved = await walkWith().move(REF, 'pause', 'closed');
    expect(moved.state).toBeNull();
    expect(moved.post).toMatchObject({ ...POSTED, status: 409, errorCode: 45007 });
    expect(moved.error).toBeInstanceOf(ActionError);
    expect(moved.error).toMatchObject({
      status: 409,
      code: 'task_wrong_state',
      message: 'the channel stayed inactive',
    });
    expect(moved.read).toMatchObject({ status: 'inactive' });
  });

  it('reads null where the read-back fails, and has no POST where the connection dropped', async () => {
    routes({
      [`POST ${CHANNEL}`]: { status: 200, body: { status: 'pause' } },
      [`GET ${CHANNEL}`]: refused(500, 20500, 'down'),
    });
    const moved = await walkWith().move(REF, 'pause');
    expect(moved.state).toMatchObject({ status: 'pause' });
    expect(moved.read).toBeNull();
    routes({ [`POST ${CHANNEL}`]: 'drop', [`GET ${CHANNEL}`]: { status: 200, body: { status: 'active' } } });
    const dropped = await walkWith().move(REF, 'pause');
    expect(dropped.post).toBeUndefined();
    expect(dropped.error).toBeInstanceOf(Error);
    expect(dropped.read).toMatchObject({ status: 'active' });
  });
});

describe('Walk.changeLine', () => {
  const PATH = `flex-api /v1/Interactions/${KD}/Channels/${UO}`;
  const post = (
    status: number,
    body: Record<string, unknown>,
    errorCode: number | null = null,
  ): Exchange => ({
    method: 'POST',
    path: PATH,
    status,
    errorCode,
    message: null,
    body,
  });
  const state = (status: string) => ({ status, errorCode: null, statusTimeout: null, dateUpdated: null });

  it('holds for a 2xx without failure whose channel reads the status asked for', () => {
    const line = walkWith().changeLine(
      'pause-accepted',
      'pause',
      { post: post(200, { status: 'pause' }), state: state('pause'), read: state('pause'), error: null },
      '; and more',
    );
    expect(line).toEqual({
      id: 'pause-accepted',
      title: BEHAVIOURS['pause-accepted'],
      verdict: 'holds',
      detail: 'POST …/Channels/UO… HTTP 200, answer status=pause; reads pause; and more',
      evidence: [{ method: 'POST', path: PATH, status: 200, errorCode: null }],
      fields: { http_status: 200, error_code: null, answer_status: 'pause', read: 'pause' },
    });
  });

  it('fails a 200 that says failed, a 200 whose channel reads otherwise, and a refusal', () => {
    const walk = walkWith();
    const failed = walk.changeLine('pause-accepted', 'pause', {
      post: post(200, { status: 'failed', error_code: 19025 }, 19025),
      state: null,
      read: state('pause'),
      error: null,
    });
    expect(failed).toMatchObject({
      verdict: 'fails',
      detail: 'POST …/Channels/UO… HTTP 200, error 19025, answer status=failed; reads pause',
      fields: { http_status: 200, error_code: 19025, answer_status: 'failed', read: 'pause' },
    });
    const elsewhere = walk.changeLine('active-accepted', 'active', {
      post: post(200, { status: 'active' }),
      state: null,
      read: state('pause'),
      error: null,
    });
    expect(elsewhere).toMatchObject({ verdict: 'fails', detail: expect.stringMatching(/reads pause$/) });
    const refusal = walk.changeLine('pause-accepted', 'pause', {
      post: post(409, {}, 45007),
      state: null,
      read: state('inactive'),
      error: null,
    });
    expect(refusal).toMatchObject({
      verdict: 'fails',
      evidence: [{ method: 'POST', path: PATH, status: 409, errorCode: 45007 }],
      fields: { http_status: 409, error_code: 45007, answer_status: null, read: 'inactive' },
    });
  });

  it('cannot tell from a 5xx or from a channel it cannot read back', () => {
    const walk = walkWith();
    expect(
      walk.changeLine('pause-accepted', 'pause', {
        post: post(500, {}),
        state: null,
        read: state('pause'),
        error: null,
      }).verdict,
    ).toBe('could not tell');
    expect(
      walk.changeLine('pause-accepted', 'pause', {
        post: post(499, {}),
        state: null,
        read: state('active'),
        error: null,
      }).verdict,
    ).toBe('fails');
    const unread = walk.changeLine('pause-accepted', 'pause', {
      post: post(409, {}),
      state: null,
      read: null,
      error: null,
    });
    expect(unread).toMatchObject({
      verdict: 'could not tell',
      detail: 'POST …/Channels/UO… HTTP 409, answer status=undefined; reads unreadable',
      fields: { http_status: 409, error_code: null, answer_status: null, read: undefined },
      evidence: [{ method: 'POST', path: PATH, status: 409, errorCode: null }],
    });
  });

  it('cannot tell from a 2xx whose channel it cannot read back', () => {
    const line = walkWith().changeLine('active-accepted', 'active', {
      post: post(200, { status: 'active' }),
      state: state('active'),
      read: null,
      error: null,
    });
    expect(line).toMatchObject({
      verdict: 'could not tell',
      detail: 'POST …/Channels/UO… HTTP 200, answer status=active; reads unreadable',
      fields: { http_status: 200, error_code: null, answer_status: 'active', read: undefined },
    });
  });

  it('cannot tell without an answer, saying why', () => {
    const line = walkWith().changeLine('leave-inactive-closed', 'inactive', {
      state: null,
      read: state('inactive'),
      error: new Error('socket hang up'),
    });
    expect(line).toEqual({
      id: 'leave-inactive-closed',
      title: BEHAVIOURS['leave-inactive-closed'],
      verdict: 'could not tell',
      detail: 'no answer: socket hang up',
      evidence: [],
      fields: {},
    });
  });
});
