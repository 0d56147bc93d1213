import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { handler as eventsHandler } from '../src/functions/taskrouter-events.protected';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';
import { post, signedHeaders, stateOf, type HttpAnswer } from './support';

/**
 * README's table of refused requests, one test per row, each named after its row ("endpoint | input →
 * status code", the cells as written). The first test reads the table from README.md and requires exactly
 * these rows, so the table and the code cannot drift apart.
 *
 * Rows about task states (another agent's paused, reserved or voice task; a paused task; the pause record) test
 * the actions as they are today, each in its own test, so they can be re-pointed when the actions change.
 */

type Action = 'leave' | 'pause' | 'resume';
const ACTIONS: Action[] = ['leave', 'pause', 'resume'];
const HANDLERS = { leave: leaveHandler, pause: pauseHandler, resume: resumeHandler };
const SID = (prefix: string, fill = 'a') => prefix + fill.repeat(32);
const EVENTS = '/taskrouter-events';

let backend: Backend;
beforeEach(async () => {
  backend = await startBackend({ pause: true });
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

/** The answer, and whether it left every task, reservation, worker, interaction and conversation alone. */
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

/** Each action's conversations on a channel of their own: an agent's capacity is one per channel. */
const CHANNEL_OF = { leave: 'chat', pause: 'sms', resume: 'whatsapp' } as const;

/** A conversation in the state each action acts on: assigned to the agent, and paused for resume. */
async function actionable(action: Action, workerSid = alice()): Promise<AssignedConversation> {
  const c = await backend.assignedConversation({ workerSid, channelType: CHANNEL_OF[action] });
  if (action === 'resume') await pauseAs(workerSid, c.taskSid);
  return c;
}

async function pauseAs(workerSid: string, taskSid: string) {
  const answer = await post(backend, '/pause', { Token: await token(workerSid), TaskSid: taskSid });
  expect(answer.status).toBe(200);
}

async function leaveAs(workerSid: string, taskSid: string) {
  const answer = await post(backend, '/leave', { Token: await token(workerSid), TaskSid: taskSid });
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

const actAs = async (action: Action, workerSid: string, taskSid: string, roles?: string[]) =>
  refused(async () =>
    post(backend, `/${action}`, { Token: await token(workerSid, roles), TaskSid: taskSid }),
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

/** What TaskRouter posts when a pause timer runs out, for a real paused task. */
async function timerEvent(): Promise<Record<string, string>> {
  const c = await backend.assignedConversation({ channelType: 'messenger' });
  const paused = await post(backend, '/pause', { Token: await token(c.workerSid), TaskSid: c.taskSid });
  const timerSid = String(paused.body.timerTaskSid);
  return {
    AccountSid: backend.env.ACCOUNT_SID,
    WorkspaceSid: backend.seed.workspaceSid,
    EventType: 'task.canceled',
    TaskSid: timerSid,
    TaskCanceledReason: 'Task TTL Exceeded',
    TaskAttributes: JSON.stringify({ leavePause: { timerFor: c.taskSid } }),
  };
}

const signedEvent = (params: Record<string, string>, headers = signedHeaders(backend, EVENTS, params)) =>
  refused(() => post(backend, EVENTS, params, { form: true, headers }));

const ROWS: Record<string, () => Promise<void>> = {
  'leave / pause / resume | `Token` missing, empty, forged or expired → 401 `unauthorized`': async () => {
    for (const action of ACTIONS) {
      const c = await actionable(action);
      const expired = backend.emulator.issueToken({ workerSid: alice(), ttlSeconds: 60 }).token;
      const tokens: (string | undefined)[] = [undefined, '', 'emu.' + 'f'.repeat(48), expired];
      await backend.emulator.clock.advance(120);
      for (const Token of tokens) {
        const answer = await refused(() => post(backend, `/${action}`, { Token, TaskSid: c.taskSid }));
        expectRefusal(answer, 401, 'unauthorized');
      }
    }
  },

  'leave / pause / resume | `Token` a number, array or object, over 8192 characters, or with a character no JWT has (anything but letters, digits, `-`, `_`, `.`) → 400 `invalid_field`':
    async () => {
      for (const action of ACTIONS) {
        const c = await actionable(action);
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
          const answer = await refused(() => post(backend, `/${action}`, { Token, TaskSid: c.taskSid }));
          expectRefusal(answer, 400, 'invalid_field', 'Token');
        }
      }
    },

  'leave / pause / resume | `TaskSid` missing or empty → 400 `missing_field`': async () => {
    for (const action of ACTIONS) {
      const Token = await token(alice());
      for (const fields of [{ Token }, { Token, TaskSid: '' }]) {
        expectRefusal(
          await refused(() => post(backend, `/${action}`, fields)),
          400,
          'missing_field',
          'TaskSid',
        );
      }
    }
  },

  'leave / pause / resume | `TaskSid` of another type, another prefix (`CH…`), too long, not hex → 400 `invalid_field`':
    async () => {
      for (const action of ACTIONS) {
        const Token = await token(alice());
        for (const TaskSid of [
          42,
          [SID('WT')],
          { sid: SID('WT') },
          SID('CH'),
          SID('WT') + 'a',
          'WT' + 'z'.repeat(32),
        ]) {
          const answer = await refused(() => post(backend, `/${action}`, { Token, TaskSid }));
          expectRefusal(answer, 400, 'invalid_field', 'TaskSid');
        }
      }
    },

  'leave / pause / resume | an unknown extra field, whatever its name (`request` included) → 400 `unknown_field` (`field` names it)':
    async () => {
      for (const action of ACTIONS) {
        const c = await actionable(action);
        const Token = await token(alice());
        for (const name of ['Force', 'request', 'constructor', 'toString', 'token', 'taskSid']) {
          const answer = await refused(() =>
            post(backend, `/${action}`, { Token, TaskSid: c.taskSid, [name]: 'x' }),
          );
          expectRefusal(answer, 400, 'unknown_field', name);
        }
        // The runtime's own shape, sent as a body field, is still a body field.
        const spoof = { headers: { 'content-type': 'application/json' } };
        const answer = await refused(() =>
          post(backend, `/${action}`, { Token, TaskSid: c.taskSid, request: spoof }),
        );
        expectRefusal(answer, 400, 'unknown_field', 'request');
      }
    },

  "leave / pause / resume / taskrouter-events | a field in the URL's query string rather than the body (the `Token` above all) → 400 `field_in_url`":
    async () => {
      for (const action of ACTIONS) {
        const c = await actionable(action);
        const Token = await token(alice());
        const tokenInUrl = await refused(() =>
          post(backend, `/${action}?Token=${Token}`, { TaskSid: c.taskSid }),
        );
        expectRefusal(tokenInUrl, 400, 'field_in_url');
        const sidInUrl = await refused(() =>
          post(backend, `/${action}?TaskSid=${c.taskSid}`, { Token }, { form: true }),
        );
        expectRefusal(sidInUrl, 400, 'field_in_url');
      }
      const params = await timerEvent();
      const { TaskSid, ...rest } = params;
      const answer = await refused(() =>
        post(backend, `${EVENTS}?TaskSid=${TaskSid}`, rest, {
          form: true,
          headers: signedHeaders(backend, EVENTS, params),
        }),
      );
      expectRefusal(answer, 400, 'field_in_url');
    },

  'leave / pause / resume / taskrouter-events | a method other than POST: a request without a JSON or form body (OPTIONS gets the CORS answer) → 405 `method_not_allowed`':
    async () => {
      const c = await actionable('pause');
      const Token = await token(alice());
      for (const route of ['/leave', '/pause', '/resume', EVENTS]) {
        for (const method of ['GET', 'DELETE', 'PUT', 'HEAD']) {
          const answer = await refused(async () => {
            const response = await fetch(
              `${backend.functionsUrl}${route}?Token=${Token}&TaskSid=${c.taskSid}`,
              {
                method,
              },
            );
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

  'leave / pause / resume / taskrouter-events | a body without `Content-Length` → 411 `length_required`':
    async () => {
      const c = await actionable('pause');
      const body = JSON.stringify({ Token: await token(alice()), TaskSid: c.taskSid });
      for (const route of ['/leave', '/pause', '/resume', EVENTS]) {
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

  'leave / pause / resume / taskrouter-events | a body over 16 KB (taskrouter-events: 256 KB) → 413 `payload_too_large`':
    async () => {
      const c = await actionable('pause');
      const Token = await token(alice());
      for (const action of ACTIONS) {
        const answer = await refused(() =>
          post(backend, `/${action}`, { Token, TaskSid: c.taskSid, Padding: 'x'.repeat(16 * 1024) }),
        );
        expectRefusal(answer, 413, 'payload_too_large');
      }
      const params = { ...(await timerEvent()), Padding: 'x'.repeat(256 * 1024) };
      expectRefusal(await signedEvent(params), 413, 'payload_too_large');
      // A real event with large attributes, under the limit, still gets through.
      const large = await timerEvent();
      const padded = { ...large, WorkerAttributes: JSON.stringify({ notes: 'x'.repeat(32 * 1024) }) };
      expect((await signedEvent(padded)).body.handled).toBe('rerouted');
    },

  'any | a body the runtime cannot parse: malformed JSON, over 6 MB (the runtime answers, before our code) → 400 / 413 not JSON (see ARCHITECTURE)':
    async () => {
      for (const route of ['/leave', '/pause', '/resume', EVENTS]) {
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

  'leave / pause / resume | a task that does not exist → 404 `task_not_found`': async () => {
    for (const action of ACTIONS) {
      const answer = await actAs(action, alice(), SID('WT', 'e'));
      expectRefusal(answer, 404, 'task_not_found', 'TaskSid');
    }
  },

  "leave / pause / resume | another agent's assigned task; a supervisor without `SUPERVISORS_MAY_ACT=true` → 403 `forbidden`":
    async () => {
      for (const action of ['leave', 'pause'] as const) {
        const c = await actionable(action);
        expectRefusal(await actAs(action, bob(), c.taskSid), 403, 'forbidden');
        const supervisor = backend.seed.workers.sam;
        expectRefusal(await actAs(action, supervisor, c.taskSid, ['supervisor']), 403, 'forbidden');
      }
      // Resume acts on a paused task only: an assigned one is "not paused", which is none of bob's business.
      const c = await backend.assignedConversation({ channelType: 'email' });
      expectRefusal(await actAs('resume', bob(), c.taskSid), 403, 'forbidden');
      expectRefusal(
        await actAs('resume', backend.seed.workers.sam, c.taskSid, ['supervisor']),
        403,
        'forbidden',
      );
    },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  "leave / pause / resume | another agent's paused task → 403 `forbidden`": async () => {
    const c = await backend.assignedConversation();
    await pauseAs(alice(), c.taskSid);
    for (const action of ACTIONS) {
      expectRefusal(await actAs(action, bob(), c.taskSid), 403, 'forbidden');
    }
  },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  "leave / pause / resume | another agent's task reserved but not accepted, or completed → 403 `forbidden`":
    async () => {
      for (const action of ACTIONS) {
        const channelType = CHANNEL_OF[action];
        const reserved = await backend.assignedConversation({ accept: false, channelType });
        expectRefusal(await actAs(action, bob(), reserved.taskSid), 403, 'forbidden');
        await task(reserved.taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
        await backend.emulator.idle();
        const completed = await backend.assignedConversation({ channelType });
        await leaveAs(alice(), completed.taskSid);
        expectRefusal(await actAs(action, bob(), completed.taskSid), 403, 'forbidden');
      }
    },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  "leave / pause / resume | another agent's voice task → 403 `forbidden`": async () => {
    const voice = await assignedVoiceTask(alice());
    for (const action of ACTIONS) {
      expectRefusal(await actAs(action, bob(), voice), 403, 'forbidden');
    }
  },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  'leave | a paused task → 409 `task_wrong_state`': async () => {
    const c = await backend.assignedConversation();
    await pauseAs(alice(), c.taskSid);
    expectRefusal(await actAs('leave', alice(), c.taskSid), 409, 'task_wrong_state', 'TaskSid');
  },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  'leave / pause | a task reserved but not accepted, or completed → 409 `task_wrong_state`': async () => {
    for (const action of ['leave', 'pause'] as const) {
      const channelType = CHANNEL_OF[action];
      const reserved = await backend.assignedConversation({ accept: false, channelType });
      expectRefusal(await actAs(action, alice(), reserved.taskSid), 409, 'task_wrong_state', 'TaskSid');
      await task(reserved.taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
      await backend.emulator.idle();
      const completed = await backend.assignedConversation({ channelType });
      await leaveAs(alice(), completed.taskSid);
      expectRefusal(await actAs(action, alice(), completed.taskSid), 409, 'task_wrong_state', 'TaskSid');
    }
  },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  'pause | a task already paused, by the agent who paused it → 200 the same pause, `alreadyPaused: true`':
    async () => {
      const c = await backend.assignedConversation();
      const first = await post(backend, '/pause', { Token: await token(alice()), TaskSid: c.taskSid });
      const again = await actAs('pause', alice(), c.taskSid);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        alreadyPaused: true,
        pausedAt: first.body.pausedAt,
        reassignAt: first.body.reassignAt,
        timerTaskSid: first.body.timerTaskSid,
      });
      expect(again.unchanged).toBe(true);
    },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  'pause | a task whose pause record is incomplete or malformed → 409 `task_wrong_state`': async () => {
    const records = [
      { state: 'paused', pausedBy: alice() },
      { state: 'paused', pausedBy: alice(), pausedAt: 'soon', reassignAt: 'later', timerTaskSid: 'WT1' },
      { state: 'paused', pausedBy: alice(), pausedAt: 1, reassignAt: null, timerTaskSid: SID('WT') },
    ];
    for (const leavePause of records) {
      const c = await backend.assignedConversation();
      const current = JSON.parse((await task(c.taskSid).fetch()).attributes) as Record<string, unknown>;
      await task(c.taskSid).update({ attributes: JSON.stringify({ ...current, leavePause }) });
      const answer = await actAs('pause', alice(), c.taskSid);
      expectRefusal(answer, 409, 'task_wrong_state', 'TaskSid');
      expect(JSON.stringify(answer.body)).not.toContain('undefined');
      await leaveAs(alice(), c.taskSid).catch(() => undefined);
      await task(c.taskSid)
        .update({ assignmentStatus: 'completed', reason: 'test' })
        .catch(() => undefined);
      await backend.emulator.idle();
    }
  },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  'resume | a task that is not paused, or completed → 409 `task_wrong_state`': async () => {
    const active = await backend.assignedConversation();
    expectRefusal(await actAs('resume', alice(), active.taskSid), 409, 'task_wrong_state', 'TaskSid');
    await leaveAs(alice(), active.taskSid);
    expectRefusal(await actAs('resume', alice(), active.taskSid), 409, 'task_wrong_state', 'TaskSid');
  },

  // Task-state row: written against today's actions; re-point it when they change (issue 10).
  "leave / pause / resume | the agent's own voice task → 409 `not_conversation_task`": async () => {
    const voice = await assignedVoiceTask(alice());
    for (const action of ACTIONS) {
      expectRefusal(await actAs(action, alice(), voice), 409, 'not_conversation_task');
    }
  },

  'any | a Functions setting missing or invalid (the message names it): `ACCOUNT_SID`, `AUTH_TOKEN` (never checked empty), `TWILIO_WORKSPACE_SID`…, or `TWILIO_API_BASE_URL` not a loopback URL or set outside a local run → 500 `misconfigured`':
    async () => {
      const settings: [Record<string, string>, string][] = [
        [{ ACCOUNT_SID: '' }, 'ACCOUNT_SID'],
        [{ ACCOUNT_SID: 'ACnope' }, 'ACCOUNT_SID'],
        [{ AUTH_TOKEN: '' }, 'AUTH_TOKEN'],
        [{ AUTH_TOKEN: ' ' }, 'AUTH_TOKEN'],
        [{ TWILIO_WORKSPACE_SID: '' }, 'TWILIO_WORKSPACE_SID'],
        [{ TWILIO_API_BASE_URL: 'https://api.example.com' }, 'TWILIO_API_BASE_URL'],
        [{ DOMAIN_NAME: 'leave-pause-1234-dev.twil.io' }, 'TWILIO_API_BASE_URL'],
        [{ PAUSE_TIMER_WORKFLOW_SID: '' }, 'PAUSE_TIMER_WORKFLOW_SID'],
      ];
      for (const action of ACTIONS) {
        const c = await actionable(action);
        const Token = await token(alice());
        for (const [env, named] of settings) {
          if (named === 'PAUSE_TIMER_WORKFLOW_SID' && action === 'leave') continue; // Leave needs no pause setting.
          const answer = await refused(async () =>
            backend.invoke(HANDLERS[action], { Token, TaskSid: c.taskSid }, { ...backend.env, ...env }),
          );
          expectRefusal(answer, 500, 'misconfigured');
          expect(answer.body.error?.message).toContain(named);
        }
        await leaveAs(alice(), c.taskSid).catch(() => undefined);
      }
      const params = await timerEvent();
      // The time limit's reroute reads the pause settings only to schedule a retry.
      for (const [env, named] of settings.filter(([, name]) => name !== 'PAUSE_TIMER_WORKFLOW_SID')) {
        const answer = await refused(async () => {
          const reply = await new Promise<{ statusCode: number; body: HttpAnswer['body'] }>((resolve) => {
            void eventsHandler(
              { ...backend.env, ...env, DOMAIN_NAME: env.DOMAIN_NAME ?? '127.0.0.1' },
              {
                request: {
                  headers: {
                    'x-twilio-signature': signedHeaders(backend, EVENTS, params)['X-Twilio-Signature'],
                    ...formHeaders(params),
                  },
                  cookies: {},
                },
                ...params,
              },
              (_error, result) => resolve(result as never),
            );
          });
          return { status: reply.statusCode, body: reply.body };
        });
        expectRefusal(answer, 500, 'misconfigured');
        expect(answer.body.error?.message).toContain(named);
      }
    },

  'any | Twilio kept failing after retries (429 and 5xx are retried with backoff) → 502 `twilio_error`':
    async () => {
      for (const action of ACTIONS) {
        const c = await actionable(action);
        const Token = await token(alice());
        backend.emulator.faults.add({
          method: 'GET',
          pathPattern: `Tasks/${c.taskSid}$`,
          status: 503,
          times: 10,
        });
        const answer = await refused(() => post(backend, `/${action}`, { Token, TaskSid: c.taskSid }));
        expectRefusal(answer, 502, 'twilio_error');
        expect(answer.body.error?.message).toContain(
          `GET /v1/Workspaces/${backend.seed.workspaceSid}/Tasks/${c.taskSid}`,
        );
        backend.emulator.faults.clear();
        await leaveAs(alice(), c.taskSid).catch(() => undefined);
      }
      const params = await timerEvent();
      backend.emulator.faults.add({
        method: 'GET',
        pathPattern: 'Tasks/WT[0-9a-f]+$',
        status: 503,
        times: 10,
      });
      const answer = await signedEvent(params);
      expectRefusal(answer, 502, 'twilio_error');
    },

  'taskrouter-events | `X-Twilio-Signature` missing, wrong, for another URL, or a tampered or non-string field → 403 `invalid_signature`':
    async () => {
      const params = await timerEvent();
      const cases: [Record<string, unknown>, Record<string, string>, boolean][] = [
        [params, {}, true],
        [params, { 'X-Twilio-Signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, true],
        [params, signedHeaders(backend, '/leave', params), true],
        [
          { ...params, TaskCanceledReason: 'Task TTL Exceeded ' },
          signedHeaders(backend, EVENTS, params),
          true,
        ],
        [
          { ...params, TaskAttributes: JSON.parse(params.TaskAttributes) },
          signedHeaders(backend, EVENTS, params),
          false,
        ],
      ];
      for (const [fields, headers, form] of cases) {
        const answer = await refused(() => post(backend, EVENTS, fields, { form, headers }));
        expectRefusal(answer, 403, 'invalid_signature');
      }
    },

  'taskrouter-events | a signed event that is not ours (another workspace or account, a SID field not matching its pattern), a stale or canceled timer, a redelivery → 200 `handled: "ignored"`':
    async () => {
      const params = await timerEvent();
      const notOurs = [
        { ...params, WorkspaceSid: SID('WS', 'f') },
        { ...params, AccountSid: SID('AC', 'f') },
        { ...params, TaskSid: '../Workers' },
        { ...params, WorkerSid: 'WK?x=1' },
        { ...params, TaskCanceledReason: 'resumed' },
        { ...params, EventType: 'task.created' },
      ];
      for (const event of notOurs) {
        const answer = await signedEvent(event);
        expect(answer.status).toBe(200);
        expect(answer.body.handled).toBe('ignored');
        expect(answer.unchanged).toBe(true);
      }
      expect((await signedEvent(params)).body.handled).toBe('rerouted');
      const redelivery = await signedEvent(params);
      expect(redelivery.status).toBe(200);
      expect(redelivery.body.handled).toBe('ignored');
      expect(redelivery.unchanged).toBe(true);
    },
};

function formHeaders(params: Record<string, string>) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(new URLSearchParams(params).toString())),
  };
}

/** The rows of README's "requests refused" table, as "endpoint | input → status code". */
function readmeRows(): string[] {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('The requests refused');
  const table = readme.slice(start).split('\n\n')[1] ?? '';
  return table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([endpoint, input, status, code]) => `${endpoint} | ${input} → ${status} ${code}`);
}

it("README's table of refused requests has exactly one test per row, in order", () => {
  expect(readmeRows()).toEqual(Object.keys(ROWS));
});

describe("README's table of refused requests, row by row", () => {
  it.each(Object.keys(ROWS))('%s', (row) => ROWS[row](), 60_000);
});
