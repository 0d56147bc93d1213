import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';
import { post, signedHeaders, stateOf } from './support';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend({ pause: true });
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

type Action = 'leave' | 'pause' | 'resume';
const HANDLERS = { leave: leaveHandler, pause: pauseHandler, resume: resumeHandler };

/** leave and pause act on an assigned task, resume on a paused one. */
async function taskFor(action: Action): Promise<AssignedConversation> {
  const conversation = await backend.assignedConversation();
  if (action === 'resume') {
    const token = await backend.tokenFor(conversation.workerSid);
    const paused = await post(backend, '/pause', { Token: token, TaskSid: conversation.taskSid });
    expect(paused.status).toBe(200);
  }
  return conversation;
}

describe.each<Action>(['leave', 'pause', 'resume'])('%s refuses callers who may not act', (action) => {
  const refusals: [string, (c: AssignedConversation) => Promise<Record<string, unknown>>, number, string][] =
    [
      ['no token', async (c) => ({ TaskSid: c.taskSid }), 401, 'unauthorized'],
      ['an empty token', async (c) => ({ Token: '', TaskSid: c.taskSid }), 401, 'unauthorized'],
      [
        'a forged token',
        async (c) => ({ Token: 'emu.' + 'f'.repeat(48), TaskSid: c.taskSid }),
        401,
        'unauthorized',
      ],
      [
        'an expired token',
        async (c) => {
          const { token } = backend.emulator.issueToken({ workerSid: c.workerSid, ttlSeconds: 60 });
          await backend.emulator.clock.advance(61);
          return { Token: token, TaskSid: c.taskSid };
        },
        401,
        'unauthorized',
      ],
      [
        "another agent's valid token",
        async (c) => ({ Token: await backend.tokenFor(backend.seed.workers.bob), TaskSid: c.taskSid }),
        403,
        'forbidden',
      ],
      [
        'a supervisor where SUPERVISORS_MAY_ACT is not true',
        async (c) => ({
          Token: await backend.tokenFor(backend.seed.workers.bob, ['agent', 'supervisor']),
          TaskSid: c.taskSid,
        }),
        403,
        'forbidden',
      ],
    ];

  it.each(refusals)('%s → %i and nothing changes', async (_name, eventFor, status, code) => {
    const conversation = await taskFor(action);
    const event = await eventFor(conversation);
    const before = stateOf(backend.emulator);
    const result = await post(backend, `/${action}`, event);
    expect(result.status).toBe(status);
    expect(result.body.error?.code).toBe(code);
    await backend.emulator.idle();
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a supervisor may act where SUPERVISORS_MAY_ACT=true, recorded against the agent', async () => {
    const conversation = await taskFor(action);
    const token = await backend.tokenFor(backend.seed.workers.bob, ['agent', 'supervisor']);
    const result = await backend.invoke(
      HANDLERS[action],
      { Token: token, TaskSid: conversation.taskSid },
      { ...backend.env, SUPERVISORS_MAY_ACT: 'true' },
    );
    expect(result.status).toBe(200);
  });
});

describe('taskrouter-events refuses requests Twilio did not sign', () => {
  async function timerEvent() {
    const conversation = await taskFor('resume');
    const timer = (
      await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list({
        assignmentStatus: ['pending'],
      })
    ).find((task) => JSON.parse(task.attributes).leavePause?.timerFor === conversation.taskSid);
    expect(timer).toBeDefined();
    // What TaskRouter sends when the timer's Timeout passes: this would reroute the paused conversation.
    return {
      EventType: 'task.canceled',
      TaskSid: String(timer?.sid),
      TaskCanceledReason: 'Task TTL Exceeded',
      TaskAttributes: String(timer?.attributes),
      WorkspaceSid: backend.seed.workspaceSid,
    };
  }

  const cases: [
    string,
    (params: Record<string, string>) => {
      fields: Record<string, unknown>;
      headers: Record<string, string>;
      form: boolean;
    },
  ][] = [
    ['no signature', (params) => ({ fields: params, headers: {}, form: true })],
    [
      'a bad signature',
      (params) => ({
        fields: params,
        headers: { 'X-Twilio-Signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
        form: true,
      }),
    ],
    [
      'a tampered field under a valid signature',
      (params) => ({
        fields: { ...params, TaskCanceledReason: 'Task TTL Exceeded ' },
        headers: signedHeaders(backend, '/taskrouter-events', { ...params, TaskCanceledReason: 'other' }),
        form: true,
      }),
    ],
    [
      'a signature for another URL',
      (params) => ({
        fields: params,
        headers: signedHeaders(backend, '/leave', params),
        form: true,
      }),
    ],
    [
      'a JSON body with a non-string field',
      (params) => ({
        fields: { ...params, TaskAttributes: JSON.parse(params.TaskAttributes) },
        headers: signedHeaders(backend, '/taskrouter-events', params),
        form: false,
      }),
    ],
  ];

  it.each(cases)('%s → 403 invalid_signature and nothing changes', async (_name, build) => {
    const params = await timerEvent();
    const { fields, headers, form } = build(params);
    const before = stateOf(backend.emulator);
    const result = await post(backend, '/taskrouter-events', fields, { headers, form });
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('invalid_signature');
    await backend.emulator.idle();
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a "request" field spoofing the signature header → 400 unknown_field and nothing changes', async () => {
    // The runtime lets a body field named "request" replace its own request headers: it is refused as the
    // unknown field it is, before any signature is looked at.
    const params = await timerEvent();
    const before = stateOf(backend.emulator);
    const result = await post(backend, '/taskrouter-events', {
      ...params,
      request: { headers: signedHeaders(backend, '/taskrouter-events', params) },
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'unknown_field', field: 'request' });
    await backend.emulator.idle();
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a request signed as Twilio signs it is handled', async () => {
    const params = await timerEvent();
    const result = await post(backend, '/taskrouter-events', params, {
      headers: signedHeaders(backend, '/taskrouter-events', params),
      form: true,
    });
    expect(result.status).toBe(200);
    expect(result.body.handled).toBe('rerouted');
  });
});
