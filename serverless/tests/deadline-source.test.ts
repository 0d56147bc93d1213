import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { DEFAULT_LEAVE_PAUSE, startBackend, type Backend } from './harness';

/**
 * Where the deadline an agent sees comes from, end to end through the real `twilio` client: Twilio's
 * `status_timeout` when its answer carries it (the emulator's default), else the pause time plus the admin's
 * limit, marked as an estimate so the plugin says so. `status_timeout` is not in the public schema, so an
 * account may well answer without it (the emulator's `reportStatusTimeout: false`).
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function pauseAndList() {
  const conversation = await backend.assignedConversation();
  const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  expect(paused.status).toBe(200);
  const list = await backend.invoke(
    pausedHandler,
    { Token: await backend.tokenFor(conversation.workerSid) },
    backend.env,
  );
  expect(list.status).toBe(200);
  const [record] = list.body.paused as Record<string, string>[];
  return { answer: paused.body, record };
}

it("Twilio's status_timeout when its answer has one", async () => {
  // Console's limit (the emulator) and the admin's setting deliberately differ: Twilio's value wins.
  await backend.control('/settings', { pauseLimitSeconds: 3600 });
  await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, timeLimitMinutes: 90 } });
  const { answer, record } = await pauseAndList();
  expect(answer.deadlineSource).toBe('twilio');
  expect(record.deadlineSource).toBe('twilio');
  expect(Date.parse(record.reassignAt) - Date.parse(record.pausedAt)).toBe(3600_000);
});

it("the admin's limit, marked as an estimate, when Twilio's answer has none", async () => {
  await backend.control('/settings', { pauseLimitSeconds: 3600, reportStatusTimeout: false });
  await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, timeLimitMinutes: 90 } });
  const { answer, record } = await pauseAndList();
  expect(answer.deadlineSource).toBe('configured-limit');
  expect(record.deadlineSource).toBe('configured-limit');
  expect(Date.parse(record.reassignAt) - Date.parse(record.pausedAt)).toBe(90 * 60_000);
});
