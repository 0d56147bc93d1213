import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { MAX_BODY_BYTES } from '../src/lib/http';
import { PAUSE_MAP_NAME } from '../src/lib/pause-store';
import { SETTINGS_CACHE_MS, settingsFor } from '../src/lib/settings';
import { DEFAULT_RETRY_POLICY } from '../src/lib/twilio-client';
import { allowConsole } from '../../tests/console-guard';
import { DEFAULT_LEAVE_PAUSE, startBackend, type AssignedConversation, type Backend } from './harness';

/**
 * Bugs that were planted one at a time (issue 20) and that the rest of the suite let through: each test here
 * fails with its bug in place. The mutation run (`npm run mutate`) keeps finding the next ones.
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  jest.restoreAllMocks();
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const channelPath = (c: AssignedConversation) => `Channels/${c.channelSid}$`;

async function channelStatus(c: AssignedConversation): Promise<string> {
  const response = await backend.client.request({
    method: 'get',
    uri: `https://flex-api.twilio.com/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}`,
  });
  return (response.body as { status: string }).status;
}

async function pause(c: AssignedConversation, token?: string) {
  return backend.invoke(pauseHandler, await backend.actionEvent(c, token), backend.env);
}

async function pausedList(workerSid: string) {
  return backend.invoke(pausedHandler, { Token: await backend.tokenFor(workerSid) }, backend.env);
}

describe('Pause', () => {
  it('every answer to the change lost (Twilio paused on the first attempt, every retry answered 500): the channel is read back → 200, one record', async () => {
    const c = await backend.assignedConversation();
    // The first attempt pauses and loses its answer; each retry is answered 500 before Twilio looks at it, so no
    // attempt ever says what happened. (faults.test.ts's "on every retry" has the retries refused as a pause of
    // a paused channel: a 409 the read-back also follows.)
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: channelPath(c),
      status: 500,
      mode: 'after',
      times: 1,
    });
    backend.emulator.faults.add({
      method: 'POST',
      pathPattern: channelPath(c),
      status: 500,
      mode: 'before',
      times: 20,
    });
    const result = await pause(c);
    expect(result.status).toBe(200);
    backend.emulator.faults.clear();
    expect(await channelStatus(c)).toBe('pause');
    const list = await pausedList(c.workerSid);
    expect((list.body.paused as { channelSid: string }[]).map((r) => r.channelSid)).toEqual([c.channelSid]);
  });

  it('a failed record write on a conversation already paused (a double click) leaves it paused: nothing to give back', async () => {
    allowConsole('error', /^leave-pause: \w+ failed: /);
    const c = await backend.assignedConversation();
    expect((await pause(c)).status).toBe(200);
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Items$', status: 503, times: 20 });
    const again = await pause(c);
    expect(again.status).toBe(502);
    backend.emulator.faults.clear();
    await backend.emulator.idle();
    expect(await channelStatus(c)).toBe('pause');
  });

  it('with supervisorsMayAct on, an agent without the supervisor role still may not act on another agent’s task', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, supervisorsMayAct: true });
    const c = await backend.assignedConversation();
    const bob = await backend.tokenFor(backend.seed.workers.bob, ['agent']);
    const result = await pause(c, bob);
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('forbidden');
    expect(await channelStatus(c)).toBe('active');
  });

  it('a forged token while the first Twilio read fails → 401 (the token is judged first), not 502 or 403', async () => {
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/Participants', status: 503, times: 20 });
    const forged = await pause(c, 'forged.' + 'x'.repeat(40) + '.token');
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe('unauthorized');
  });

  it(`a Twilio read failing every time is tried ${DEFAULT_RETRY_POLICY.maxAttempts} times by default, no more`, async () => {
    allowConsole('error', /^leave-pause: \w+ failed: GET .*Participants: HTTP 503/);
    const c = await backend.assignedConversation();
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/Participants', status: 503, times: 20 });
    const before = backend.emulator.requests.length;
    const result = await pause(c);
    expect(result.status).toBe(502);
    const reads = backend.emulator.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && /\/Participants\b/.test(r.path));
    expect(reads).toHaveLength(4);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(4);
  });
});

describe('the pause record', () => {
  it('expires a day after the deadline (the list hides it at the deadline; Sync forgets it a day later)', async () => {
    const c = await backend.assignedConversation();
    const result = await pause(c);
    expect(result.status).toBe(200);
    const item = await backend.client.sync.v1
      .services(backend.seed.syncServiceSid)
      .syncMaps(PAUSE_MAP_NAME)
      .syncMapItems(`${c.workerSid}:${c.taskSid}`)
      .fetch();
    const expires = item.dateExpires?.getTime() ?? NaN;
    const reassignAt = Date.parse(result.body.reassignAt as string);
    // Whole seconds, counted from Twilio's clock: within a few seconds of deadline + 1 day.
    expect(Math.abs(expires - (reassignAt + 86_400_000))).toBeLessThan(5_000);
  });
});

describe('the request body limit', () => {
  /** Fields whose JSON is exactly `bytes` long (the Token pads it). */
  function fieldsOf(bytes: number) {
    const base = { Token: '', TaskSid: 'WT' + 'a'.repeat(32) };
    const padding = bytes - Buffer.byteLength(JSON.stringify(base));
    return { ...base, Token: 'a'.repeat(padding) };
  }

  it(`a body of exactly ${MAX_BODY_BYTES} bytes is read; one byte more → 413`, async () => {
    const atLimit = await backend.invoke(pauseHandler, fieldsOf(MAX_BODY_BYTES), backend.env);
    expect(Buffer.byteLength(JSON.stringify(fieldsOf(MAX_BODY_BYTES)))).toBe(MAX_BODY_BYTES);
    expect(atLimit.status).not.toBe(413);
    expect(atLimit.body.error?.code).not.toBe('payload_too_large');
    const over = await backend.invoke(pauseHandler, fieldsOf(MAX_BODY_BYTES + 1), backend.env);
    expect(over.status).toBe(413);
    expect(over.body.error?.code).toBe('payload_too_large');
  });
});

describe('the paused list', () => {
  it('reads every page: 130 records of one agent are all listed', async () => {
    const workerSid = backend.seed.workers.alice;
    const service = backend.client.sync.v1.services(backend.seed.syncServiceSid);
    await service.syncMaps.create({ uniqueName: PAUSE_MAP_NAME }).catch(() => undefined);
    const map = service.syncMaps(PAUSE_MAP_NAME);
    const reassignAt = new Date(Date.now() + 3_600_000).toISOString();
    for (let i = 0; i < 130; i++) {
      const taskSid = 'WT' + String(i).padStart(32, '0');
      await map.syncMapItems.create({
        key: `${workerSid}:${taskSid}`,
        data: {
          taskSid,
          pausedBy: workerSid,
          pausedAt: new Date().toISOString(),
          reassignAt,
          deadlineSource: 'twilio',
          interactionSid: 'KD' + 'a'.repeat(32),
          channelSid: 'UO' + String(i).padStart(32, '0'),
          conversationSid: 'CH' + 'a'.repeat(32),
          taskChannel: 'chat',
          customer: `customer ${i}`,
        },
      });
    }
    const list = await pausedList(workerSid);
    expect(list.status).toBe(200);
    expect(list.body.paused).toHaveLength(130);
  });
});

describe('per-instance caches', () => {
  it(`the settings are read again after ${SETTINGS_CACHE_MS / 1000} s, not before`, async () => {
    const context = { accountSid: backend.env.ACCOUNT_SID, apiBaseUrl: backend.env.TWILIO_API_BASE_URL };
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    expect((await settingsFor(context, backend.client)).pause.enabled).toBe(true);
    // The admin turns Pause off (without the test harness dropping the cache).
    await backend.control('/flex/configuration', {
      ui_attributes: { custom_data: { leavePause: { ...DEFAULT_LEAVE_PAUSE, pause: { enabled: false } } } },
    });
    clock.mockReturnValue(start + SETTINGS_CACHE_MS - 1);
    expect((await settingsFor(context, backend.client)).pause.enabled).toBe(true);
    clock.mockReturnValue(start + SETTINGS_CACHE_MS);
    expect((await settingsFor(context, backend.client)).pause.enabled).toBe(false);
    expect(SETTINGS_CACHE_MS).toBe(30_000);
  });
});
