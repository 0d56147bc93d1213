import { PAUSE_KEY_PARAM } from '../src/lib/pause-events';
import { startBackend, type Backend } from './harness';

/**
 * functions/*.ts (issue 20, mutation survivors): the entry files hand each request to its action, and two of them
 * tell defineHandler what they accept — which runs at module load, where Stryker's `ignoreStatic` does not look.
 * Over HTTP, as twilio-run serves them: server-time answers any method with no body (it reads no input), and
 * pause-events takes Twilio's webhook with its pause's key in the URL's query, which the agent-facing endpoints
 * refuse (`field_in_url`), and reaches its signature check.
 */

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

it.each(['GET', 'DELETE'])(
  '%s /server-time with no body answers 200 with Twilio’s time, asking Twilio nothing',
  async (method) => {
    const before = backend.emulator.requests.length;

    const response = await fetch(`${backend.functionsUrl}/server-time`, { method });

    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; serverTime: string };
    expect(body.ok).toBe(true);
    expect(Number.isNaN(Date.parse(body.serverTime))).toBe(false);
    expect(backend.emulator.requests.length).toBe(before);
  },
);

it('POST /pause-events with its key in the query and no signature reaches the signature check: 403, not field_in_url', async () => {
  const key = `${backend.seed.workers.alice}:WT${'1'.repeat(32)}`;
  const body = new URLSearchParams({
    EventType: 'onMessageAdded',
    ConversationSid: 'CH' + '1'.repeat(32),
  }).toString();

  const response = await fetch(
    `${backend.functionsUrl}/pause-events?${PAUSE_KEY_PARAM}=${encodeURIComponent(key)}`,
    { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body },
  );

  expect(response.status).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
});
