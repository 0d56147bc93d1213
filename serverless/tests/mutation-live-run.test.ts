import type { TwilioClient } from '../src/lib/twilio-client';
import { BEHAVIOUR_IDS, type Line } from '../src/provisioning/live/behaviours';
import {
  findLeftovers,
  findRunStrays,
  LIVE_CHECK_PREFIX,
  Registry,
  removeCreated,
} from '../src/provisioning/live/resources';
import {
  ONLY_INVITE_WHILE_PAUSED,
  PROBE_CONTROL_STATUS,
  PROBE_REFUSED_MESSAGE,
  runLiveCheck,
} from '../src/provisioning/live/run';
import {
  oneAttemptClient,
  startFakeTwilio,
  type FakeAnswer,
  type FakeTwilio,
  type SeenRequest,
} from './fake-twilio';

/**
 * The live check's wiring (run.ts) and its resources (resources.ts: the registry, the strays of a run, removal in
 * order, --cleanup's leftovers) against a scripted Twilio on 127.0.0.1 (fake-twilio.ts), one request at a time:
 * live-check.test.ts walks whole conversations against the emulator, seconds per planted bug. Each test reads
 * what Twilio was asked (method, path, body) and what the report or the registry says.
 */

const WS = `WS${'a'.repeat(32)}`;
const RUN = 'r1';
const PREFIX = `${LIVE_CHECK_PREFIX}-${RUN}`;
const TR = `/taskrouter/v1/Workspaces/${WS}`;
const PROBE_PATH = `/flex-api/v1/Interactions/KD${'0'.repeat(32)}/Channels/UO${'0'.repeat(32)}`;

let fake: FakeTwilio;
let client: TwilioClient;

beforeEach(async () => {
  fake = await startFakeTwilio();
  client = oneAttemptClient(fake);
});

afterEach(async () => {
  await fake.close();
});

type Route = [
  method: string,
  path: string | RegExp,
  answer: FakeAnswer | ((body: URLSearchParams) => FakeAnswer),
];

/** Answers by method and path (a string matches the whole path and query); anything unrouted is a 599. */
function route(routes: Route[]): (request: SeenRequest) => FakeAnswer {
  return (request) => {
    const body = new URLSearchParams(fake.bodies[fake.bodies.length - 1]);
    for (const [method, path, answer] of routes) {
      const matches = typeof path === 'string' ? request.path === path : path.test(request.path);
      if (method === request.method && matches) return typeof answer === 'function' ? answer(body) : answer;
    }
    return { status: 599, body: { message: `unrouted ${request.method} ${request.path}` } };
  };
}

const list = (key: string, items: Record<string, unknown>[], next: string | null = null): FakeAnswer => ({
  status: 200,
  body: { [key]: items, meta: { next_page_url: next } },
});
const gone: FakeAnswer = { status: 404, body: { code: 20404, message: 'not found' } };
const deleted: FakeAnswer = { status: 204 };
const requests = () => fake.seen.map(({ method, path }) => `${method} ${path}`);
const bodyOf = (index: number) => Object.fromEntries(new URLSearchParams(fake.bodies[index]));

describe('Registry', () => {
  it('keeps entries in order, a service SID only where one is given, and lists the SIDs of one kind', () => {
    const registry = new Registry(WS);
    registry.add('worker', 'WK1', 'w');
    registry.add('sync-document', 'ET1', 'd', 'IS1');
    registry.add('worker', 'WK2', 'w2', '');
    expect(registry.workspaceSid).toBe(WS);
    expect(registry.created).toStrictEqual([
      { kind: 'worker', sid: 'WK1', name: 'w' },
      { kind: 'sync-document', sid: 'ET1', name: 'd', serviceSid: 'IS1' },
      { kind: 'worker', sid: 'WK2', name: 'w2' },
    ]);
    expect(registry.sidsOf('worker')).toEqual(['WK1', 'WK2']);
    expect(registry.sidsOf('sync-document')).toEqual(['ET1']);
    expect(registry.sidsOf('queue')).toEqual([]);
  });
});

describe('removeCreated', () => {
  it('removes the feed document, conversations, workflows (their tasks first), queues, workers: newest first in each kind', async () => {
    const registry = new Registry(WS);
    registry.add('worker', 'WK1', 'w1');
    registry.add('queue', 'WQ1', 'q1');
    registry.add('workflow', 'WW1', 'f1');
    registry.add('conversation', 'CH1', 'c1');
    registry.add('sync-document', 'ET1', 'd1', 'IS1');
    registry.add('conversation', 'CH2', 'c2');
    registry.add('worker', 'WK2', 'w2');
    fake.script = route([
      ['GET', `${TR}/Tasks?WorkflowSid=WW1&PageSize=100`, list('tasks', [{ sid: 'WT1' }, { sid: 'WT2' }])],
      [
        'GET',
        `${TR}/Activities?Available=false&PageSize=50`,
        list('activities', [{ sid: 'WAoff' }, { sid: 'WAother' }]),
      ],
      ['POST', /./, { status: 200, body: {} }],
      ['DELETE', /./, deleted],
    ]);
    const removals = await removeCreated(client, registry);

    expect(requests()).toEqual([
      'DELETE /sync/v1/Services/IS1/Documents/ET1',
      'POST /conversations/v1/Conversations/CH2',
      'DELETE /conversations/v1/Conversations/CH2',
      'POST /conversations/v1/Conversations/CH1',
      'DELETE /conversations/v1/Conversations/CH1',
      `GET ${TR}/Tasks?WorkflowSid=WW1&PageSize=100`,
      `DELETE ${TR}/Tasks/WT1`,
      `DELETE ${TR}/Tasks/WT2`,
      `DELETE ${TR}/Workflows/WW1`,
      `DELETE ${TR}/TaskQueues/WQ1`,
      `GET ${TR}/Activities?Available=false&PageSize=50`,
      `POST ${TR}/Workers/WK2`,
      `DELETE ${TR}/Workers/WK2`,
      `GET ${TR}/Activities?Available=false&PageSize=50`,
      `POST ${TR}/Workers/WK1`,
      `DELETE ${TR}/Workers/WK1`,
    ]);
    // A conversation is closed before it is deleted; a worker is made unavailable, rejecting what it was offered.
    expect(bodyOf(1)).toEqual({ State: 'closed' });
    expect(bodyOf(11)).toEqual({ ActivitySid: 'WAoff', RejectPendingReservations: 'true' });
    expect(bodyOf(14)).toEqual({ ActivitySid: 'WAoff', RejectPendingReservations: 'true' });
    expect(fake.headers[1]['content-type']).toBe('application/x-www-form-urlencoded');
    expect(removals).toStrictEqual([
      { kind: 'sync-document', sid: 'ET1', name: 'd1', serviceSid: 'IS1', result: 'deleted' },
      { kind: 'conversation', sid: 'CH2', name: 'c2', result: 'deleted' },
      { kind: 'conversation', sid: 'CH1', name: 'c1', result: 'deleted' },
      { kind: 'workflow', sid: 'WW1', name: 'f1', result: 'deleted' },
      { kind: 'queue', sid: 'WQ1', name: 'q1', result: 'deleted' },
      { kind: 'worker', sid: 'WK2', name: 'w2', result: 'deleted' },
      { kind: 'worker', sid: 'WK1', name: 'w1', result: 'deleted' },
    ]);
    // The registry itself is left as it was (the report prints what was created, in creation order).
    expect(registry.created.map((entry) => entry.sid)).toEqual([
      'WK1',
      'WQ1',
      'WW1',
      'CH1',
      'ET1',
      'CH2',
      'WK2',
    ]);
  });

  it('an empty registry removes nothing and asks nothing', async () => {
    fake.script = [{ status: 500 }];
    expect(await removeCreated(client, new Registry(WS))).toEqual([]);
    expect(fake.seen).toEqual([]);
  });

  it('a worker in a workspace with no unavailable activity is deleted without an activity change', async () => {
    const registry = new Registry(WS);
    registry.add('worker', 'WK1', 'w1');
    fake.script = route([
      ['GET', `${TR}/Activities?Available=false&PageSize=50`, list('activities', [])],
      ['DELETE', `${TR}/Workers/WK1`, deleted],
    ]);
    expect(await removeCreated(client, registry)).toEqual([
      { kind: 'worker', sid: 'WK1', name: 'w1', result: 'deleted' },
    ]);
    expect(requests()).toEqual([
      `GET ${TR}/Activities?Available=false&PageSize=50`,
      `DELETE ${TR}/Workers/WK1`,
    ]);
  });

  it('a workflow with no tasks is deleted at once', async () => {
    const registry = new Registry(WS);
    registry.add('workflow', 'WW1', 'f1');
    fake.script = route([
      ['GET', `${TR}/Tasks?WorkflowSid=WW1&PageSize=100`, list('tasks', [])],
      ['DELETE', `${TR}/Workflows/WW1`, deleted],
    ]);
    expect((await removeCreated(client, registry)).map((removal) => removal.result)).toEqual(['deleted']);
    expect(requests()).toEqual([
      `GET ${TR}/Tasks?WorkflowSid=WW1&PageSize=100`,
      `DELETE ${TR}/Workflows/WW1`,
    ]);
  });

  it('a conversation whose close is answered 404 is already gone, and no delete is sent', async () => {
    const registry = new Registry(WS);
    registry.add('conversation', 'CH1', 'c1');
    fake.script = [gone];
    expect(await removeCreated(client, registry)).toStrictEqual([
      { kind: 'conversation', sid: 'CH1', name: 'c1', result: 'already gone' },
    ]);
    expect(requests()).toEqual(['POST /conversations/v1/Conversations/CH1']);
  });

  it('a conversation whose close fails otherwise is still deleted', async () => {
    const registry = new Registry(WS);
    registry.add('conversation', 'CH1', 'c1');
    fake.script = [{ status: 500, body: { code: 20500, message: 'boom' } }, deleted];
    expect((await removeCreated(client, registry))[0]?.result).toBe('deleted');
    expect(requests()).toEqual([
      'POST /conversations/v1/Conversations/CH1',
      'DELETE /conversations/v1/Conversations/CH1',
    ]);
  });

  it('a delete answered 404 is "already gone"; another refusal is "failed" with what Twilio said; each kind goes on', async () => {
    const registry = new Registry(WS);
    registry.add('queue', 'WQ1', 'q1');
    registry.add('queue', 'WQ2', 'q2');
    registry.add('sync-document', 'ET1', 'd1');
    fake.script = route([
      ['DELETE', `${TR}/TaskQueues/WQ2`, gone],
      ['DELETE', `${TR}/TaskQueues/WQ1`, { status: 400, body: { code: 20001, message: 'queue in use' } }],
      // A document entry without its service SID (never made so by this code) still names a path, not a crash.
      ['DELETE', '/sync/v1/Services//Documents/ET1', deleted],
    ]);
    expect(await removeCreated(client, registry)).toStrictEqual([
      { kind: 'sync-document', sid: 'ET1', name: 'd1', result: 'deleted' },
      { kind: 'queue', sid: 'WQ2', name: 'q2', result: 'already gone' },
      {
        kind: 'queue',
        sid: 'WQ1',
        name: 'q1',
        result: 'failed',
        detail: 'HTTP 400, error 20001, "queue in use"',
      },
    ]);
  });

  it('no answer, or an unreadable task list, is "failed" with the error, and the next entries are still removed', async () => {
    const registry = new Registry(WS);
    registry.add('queue', 'WQ1', 'q1');
    registry.add('workflow', 'WW1', 'f1');
    fake.script = route([
      ['GET', `${TR}/Tasks?WorkflowSid=WW1&PageSize=100`, { status: 503, body: { code: 20503 } }],
      ['DELETE', `${TR}/TaskQueues/WQ1`, 'drop'],
    ]);
    const removals = await removeCreated(client, registry);
    expect(removals).toStrictEqual([
      {
        kind: 'workflow',
        sid: 'WW1',
        name: 'f1',
        result: 'failed',
        detail: `GET taskrouter /v1/Workspaces/${WS}/Tasks answered HTTP 503, error 20503`,
      },
      { kind: 'queue', sid: 'WQ1', name: 'q1', result: 'failed', detail: expect.any(String) },
    ]);
    expect(removals[1]?.detail).toMatch(/socket hang up|ECONNRESET/);
    // The workflow was kept: its tasks could not be read, so none was deleted and neither was it.
    expect(requests()).toEqual([
      `GET ${TR}/Tasks?WorkflowSid=WW1&PageSize=100`,
      `DELETE ${TR}/TaskQueues/WQ1`,
    ]);
  });
});

describe('findRunStrays', () => {
  it('refuses a name without the prefix and its dash: nothing else is ever looked for', async () => {
    const registry = new Registry(WS);
    await expect(findRunStrays(client, registry, 'someone-else', [])).rejects.toThrow(
      'not a live-check name: someone-else',
    );
    await expect(findRunStrays(client, registry, `${LIVE_CHECK_PREFIX}x`, [])).rejects.toThrow(
      `not a live-check name: ${LIVE_CHECK_PREFIX}x`,
    );
    expect(fake.seen).toEqual([]);
  });

  it('finds by exact FriendlyName the workers, queues and workflows the registry does not hold, and the conversations by unique name', async () => {
    const registry = new Registry(WS);
    registry.add('worker', 'WK1', PREFIX);
    registry.add('conversation', 'CH1', `${PREFIX}-a`);
    const byName = `FriendlyName=${encodeURIComponent(PREFIX)}&PageSize=50`;
    fake.script = route([
      [
        'GET',
        `${TR}/Workers?${byName}`,
        list('workers', [
          { sid: 'WK1', friendly_name: PREFIX },
          { sid: 'WK2', friendly_name: PREFIX },
          // Twilio's filter might match more loosely: only the exact name counts.
          { sid: 'WK3', friendly_name: `${PREFIX}0` },
        ]),
      ],
      ['GET', `${TR}/TaskQueues?${byName}`, list('task_queues', [{ sid: 'WQ9', friendly_name: PREFIX }])],
      [
        'GET',
        `${TR}/Workflows?${byName}`,
        list('workflows', [
          { sid: 'WW7', friendly_name: PREFIX },
          { sid: 'WW8', friendly_name: 'Another workflow' },
        ]),
      ],
      [
        'GET',
        `/conversations/v1/Conversations/${PREFIX}-a`,
        { status: 200, body: { sid: 'CH1', unique_name: `${PREFIX}-a` } },
      ],
      [
        'GET',
        `/conversations/v1/Conversations/${PREFIX}-b`,
        { status: 200, body: { sid: 'CH2', unique_name: `${PREFIX}-b` } },
      ],
      [
        'GET',
        `/conversations/v1/Conversations/${PREFIX}-c`,
        { status: 200, body: { sid: 'CH3', unique_name: 'someone-elses' } },
      ],
      ['GET', `/conversations/v1/Conversations/${PREFIX}-d`, gone],
    ]);
    const strays = await findRunStrays(client, registry, PREFIX, [
      `${PREFIX}-a`,
      `${PREFIX}-b`,
      `${PREFIX}-c`,
      `${PREFIX}-d`,
    ]);
    expect(strays.workspaceSid).toBe(WS);
    expect(strays.created).toStrictEqual([
      { kind: 'worker', sid: 'WK2', name: PREFIX },
      { kind: 'queue', sid: 'WQ9', name: PREFIX },
      { kind: 'workflow', sid: 'WW7', name: PREFIX },
      { kind: 'conversation', sid: 'CH2', name: `${PREFIX}-b` },
    ]);
    // The registry it was given is not changed.
    expect(registry.created.map((entry) => entry.sid)).toEqual(['WK1', 'CH1']);
    expect(requests()).toEqual([
      `GET ${TR}/Workers?${byName}`,
      `GET ${TR}/TaskQueues?${byName}`,
      `GET ${TR}/Workflows?${byName}`,
      `GET /conversations/v1/Conversations/${PREFIX}-a`,
      `GET /conversations/v1/Conversations/${PREFIX}-b`,
      `GET /conversations/v1/Conversations/${PREFIX}-c`,
      `GET /conversations/v1/Conversations/${PREFIX}-d`,
    ]);
  });

  it('encodes the names it looks for', async () => {
    const name = `${LIVE_CHECK_PREFIX}-a b&c`;
    fake.script = route([
      ['GET', /\/(Workers|TaskQueues)\?/, list('x', [])],
      ['GET', /\/Workflows\?/, list('workflows', [])],
      ['GET', /\/Conversations\//, gone],
    ]);
    const strays = await findRunStrays(client, new Registry(WS), name, [`${name}-a`]);
    expect(strays.created).toEqual([]);
    expect(requests()).toEqual([
      `GET ${TR}/Workers?FriendlyName=${LIVE_CHECK_PREFIX}-a%20b%26c&PageSize=50`,
      `GET ${TR}/TaskQueues?FriendlyName=${LIVE_CHECK_PREFIX}-a%20b%26c&PageSize=50`,
      `GET ${TR}/Workflows?FriendlyName=${LIVE_CHECK_PREFIX}-a%20b%26c&PageSize=50`,
      `GET /conversations/v1/Conversations/${LIVE_CHECK_PREFIX}-a%20b%26c-a`,
    ]);
  });

  it('a list Twilio refuses is an error (the run then tells the admin to run --cleanup)', async () => {
    fake.script = [{ status: 500, body: { code: 20500, message: 'down' } }];
    await expect(findRunStrays(client, new Registry(WS), PREFIX, [])).rejects.toThrow(
      `GET taskrouter /v1/Workspaces/${WS}/Workers answered HTTP 500, error 20500, "down"`,
    );
  });
});

describe('findLeftovers', () => {
  it('finds by the prefix and its dash workers, queues, workflows, conversations (friendly or unique name), and each leftover worker’s feed document', async () => {
    fake.script = route([
      [
        'GET',
        `${TR}/Workers?PageSize=200`,
        list('workers', [
          { sid: 'WK1', friendly_name: `${LIVE_CHECK_PREFIX}-old1` },
          { sid: 'WK2', friendly_name: 'Alice' },
          { sid: 'WK3', friendly_name: LIVE_CHECK_PREFIX },
          { sid: 'WK4', friendly_name: `x${LIVE_CHECK_PREFIX}-old1` },
          { sid: 'WK5', friendly_name: `${LIVE_CHECK_PREFIX}-old2` },
        ]),
      ],
      [
        'GET',
        `${TR}/TaskQueues?PageSize=200`,
        list('task_queues', [
          { sid: 'WQ1', friendly_name: `${LIVE_CHECK_PREFIX}-old1` },
          { sid: 'WQ2', friendly_name: null },
        ]),
      ],
      [
        'GET',
        `${TR}/Workflows?PageSize=200`,
        list('workflows', [{ sid: 'WW1', friendly_name: `${LIVE_CHECK_PREFIX}-old1` }]),
      ],
      [
        'GET',
        '/sync/v1/Services/IS1/Documents/leavePause-feed-WK1',
        { status: 200, body: { sid: 'ET1', unique_name: 'leavePause-feed-WK1' } },
      ],
      // A document that answers with another name, or no SID, is not taken.
      [
        'GET',
        '/sync/v1/Services/IS1/Documents/leavePause-feed-WK5',
        { status: 200, body: { sid: 'ET5', unique_name: 'leavePause-feed-WK6' } },
      ],
      [
        'GET',
        '/conversations/v1/Conversations?PageSize=100',
        list(
          'conversations',
          [
            { sid: 'CH1', friendly_name: `${LIVE_CHECK_PREFIX}-old1-a`, unique_name: null },
            { sid: 'CH2', friendly_name: 'Customer chat', unique_name: `${LIVE_CHECK_PREFIX}-old1-b` },
            { sid: 'CH3', friendly_name: 'Customer chat', unique_name: 'leave-pause-live' },
          ],
          'https://conversations.twilio.com/v1/Conversations?PageSize=100&Page=1',
        ),
      ],
      [
        'GET',
        '/conversations/v1/Conversations?PageSize=100&Page=1',
        list('conversations', [
          { sid: 'CH4', friendly_name: 42, unique_name: `${LIVE_CHECK_PREFIX}-old2-a` },
          { sid: 'CH5' },
        ]),
      ],
    ]);
    const found = await findLeftovers(client, WS, 'IS1');
    expect(found.workspaceSid).toBe(WS);
    expect(found.created).toStrictEqual([
      { kind: 'worker', sid: 'WK1', name: `${LIVE_CHECK_PREFIX}-old1` },
      { kind: 'worker', sid: 'WK5', name: `${LIVE_CHECK_PREFIX}-old2` },
      { kind: 'queue', sid: 'WQ1', name: `${LIVE_CHECK_PREFIX}-old1` },
      { kind: 'workflow', sid: 'WW1', name: `${LIVE_CHECK_PREFIX}-old1` },
      { kind: 'sync-document', sid: 'ET1', name: 'leavePause-feed-WK1', serviceSid: 'IS1' },
      { kind: 'conversation', sid: 'CH1', name: `${LIVE_CHECK_PREFIX}-old1-a` },
      { kind: 'conversation', sid: 'CH2', name: `${LIVE_CHECK_PREFIX}-old1-b` },
      { kind: 'conversation', sid: 'CH4', name: `${LIVE_CHECK_PREFIX}-old2-a` },
    ]);
    expect(requests()).toEqual([
      `GET ${TR}/Workers?PageSize=200`,
      `GET ${TR}/TaskQueues?PageSize=200`,
      `GET ${TR}/Workflows?PageSize=200`,
      'GET /sync/v1/Services/IS1/Documents/leavePause-feed-WK1',
      'GET /sync/v1/Services/IS1/Documents/leavePause-feed-WK5',
      'GET /conversations/v1/Conversations?PageSize=100',
      'GET /conversations/v1/Conversations?PageSize=100&Page=1',
    ]);
  });

  it('a feed document that is missing or answers without a SID is not taken', async () => {
    fake.script = route([
      [
        'GET',
        `${TR}/Workers?PageSize=200`,
        list('workers', [
          { sid: 'WK1', friendly_name: `${LIVE_CHECK_PREFIX}-old1` },
          { sid: 'WK2', friendly_name: `${LIVE_CHECK_PREFIX}-old2` },
        ]),
      ],
      ['GET', /\/(TaskQueues|Workflows)\?/, list('none', [])],
      ['GET', '/sync/v1/Services/IS1/Documents/leavePause-feed-WK1', gone],
      [
        'GET',
        '/sync/v1/Services/IS1/Documents/leavePause-feed-WK2',
        { status: 200, body: { sid: 7, unique_name: 'leavePause-feed-WK2' } },
      ],
      ['GET', '/conversations/v1/Conversations?PageSize=100', list('conversations', [])],
    ]);
    const found = await findLeftovers(client, WS, 'IS1');
    expect(found.sidsOf('sync-document')).toEqual([]);
    expect(found.sidsOf('worker')).toEqual(['WK1', 'WK2']);
  });

  it('without a Sync service no document is looked for', async () => {
    fake.script = route([
      [
        'GET',
        `${TR}/Workers?PageSize=200`,
        list('workers', [{ sid: 'WK1', friendly_name: `${LIVE_CHECK_PREFIX}-o` }]),
      ],
      ['GET', /\/(TaskQueues|Workflows)\?/, list('none', [])],
      ['GET', '/conversations/v1/Conversations?PageSize=100', list('conversations', [])],
    ]);
    const found = await findLeftovers(client, WS);
    expect(found.created).toEqual([{ kind: 'worker', sid: 'WK1', name: `${LIVE_CHECK_PREFIX}-o` }]);
    expect(requests().some((line) => line.includes('/sync/'))).toBe(false);
  });
});

/* runLiveCheck: the probe, the walk and the removal wired together. */

const CONFIG = '/flex-api/v1/Configuration';
const configuration = (extra: Record<string, unknown> = {}): Route => [
  'GET',
  CONFIG,
  { status: 200, body: { taskrouter_workspace_sid: WS, ...extra } },
];
/** The probe's three questions answered as an account that validates Status first and knows pause and active. */
const probeKnows: Route = [
  'POST',
  PROBE_PATH,
  (body) =>
    body.get('Status') === PROBE_CONTROL_STATUS
      ? { status: 400, body: { code: 20001, message: 'Invalid Status' } }
      : gone,
];
const probeRefuses: Route = [
  'POST',
  PROBE_PATH,
  { status: 400, body: { code: 20001, message: 'Invalid Status value' } },
];
/** Nothing of this run is found by its name. */
const noStrays: Route[] = [
  ['GET', new RegExp(`/(Workers|TaskQueues|Workflows)\\?FriendlyName=`), list('any', [])],
  ['GET', new RegExp(`^/conversations/v1/Conversations/${LIVE_CHECK_PREFIX}`), gone],
];
const noActivity: Route = ['GET', `${TR}/Activities?Available=true&PageSize=50`, list('activities', [])];
const available: Route = [
  'GET',
  `${TR}/Activities?Available=true&PageSize=50`,
  list('activities', [{ sid: 'WAon' }]),
];
const unavailable: Route = [
  'GET',
  `${TR}/Activities?Available=false&PageSize=50`,
  list('activities', [{ sid: 'WAoff' }]),
];

const byId = (lines: Line[]) => Object.fromEntries(lines.map((line) => [line.id, line]));
const NOT_REACHED = 'not reached: the check stopped (the reason follows the lines)';

describe('runLiveCheck', () => {
  it('stops after a probe that Twilio refuses: nothing created, nothing removed, every other line could not tell', async () => {
    fake.script = route([configuration(), probeRefuses]);
    const seen: Line[] = [];
    const before = new Date().toISOString();
    const report = await runLiveCheck(client, { runId: RUN, onLine: (line) => seen.push(line) });
    const after = new Date().toISOString();

    expect(report).toMatchObject({
      runId: RUN,
      prefix: PREFIX,
      workspaceSid: WS,
      joinedThrough: [],
      stopped: PROBE_REFUSED_MESSAGE,
      notes: [],
      created: [],
      cleanup: [],
    });
    expect(report.startedAt >= before && report.startedAt <= report.finishedAt).toBe(true);
    expect(report.finishedAt <= after).toBe(true);
    expect(report.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Only the configuration and the probe's three questions: no walk, no search for strays.
    expect(requests()).toEqual([`GET ${CONFIG}`, ...Array(3).fill(`POST ${PROBE_PATH}`)]);
    // One line per behaviour, each handed to onLine as it came.
    expect(report.lines.map((line) => line.id)).toEqual([
      'probe-pause-known',
      'probe-active-known',
      ...BEHAVIOUR_IDS.filter((id) => !id.startsWith('probe-')),
    ]);
    expect(seen).toEqual(report.lines);
    const lines = byId(report.lines);
    expect(lines['probe-pause-known']?.verdict).toBe('fails');
    for (const line of report.lines.slice(2)) {
      expect([line.verdict, line.detail]).toEqual(['could not tell', NOT_REACHED]);
    }
  });

  it('without onLine the lines are still reported; a random run id names the resources', async () => {
    fake.script = route([configuration(), probeRefuses]);
    const report = await runLiveCheck(client);
    expect(report.runId).toMatch(/^[0-9a-f]{8}$/);
    expect(report.prefix).toBe(`${LIVE_CHECK_PREFIX}-${report.runId}`);
    expect(report.lines).toHaveLength(BEHAVIOUR_IDS.length);
    const other = await runLiveCheck(client);
    expect(other.runId).not.toBe(report.runId);
  });

  it.each([
    ['none', {}],
    ['not text', { taskrouter_workspace_sid: 42 }],
    // A list whose one item is a SID reads as that SID once made text: only text is taken.
    ['a list', { taskrouter_workspace_sid: [WS] }],
    ['too short', { taskrouter_workspace_sid: `WS${'a'.repeat(31)}` }],
    ['with text before', { taskrouter_workspace_sid: `xWS${'a'.repeat(32)}` }],
    ['with text after', { taskrouter_workspace_sid: `WS${'a'.repeat(32)}x` }],
    ['not hex', { taskrouter_workspace_sid: `WS${'g'.repeat(32)}` }],
  ])('refuses a configuration whose workspace is %s, before any probe', async (_what, config) => {
    fake.script = route([['GET', CONFIG, { status: 200, body: config }]]);
    await expect(runLiveCheck(client, { runId: RUN })).rejects.toThrow(
      'the Flex configuration names no TaskRouter workspace: pass --workspace WS…',
    );
    expect(requests()).toEqual([`GET ${CONFIG}`]);
  });

  it('takes --workspace over the configuration’s (upper or lower case hex), and refuses a malformed one', async () => {
    const upper = `WS${'AbCdEf0123456789'.repeat(2)}`;
    fake.script = route([configuration(), probeRefuses]);
    expect((await runLiveCheck(client, { runId: RUN, workspaceSid: upper })).workspaceSid).toBe(upper);
    fake.script = route([['GET', CONFIG, { status: 200, body: {} }], probeRefuses]);
    expect((await runLiveCheck(client, { runId: RUN, workspaceSid: WS })).workspaceSid).toBe(WS);
    await expect(runLiveCheck(client, { runId: RUN, workspaceSid: 'WS1' })).rejects.toThrow(
      /names no TaskRouter workspace/,
    );
  });

  it('a configuration Twilio refuses is an error of the run', async () => {
    fake.script = [{ status: 500, body: { code: 20500 } }];
    await expect(runLiveCheck(client, { runId: RUN })).rejects.toThrow();
  });

  it('a step that fails stops the walk: the reason, then strays by name join the registry and all is removed in order', async () => {
    const notes: string[] = [];
    fake.script = route([
      configuration(),
      probeKnows,
      available,
      unavailable,
      ['POST', `${TR}/Workers`, { status: 201, body: { sid: 'WK1' } }],
      // The queue's answer is lost for the walk (a refusal), but Twilio made one under this run's name.
      ['POST', `${TR}/TaskQueues`, { status: 400, body: { code: 20001, message: 'bad queue' } }],
      [
        'GET',
        `${TR}/TaskQueues?FriendlyName=${PREFIX}&PageSize=50`,
        list('task_queues', [{ sid: 'WQ9', friendly_name: PREFIX }]),
      ],
      ...noStrays,
      ['POST', `${TR}/Workers/WK1`, { status: 200, body: {} }],
      ['DELETE', /./, deleted],
    ]);
    const report = await runLiveCheck(client, { runId: RUN, onNote: (text) => notes.push(text) });

    expect(report.stopped).toBe('the test queue could not be created: HTTP 400, error 20001, "bad queue"');
    // What the walk created itself; the stray is removed but was never the walk's.
    expect(report.created).toEqual([{ kind: 'worker', sid: 'WK1', name: PREFIX }]);
    expect(report.cleanup).toEqual([
      { kind: 'queue', sid: 'WQ9', name: PREFIX, result: 'deleted' },
      { kind: 'worker', sid: 'WK1', name: PREFIX, result: 'deleted' },
    ]);
    expect(report.notes).toEqual([]);
    expect(notes).toEqual([]);
    const after = requests().slice(requests().indexOf(`POST ${TR}/TaskQueues`) + 1);
    expect(after).toEqual([
      `GET ${TR}/Workers?FriendlyName=${PREFIX}&PageSize=50`,
      `GET ${TR}/TaskQueues?FriendlyName=${PREFIX}&PageSize=50`,
      `GET ${TR}/Workflows?FriendlyName=${PREFIX}&PageSize=50`,
      `DELETE ${TR}/TaskQueues/WQ9`,
      `GET ${TR}/Activities?Available=false&PageSize=50`,
      `POST ${TR}/Workers/WK1`,
      `DELETE ${TR}/Workers/WK1`,
    ]);
    // The probe's lines hold (they did not stop the walk); the rest were not reached.
    const lines = byId(report.lines);
    expect(lines['probe-pause-known']?.verdict).toBe('holds');
    expect(lines['probe-active-known']?.verdict).toBe('holds');
    expect(report.lines).toHaveLength(BEHAVIOUR_IDS.length);
    expect(report.lines.slice(2).every((line) => line.detail === NOT_REACHED)).toBe(true);
  });

  it('a probe that could not tell does not stop the walk', async () => {
    fake.script = route([configuration(), ['POST', PROBE_PATH, gone], noActivity, ...noStrays]);
    const report = await runLiveCheck(client, { runId: RUN });
    expect(report.stopped).toBe(
      `workspace ${WS} has no available activity to make the test worker available`,
    );
    expect(byId(report.lines)['probe-pause-known']?.verdict).toBe('could not tell');
    expect(requests()).toContain(`GET ${TR}/Activities?Available=true&PageSize=50`);
    expect(report.cleanup).toEqual([]);
  });

  it('when strays cannot be looked for, the report says to run --cleanup, and the registry is still removed', async () => {
    fake.script = route([
      configuration(),
      probeKnows,
      available,
      unavailable,
      ['POST', `${TR}/Workers`, { status: 201, body: { sid: 'WK1' } }],
      ['POST', `${TR}/TaskQueues`, { status: 201, body: { sid: 'WQ1' } }],
      ['POST', `${TR}/Workflows`, { status: 201, body: { sid: 'WW1' } }],
      // A queue of the account that targets everyone: a note, passed on as it comes.
      [
        'GET',
        `${TR}/TaskQueues?PageSize=200`,
        list('task_queues', [
          { sid: 'WQ1', target_workers: `leave_pause_live_check == "${RUN}"` },
          { sid: 'WQ0', friendly_name: 'Everyone', target_workers: '1==1' },
        ]),
      ],
      // Making the test worker available is refused: the walk stops there.
      [
        'POST',
        `${TR}/Workers/WK1`,
        (body) => (body.get('ActivitySid') === 'WAon' ? { status: 400 } : { status: 200 }),
      ],
      ['GET', /FriendlyName=/, { status: 500, body: { code: 20500 } }],
      ['GET', `${TR}/Tasks?WorkflowSid=WW1&PageSize=100`, list('tasks', [])],
      ['DELETE', /./, deleted],
    ]);
    const notes: string[] = [];
    const report = await runLiveCheck(client, { runId: RUN, onNote: (text) => notes.push(text) });

    expect(report.stopped).toBe('the test worker could not be made available: HTTP 400');
    expect(report.notes).toEqual([
      expect.stringMatching(/^queue "Everyone" targets every worker/),
      `could not look for strays of ${PREFIX}: run npm run doctor -- --cleanup`,
    ]);
    // onNote hears the walk's notes as they come; the stray-search note is the report's own.
    expect(notes).toEqual([expect.stringMatching(/^queue "Everyone" targets every worker/)]);
    expect(report.created.map((entry) => entry.sid)).toEqual(['WK1', 'WQ1', 'WW1']);
    expect(report.cleanup.map((removal) => [removal.sid, removal.result])).toEqual([
      ['WW1', 'deleted'],
      ['WQ1', 'deleted'],
      ['WK1', 'deleted'],
    ]);
  });

  it('a conversation of this run whose create answer was lost is found by its unique name and removed', async () => {
    fake.script = route([
      configuration(),
      probeKnows,
      available,
      unavailable,
      ['POST', `${TR}/Workers`, { status: 201, body: { sid: 'WK1' } }],
      ['POST', `${TR}/TaskQueues`, { status: 201, body: { sid: 'WQ1' } }],
      ['POST', `${TR}/Workflows`, { status: 201, body: { sid: 'WW1' } }],
      ['GET', `${TR}/TaskQueues?PageSize=200`, list('task_queues', [])],
      ['POST', `${TR}/Workers/WK1`, { status: 200, body: {} }],
      ['POST', '/conversations/v1/Conversations', 'drop'],
      [
        'GET',
        `/conversations/v1/Conversations/${PREFIX}-a`,
        { status: 200, body: { sid: 'CH9', unique_name: `${PREFIX}-a` } },
      ],
      ...noStrays,
      ['POST', '/conversations/v1/Conversations/CH9', { status: 200, body: {} }],
      ['GET', `${TR}/Tasks?WorkflowSid=WW1&PageSize=100`, list('tasks', [])],
      ['DELETE', /./, deleted],
    ]);
    const report = await runLiveCheck(client, { runId: RUN });

    expect(report.stopped).toMatch(/^conversation a: no answer \(/);
    expect(report.created.map((entry) => entry.kind)).toEqual(['worker', 'queue', 'workflow']);
    expect(
      report.cleanup.map((removal) => [removal.kind, removal.sid, removal.name, removal.result]),
    ).toEqual([
      ['conversation', 'CH9', `${PREFIX}-a`, 'deleted'],
      ['workflow', 'WW1', PREFIX, 'deleted'],
      ['queue', 'WQ1', PREFIX, 'deleted'],
      ['worker', 'WK1', PREFIX, 'deleted'],
    ]);
    // The main path: the probe was asked, and its first conversation is "a".
    expect(requests()).toContain(`POST ${PROBE_PATH}`);
    const create = fake.seen.findIndex(
      (r) => r.method === 'POST' && r.path === '/conversations/v1/Conversations',
    );
    expect(bodyOf(create)).toMatchObject({ UniqueName: `${PREFIX}-a` });
  });

  it('only invite-while-paused: no probe, the test worker’s routing then that step’s conversation; the other lines skipped', async () => {
    const seen: Line[] = [];
    fake.script = route([
      configuration(),
      available,
      unavailable,
      ['POST', `${TR}/Workers`, { status: 201, body: { sid: 'WK1' } }],
      ['POST', `${TR}/TaskQueues`, { status: 201, body: { sid: 'WQ1' } }],
      ['POST', `${TR}/Workflows`, { status: 201, body: { sid: 'WW1' } }],
      ['GET', `${TR}/TaskQueues?PageSize=200`, list('task_queues', [])],
      ['POST', `${TR}/Workers/WK1`, { status: 200, body: {} }],
      [
        'POST',
        '/conversations/v1/Conversations',
        { status: 429, body: { code: 20429, message: 'slow down' } },
      ],
      ...noStrays,
      ['GET', `${TR}/Tasks?WorkflowSid=WW1&PageSize=100`, list('tasks', [])],
      ['DELETE', /./, deleted],
    ]);
    const report = await runLiveCheck(client, {
      runId: RUN,
      only: ONLY_INVITE_WHILE_PAUSED,
      onLine: (line) => seen.push(line),
    });

    expect(report.stopped).toBe('conversation c could not be created: HTTP 429, error 20429, "slow down"');
    expect(requests()).not.toContain(`POST ${PROBE_PATH}`);
    const create = fake.seen.findIndex(
      (r) => r.method === 'POST' && r.path === '/conversations/v1/Conversations',
    );
    expect(bodyOf(create)).toMatchObject({ UniqueName: `${PREFIX}-c` });
    expect(requests()).toContain(`GET /conversations/v1/Conversations/${PREFIX}-c`);
    expect(report.cleanup.map((removal) => removal.sid)).toEqual(['WW1', 'WQ1', 'WK1']);
    expect(report.lines).toHaveLength(BEHAVIOUR_IDS.length);
    expect(seen).toEqual(report.lines);
    for (const line of report.lines) {
      expect([line.id, line.verdict, line.detail]).toEqual(
        line.id === ONLY_INVITE_WHILE_PAUSED
          ? [line.id, 'could not tell', NOT_REACHED]
          : [line.id, 'skipped', 'not walked: this run walked only invite-while-paused'],
      );
    }
  });
});
