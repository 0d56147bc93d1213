import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';
import { post, signedHeaders, stateOf } from './support';

/**
 * The bad-input table: every row is one request that must be refused with a stable code and a message that
 * names the field (or the state), and must change nothing. README's table is generated from the same rows.
 */
let backend: Backend;

async function freshBackend() {
  await backend?.close();
  backend = await startBackend({ pause: true });
}

afterAll(async () => {
  await backend.close();
});

type Endpoint = 'leave' | 'pause' | 'resume';
const HANDLERS = { leave: leaveHandler, pause: pauseHandler, resume: resumeHandler };
const SID = (prefix: string, length = 32) => prefix + 'a'.repeat(length);

interface Ctx {
  token: string;
  conversation: AssignedConversation;
}

interface Row {
  input: string;
  event: (ctx: Ctx) => Record<string, unknown>;
  status: number;
  code: string;
  /** Text the message must contain: the field's name or the state. */
  names: string;
}

const FIELD_ROWS: Row[] = [
  {
    input: 'Token missing',
    event: (c) => ({ TaskSid: c.conversation.taskSid }),
    status: 401,
    code: 'unauthorized',
    names: 'Token',
  },
  {
    input: 'Token empty',
    event: (c) => ({ Token: '', TaskSid: c.conversation.taskSid }),
    status: 401,
    code: 'unauthorized',
    names: 'Token',
  },
  {
    input: 'Token a number',
    event: (c) => ({ Token: 42, TaskSid: c.conversation.taskSid }),
    status: 400,
    code: 'invalid_field',
    names: 'Token',
  },
  {
    input: 'Token an array',
    event: (c) => ({ Token: [c.token], TaskSid: c.conversation.taskSid }),
    status: 400,
    code: 'invalid_field',
    names: 'Token',
  },
  {
    input: 'Token an object',
    event: (c) => ({ Token: { jwt: c.token }, TaskSid: c.conversation.taskSid }),
    status: 400,
    code: 'invalid_field',
    names: 'Token',
  },
  {
    input: 'Token over 8192 characters',
    event: (c) => ({ Token: 'x'.repeat(8193), TaskSid: c.conversation.taskSid }),
    status: 400,
    code: 'invalid_field',
    names: 'Token',
  },
  {
    input: 'TaskSid missing',
    event: (c) => ({ Token: c.token }),
    status: 400,
    code: 'missing_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid empty',
    event: (c) => ({ Token: c.token, TaskSid: '' }),
    status: 400,
    code: 'missing_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid with another prefix (CH…)',
    event: (c) => ({ Token: c.token, TaskSid: SID('CH') }),
    status: 400,
    code: 'invalid_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid too long (WT + 33)',
    event: (c) => ({ Token: c.token, TaskSid: SID('WT', 33) }),
    status: 400,
    code: 'invalid_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid not hex',
    event: (c) => ({ Token: c.token, TaskSid: 'WT' + 'z'.repeat(32) }),
    status: 400,
    code: 'invalid_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid a number',
    event: (c) => ({ Token: c.token, TaskSid: 42 }),
    status: 400,
    code: 'invalid_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid an array',
    event: (c) => ({ Token: c.token, TaskSid: [c.conversation.taskSid] }),
    status: 400,
    code: 'invalid_field',
    names: 'TaskSid',
  },
  {
    input: 'TaskSid an object',
    event: (c) => ({ Token: c.token, TaskSid: { sid: c.conversation.taskSid } }),
    status: 400,
    code: 'invalid_field',
    names: 'TaskSid',
  },
  {
    input: 'an unknown extra field',
    event: (c) => ({ Token: c.token, TaskSid: c.conversation.taskSid, Force: 'true' }),
    status: 400,
    code: 'unknown_field',
    names: 'Force',
  },
  {
    input: 'a task that does not exist',
    event: (c) => ({ Token: c.token, TaskSid: SID('WT') }),
    status: 404,
    code: 'task_not_found',
    names: SID('WT'),
  },
];

let ctx: Ctx;

describe.each<Endpoint>(['leave', 'pause', 'resume'])('%s: bad input', (endpoint) => {
  beforeAll(async () => {
    await freshBackend();
    const conversation = await backend.assignedConversation();
    if (endpoint === 'resume') {
      const token = await backend.tokenFor(conversation.workerSid);
      expect(
        (await backend.invoke(pauseHandler, { Token: token, TaskSid: conversation.taskSid })).status,
      ).toBe(200);
    }
    ctx = { conversation, token: await backend.tokenFor(conversation.workerSid) };
  });

  it.each(FIELD_ROWS.map((row) => [row.input, row] as const))('%s', async (_input, row) => {
    const before = stateOf(backend.emulator);
    const result = await backend.invoke(HANDLERS[endpoint], row.event(ctx));
    expect({ status: result.status, code: result.body.error?.code }).toEqual({
      status: row.status,
      code: row.code,
    });
    expect(result.body.error?.message).toContain(row.names);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('the same holds for a form body over HTTP', async () => {
    const before = stateOf(backend.emulator);
    const result = await post(
      backend,
      `/${endpoint}`,
      { Token: ctx.token, TaskSid: SID('CH') },
      { form: true },
    );
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'invalid_field', field: 'TaskSid' });
    expect(stateOf(backend.emulator)).toBe(before);
  });
});

interface StateRow {
  endpoint: Endpoint;
  input: string;
  /** Brings a fresh conversation into the state; answers the task to act on. */
  setup: (conversation: AssignedConversation, token: string) => Promise<string>;
  status: number;
  code: string;
  names: string;
}

const pauseIt = async (c: AssignedConversation, token: string) => {
  expect((await backend.invoke(pauseHandler, { Token: token, TaskSid: c.taskSid })).status).toBe(200);
  return c.taskSid;
};
const leaveIt = async (c: AssignedConversation, token: string) => {
  expect((await backend.invoke(leaveHandler, { Token: token, TaskSid: c.taskSid })).status).toBe(200);
  await backend.emulator.idle();
  return c.taskSid;
};
const voiceTask = async () =>
  (
    await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.create({
      workflowSid: backend.seed.workflowSid,
      taskChannel: 'voice',
      attributes: JSON.stringify({ call_sid: SID('CA') }),
    })
  ).sid;
const unaccepted = async () =>
  (await backend.emulator.customer.start({ channelType: 'sms', body: 'Waiting in the queue' })).taskSid;
const asIs = async (c: AssignedConversation) => c.taskSid;

const STATE_ROWS: StateRow[] = [
  {
    endpoint: 'leave',
    input: 'a paused task',
    setup: pauseIt,
    status: 409,
    code: 'task_wrong_state',
    names: 'paused',
  },
  {
    endpoint: 'pause',
    input: 'a paused task (idempotent: same pause)',
    setup: pauseIt,
    status: 200,
    code: '-',
    names: '',
  },
  {
    endpoint: 'resume',
    input: 'an active (not paused) task',
    setup: asIs,
    status: 409,
    code: 'task_wrong_state',
    names: 'not paused',
  },
  {
    endpoint: 'leave',
    input: 'a voice task',
    setup: voiceTask,
    status: 409,
    code: 'not_conversation_task',
    names: 'Conversations',
  },
  {
    endpoint: 'pause',
    input: 'a voice task',
    setup: voiceTask,
    status: 409,
    code: 'not_conversation_task',
    names: 'Conversations',
  },
  {
    endpoint: 'resume',
    input: 'a voice task',
    setup: voiceTask,
    status: 409,
    code: 'not_conversation_task',
    names: 'Conversations',
  },
  {
    endpoint: 'leave',
    input: 'a completed task (left before)',
    setup: leaveIt,
    status: 409,
    code: 'task_wrong_state',
    names: 'completed',
  },
  {
    endpoint: 'pause',
    input: 'a completed task (left before)',
    setup: leaveIt,
    status: 409,
    code: 'task_wrong_state',
    names: 'completed',
  },
  {
    endpoint: 'resume',
    input: 'a completed task (left before)',
    setup: leaveIt,
    status: 409,
    code: 'task_wrong_state',
    names: 'not paused',
  },
  {
    endpoint: 'leave',
    input: 'a task reserved, not yet accepted',
    setup: unaccepted,
    status: 409,
    code: 'task_wrong_state',
    names: 'reserved',
  },
  {
    endpoint: 'pause',
    input: 'a task reserved, not yet accepted',
    setup: unaccepted,
    status: 409,
    code: 'task_wrong_state',
    names: 'reserved',
  },
];

describe('tasks in the wrong state', () => {
  beforeEach(freshBackend);
  afterEach(() => expect(backend.emulator.violations).toEqual([]));

  it.each(STATE_ROWS.map((row) => [row.endpoint, row.input, row] as const))('%s %s', async (_e, _i, row) => {
    const conversation = await backend.assignedConversation();
    const token = await backend.tokenFor(conversation.workerSid);
    const taskSid = await row.setup(conversation, token);
    await backend.emulator.idle();
    const before = stateOf(backend.emulator);
    const result = await backend.invoke(HANDLERS[row.endpoint], { Token: token, TaskSid: taskSid });
    expect(result.status).toBe(row.status);
    if (row.status === 200) {
      expect(result.body.alreadyPaused).toBe(true);
    } else {
      expect(result.body.error?.code).toBe(row.code);
      expect(result.body.error?.message).toContain(row.names);
    }
    await backend.emulator.idle();
    expect(stateOf(backend.emulator)).toBe(before);
  });
});

describe('taskrouter-events: bad input', () => {
  beforeAll(freshBackend);
  const route = '/taskrouter-events';
  const signed = async (params: Record<string, string>) =>
    post(backend, route, params, { form: true, headers: signedHeaders(backend, route, params) });

  it.each<[string, Record<string, string>, string]>([
    ['no EventType', { TaskSid: SID('WT') }, 'ignored'],
    ['an event it does not handle', { EventType: 'task.created', TaskSid: SID('WT') }, 'ignored'],
    [
      'TaskAttributes that are not JSON',
      { EventType: 'task.canceled', TaskAttributes: '{oops', TaskCanceledReason: 'Task TTL Exceeded' },
      'ignored',
    ],
    [
      'a timer canceled on purpose',
      {
        EventType: 'task.canceled',
        TaskAttributes: JSON.stringify({ leavePause: { timerFor: SID('WT') } }),
        TaskCanceledReason: 'paused task resumed',
        TaskSid: SID('WT'),
      },
      'ignored',
    ],
    [
      'a timer naming something that is not a task SID',
      {
        EventType: 'task.canceled',
        TaskAttributes: JSON.stringify({ leavePause: { timerFor: '../../Workers' } }),
        TaskCanceledReason: 'Task TTL Exceeded',
        TaskSid: SID('WT'),
      },
      'ignored',
    ],
  ])('signed, with %s → 200 %s and nothing changes', async (_name, params, handled) => {
    const before = stateOf(backend.emulator);
    const result = await signed(params);
    expect(result.status).toBe(200);
    expect(result.body.handled).toBe(handled);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('signed, for a timer of a task that does not exist → 404 task_not_found', async () => {
    const result = await signed({
      EventType: 'task.canceled',
      TaskAttributes: JSON.stringify({ leavePause: { timerFor: SID('WT') } }),
      TaskCanceledReason: 'Task TTL Exceeded',
      TaskSid: SID('WT'),
      WorkspaceSid: backend.seed.workspaceSid,
    });
    expect(result.status).toBe(404);
    expect(result.body.error?.code).toBe('task_not_found');
  });
});
