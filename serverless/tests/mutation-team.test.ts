import {
  inviteToWorkflow,
  readTaskRouting,
  recordTeamAction,
  TEAM_ACTION_TTL_SECONDS,
  TEAM_ACTIONS_MAP_NAME,
  taskRoutingOf,
  workerNames,
} from '../src/lib/team';
import type { TwilioClient } from '../src/lib/twilio-client';
import { keyFor, PAUSE_MAP_NAME } from '../src/lib/pause-store';
import { RETURN_TO_QUEUE_LINE } from '../../src/config';
import { allowConsole } from '../../tests/console-guard';
import { startFakeTwilio, type FakeTwilio, oneAttemptClient } from './fake-twilio';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { post } from './support';
import { handler as teamReturnHandler } from '../src/functions/team-return';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through to the emulator on 127.0.0.1 that lets a test replace the answer to the invite (the one call
 * whose answer on a paused channel Twilio does not document): every other request reaches the emulator as sent.
 */
async function startInviteProxy(
  target: string,
  answerInvite: (
    forward: () => Promise<{ status: number; body: string }>,
  ) => Promise<{ status: number; body: unknown }>,
): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const forward = () =>
        fetch(`${target}${request.url ?? ''}`, {
          method: request.method,
          headers: Object.fromEntries(
            Object.entries(request.headers).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
            ),
          ),
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        }).then(async (answer) => ({
          status: answer.status,
          body: await answer.text(),
          headers: answer.headers,
        }));
      const invite = request.method === 'POST' && /\/Invites$/.test(request.url ?? '');
      (invite
        ? answerInvite(forward).then((answer) => ({
            status: answer.status,
            body: JSON.stringify(answer.body),
            headers: new Headers({ 'Content-Type': 'application/json' }),
          }))
        : forward()
      ).then(
        (answer) => {
          response.writeHead(answer.status, {
            'Content-Type': answer.headers.get('content-type') ?? 'application/json',
            ...(answer.headers.get('date') ? { Date: answer.headers.get('date') ?? '' } : {}),
          });
          response.end(answer.body);
        },
        () => request.socket.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The supervisor's team view (issue 20, mutation survivors of lib/team.ts and actions/team.ts): what each Twilio
 * answer makes of a task's routing, the invite Return to the queue rests on and the record of a team action
 * (a scripted Twilio, fake-twilio.ts); then the endpoints against the emulator — roles, the list's order and
 * deadline, each refusal's words, Return to the queue's outcomes — with a pass-through for the invite answers the
 * emulator does not give (accepted yet still paused, no new task named). team.test.ts covers the main paths.
 */

const WS = 'WS' + '0'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const SERVICE = 'IS' + '1'.repeat(32);
const QUEUE = 'WQ' + '0123456789abcdefABCDEF0123456789';
const WORKFLOW = 'WW' + 'abcdef0123456789ABCDEF9876543210';
const REF = { interactionSid: 'KD' + '1'.repeat(32), channelSid: 'UO' + '1'.repeat(32) };

describe('lib/team.ts against a scripted Twilio', () => {
  let fake: FakeTwilio;
  let client: TwilioClient;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    client = oneAttemptClient(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  const failure = (run: Promise<unknown>) =>
    run.then(
      () => 'no failure',
      (error: unknown) => (error as { status?: number }).status ?? 'no status',
    );

  describe('the task routing', () => {
    const task = (status: number, body: Record<string, unknown>) => ({ status, body });

    it("keeps the task's queue (SID and name) and workflow, SIDs of either case", () => {
      expect(
        taskRoutingOf(
          task(200, {
            task_queue_sid: QUEUE,
            task_queue_friendly_name: 'Support',
            workflow_sid: WORKFLOW,
          }),
        ),
      ).toStrictEqual({ queueSid: QUEUE, queueName: 'Support', workflowSid: WORKFLOW });
    });

    it.each([400, 404, 500])('a refused read (%s) has no routing, whatever its body', (status) => {
      expect(
        taskRoutingOf(
          task(status, {
            task_queue_sid: QUEUE,
            task_queue_friendly_name: 'Support',
            workflow_sid: WORKFLOW,
          }),
        ),
      ).toStrictEqual({});
    });

    it('a success just under 400 is read', () => {
      expect(taskRoutingOf(task(399, { workflow_sid: WORKFLOW }))).toStrictEqual({ workflowSid: WORKFLOW });
    });

    it('no task read: no routing', () => {
      expect(taskRoutingOf(undefined)).toStrictEqual({});
    });

    it.each<[string, unknown]>([
      ['a SID of another type', 'WA' + '0'.repeat(32)],
      ['one digit short', QUEUE.slice(0, -1)],
      ['one digit too many', QUEUE + '0'],
      ['text before it', 'x' + QUEUE],
      ['a letter past f', 'WQ' + 'g'.repeat(32)],
      ['a list holding a SID', [QUEUE]],
      ['a number', 7],
    ])('a queue or workflow that is %s is left out', (_what, value) => {
      const workflow = typeof value === 'string' ? value.replace(/^WQ/, 'WW') : value;
      expect(
        taskRoutingOf(
          task(200, { task_queue_sid: value, workflow_sid: workflow, task_queue_friendly_name: 3 }),
        ),
      ).toStrictEqual({});
    });

    it('readTaskRouting reads the workspace task; a read that fails outright is no routing', async () => {
      fake.script = [{ status: 200, body: { task_queue_sid: QUEUE, workflow_sid: WORKFLOW } }];
      expect(await readTaskRouting(client, WS, TASK)).toStrictEqual({
        queueSid: QUEUE,
        workflowSid: WORKFLOW,
      });
      expect(fake.seen).toEqual([{ method: 'GET', path: `/taskrouter/v1/Workspaces/${WS}/Tasks/${TASK}` }]);
      fake.script = ['drop'];
      expect(await readTaskRouting(client, WS, TASK)).toStrictEqual({});
    });
  });

  it("workerNames: every worker's TaskRouter name by SID, in one page of 1000", async () => {
    const workers = [
      { sid: 'WK' + 'a'.repeat(32), friendly_name: 'Alice Agent' },
      { sid: 'WK' + 'b'.repeat(32), friendly_name: 'Bob Agent' },
    ];
    fake.script = [{ status: 200, body: { workers, meta: { key: 'workers', next_page_url: null } } }];
    const names = await workerNames(client, WS);
    expect([...names]).toEqual([
      [workers[0].sid, 'Alice Agent'],
      [workers[1].sid, 'Bob Agent'],
    ]);
    expect(fake.seen).toHaveLength(1);
    expect(fake.seen[0].path).toMatch(
      new RegExp(`^/taskrouter/v1/Workspaces/${WS}/Workers\\?(.*&)?PageSize=1000`),
    );
  });

  describe('inviteToWorkflow', () => {
    const invite = () => inviteToWorkflow(client, REF, { workflow_sid: WORKFLOW, workspace_sid: WS });

    it("posts the routing properties as the invite's Routing, form-encoded, to the channel's invites", async () => {
      fake.script = [
        { status: 201, body: { sid: 'KG' + '1'.repeat(32), routing: { properties: { sid: TASK } } } },
      ];
      expect(await invite()).toEqual({
        status: 201,
        body: { sid: 'KG' + '1'.repeat(32), routing: { properties: { sid: TASK } } },
        errorCode: null,
      });
      expect(fake.seen).toEqual([
        {
          method: 'POST',
          path: `/flex-api/v1/Interactions/${REF.interactionSid}/Channels/${REF.channelSid}/Invites`,
        },
      ]);
      expect(fake.headers[0]['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      const sent = new URLSearchParams(fake.bodies[0]);
      expect([...sent.keys()]).toEqual(['Routing']);
      expect(JSON.parse(sent.get('Routing') ?? '')).toEqual({
        properties: { workflow_sid: WORKFLOW, workspace_sid: WS },
      });
    });

    it.each<[string, number, unknown, number | null]>([
      ['a 200 with error_code 0', 200, { error_code: 0 }, null],
      ['a 200 with error_code null', 200, { error_code: null, code: 5 }, null],
      ['a 200 with only a code', 200, { code: 19025 }, null],
      ['a 200 that says it failed', 200, { status: 'failed', error_code: 19025 }, 19025],
      ['a 409 with its code', 409, { code: 50350, message: 'paused' }, 50350],
      ['a 409 with error_code and code', 409, { error_code: 19025, code: 50350 }, 19025],
      ['a 409 with no code', 409, { message: 'paused' }, null],
      ['a 400 with a code that is no number', 400, { code: 'bad' }, null],
      ['a 400 with its code', 400, { code: 20001 }, 20001],
    ])('%s: its status, and the error code it carries', async (_what, status, body, errorCode) => {
      fake.script = [{ status, body }];
      const answer = await invite();
      expect(answer.status).toBe(status);
      expect(answer.errorCode).toBe(errorCode);
    });

    it.each<[string, unknown, Record<string, unknown>]>([
      ['JSON text', JSON.stringify({ sid: 'KG1', error_code: 19025 }), { sid: 'KG1', error_code: 19025 }],
      ['text that is no JSON', 'not json', {}],
      ['empty text', '', {}],
      ['null', null, {}],
      ['a number', 7, {}],
    ])('a body that is %s', async (_what, body, expected) => {
      fake.script = [{ status: 200, body }];
      const answer = await invite();
      expect(answer.body).toEqual(expected);
      expect(answer.errorCode).toBe(expected.error_code ?? null);
    });
  });

  describe('recordTeamAction', () => {
    const entry = {
      action: 'resume-for-agent' as const,
      taskSid: TASK,
      agent: 'WK' + 'a'.repeat(32),
      by: 'WK' + 'b'.repeat(32),
      conversationSid: 'CH' + '1'.repeat(32),
    };
    const itemsPath = `/sync/v1/Services/${SERVICE}/Maps/${TEAM_ACTIONS_MAP_NAME}/Items`;
    const mapsPath = `/sync/v1/Services/${SERVICE}/Maps`;
    const item = { status: 201, body: { key: 'k', data: {} } };

    it('one item in its own map, keyed by task, action and time, kept 30 days; the time is the answer', async () => {
      fake.script = [item];
      const before = Date.now();
      const recorded = await recordTeamAction(client, SERVICE, entry);
      expect(recorded).toEqual({ ...entry, at: expect.any(String) });
      const at = Date.parse(recorded.at);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
      expect(fake.seen).toEqual([{ method: 'POST', path: itemsPath }]);
      const sent = new URLSearchParams(fake.bodies[0]);
      expect(sent.get('Key')).toBe(`${TASK}:resume-for-agent:${recorded.at}`);
      expect(JSON.parse(sent.get('Data') ?? '')).toEqual(recorded);
      expect(sent.get('ItemTtl')).toBe(String(TEAM_ACTION_TTL_SECONDS));
      expect(TEAM_ACTION_TTL_SECONDS).toBe(30 * 86_400);
    });

    it('no map yet (404): the map is made, then the item', async () => {
      fake.script = [{ status: 404, body: { code: 20404 } }, { status: 201, body: { sid: 'MP1' } }, item];
      await recordTeamAction(client, SERVICE, entry);
      expect(fake.seen).toEqual([
        { method: 'POST', path: itemsPath },
        { method: 'POST', path: mapsPath },
        { method: 'POST', path: itemsPath },
      ]);
      expect(new URLSearchParams(fake.bodies[1]).get('UniqueName')).toBe(TEAM_ACTIONS_MAP_NAME);
    });

    it('the map made meanwhile by another call (409): the item is written all the same', async () => {
      fake.script = [{ status: 404, body: { code: 20404 } }, { status: 409, body: { code: 54301 } }, item];
      await expect(recordTeamAction(client, SERVICE, entry)).resolves.toMatchObject(entry);
      expect(fake.seen.map((r) => r.path)).toEqual([itemsPath, mapsPath, itemsPath]);
    });

    it('any other failure is thrown: of the item (no map made), of the map, of the second item', async () => {
      fake.script = [{ status: 500, body: { code: 20500 } }];
      expect(await failure(recordTeamAction(client, SERVICE, entry))).toBe(500);
      expect(fake.seen.map((r) => r.path)).toEqual([itemsPath]);

      fake.seen.length = 0;
      fake.script = (request) =>
        request.path === mapsPath ? { status: 403, body: { code: 20403 } } : { status: 404, body: {} };
      expect(await failure(recordTeamAction(client, SERVICE, entry))).toBe(403);
      expect(fake.seen.map((r) => r.path)).toEqual([itemsPath, mapsPath]);

      fake.seen.length = 0;
      let items = 0;
      fake.script = (request) =>
        request.path === mapsPath
          ? { status: 201, body: {} }
          : ++items === 1
            ? { status: 404, body: {} }
            : { status: 503, body: {} };
      expect(await failure(recordTeamAction(client, SERVICE, entry))).toBe(503);
      expect(fake.seen.map((r) => r.path)).toEqual([itemsPath, mapsPath, itemsPath]);
    });
  });
});

describe('the team endpoints against the emulator', () => {
  let backend: Backend;

  beforeEach(async () => {
    backend = await startBackend();
  });

  afterEach(async () => {
    expect(backend.emulator.violations).toEqual([]);
    await backend.close();
  });

  const supervisorToken = () => backend.tokenFor(backend.seed.workers.sam, ['supervisor']);
  const pauseMap = () =>
    backend.client.sync.v1.services(backend.seed.syncServiceSid).syncMaps(PAUSE_MAP_NAME);
  const itemOf = (c: AssignedConversation) => pauseMap().syncMapItems(keyFor(c.workerSid, c.taskSid));

  async function pausedConversation(): Promise<AssignedConversation> {
    const c = await backend.assignedConversation();
    expect((await post(backend, '/pause', await backend.actionEvent(c))).status).toBe(200);
    return c;
  }

  async function recordOf(c: AssignedConversation): Promise<Record<string, unknown> | undefined> {
    try {
      return (await itemOf(c).fetch()).data as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  async function editRecord(c: AssignedConversation, edit: (data: Record<string, unknown>) => void) {
    const data = { ...(await recordOf(c)) };
    edit(data);
    await itemOf(c).update({ data });
  }

  async function channelStatus(c: AssignedConversation): Promise<string> {
    const channel = await backend.client.flexApi.v1
      .interaction(c.interactionSid)
      .channels(c.channelSid)
      .fetch();
    return channel.status;
  }

  async function teamActions() {
    try {
      const items = await backend.client.sync.v1
        .services(backend.seed.syncServiceSid)
        .syncMaps(TEAM_ACTIONS_MAP_NAME)
        .syncMapItems.list();
      return items.map((item) => item.data as Record<string, unknown>);
    } catch {
      return [];
    }
  }

  const act = async (route: string, c: AssignedConversation, workerSid = c.workerSid) =>
    post(backend, route, { Token: await supervisorToken(), TaskSid: c.taskSid, WorkerSid: workerSid });

  describe('who may use them', () => {
    it('a supervisor whose token also has the agent role sees the list', async () => {
      const answer = await post(backend, '/team-paused', {
        Token: await backend.tokenFor(backend.seed.workers.sam, ['agent', 'supervisor']),
      });
      expect(answer.status).toBe(200);
      expect(answer.body.paused).toEqual([]);
    });

    it('an agent is told who the team view is for', async () => {
      const answer = await post(backend, '/team-paused', {
        Token: await backend.tokenFor(backend.seed.workers.bob, ['agent']),
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toEqual({
        code: 'forbidden',
        message: "The team view and its actions are for supervisors and admins (Flex's worker roles)",
      });
    });
  });

  describe('POST /team-paused', () => {
    it('lists the pauses by deadline, soonest first, leaves out those past it, and names an unknown agent ""', async () => {
      await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
      const c = await pausedConversation();
      const template = (await recordOf(c)) ?? {};
      const reassignAt = Date.parse(String(template.reassignAt));
      const gone = 'WK' + 'f'.repeat(32);
      const extra: [string, string, number][] = [
        // [worker, task, deadline relative to the real pause's]
        [c.workerSid, 'WT' + 'a'.repeat(32), +60_000],
        [c.workerSid, 'WT' + 'b'.repeat(32), -120_000],
        [gone, 'WT' + 'c'.repeat(32), -60_000],
        // Past its deadline: Twilio has rerouted it.
        [c.workerSid, 'WT' + 'd'.repeat(32), -(reassignAt - Date.now()) - 60_000],
      ];
      for (const [worker, taskSid, shift] of extra) {
        await pauseMap().syncMapItems.create({
          key: keyFor(worker, taskSid),
          data: {
            ...template,
            pausedBy: worker,
            taskSid,
            reassignAt: new Date(reassignAt + shift).toISOString(),
          },
          itemTtl: 3600,
        });
      }

      const answer = await post(backend, '/team-paused', { Token: await supervisorToken() });

      expect(answer.status).toBe(200);
      const rows = answer.body.paused as { taskSid: string; agentName: string }[];
      expect(rows.map((row) => [row.taskSid, row.agentName])).toEqual([
        ['WT' + 'b'.repeat(32), 'Alice Agent'],
        ['WT' + 'c'.repeat(32), ''],
        [c.taskSid, 'Alice Agent'],
        ['WT' + 'a'.repeat(32), 'Alice Agent'],
      ]);
      expect(answer.body.actions).toEqual({ resumeForAgent: true, returnToQueue: false });
    });
  });

  it("a deadline at Twilio's very millisecond is past: not listed, and no Resume for the agent", async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    const c = await pausedConversation();
    const twilioNow = backend.emulator.clock.now().getTime();
    await editRecord(c, (data) => (data.reassignAt = new Date(twilioNow).toISOString()));
    const token = await supervisorToken();
    // The Functions' own clock stopped: Twilio's time is then exactly the Date of its last answer, the
    // emulator's simulated clock (which moves only when a test moves it).
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    try {
      const list = await post(backend, '/team-paused', { Token: token });
      expect(list.status).toBe(200);
      expect(list.body.paused).toEqual([]);
      const answer = await post(backend, '/team-resume', {
        Token: token,
        TaskSid: c.taskSid,
        WorkerSid: c.workerSid,
      });
      expect(answer.status).toBe(409);
      expect(answer.body.error?.code).toBe('not_paused');
    } finally {
      clock.mockRestore();
    }
    expect(await channelStatus(c)).toBe('pause');
  });

  describe('POST /team-resume', () => {
    beforeEach(async () => {
      await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    });

    it('answers what it resumed and records it: the task, conversation, channel, agent, supervisor and time', async () => {
      const c = await pausedConversation();
      const answer = await act('/team-resume', c);
      expect(answer.status).toBe(200);
      const recorded = {
        action: 'resume-for-agent',
        taskSid: c.taskSid,
        agent: c.workerSid,
        by: backend.seed.workers.sam,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        conversationSid: c.conversationSid,
      };
      expect(answer.body).toEqual({
        ok: true,
        serverTime: expect.any(String),
        taskSid: c.taskSid,
        conversationSid: c.conversationSid,
        channelSid: c.channelSid,
        agent: c.workerSid,
        state: 'resumed',
        recorded,
      });
      expect(await teamActions()).toEqual([answer.body.recorded]);
    });

    it('refused (409 feature_off) with the setting it needs named', async () => {
      await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: false });
      const c = await pausedConversation();
      const answer = await act('/team-resume', c);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'feature_off',
        message:
          'Supervisors may not act for agents here (ui_attributes.custom_data.leavePause.supervisorsMayAct)',
      });
    });

    it.each<[string, (data: Record<string, unknown>) => void]>([
      [
        'past its deadline (still in Sync for a day)',
        (data) => (data.reassignAt = new Date(Date.now() - 60_000).toISOString()),
      ],
      ['naming another agent than its key', (data) => (data.pausedBy = 'WK' + 'f'.repeat(32))],
    ])('a record %s is no pause: 409 not_paused, the channel stays paused', async (_what, edit) => {
      const c = await pausedConversation();
      await editRecord(c, edit);
      const answer = await act('/team-resume', c);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'not_paused',
        message: 'This conversation is no longer paused',
        field: 'TaskSid',
      });
      expect(await channelStatus(c)).toBe('pause');
      expect(await teamActions()).toEqual([]);
    });
  });

  describe('POST /team-return', () => {
    const RETURN_ON = {
      enabled: true,
      evidence: { liveCheck: RETURN_TO_QUEUE_LINE, runId: 'a1b2c3d4', checkedAt: '2026-12-04T17:00:00.000Z' },
    };

    beforeEach(async () => {
      await backend.configure({ ...DEFAULT_LEAVE_PAUSE, returnToQueue: RETURN_ON });
      await backend.control('/settings', { invitesWhilePaused: 'routed' });
    });

    async function webhooksOf(c: AssignedConversation) {
      return backend.client.conversations.v1.conversations(c.conversationSid).webhooks.list();
    }

    async function newTasksOf(c: AssignedConversation) {
      const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
      return tasks.filter(
        (task) => task.sid !== c.taskSid && JSON.parse(task.attributes).conversationSid === c.conversationSid,
      );
    }

    /** The pause ends some other way: the channel closes (without the pause's webhook, whose handler would
     * remove the record itself at the channel's end). */
    async function closeWithoutWebhook(c: AssignedConversation) {
      for (const hook of await webhooksOf(c)) {
        await backend.client.conversations.v1.conversations(c.conversationSid).webhooks(hook.sid).remove();
      }
      await backend.client.flexApi.v1
        .interaction(c.interactionSid)
        .channels(c.channelSid)
        .update({ status: 'closed' });
      await backend.emulator.idle();
    }

    it("answers what it returned and records it with Twilio's new task; the pause's webhook goes", async () => {
      const c = await pausedConversation();
      expect(await webhooksOf(c)).toHaveLength(1);
      const answer = await act('/team-return', c);
      expect(answer.status).toBe(200);
      const fresh = await newTasksOf(c);
      expect(fresh).toHaveLength(1);
      expect(answer.body).toEqual({
        ok: true,
        serverTime: expect.any(String),
        taskSid: c.taskSid,
        conversationSid: c.conversationSid,
        channelSid: c.channelSid,
        agent: c.workerSid,
        state: 'returned',
        recorded: {
          action: 'return-to-queue',
          taskSid: c.taskSid,
          agent: c.workerSid,
          by: backend.seed.workers.sam,
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          conversationSid: c.conversationSid,
          newTaskSid: fresh[0].sid,
        },
      });
      expect(await teamActions()).toEqual([answer.body.recorded]);
      expect(await webhooksOf(c)).toEqual([]);
      expect(await recordOf(c)).toBeUndefined();
    });

    it("the webhook's removal failing is harmless: returned, the record gone", async () => {
      allowConsole('error', /^leave-pause: pause-events failed: DELETE /);
      const c = await pausedConversation();
      backend.emulator.faults.add({ method: 'DELETE', pathPattern: '/Webhooks/WH', status: 503, times: 20 });
      const answer = await act('/team-return', c);
      backend.emulator.faults.clear();
      expect(answer.status).toBe(200);
      expect(answer.body.state).toBe('returned');
      expect(await recordOf(c)).toBeUndefined();
      expect(await webhooksOf(c)).toHaveLength(1);
    });

    it('a pause without a webhook: none is removed', async () => {
      const c = await pausedConversation();
      for (const hook of await webhooksOf(c)) {
        await backend.client.conversations.v1.conversations(c.conversationSid).webhooks(hook.sid).remove();
      }
      await editRecord(c, (data) => delete data.eventsWebhookSid);
      const before = backend.emulator.requests.length;
      expect((await act('/team-return', c)).status).toBe(200);
      expect(backend.emulator.requests.slice(before).filter((r) => r.path.includes('/Webhooks'))).toEqual([]);
      expect(await recordOf(c)).toBeUndefined();
    });

    it("a record written before the workflow was kept: the workflow is read from Twilio's task", async () => {
      const c = await pausedConversation();
      await editRecord(c, (data) => delete data.workflowSid);
      const before = backend.emulator.requests.length;
      const answer = await act('/team-return', c);
      expect(answer.status).toBe(200);
      expect(
        backend.emulator.requests
          .slice(before)
          .some((r) => r.method === 'GET' && r.path.endsWith(`/Tasks/${c.taskSid}`)),
      ).toBe(true);
      const fresh = await newTasksOf(c);
      expect(fresh.map((task) => task.workflowSid)).toEqual([backend.seed.workflowSid]);
    });

    it("the new task names the customer as the pause's record does", async () => {
      const c = await pausedConversation();
      await editRecord(c, (data) => (data.customer = 'Robin Renamed'));
      expect((await act('/team-return', c)).status).toBe(200);
      const fresh = await newTasksOf(c);
      expect(fresh.map((task) => JSON.parse(task.attributes) as Record<string, unknown>)).toEqual([
        expect.objectContaining({
          conversationSid: c.conversationSid,
          customerName: 'Robin Renamed',
          from: 'Robin Renamed',
        }),
      ]);
    });

    it('a record with its workflow reads no task', async () => {
      const c = await pausedConversation();
      expect((await recordOf(c))?.workflowSid).toBe(backend.seed.workflowSid);
      const before = backend.emulator.requests.length;
      expect((await act('/team-return', c)).status).toBe(200);
      expect(backend.emulator.requests.slice(before).filter((r) => r.path.includes('/Tasks/'))).toEqual([]);
    });

    it('no workflow in the record and the task unreadable: 409 task_wrong_state, still paused with its record', async () => {
      const c = await pausedConversation();
      await editRecord(c, (data) => delete data.workflowSid);
      backend.emulator.faults.add({
        method: 'GET',
        pathPattern: `/Tasks/${c.taskSid}$`,
        status: 503,
        times: 20,
      });
      const answer = await act('/team-return', c);
      backend.emulator.faults.clear();
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'task_wrong_state',
        message:
          "This conversation's original workflow is not known any more: resume it for the agent, or wait for the limit",
        field: 'TaskSid',
      });
      expect(await channelStatus(c)).toBe('pause');
      expect(await recordOf(c)).toBeDefined();
      expect(await teamActions()).toEqual([]);
    });

    it('the invite answered 500: 502, still paused with its record, nothing recorded', async () => {
      allowConsole('error', /^leave-pause: /);
      const c = await pausedConversation();
      backend.emulator.faults.add({ method: 'POST', pathPattern: '/Invites$', status: 500, times: 20 });
      const answer = await act('/team-return', c);
      backend.emulator.faults.clear();
      expect(answer.status).toBe(502);
      expect(answer.body.error).toEqual({
        code: 'twilio_error',
        message: `A Twilio request failed: POST /v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}/Invites: HTTP 500 (Twilio error 20500)`,
      });
      expect(await channelStatus(c)).toBe('pause');
      expect(await recordOf(c)).toBeDefined();
      expect(await teamActions()).toEqual([]);
    });

    it('the invite answered 200 with an error: 409 naming both, still paused with its record', async () => {
      const c = await pausedConversation();
      backend.emulator.faults.add({ method: 'POST', pathPattern: '/Invites$', mode: 'failed' });
      const answer = await act('/team-return', c);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'task_wrong_state',
        message:
          'Twilio did not return this paused conversation to the queue (HTTP 200, error 19025): it stays paused; run npm run doctor -- --live',
        field: 'TaskSid',
      });
      expect(await channelStatus(c)).toBe('pause');
      expect(await recordOf(c)).toBeDefined();
      expect(await teamActions()).toEqual([]);
    });

    it('the invite refused on a paused channel: 409 with its status and code', async () => {
      await backend.control('/settings', { invitesWhilePaused: 'refused' });
      const c = await pausedConversation();
      const answer = await act('/team-return', c);
      expect(answer.status).toBe(409);
      expect(answer.body.error?.message).toMatch(
        /^Twilio did not return this paused conversation to the queue \(HTTP 409, error \d+\): it stays paused/,
      );
      expect(await recordOf(c)).toBeDefined();
    });

    it('the pause ended some other way (the channel closed): 409 not_paused, and its record goes', async () => {
      const c = await pausedConversation();
      await closeWithoutWebhook(c);
      expect(await recordOf(c)).toBeDefined();
      const answer = await act('/team-return', c);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toEqual({
        code: 'not_paused',
        message: 'This conversation is no longer paused',
        field: 'TaskSid',
      });
      expect(await recordOf(c)).toBeUndefined();
      expect(await teamActions()).toEqual([]);
    });

    describe("Twilio's invite answers the emulator does not give", () => {
      let proxy: { base: string; close(): Promise<void> } | undefined;

      afterEach(async () => {
        await proxy?.close();
        proxy = undefined;
      });

      async function returnThrough(c: AssignedConversation) {
        if (!proxy) throw new Error('no proxy');
        return backend.invoke(
          teamReturnHandler,
          { Token: await supervisorToken(), TaskSid: c.taskSid, WorkerSid: c.workerSid },
          { TWILIO_API_BASE_URL: proxy.base },
        );
      }

      it('an invite accepted while the channel stays paused: 409 task_wrong_state, the record kept, nothing recorded', async () => {
        proxy = await startInviteProxy(backend.env.TWILIO_API_BASE_URL, async () => ({
          status: 201,
          body: { sid: 'KG' + '1'.repeat(32) },
        }));
        const c = await pausedConversation();
        const answer = await returnThrough(c);
        expect(answer.status).toBe(409);
        expect(answer.body.error).toEqual({
          code: 'task_wrong_state',
          message:
            'Twilio did not return this paused conversation to the queue (HTTP 201): it stays paused; run npm run doctor -- --live',
          field: 'TaskSid',
        });
        expect(await channelStatus(c)).toBe('pause');
        expect(await recordOf(c)).toBeDefined();
        expect(await teamActions()).toEqual([]);
      });

      it.each<[string, number, Record<string, unknown>]>([
        ['refused without a code (400)', 400, {}],
        ['answered 200 with an error code', 200, { status: 'failed', error_code: 19025 }],
      ])(
        'an invite %s while the pause ended meanwhile: 409 not_paused, its record goes',
        async (_what, status, body) => {
          proxy = await startInviteProxy(backend.env.TWILIO_API_BASE_URL, async () => ({ status, body }));
          const c = await pausedConversation();
          await closeWithoutWebhook(c);
          const answer = await returnThrough(c);
          expect(answer.status).toBe(409);
          expect(answer.body.error?.code).toBe('not_paused');
          expect(await recordOf(c)).toBeUndefined();
          expect(await teamActions()).toEqual([]);
        },
      );

      it.each<[string, (body: Record<string, unknown>) => unknown]>([
        ['no routing', () => undefined],
        ['routing without properties', () => ({})],
        ['a task SID that is no text', () => ({ properties: { sid: 7 } })],
      ])(
        'an invite whose answer names no new task (%s): returned, recorded without one',
        async (_what, routing) => {
          proxy = await startInviteProxy(backend.env.TWILIO_API_BASE_URL, async (forward) => {
            const answer = await forward();
            const body = JSON.parse(answer.body) as Record<string, unknown>;
            return { status: answer.status, body: { ...body, routing: routing(body) } };
          });
          const c = await pausedConversation();
          const answer = await returnThrough(c);
          expect(answer.status).toBe(200);
          const recorded = answer.body.recorded as Record<string, unknown>;
          expect(Object.keys(recorded).sort()).toEqual([
            'action',
            'agent',
            'at',
            'by',
            'conversationSid',
            'taskSid',
          ]);
          expect(await teamActions()).toEqual([recorded]);
          expect(await recordOf(c)).toBeUndefined();
        },
      );
    });
  });
});
