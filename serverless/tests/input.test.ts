import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { startBackend, type AssignedConversation, type Backend } from './harness';
import { post, stateOf } from './support';

/**
 * The bad-input table: every row is one request that must be refused with a stable code and a message that
 * names the field (or the state), and must change nothing. The table of refusals in docs/FUNCTIONS.md is
 * generated from the same rows.
 */
let backend: Backend;

async function freshBackend() {
  await backend?.close();
  backend = await startBackend();
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
];

/** Leave and Pause also name the interaction channel (the task's flexInteractionSid / flexInteractionChannelSid). */
const CHANNEL_ROWS: Row[] = [
  {
    input: 'InteractionSid missing',
    event: (c) => ({
      Token: c.token,
      TaskSid: c.conversation.taskSid,
      ChannelSid: c.conversation.channelSid,
    }),
    status: 400,
    code: 'missing_field',
    names: 'InteractionSid',
  },
  {
    input: 'ChannelSid with another prefix (CH…)',
    event: (c) => ({
      Token: c.token,
      TaskSid: c.conversation.taskSid,
      InteractionSid: c.conversation.interactionSid,
      ChannelSid: SID('CH'),
    }),
    status: 400,
    code: 'invalid_field',
    names: 'ChannelSid',
  },
  {
    input: 'InteractionSid not hex',
    event: (c) => ({
      Token: c.token,
      TaskSid: c.conversation.taskSid,
      InteractionSid: 'KD' + 'z'.repeat(32),
      ChannelSid: c.conversation.channelSid,
    }),
    status: 400,
    code: 'invalid_field',
    names: 'InteractionSid',
  },
];

/** The channel fields a leave or pause needs, unless the row itself is about them. */
function withChannel(endpoint: Endpoint, ctx: Ctx, event: Record<string, unknown>) {
  if (endpoint === 'resume') return event;
  return {
    InteractionSid: ctx.conversation.interactionSid,
    ChannelSid: ctx.conversation.channelSid,
    ...event,
  };
}

let ctx: Ctx;

describe.each<Endpoint>(['leave', 'pause', 'resume'])('%s: bad input', (endpoint) => {
  beforeAll(async () => {
    await freshBackend();
    const conversation = await backend.assignedConversation();
    if (endpoint === 'resume') {
      const token = await backend.tokenFor(conversation.workerSid);
      expect(
        (await backend.invoke(pauseHandler, await backend.actionEvent(conversation, token))).status,
      ).toBe(200);
    }
    ctx = { conversation, token: await backend.tokenFor(conversation.workerSid) };
  });

  const rows = endpoint === 'resume' ? FIELD_ROWS : [...FIELD_ROWS, ...CHANNEL_ROWS];
  it.each(rows.map((row) => [row.input, row] as const))('%s', async (_input, row) => {
    const before = stateOf(backend.emulator);
    const event =
      row.names === 'InteractionSid' || row.names === 'ChannelSid'
        ? row.event(ctx)
        : withChannel(endpoint, ctx, row.event(ctx));
    const result = await backend.invoke(HANDLERS[endpoint], event);
    expect({ status: result.status, code: result.body.error?.code }).toEqual({
      status: row.status,
      code: row.code,
    });
    expect(result.body.error?.message).toContain(row.names);
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a task that does not exist: 403, also on your own channel (TaskRouter has no such task)', async () => {
    const before = stateOf(backend.emulator);
    const result = await backend.invoke(
      HANDLERS[endpoint],
      withChannel(endpoint, ctx, { Token: ctx.token, TaskSid: SID('WT') }),
    );
    expect({ status: result.status, code: result.body.error?.code }).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('the same holds for a form body over HTTP', async () => {
    const before = stateOf(backend.emulator);
    const result = await post(
      backend,
      `/${endpoint}`,
      withChannel(endpoint, ctx, { Token: ctx.token, TaskSid: SID('CH') }),
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
  /** Brings a fresh conversation into the state; answers the task (and its channel) to act on. */
  setup: (conversation: AssignedConversation, token: string) => Promise<AssignedConversation>;
  status: number;
  code: string;
  names: string;
}

const pauseIt = async (c: AssignedConversation, token: string) => {
  expect((await backend.invoke(pauseHandler, await backend.actionEvent(c, token))).status).toBe(200);
  return c;
};
const leaveIt = async (c: AssignedConversation, token: string) => {
  expect((await backend.invoke(leaveHandler, await backend.actionEvent(c, token))).status).toBe(200);
  await backend.emulator.idle();
  return c;
};
const unaccepted = async (c: AssignedConversation) => ({
  ...c,
  ...(await backend.emulator.customer.start({ channelType: 'sms', body: 'Waiting in the queue' })),
});
const asIs = async (c: AssignedConversation) => c;

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
    status: 403,
    code: 'forbidden',
    names: 'paused',
  },
  // The caller's own task, left by them (their left mark, docs/FUNCTIONS.md): what won is named, not "not yours".
  {
    endpoint: 'leave',
    input: 'a task left before',
    setup: leaveIt,
    status: 409,
    code: 'task_wrong_state',
    names: 'left meanwhile',
  },
  // The caller's own task, left by them (their left mark, docs/FUNCTIONS.md): what won is named, not "not yours".
  {
    endpoint: 'pause',
    input: 'a task left before',
    setup: leaveIt,
    status: 409,
    code: 'task_wrong_state',
    names: 'left meanwhile',
  },
  {
    endpoint: 'resume',
    input: 'a task left before',
    setup: leaveIt,
    status: 403,
    code: 'forbidden',
    names: 'paused',
  },
  {
    endpoint: 'leave',
    input: 'a task not yet accepted',
    setup: unaccepted,
    status: 403,
    code: 'forbidden',
    names: 'ended',
  },
  {
    endpoint: 'pause',
    input: 'a task not yet accepted',
    setup: unaccepted,
    status: 403,
    code: 'forbidden',
    names: 'ended',
  },
];

describe('tasks in the wrong state', () => {
  beforeEach(freshBackend);
  afterEach(() => expect(backend.emulator.violations).toEqual([]));

  it.each(STATE_ROWS.map((row) => [row.endpoint, row.input, row] as const))('%s %s', async (_e, _i, row) => {
    const conversation = await backend.assignedConversation();
    const token = await backend.tokenFor(conversation.workerSid);
    const target = await row.setup(conversation, token);
    await backend.emulator.idle();
    const before = stateOf(backend.emulator);
    const event =
      row.endpoint === 'resume'
        ? { Token: token, TaskSid: target.taskSid }
        : await backend.actionEvent(target, token);
    const result = await backend.invoke(HANDLERS[row.endpoint], event);
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
