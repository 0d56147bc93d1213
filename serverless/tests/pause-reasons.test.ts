/**
 * Pause reasons (issue 18): the reason an agent picks is checked against the admin's list, kept in the pause
 * record and written into the task's `conversations` attributes for Flex Insights before Pause closes the task.
 */
import { expectConsole } from '../../tests/console-guard';
import { handler as pauseHandler } from '../src/functions/pause';
import { configureLeavePause } from '../src/provisioning/configure';
import { doctor } from '../src/provisioning/doctor';
import { handler as pausedHandler } from '../src/functions/paused';
import { INSIGHTS_REASON_KEY, readTaskAttributes, writeReasonForInsights } from '../src/lib/pause-reason';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';

let backend: Backend;

const REASONS = [
  { code: 'waiting-docs', label: { en: 'Waiting for documents', es: 'Esperando documentos' } },
  { code: 'callback', label: { en: 'Customer asked for a callback' } },
];

beforeEach(async () => {
  backend = await startBackend();
  await backend.configure({
    ...DEFAULT_LEAVE_PAUSE,
    pause: { enabled: true, reasons: REASONS, reasonNote: true },
  });
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function pause(conversation: AssignedConversation, fields: Record<string, unknown> = {}) {
  return backend.invoke(
    pauseHandler,
    { ...(await backend.actionEvent(conversation)), ...fields },
    backend.env,
  );
}

async function taskOf(taskSid: string) {
  return backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks(taskSid).fetch();
}

async function channelStatus(conversation: AssignedConversation) {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${conversation.interactionSid}/Channels/${conversation.channelSid}`,
  });
  return (response.body as { status: string }).status;
}

async function pausedOf(workerSid: string) {
  const answer = await backend.invoke(
    pausedHandler,
    { Token: await backend.tokenFor(workerSid) },
    backend.env,
  );
  return answer.body.paused as Array<Record<string, unknown>>;
}

/** Other keys, Flex's own `conversations.*` among them, that the reason must leave as they are. */
async function withOthersAttributes(conversation: AssignedConversation) {
  const task = await taskOf(conversation.taskSid);
  const attributes = JSON.parse(task.attributes) as Record<string, unknown>;
  const merged = {
    ...attributes,
    crmCaseId: 'CASE-42',
    conversations: {
      ...(attributes.conversations as Record<string, unknown> | undefined),
      conversation_attribute_1: 'VIP',
      conversation_label_1: 'billing',
    },
  };
  await backend.client.taskrouter.v1
    .workspaces(backend.seed.workspaceSid)
    .tasks(conversation.taskSid)
    .update({ attributes: JSON.stringify(merged) });
  return merged;
}

describe('pause reasons', () => {
  it("keeps the reason in the record and writes it into the task's conversations, merged, before the task closes", async () => {
    const conversation = await backend.assignedConversation();
    const before = await withOthersAttributes(conversation);
    const from = backend.emulator.requests.length;

    const result = await pause(conversation, { Reason: 'waiting-docs', ReasonNote: '  invoice\nnumber  ' });

    expect(result.status).toBe(200);
    expect(result.body.reason).toEqual({
      code: 'waiting-docs',
      label: { en: 'Waiting for documents', es: 'Esperando documentos' },
      note: 'invoice number',
    });
    expect(result.body.reasonInsights).toBe('written');
    expect(await channelStatus(conversation)).toBe('pause');

    const task = await taskOf(conversation.taskSid);
    expect(task.assignmentStatus).toBe('completed');
    expect(JSON.parse(task.attributes)).toEqual({
      ...before,
      conversations: { ...before.conversations, [INSIGHTS_REASON_KEY]: 'waiting-docs' },
    });

    // The attributes were written while the task was still live: before the channel moved to pause.
    const calls = backend.emulator.requests.slice(from).filter((r) => r.method === 'POST');
    const attributesWrite = calls.findIndex((r) => r.path.endsWith(`/Tasks/${conversation.taskSid}`));
    const channelMove = calls.findIndex((r) => r.path.endsWith(`/Channels/${conversation.channelSid}`));
    expect(attributesWrite).toBeGreaterThanOrEqual(0);
    expect(attributesWrite).toBeLessThan(channelMove);

    const [listed] = await pausedOf(conversation.workerSid);
    expect(listed.reason).toEqual(result.body.reason);
  });

  it('a reason whose labels have no Spanish keeps English only, with no note when none was sent', async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { Reason: 'callback' });
    expect(result.status).toBe(200);
    expect(result.body.reason).toEqual({ code: 'callback', label: { en: 'Customer asked for a callback' } });
  });

  it('an unknown code is refused with 400 naming Reason, and nothing changes', async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { Reason: 'lunch' });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'invalid_field', field: 'Reason' });
    expect(result.body.error?.message).toContain('waiting-docs, callback');
    expect(await channelStatus(conversation)).toBe('active');
    expect((await taskOf(conversation.taskSid)).assignmentStatus).toBe('assigned');
    expect(
      JSON.parse((await taskOf(conversation.taskSid)).attributes).conversations?.[INSIGHTS_REASON_KEY],
    ).toBe(undefined);
    expect(await pausedOf(conversation.workerSid)).toEqual([]);
  });

  it('a note over 200 characters is refused with 400 naming ReasonNote', async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { Reason: 'callback', ReasonNote: 'x'.repeat(201) });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'invalid_field', field: 'ReasonNote' });
    expect(await channelStatus(conversation)).toBe('active');
  });

  it('a note of exactly 200 characters is kept', async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { Reason: 'callback', ReasonNote: 'x'.repeat(200) });
    expect(result.status).toBe(200);
    expect((result.body.reason as { note: string }).note).toHaveLength(200);
  });

  it('a note without a reason is refused with 400 naming Reason', async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { ReasonNote: 'later' });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'missing_field', field: 'Reason' });
  });

  it('a note when the admin allows none is refused with 400 naming ReasonNote', async () => {
    // The Flex configuration update merges objects key by key, as Twilio's does: the switch is stated.
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, reasons: REASONS, reasonNote: false },
    });
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { Reason: 'callback', ReasonNote: 'later' });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'invalid_field', field: 'ReasonNote' });
  });

  it('a Pause without a reason still works with reasons configured (a Flex loaded before they were added)', async () => {
    const conversation = await backend.assignedConversation();
    const from = backend.emulator.requests.length;
    const result = await pause(conversation);
    expect(result.status).toBe(200);
    expect(result.body.reason).toBeUndefined();
    expect(result.body.reasonInsights).toBeUndefined();
    // The task is read once for its queue (the team view); its attributes are never written without a reason.
    expect(
      backend.emulator.requests
        .slice(from)
        .some((r) => r.method === 'POST' && r.path.endsWith(`/Tasks/${conversation.taskSid}`)),
    ).toBe(false);
  });

  it('the attributes write failing does not stop the Pause: the record keeps the reason, the answer says so', async () => {
    expectConsole('error', /pause reason could not be written/);
    const conversation = await backend.assignedConversation();
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: `/Tasks/${conversation.taskSid}$`,
      status: 503,
      times: 10,
    });
    const result = await pause(conversation, { Reason: 'waiting-docs' });
    backend.emulator.faults.clear();
    expect(result.status).toBe(200);
    expect(result.body.reasonInsights).toBe('failed');
    expect(await channelStatus(conversation)).toBe('pause');
    const [listed] = await pausedOf(conversation.workerSid);
    expect((listed.reason as { code: string }).code).toBe('waiting-docs');
  });

  it('a task changed by someone else between the read and the write is read again and merged, never overwritten', async () => {
    const conversation = await backend.assignedConversation();
    const { workspaceSid } = backend.seed;
    const stale = await readTaskAttributes(backend.client, workspaceSid, conversation.taskSid);
    // Another writer (a Studio flow, another plugin) adds its key after our read: our ETag is now stale.
    const tasks = backend.client.taskrouter.v1.workspaces(workspaceSid).tasks(conversation.taskSid);
    await tasks.update({ attributes: JSON.stringify({ ...stale.attributes, surveyQueued: true }) });

    const outcome = await writeReasonForInsights(
      backend.client,
      workspaceSid,
      conversation.taskSid,
      'callback',
      ['callback'],
      stale,
    );

    expect(outcome).toBe('written');
    const final = JSON.parse((await taskOf(conversation.taskSid)).attributes) as Record<string, unknown>;
    expect(final).toEqual({
      ...stale.attributes,
      surveyQueued: true,
      conversations: { ...(stale.attributes.conversations as object), [INSIGHTS_REASON_KEY]: 'callback' },
    });
  });

  it("another's value in the reason's slot is kept: the Pause goes on, Insights gets no reason", async () => {
    expectConsole('error', /not written into the task's attributes/);
    const conversation = await backend.assignedConversation();
    const task = await taskOf(conversation.taskSid);
    const attributes = JSON.parse(task.attributes) as Record<string, unknown>;
    await backend.client.taskrouter.v1
      .workspaces(backend.seed.workspaceSid)
      .tasks(conversation.taskSid)
      .update({
        attributes: JSON.stringify({ ...attributes, conversations: { [INSIGHTS_REASON_KEY]: 'gold-tier' } }),
      });
    const result = await pause(conversation, { Reason: 'callback' });
    expect(result.status).toBe(200);
    expect(result.body.reasonInsights).toBe('slot-taken');
    const final = JSON.parse((await taskOf(conversation.taskSid)).attributes) as Record<string, unknown>;
    expect(final.conversations).toEqual({ [INSIGHTS_REASON_KEY]: 'gold-tier' });
  });
});

describe('without reasons configured', () => {
  beforeEach(async () => {
    // The Flex configuration update merges objects key by key, as Twilio's does: an empty list clears them.
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, reasons: [], reasonNote: false },
    });
  });

  it("Pause is today's: no reason in the record, no task attributes written", async () => {
    const conversation = await backend.assignedConversation();
    const before = (await taskOf(conversation.taskSid)).attributes;
    const from = backend.emulator.requests.length;
    const result = await pause(conversation);
    expect(result.status).toBe(200);
    expect(result.body).not.toHaveProperty('reason');
    expect(result.body).not.toHaveProperty('reasonInsights');
    // The task is read once for its queue (the team view); its attributes are never written without a reason.
    expect(
      backend.emulator.requests
        .slice(from)
        .some((r) => r.method === 'POST' && r.path.endsWith(`/Tasks/${conversation.taskSid}`)),
    ).toBe(false);
    expect((await taskOf(conversation.taskSid)).attributes).toBe(before);
  });

  it('a reason sent anyway is refused with 400 naming Reason', async () => {
    const conversation = await backend.assignedConversation();
    const result = await pause(conversation, { Reason: 'callback' });
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'invalid_field', field: 'Reason' });
    expect(await channelStatus(conversation)).toBe('active');
  });
});

describe('the admin tools', () => {
  it('npm run configure refuses a bad reason, naming what to fix, and writes nothing', async () => {
    const before = JSON.stringify(backend.emulator.flexConfiguration.ui_attributes);
    await expect(
      configureLeavePause(backend.client, {
        ...DEFAULT_LEAVE_PAUSE,
        backendUrl: 'https://leave-pause-1234-dev.twil.io',
        pause: { enabled: true, reasons: [REASONS[0], { code: 'Lunch Break', label: { en: 'Lunch' } }] },
      }),
    ).rejects.toThrow(/leavePause\.pause\.reasons\[1\]\.code must be a short slug/);
    expect(JSON.stringify(backend.emulator.flexConfiguration.ui_attributes)).toBe(before);
  });

  it('the doctor lists the reasons, and fails on a bad one naming it', async () => {
    let findings = await doctor(backend.client);
    expect(findings).toContainEqual({
      level: 'ok',
      message: expect.stringMatching(/pause reasons: waiting-docs, callback, with a note/),
    });
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, reasons: [REASONS[0], { code: 'x', label: { es: 'Solo' } }], reasonNote: true },
    });
    findings = await doctor(backend.client);
    expect(findings).toContainEqual({
      level: 'fail',
      message: expect.stringMatching(/pause\.reasons\[1\]\.label\.en is required/),
    });
  });
});
