import http from 'node:http';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { RETURN_TO_QUEUE_LINE } from '../../src/config';
import { REQUEST_MAP_NAME } from '../src/lib/idempotency';
import { PAUSE_KEY_PARAM } from '../src/lib/pause-events';
import { PAUSE_MAP_NAME, keyFor } from '../src/lib/pause-store';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';
import { expectConsole } from '../../tests/console-guard';
import { twilioSignature } from '../../emulator/src/webhooks';
import { post, refusalTableRows, stateOf, type HttpAnswer } from './support';

/**
 * The table of refused requests in docs/FUNCTIONS.md, one test per row, each named after its row ("endpoint |
 * input → status code", the cells as written). The first test reads the table from that file and requires exactly
 * these rows, so the table and the code cannot drift apart.
 *
 * The task-state rows (another agent's paused, reserved or voice task; a paused conversation; a pause already
 * made, over, or with a malformed record) test the engine of issue 10: Twilio's own channel states, authorization
 * from the channel's participants and the server-owned Sync record.
 */

type Action = 'leave' | 'pause' | 'resume';
type Route = Action | 'paused';
const ACTIONS: Action[] = ['leave', 'pause', 'resume'];
const ROUTES: Route[] = ['leave', 'pause', 'resume', 'paused'];
const HANDLERS = { leave: leaveHandler, pause: pauseHandler, resume: resumeHandler, paused: pausedHandler };
const SID = (prefix: string, fill = 'a') => prefix + fill.repeat(32);
/** Every endpoint that takes a body: the agent's four. */
const BODY_ROUTES = ['/leave', '/pause', '/resume', '/paused'];

let backend: Backend;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const tasks = () => backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks;
const task = (sid: string) => backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks(sid);
const alice = () => backend.seed.workers.alice;
const bob = () => backend.seed.workers.bob;
const token = (workerSid: string, roles?: string[]) => backend.tokenFor(workerSid, roles);

/** The answer, and whether it left every task, reservation, worker, interaction, conversation and record alone. */
async function refused(send: () => Promise<HttpAnswer>) {
  await backend.emulator.idle();
  const before = stateOf(backend.emulator);
  const answer = await send();
  await backend.emulator.idle();
  return { ...answer, unchanged: stateOf(backend.emulator) === before };
}

function expectRefusal(
  answer: HttpAnswer & { unchanged: boolean },
  status: number,
  code: string,
  field?: string,
) {
  expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
  if (field) expect(answer.body.error?.field).toBe(field);
  expect(answer.unchanged).toBe(true);
}

/** The team view's endpoints (issue 18 part 4) and the live feed's token (part 2). */
const TEAM_ROUTES = ['/team-paused', '/team-resume', '/team-return', '/live-token'];

/** What each of those takes besides the token: the team actions name a pause by its task and its agent. */
function teamFieldsOf(route: string, c: AssignedConversation): Record<string, string> {
  return route === '/team-resume' || route === '/team-return'
    ? { TaskSid: c.taskSid, WorkerSid: c.workerSid }
    : {};
}

const supervisorToken = () => token(backend.seed.workers.sam, ['supervisor']);

/** Both team actions on: Resume for the agent, and Return to the queue with the live check's evidence. */
async function teamActionsOn() {
  await backend.configure({
    ...DEFAULT_LEAVE_PAUSE,
    supervisorsMayAct: true,
    returnToQueue: {
      enabled: true,
      evidence: { liveCheck: RETURN_TO_QUEUE_LINE, runId: 'a1b2c3d4', checkedAt: '2026-12-04T17:00:00.000Z' },
    },
  });
  await backend.control('/settings', { invitesWhilePaused: 'routed' });
}

/** Each action's conversations on a channel of their own: an agent's capacity is one per channel. */
const CHANNEL_OF = { leave: 'chat', pause: 'sms', resume: 'whatsapp' } as const;

/** A conversation in the state each action acts on: assigned to the agent, and paused for resume. */
async function actionable(action: Action, workerSid = alice()): Promise<AssignedConversation> {
  const c = await backend.assignedConversation({ workerSid, channelType: CHANNEL_OF[action] });
  if (action === 'resume') await pauseAs(c);
  return c;
}

/** The fields an endpoint takes for this conversation: resume names only the task, paused nothing. */
function fieldsOf(
  route: Route,
  c: Pick<AssignedConversation, 'taskSid' | 'interactionSid' | 'channelSid'>,
): Record<string, string> {
  if (route === 'paused') return {};
  if (route === 'resume') return { TaskSid: c.taskSid };
  return { TaskSid: c.taskSid, InteractionSid: c.interactionSid, ChannelSid: c.channelSid };
}

async function pauseAs(c: AssignedConversation): Promise<HttpAnswer> {
  const answer = await post(backend, '/pause', await backend.actionEvent(c));
  expect(answer.status).toBe(200);
  await backend.emulator.idle();
  return answer;
}

async function leaveAs(c: AssignedConversation) {
  const answer = await post(backend, '/leave', await backend.actionEvent(c));
  expect(answer.status).toBe(200);
  await backend.emulator.idle();
}

/** A voice task assigned to the agent: created, routed to them (the only one available) and accepted. */
async function assignedVoiceTask(workerSid: string): Promise<string> {
  for (const other of Object.values(backend.seed.workers).filter((sid) => sid !== workerSid)) {
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .workers(other)
      .update({ activitySid: backend.seed.activities.offline });
  }
  const created = await tasks().create({
    workflowSid: backend.seed.workflowSid,
    taskChannel: 'voice',
    attributes: JSON.stringify({ call_sid: SID('CA') }),
  });
  await backend.emulator.idle();
  const [offer] = await task(created.sid).reservations.list({ reservationStatus: 'pending' });
  expect(offer?.workerSid).toBe(workerSid);
  await task(created.sid).reservations(offer.sid).update({ reservationStatus: 'accepted' });
  await backend.emulator.idle();
  return created.sid;
}

/**
 * A transfer as Flex makes it: an invite on the conversation's channel naming the target, who accepts. The
 * target is made available (their capacity for the channel's type is one).
 */
async function transferredTo(workerSid: string, from: AssignedConversation): Promise<AssignedConversation> {
  await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .workers(workerSid)
    .update({ activitySid: backend.seed.activities.available });
  await backend.client.flexApi.v1
    .interaction(from.interactionSid)
    .channels(from.channelSid)
    .invites.create({
      routing: {
        properties: {
          workspace_sid: backend.seed.workspaceSid,
          workflow_sid: backend.seed.workflowSid,
          task_channel_unique_name: 'chat',
          worker_sid: workerSid,
        },
      },
    });
  await backend.emulator.idle();
  const worker = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).workers(workerSid);
  const [offer] = await worker.reservations.list({ reservationStatus: 'pending' });
  expect(offer?.workerSid).toBe(workerSid);
  await worker.reservations(offer.sid).update({ reservationStatus: 'accepted' });
  await backend.emulator.idle();
  return { ...from, taskSid: offer.taskSid, workerSid };
}

/** An agent acting on a task through a channel: the SIDs are what the agent claims. */
const actAs = async (
  action: Action,
  workerSid: string,
  c: Pick<AssignedConversation, 'taskSid' | 'interactionSid' | 'channelSid'>,
  roles?: string[],
) =>
  refused(async () =>
    post(backend, `/${action}`, { Token: await token(workerSid, roles), ...fieldsOf(action, c) }),
  );

/** A raw HTTP request to the Functions host, for what fetch will not send (no Content-Length). */
function rawRequest(route: string, options: http.RequestOptions, body: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${backend.functionsUrl}${route}`, options, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        let parsed: HttpAnswer['body'];
        try {
          parsed = JSON.parse(text) as HttpAnswer['body'];
        } catch {
          parsed = { raw: text, contentType: response.headers['content-type'] };
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Calls a handler in-process with this environment, the runtime's way, for a form body of these fields. */
async function invokeWith(
  handler: typeof leaveHandler,
  env: Record<string, string | undefined>,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const reply = await new Promise<{ statusCode: number; body: HttpAnswer['body'] }>((resolve) => {
    void handler(
      { ...backend.env, ...env, DOMAIN_NAME: env.DOMAIN_NAME ?? '127.0.0.1' },
      { request: { headers: { ...formHeaders(params), ...headers }, cookies: {} }, ...params },
      (_error, result) => resolve(result as never),
    );
  });
  return { status: reply.statusCode, body: reply.body };
}

const ROWS: Record<string, () => Promise<void>> = {
  'leave / pause / resume / paused | `Token` missing, empty, forged or expired → 401 `unauthorized`':
    async () => {
      for (const route of ROUTES) {
        const c = await actionable(route === 'paused' ? 'resume' : route);
        const expired = backend.emulator.issueToken({ workerSid: alice(), ttlSeconds: 60 }).token;
        const tokens: (string | undefined)[] = [undefined, '', 'emu.' + 'f'.repeat(48), expired];
        await backend.emulator.clock.advance(120);
        for (const Token of tokens) {
          const answer = await refused(() => post(backend, `/${route}`, { Token, ...fieldsOf(route, c) }));
          expectRefusal(answer, 401, 'unauthorized');
        }
      }
    },

  'leave / pause / resume / paused | `Token` a number, array or object, over 8192 characters, or with a character no JWT has (anything but letters, digits, `-`, `_`, `.`) → 400 `invalid_field`':
    async () => {
      for (const route of ROUTES) {
        const c = await actionable(route === 'paused' ? 'resume' : route);
        const good = await token(alice());
        for (const Token of [
          42,
          [good],
          { jwt: good },
          'a'.repeat(8193),
          `${good} `,
          `${good}=`,
          'emu/x',
          'émû',
        ]) {
          const answer = await refused(() => post(backend, `/${route}`, { Token, ...fieldsOf(route, c) }));
          expectRefusal(answer, 400, 'invalid_field', 'Token');
        }
      }
    },

  'leave / pause / resume | a SID missing or empty → 400 `missing_field` (`field` names it)': async () => {
    const c = await backend.assignedConversation();
    const Token = await token(alice());
    for (const action of ACTIONS) {
      const fields: Record<string, string> = fieldsOf(action, c);
      for (const name of Object.keys(fields)) {
        for (const value of [undefined, '']) {
          const sent: Record<string, string | undefined> = { Token, ...fields, [name]: value };
          if (value === undefined) delete sent[name];
          expectRefusal(await refused(() => post(backend, `/${action}`, sent)), 400, 'missing_field', name);
        }
      }
    }
  },

  'leave / pause / resume | a SID of another type or prefix (`CH…` for `TaskSid`), too long, not hex → 400 `invalid_field` (`field` names it)':
    async () => {
      const c = await backend.assignedConversation();
      const Token = await token(alice());
      for (const action of ACTIONS) {
        const fields: Record<string, string> = fieldsOf(action, c);
        for (const name of Object.keys(fields)) {
          const prefix = fields[name].slice(0, 2);
          for (const value of [
            42,
            [fields[name]],
            { sid: fields[name] },
            SID('CH' === prefix ? 'WT' : 'CH'),
            fields[name] + 'a',
            prefix + 'z'.repeat(32),
          ]) {
            const answer = await refused(() =>
              post(backend, `/${action}`, { Token, ...fields, [name]: value }),
            );
            expectRefusal(answer, 400, 'invalid_field', name);
          }
        }
      }
    },

  'leave / pause / resume / paused | an unknown extra field, whatever its name (`request` included) → 400 `unknown_field` (`field` names it)':
    async () => {
      for (const route of ROUTES) {
        const c = await actionable(route === 'paused' ? 'resume' : route);
        const Token = await token(alice());
        for (const name of ['Force', 'request', 'constructor', 'toString', 'token', 'taskSid', 'WorkerSid']) {
          const answer = await refused(() =>
            post(backend, `/${route}`, { Token, ...fieldsOf(route, c), [name]: 'x' }),
          );
          expectRefusal(answer, 400, 'unknown_field', name);
        }
        // The runtime's own shape, sent as a body field, is still a body field.
        const spoof = { headers: { 'content-type': 'application/json' } };
        const answer = await refused(() =>
          post(backend, `/${route}`, { Token, ...fieldsOf(route, c), request: spoof }),
        );
        expectRefusal(answer, 400, 'unknown_field', 'request');
      }
    },

  'leave / pause / resume | an `IdempotencyKey` that is not 8 to 64 letters, digits or `-` (a UUID is one) → 400 `invalid_field` (`field` names it)':
    async () => {
      for (const route of ['leave', 'pause', 'resume'] as const) {
        const c = await actionable(route);
        const Token = await token(alice());
        for (const key of ['short', 'has space in it', 'x'.repeat(65), 'semi;colon-1234']) {
          const answer = await refused(() =>
            post(backend, `/${route}`, { Token, ...fieldsOf(route, c), IdempotencyKey: key }),
          );
          expectRefusal(answer, 400, 'invalid_field', 'IdempotencyKey');
        }
      }
    },

  'leave / pause / resume | a copy of a request (the same `IdempotencyKey` from the same agent) while the first is still running → 409 `request_in_progress`':
    async () => {
      for (const route of ['leave', 'pause', 'resume'] as const) {
        const c = await actionable(route);
        const key = `c0ffee00-0000-4000-8000-00000000000${route.length}`;
        // The first copy's claim, as a request still running leaves it (serverless/src/lib/idempotency.ts), in
        // the map `npm run provision` creates.
        await backend.client.sync.v1
          .services(backend.env.SYNC_SERVICE_SID)
          .syncMaps.create({ uniqueName: REQUEST_MAP_NAME })
          .catch(() => undefined);
        await backend.client.sync.v1
          .services(backend.env.SYNC_SERVICE_SID)
          .syncMaps(REQUEST_MAP_NAME)
          .syncMapItems.create({
            key: `${alice()}:${route}:${key}`,
            data: { state: 'running' },
            itemTtl: 60,
          });
        const Token = await token(alice());
        const answer = await refused(() =>
          post(backend, `/${route}`, { Token, ...fieldsOf(route, c), IdempotencyKey: key }),
        );
        expectRefusal(answer, 409, 'request_in_progress');
      }
    },

  "leave / pause / resume / paused | a field in the URL's query string rather than the body (the `Token` above all) → 400 `field_in_url`":
    async () => {
      for (const route of ROUTES) {
        const c = await actionable(route === 'paused' ? 'resume' : route);
        const Token = await token(alice());
        const tokenInUrl = await refused(() => post(backend, `/${route}?Token=${Token}`, fieldsOf(route, c)));
        expectRefusal(tokenInUrl, 400, 'field_in_url');
        if (route === 'paused') continue;
        const sidInUrl = await refused(() =>
          post(
            backend,
            `/${route}?TaskSid=${c.taskSid}`,
            { ...fieldsOf(route, c), TaskSid: undefined, Token },
            { form: false },
          ),
        );
        expectRefusal(sidInUrl, 400, 'field_in_url');
      }
    },

  'leave / pause / resume / paused | a method other than POST: a request without a JSON or form body (OPTIONS gets the CORS answer) → 405 `method_not_allowed`':
    async () => {
      const c = await actionable('pause');
      const Token = await token(alice());
      const query = new URLSearchParams({ Token, ...fieldsOf('pause', c) }).toString();
      for (const route of BODY_ROUTES) {
        for (const method of ['GET', 'DELETE', 'PUT', 'HEAD']) {
          const answer = await refused(async () => {
            const response = await fetch(`${backend.functionsUrl}${route}?${query}`, { method });
            const text = await response.text();
            return { status: response.status, body: text ? (JSON.parse(text) as HttpAnswer['body']) : {} };
          });
          expect(answer.status).toBe(405);
          if (method !== 'HEAD') expect(answer.body.error?.code).toBe('method_not_allowed');
          expect(answer.unchanged).toBe(true);
        }
        const textBody = await refused(() =>
          rawRequest(route, { method: 'POST', headers: { 'Content-Type': 'text/plain' } }, `Token=${Token}`),
        );
        expectRefusal(textBody, 405, 'method_not_allowed');
        const preflight = await fetch(`${backend.functionsUrl}${route}`, {
          method: 'OPTIONS',
          headers: { 'Access-Control-Request-Method': 'POST', Origin: 'https://flex.twilio.com' },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      }
    },

  'leave / pause / resume / paused | a body without `Content-Length` → 411 `length_required`': async () => {
    const c = await actionable('pause');
    const body = JSON.stringify({ Token: await token(alice()), ...fieldsOf('pause', c) });
    for (const route of BODY_ROUTES) {
      // Chunked: the runtime drops Transfer-Encoding, so the Function sees a body of no stated length.
      const answer = await refused(() =>
        rawRequest(
          route,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
          },
          body,
        ),
      );
      expectRefusal(answer, 411, 'length_required');
    }
  },

  'leave / pause / resume / paused | a body over 16 KB → 413 `payload_too_large`': async () => {
    const c = await actionable('pause');
    const Token = await token(alice());
    for (const route of ROUTES) {
      const answer = await refused(() =>
        post(backend, `/${route}`, { Token, ...fieldsOf(route, c), Padding: 'x'.repeat(16 * 1024) }),
      );
      expectRefusal(answer, 413, 'payload_too_large');
    }
  },

  'any | a body the runtime cannot parse: malformed JSON, over 6 MB (the runtime answers, before our code) → 400 / 413 not JSON (see ARCHITECTURE)':
    async () => {
      for (const route of BODY_ROUTES) {
        const malformed = await refused(() =>
          rawRequest(route, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, '{"Token":'),
        );
        expect(malformed.status).toBe(400);
        expect(malformed.body.ok).toBeUndefined();
        expect(malformed.unchanged).toBe(true);
        const huge = await refused(() =>
          rawRequest(
            route,
            { method: 'POST', headers: { 'Content-Type': 'application/json' } },
            JSON.stringify({ Token: 'x'.repeat(6 * 1024 * 1024 + 1) }),
          ),
        );
        expect(huge.status).toBe(413);
        expect(huge.body.ok).toBeUndefined();
        expect(huge.unchanged).toBe(true);
      }
    },

  "leave / pause / resume | another agent's assigned task, also named with the caller's own channel; a supervisor without `supervisorsMayAct` → 403 `forbidden`":
    async () => {
      for (const action of ['leave', 'pause'] as const) {
        const c = await actionable(action);
        expectRefusal(await actAs(action, bob(), c), 403, 'forbidden');
        const supervisor = backend.seed.workers.sam;
        expectRefusal(await actAs(action, supervisor, c, ['supervisor']), 403, 'forbidden');
        // Bob names Alice's task with his own live channel: his channel has no such task, so it is not his
        // (403, as for a made-up task), never a 409 that would tell him the task exists.
        const bobs = await backend.assignedConversation({
          workerSid: bob(),
          channelType: CHANNEL_OF[action],
        });
        const answer = await actAs(action, bob(), { ...bobs, taskSid: c.taskSid });
        expectRefusal(answer, 403, 'forbidden', 'TaskSid');
        await leaveAs(bobs);
      }
      // Resume acts on the caller's own pause record only: an assigned task of Alice's has none of Bob's.
      const c = await backend.assignedConversation({ channelType: 'email' });
      expectRefusal(await actAs('resume', bob(), c), 403, 'forbidden');
      expectRefusal(await actAs('resume', backend.seed.workers.sam, c, ['supervisor']), 403, 'forbidden');
    },

  "leave / pause / resume | another agent's paused task → 403 `forbidden`": async () => {
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const nothing = { taskSid: SID('WT', 'e'), interactionSid: SID('KD', 'e'), channelSid: SID('UO', 'e') };
    for (const action of ACTIONS) {
      const answer = await actAs(action, bob(), c);
      expectRefusal(answer, 403, 'forbidden');
      // Nothing about the pause is revealed: the very answer a task that does not exist gets.
      expect(answer.body.error).toEqual((await actAs(action, bob(), nothing)).body.error);
    }
  },

  "leave / pause / resume | another agent's task reserved but not accepted, or completed → 403 `forbidden`":
    async () => {
      for (const action of ACTIONS) {
        const channelType = CHANNEL_OF[action];
        const reserved = await backend.assignedConversation({ accept: false, channelType });
        expectRefusal(await actAs(action, bob(), reserved), 403, 'forbidden');
        await task(reserved.taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
        await backend.emulator.idle();
        const completed = await backend.assignedConversation({ channelType });
        await leaveAs(completed);
        expectRefusal(await actAs(action, bob(), completed), 403, 'forbidden');
      }
    },

  "leave / pause / resume | another agent's voice task (named with any channel) → 403 `forbidden`":
    async () => {
      const voice = await assignedVoiceTask(alice());
      const someChannel = await backend.assignedConversation();
      for (const action of ACTIONS) {
        expectRefusal(await actAs(action, bob(), { ...someChannel, taskSid: voice }), 403, 'forbidden');
      }
    },

  "leave / pause | the caller's own task through a channel not its own: a voice task (even one naming her chat), a task reserved but not accepted or completed, a task or channel that does not exist, a made-up task on her own channel (one answer for all) → 403 `forbidden`":
    async () => {
      const voice = await assignedVoiceTask(alice());
      const missing = { taskSid: SID('WT', 'e'), interactionSid: SID('KD', 'e'), channelSid: SID('UO', 'e') };
      for (const action of ['leave', 'pause'] as const) {
        expectRefusal(
          await actAs(action, alice(), { ...missing, taskSid: voice }),
          403,
          'forbidden',
          'TaskSid',
        );
        expectRefusal(await actAs(action, alice(), missing), 403, 'forbidden', 'TaskSid');
      }
      // Her own voice task with her own chat's SIDs, and a made-up task on her own chat: the same answer.
      const chat = await backend.assignedConversation({ channelType: 'chat' });
      for (const action of ['leave', 'pause'] as const) {
        const mine = { ...chat, taskSid: voice };
        expectRefusal(await actAs(action, alice(), mine), 403, 'forbidden', 'TaskSid');
        const madeUp = { ...chat, taskSid: SID('WT', 'e') };
        expectRefusal(await actAs(action, alice(), madeUp), 403, 'forbidden', 'TaskSid');
      }
      await leaveAs(chat);
      await task(voice)
        .update({ assignmentStatus: 'wrapping', reason: 'test' })
        .catch(() => undefined);
      await task(voice)
        .update({ assignmentStatus: 'completed', reason: 'test' })
        .catch(() => undefined);
      await backend.emulator.idle();
      for (const action of ['leave', 'pause'] as const) {
        const channelType = CHANNEL_OF[action];
        const reserved = await backend.assignedConversation({ accept: false, channelType });
        expectRefusal(await actAs(action, alice(), reserved), 403, 'forbidden', 'TaskSid');
        await task(reserved.taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
        await backend.emulator.idle();
        // Completed with Flex's own Complete (not left: a task she left is the race row's "left meanwhile").
        const completed = await backend.assignedConversation({ channelType });
        await backend.control('/agent/complete', { taskSid: completed.taskSid });
        await backend.emulator.idle();
        expectRefusal(await actAs(action, alice(), completed), 403, 'forbidden', 'TaskSid');
      }
    },

  "leave / pause / resume | a task transferred away (cold; warm once its agent left with `closed` or `wrapup`), or whose attributes were edited before accepting to name another agent's channel → 403 `forbidden`":
    async () => {
      // Cold: Bob's Flex invites Alice to his conversation; she accepts; Flex closes his participant.
      const bobs = await backend.assignedConversation({ workerSid: bob() });
      const alices = await transferredTo(alice(), bobs);
      const flex = backend.client.flexApi.v1.interaction(bobs.interactionSid).channels(bobs.channelSid);
      const bobsPart = (await flex.participants.list()).find(
        (p) => p.routingProperties?.task_sid === bobs.taskSid,
      );
      await flex.participants(bobsPart?.sid ?? '').update({ status: 'closed' });
      await backend.emulator.idle();
      for (const action of ACTIONS) expectRefusal(await actAs(action, bob(), bobs), 403, 'forbidden');
      // Warm: Alice invites Bob back and both are in: his old task is an ended one of his own conversation
      // (the 409 row below); once he leaves with `wrapup`, the task he came back with is refused too.
      const back = await transferredTo(bob(), alices);
      expectRefusal(await actAs('pause', bob(), bobs), 409, 'task_wrong_state');
      const backPart = (await flex.participants.list()).find(
        (p) => p.routingProperties?.task_sid === back.taskSid,
      );
      await flex.participants(backPart?.sid ?? '').update({ status: 'wrapup' });
      await backend.emulator.idle();
      for (const action of ACTIONS) expectRefusal(await actAs(action, bob(), back), 403, 'forbidden');
      // Edited before accepting: Bob points a task reserved to him at Alice's conversation, then accepts.
      await leaveAs(alices);
      const hers = await backend.assignedConversation({ channelType: 'sms' });
      const his = await backend.assignedConversation({ workerSid: bob(), channelType: 'sms', accept: false });
      const attributes = JSON.parse((await task(his.taskSid).fetch()).attributes) as Record<string, unknown>;
      await task(his.taskSid).update({
        attributes: JSON.stringify({
          ...attributes,
          flexInteractionSid: hers.interactionSid,
          flexInteractionChannelSid: hers.channelSid,
        }),
      });
      const [offer] = await task(his.taskSid).reservations.list({ reservationStatus: 'pending' });
      await task(his.taskSid).reservations(offer.sid).update({ reservationStatus: 'accepted' });
      await backend.emulator.idle();
      for (const action of ACTIONS) {
        expectRefusal(await actAs(action, bob(), { ...hers, taskSid: his.taskSid }), 403, 'forbidden');
      }
    },

  "leave / pause | an ended task of the caller's that is no longer its conversation's current task (the caller is in it through a newer task) → 409 `task_wrong_state`":
    async () => {
      const c = await backend.assignedConversation();
      await pauseAs(c);
      const resumed = await post(backend, '/resume', { Token: await token(alice()), TaskSid: c.taskSid });
      expect(resumed.status).toBe(200);
      await backend.emulator.idle();
      for (const action of ['leave', 'pause'] as const) {
        expectRefusal(await actAs(action, alice(), c), 409, 'task_wrong_state', 'TaskSid');
      }
    },

  'leave | a paused conversation → 409 `task_wrong_state`': async () => {
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const answer = await actAs('leave', alice(), c);
    expectRefusal(answer, 409, 'task_wrong_state', 'TaskSid');
    expect(answer.body.error?.message).toMatch(/paused/);
  },

  'leave / pause | the other of the two won meanwhile (Leave and Pause racing: the loser), also when the winner had finished first ("left meanwhile", "paused meanwhile", never 403 about the caller\'s own conversation) → 409 `task_wrong_state`':
    async () => {
      for (let round = 0; round < 2; round++) {
        const c = await backend.assignedConversation();
        const event = await backend.actionEvent(c);
        const runs = [
          backend.invoke(pauseHandler, event, backend.env),
          backend.invoke(leaveHandler, event, backend.env),
        ];
        const [paused, left] =
          round % 2 === 0 ? await Promise.all(runs) : (await Promise.all(runs.reverse())).reverse();
        const loser = paused.status === 200 ? left : paused;
        expect([paused.status, left.status].sort()).toEqual([200, 409]);
        expect(loser.body.error).toMatchObject({ code: 'task_wrong_state', field: 'TaskSid' });
        await backend.emulator.idle();
        if (paused.status === 200) {
          await post(backend, '/resume', { Token: await token(alice()), TaskSid: c.taskSid });
          await backend.emulator.idle();
          await backend.control('/agent/complete', { taskSid: c.taskSid }).catch(() => undefined);
        }
        await backend.emulator.idle();
        for (const reservation of await tasks().list()) {
          if (['assigned', 'wrapping'].includes(reservation.assignmentStatus)) {
            await task(reservation.sid)
              .update({ assignmentStatus: 'completed', reason: 'test' })
              .catch(() => undefined);
          }
        }
        await backend.emulator.idle();
      }
      // The winner had finished before the loser read Twilio's records (Leave had already taken the agent out
      // of the channel): the loser is still told what won, never "not yours" about its own conversation.
      const left = await backend.assignedConversation();
      await leaveAs(left);
      for (const loser of ['pause', 'leave'] as const) {
        const answer = await actAs(loser, alice(), left);
        expectRefusal(answer, 409, 'task_wrong_state', 'TaskSid');
        expect(answer.body.error?.message).toBe(
          'This conversation was left meanwhile: it waits for the customer',
        );
      }
      // Another agent naming that task still learns nothing: the mark is the leaver's own.
      expectRefusal(await actAs('pause', bob(), left), 403, 'forbidden', 'TaskSid');
      const paused = await backend.assignedConversation({ channelType: 'sms' });
      await pauseAs(paused);
      const answer = await actAs('leave', alice(), paused);
      expectRefusal(answer, 409, 'task_wrong_state', 'TaskSid');
      expect(answer.body.error?.message).toBe(
        'This conversation was paused meanwhile: resume it before leaving',
      );
    },

  'pause | a conversation this agent already paused (a double click) → 200 the same pause, `alreadyPaused: true`':
    async () => {
      const c = await backend.assignedConversation();
      const first = await pauseAs(c);
      const again = await actAs('pause', alice(), c);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        alreadyPaused: true,
        pausedAt: first.body.pausedAt,
        reassignAt: first.body.reassignAt,
        channelSid: c.channelSid,
      });
      expect(again.unchanged).toBe(true);
    },

  "resume | a task with no pause of the caller's: another agent's pause, none, or a pause record that is incomplete or malformed (never an answer with `undefined` in it) → 403 `forbidden`":
    async () => {
      const active = await backend.assignedConversation();
      expectRefusal(await actAs('resume', alice(), active), 403, 'forbidden', 'TaskSid');
      const paused = await backend.assignedConversation({ channelType: 'sms' });
      await pauseAs(paused);
      expectRefusal(await actAs('resume', bob(), paused), 403, 'forbidden', 'TaskSid');
      const item = backend.client.sync.v1
        .services(backend.env.SYNC_SERVICE_SID)
        .syncMaps(PAUSE_MAP_NAME)
        .syncMapItems(keyFor(alice(), paused.taskSid));
      const whole = (await item.fetch()).data as Record<string, unknown>;
      for (const broken of [
        { ...whole, channelSid: undefined },
        { ...whole, interactionSid: '../Interactions' },
        { ...whole, reassignAt: 'later' },
        { pausedBy: alice() },
      ]) {
        await item.update({ data: broken });
        const answer = await actAs('resume', alice(), paused);
        expectRefusal(answer, 403, 'forbidden', 'TaskSid');
        expect(JSON.stringify(answer.body)).not.toContain('undefined');
      }
    },

  'paused | a pause record that is incomplete or malformed → 200 left out of `paused`': async () => {
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const list = async () => post(backend, '/paused', { Token: await token(alice()) });
    expect(((await list()).body.paused as unknown[]).length).toBe(1);
    const item = backend.client.sync.v1
      .services(backend.env.SYNC_SERVICE_SID)
      .syncMaps(PAUSE_MAP_NAME)
      .syncMapItems(keyFor(alice(), c.taskSid));
    const whole = (await item.fetch()).data as Record<string, unknown>;
    await item.update({ data: { ...whole, customer: undefined, pausedAt: 'soon' } });
    const answer = await refused(list);
    expect(answer.status).toBe(200);
    expect(answer.body.paused).toEqual([]);
    expect(answer.unchanged).toBe(true);
  },

  "resume | a pause that reached Twilio's time limit (reassigned) or is otherwise over → 409 `not_paused`":
    async () => {
      const c = await backend.assignedConversation();
      const paused = await pauseAs(c);
      // Its record still there: Twilio's event at the limit not yet handled (pause-events drops the record
      // then), as when the pause's events webhook could not be attached.
      const hooks = backend.client.conversations.v1.conversations(c.conversationSid).webhooks;
      for (const hook of await hooks.list()) await hooks(hook.sid).remove();
      await backend.emulator.clock.advanceTo(new Date(String(paused.body.reassignAt)));
      await backend.emulator.idle();
      const answer = await refused(async () =>
        post(backend, '/resume', { Token: await token(alice()), TaskSid: c.taskSid }),
      );
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({
        status: 409,
        code: 'not_paused',
      });
    },

  "pause-events | an event not signed by Twilio for its URL (no or a wrong `X-Twilio-Signature`), or signed but naming another conversation than its pause's → 403 `forbidden`":
    async () => {
      const c = await backend.assignedConversation({ channelType: 'sms' });
      await pauseAs(c);
      await backend.emulator.customer.send(c.conversationSid, 'Anyone there?');
      await backend.emulator.idle();
      const delivery = backend.emulator.deliveries[backend.emulator.deliveries.length - 1];
      const url = new URL(delivery.url);
      const message = { ...delivery.params, MessageSid: `IM${'3'.repeat(32)}` };
      const foreign = { ...message, ConversationSid: `CH${'4'.repeat(32)}` };
      for (const [fields, signature] of [
        [message, undefined],
        [message, twilioSignature('not-the-auth-token', delivery.url, message)],
        [foreign, twilioSignature(backend.emulator.authToken, delivery.url, foreign)],
      ] as const) {
        const answer = await refused(() =>
          post(backend, url.pathname + url.search, fields, {
            form: true,
            headers: signature ? { 'X-Twilio-Signature': signature } : {},
          }),
        );
        expectRefusal(answer, 403, 'forbidden');
      }
    },

  "pause-events | an event not form-encoded (JSON), without its pause's key in the URL, or signed for a key that names no pause (`{WK}:{WT}`) → 403 `forbidden`":
    async () => {
      const c = await backend.assignedConversation({ channelType: 'sms' });
      await pauseAs(c);
      await backend.emulator.customer.send(c.conversationSid, 'Anyone there?');
      await backend.emulator.idle();
      const delivery = backend.emulator.deliveries[backend.emulator.deliveries.length - 1];
      const message = { ...delivery.params, MessageSid: `IM${'5'.repeat(32)}` };
      const signed = (url: string) => ({
        'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, url, message),
      });
      const url = new URL(delivery.url);
      const withoutKey = new URL(delivery.url);
      withoutKey.searchParams.delete(PAUSE_KEY_PARAM);
      const noPause = new URL(delivery.url);
      noPause.searchParams.set(PAUSE_KEY_PARAM, 'not-a-pause-key');
      for (const send of [
        // JSON, signed as a form would be: Twilio posts its events form-encoded, nothing else is read.
        () => post(backend, url.pathname + url.search, message, { headers: signed(delivery.url) }),
        () =>
          post(backend, withoutKey.pathname + withoutKey.search, message, {
            form: true,
            headers: signed(withoutKey.toString()),
          }),
        () =>
          post(backend, noPause.pathname + noPause.search, message, {
            form: true,
            headers: signed(noPause.toString()),
          }),
      ]) {
        expectRefusal(await refused(send), 403, 'forbidden');
      }
    },

  "pause-events | the same signed event again (Twilio's retry or a replay: a `MessageSid` already counted) → 200 `repeated`, nothing changed":
    async () => {
      const c = await backend.assignedConversation({ channelType: 'sms' });
      await pauseAs(c);
      await backend.emulator.customer.send(c.conversationSid, 'Anyone there?');
      await backend.emulator.idle();
      const delivery = backend.emulator.deliveries[backend.emulator.deliveries.length - 1];
      expect(delivery.status).toBe(200);
      const url = new URL(delivery.url);
      const answer = await refused(() =>
        post(backend, url.pathname + url.search, delivery.params, {
          form: true,
          headers: {
            'X-Twilio-Signature': twilioSignature(backend.emulator.authToken, delivery.url, delivery.params),
          },
        }),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.outcome).toBe('repeated');
      expect(answer.unchanged).toBe(true);
    },

  'team-paused / team-resume / team-return / live-token | `Token` missing, empty, forged or expired → 401 `unauthorized`':
    async () => {
      const c = await backend.assignedConversation();
      await pauseAs(c);
      const expired = backend.emulator.issueToken({
        workerSid: backend.seed.workers.sam,
        ttlSeconds: 60,
      }).token;
      await backend.emulator.clock.advance(120);
      for (const route of TEAM_ROUTES) {
        for (const Token of [undefined, '', 'emu.' + 'f'.repeat(48), expired]) {
          const fields = { ...(Token === undefined ? {} : { Token }), ...teamFieldsOf(route, c) };
          expectRefusal(await refused(() => post(backend, route, fields)), 401, 'unauthorized');
        }
      }
    },

  'team-paused / team-resume / team-return | a caller whose validated Flex token has neither the `supervisor` nor the `admin` role (an agent, the pausing agent on their own pause included) → 403 `forbidden`':
    async () => {
      await teamActionsOn();
      const c = await backend.assignedConversation();
      await pauseAs(c);
      for (const route of ['/team-paused', '/team-resume', '/team-return']) {
        for (const worker of [bob(), c.workerSid]) {
          const Token = await token(worker, ['agent']);
          const answer = await refused(() => post(backend, route, { Token, ...teamFieldsOf(route, c) }));
          expectRefusal(answer, 403, 'forbidden');
          expect(answer.body.paused).toBeUndefined();
        }
      }
    },

  'team-paused / team-resume / team-return / live-token | a role, a worker, an identity or any other unknown field in the body (`Roles`, `Identity`, `WorkerSid` for live-token) → 400 `unknown_field` (`field` names it)':
    async () => {
      await teamActionsOn();
      const c = await backend.assignedConversation();
      await pauseAs(c);
      const extras: [string, Record<string, unknown>][] = [
        ['/team-paused', { Roles: ['supervisor'] }],
        ['/team-resume', { Roles: ['admin'] }],
        ['/team-return', { Identity: 'someone' }],
        ['/live-token', { Identity: bob() }],
        ['/live-token', { WorkerSid: bob() }],
      ];
      for (const [route, extra] of extras) {
        const Token = await token(route === '/live-token' ? alice() : bob(), ['agent']);
        const answer = await refused(() =>
          post(backend, route, { Token, ...teamFieldsOf(route, c), ...extra }),
        );
        expectRefusal(answer, 400, 'unknown_field', Object.keys(extra)[0]);
        expect(answer.body.token).toBeUndefined();
      }
    },

  'team-resume / team-return | a `TaskSid` or `WorkerSid` missing, or not a SID of its type → 400 `missing_field` / `invalid_field` (`field` names it)':
    async () => {
      await teamActionsOn();
      const c = await backend.assignedConversation();
      await pauseAs(c);
      const Token = await supervisorToken();
      for (const route of ['/team-resume', '/team-return']) {
        for (const field of ['TaskSid', 'WorkerSid'] as const) {
          const fields: Record<string, string> = { Token, ...teamFieldsOf(route, c) };
          delete fields[field];
          expectRefusal(await refused(() => post(backend, route, fields)), 400, 'missing_field', field);
          const wrong = {
            ...teamFieldsOf(route, c),
            [field]: field === 'TaskSid' ? c.channelSid : c.taskSid,
          };
          expectRefusal(
            await refused(() => post(backend, route, { Token, ...wrong })),
            400,
            'invalid_field',
            field,
          );
        }
      }
    },

  'team-resume | `supervisorsMayAct` off → 409 `feature_off`': async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: false });
    const c = await backend.assignedConversation();
    await pauseAs(c);
    const Token = await supervisorToken();
    const answer = await refused(() =>
      post(backend, '/team-resume', { Token, ...teamFieldsOf('/team-resume', c) }),
    );
    expectRefusal(answer, 409, 'feature_off');
  },

  "team-return | Return to the queue off, or turned on by hand without the live check's evidence → 409 `feature_off`":
    async () => {
      const c = await backend.assignedConversation();
      await pauseAs(c);
      const Token = await supervisorToken();
      // Turned on without evidence is a settings problem the Functions log for the admin.
      expectConsole('error', /returnToQueue\.enabled is true without the evidence of a live check/);
      for (const returnToQueue of [{ enabled: false }, { enabled: true }]) {
        await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true, returnToQueue });
        const answer = await refused(() =>
          post(backend, '/team-return', { Token, ...teamFieldsOf('/team-return', c) }),
        );
        expectRefusal(answer, 409, 'feature_off');
      }
    },

  "team-resume / team-return | no pause under the named worker (another agent's pause named with the wrong worker, or none) → 409 `not_paused`":
    async () => {
      await teamActionsOn();
      const paused = await backend.assignedConversation();
      await pauseAs(paused);
      const active = await backend.assignedConversation({ workerSid: bob() });
      const Token = await supervisorToken();
      for (const route of ['/team-resume', '/team-return']) {
        for (const fields of [
          { TaskSid: paused.taskSid, WorkerSid: bob() },
          { TaskSid: active.taskSid, WorkerSid: bob() },
        ]) {
          const answer = await refused(() => post(backend, route, { Token, ...fields }));
          expectRefusal(answer, 409, 'not_paused', 'TaskSid');
        }
      }
    },

  'leave / pause | Leave or Pause off in `ui_attributes.custom_data.leavePause` → 409 `feature_off`':
    async () => {
      await backend.configure({
        ...DEFAULT_LEAVE_PAUSE,
        leave: { enabled: false },
        pause: { enabled: false },
      });
      for (const action of ['leave', 'pause'] as const) {
        const c = await backend.assignedConversation({ channelType: CHANNEL_OF[action] });
        expectRefusal(await actAs(action, alice(), c), 409, 'feature_off');
      }
    },

  'any | a Functions setting missing or invalid (the message names it): `ACCOUNT_SID`, `AUTH_TOKEN` (never checked empty), `SYNC_SERVICE_SID` (pause, resume, paused), or `TWILIO_API_BASE_URL` not a loopback URL or set outside a local run; credentials Twilio refuses → 500 `misconfigured`':
    async () => {
      const settings: [Record<string, string>, string][] = [
        [{ ACCOUNT_SID: '' }, 'ACCOUNT_SID'],
        [{ ACCOUNT_SID: 'ACnope' }, 'ACCOUNT_SID'],
        [{ AUTH_TOKEN: '' }, 'AUTH_TOKEN'],
        [{ AUTH_TOKEN: ' ' }, 'AUTH_TOKEN'],
        [{ AUTH_TOKEN: 'not-the-auth-token' }, 'AUTH_TOKEN'],
        [{ SYNC_SERVICE_SID: '' }, 'SYNC_SERVICE_SID'],
        [{ TWILIO_API_BASE_URL: 'https://api.example.com' }, 'TWILIO_API_BASE_URL'],
        [{ DOMAIN_NAME: 'leave-pause-1234-dev.twil.io' }, 'TWILIO_API_BASE_URL'],
      ];
      // Each is logged for the admin too, naming the setting (hardening.test.ts checks those lines are secret-free).
      expectConsole('error', /^leave-pause: function answered 500: misconfigured: /);
      const c = await backend.assignedConversation();
      const Token = await token(alice());
      for (const route of ROUTES) {
        for (const [env, named] of settings) {
          if (named === 'SYNC_SERVICE_SID' && route === 'leave') continue; // Leave keeps no record.
          const answer = await refused(async () =>
            invokeWith(HANDLERS[route], env, { Token, ...fieldsOf(route, c) }),
          );
          expectRefusal(answer, 500, 'misconfigured');
          expect(answer.body.error?.message).toContain(named);
        }
      }
    },

  'any | Twilio kept failing after retries (429 and 5xx are retried with backoff) → 502 `twilio_error`':
    async () => {
      expectConsole('error', /^leave-pause: \w+ failed: GET \/v1\/\S+: HTTP 503( \(Twilio error 20503\))?$/);
      const c = await actionable('resume');
      const Token = await token(alice());
      const failing: [Route, string, string][] = [
        ['leave', 'GET', 'Participants'],
        ['pause', 'GET', 'Participants'],
        ['resume', 'GET', 'Items/'],
        ['paused', 'GET', 'Items'],
      ];
      for (const [route, method, pathPattern] of failing) {
        backend.emulator.faults.add({ method, pathPattern, status: 503, times: 10 });
        const answer = await refused(() => post(backend, `/${route}`, { Token, ...fieldsOf(route, c) }));
        expectRefusal(answer, 502, 'twilio_error');
        expect(answer.body.error?.message).toMatch(/^A Twilio request failed: GET \/v1\/\S+: HTTP 503/);
        backend.emulator.faults.clear();
      }
    },
};

function formHeaders(params: Record<string, string>) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(new URLSearchParams(params).toString())),
  };
}

it('the table of refused requests (docs/FUNCTIONS.md) has exactly one test per row, in order', () => {
  expect(refusalTableRows()).toEqual(Object.keys(ROWS));
});

describe('the table of refused requests (docs/FUNCTIONS.md), row by row', () => {
  it.each(Object.keys(ROWS))('%s', (row) => ROWS[row](), 60_000);
});
