import { createHmac } from 'node:crypto';
import { handler as liveTokenHandler } from '../src/functions/live-token';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as pauseHandler } from '../src/functions/pause';
import { LIVE_TOKEN_TTL_SECONDS } from '../src/actions/live-token';
import { feedNameFor } from '../src/lib/live-feed';
import { keyFor, PAUSE_MAP_NAME } from '../src/lib/pause-store';
import { forgetCachedSettings } from '../src/lib/settings';
import { startBackend, type Backend } from './harness';

/**
 * actions/live-token.ts and actions/paused.ts (issue 20, mutation survivors): what the live token says (its
 * lifetime, identity, grant and signer), that a feed Sync will not write still leaves the agent a token (and a
 * log line), and which records the paused list keeps and in what order.
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

const base64url = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;

describe('/live-token', () => {
  let key: { sid: string; secret: string };
  let liveEnv: Record<string, string>;

  beforeEach(async () => {
    key = (await backend.control('/api-keys', {})) as { sid: string; secret: string };
    liveEnv = { ...backend.env, TWILIO_API_KEY: key.sid, TWILIO_API_SECRET: key.secret };
  });

  const liveTokenOf = async (workerSid: string) =>
    backend.invoke(liveTokenHandler, { Token: await backend.tokenFor(workerSid) }, liveEnv);

  it('a token signed with the API key, for 15 minutes, whose identity is the caller and whose one grant is the Sync service', async () => {
    const { alice } = backend.seed.workers;
    const answer = await liveTokenOf(alice);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      live: true,
      identity: alice,
      serviceSid: backend.seed.syncServiceSid,
      document: feedNameFor(alice),
      ttlSeconds: 900,
    });
    const [header, payload, signature] = String(answer.body.token).split('.');
    expect(createHmac('sha256', key.secret).update(`${header}.${payload}`).digest('base64url')).toBe(
      signature,
    );
    const claims = base64url(payload) as {
      iss: string;
      sub: string;
      iat?: number;
      nbf?: number;
      exp: number;
      grants: Record<string, unknown>;
    };
    expect(claims.iss).toBe(key.sid);
    expect(claims.sub).toBe(backend.env.ACCOUNT_SID);
    expect(claims.exp - (claims.iat ?? claims.nbf ?? 0)).toBe(LIVE_TOKEN_TTL_SECONDS);
    expect(LIVE_TOKEN_TTL_SECONDS).toBe(900);
    expect(claims.grants).toEqual({
      identity: alice,
      data_sync: { service_sid: backend.seed.syncServiceSid },
    });
  });

  it('reads no settings: a token with the Flex configuration unreadable', async () => {
    const { alice } = backend.seed.workers;
    forgetCachedSettings();
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/v1/Configuration', status: 503, times: 10 });
    const before = backend.emulator.requests.length;
    const answer = await liveTokenOf(alice);
    backend.emulator.faults.clear();
    expect(answer.status).toBe(200);
    expect(backend.emulator.requests.slice(before).filter((r) => r.path.includes('/Configuration'))).toEqual(
      [],
    );
  });

  it('a feed Sync will not write still gives the token, and says why the feed was not refreshed', async () => {
    const { alice } = backend.seed.workers;
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    backend.emulator.faults.add({ method: 'POST', pathPattern: '/Documents', status: 503, times: 50 });
    const answer = await liveTokenOf(alice);
    backend.emulator.faults.clear();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ live: true, identity: alice });
    expect(typeof answer.body.token).toBe('string');
    const logged = errors.mock.calls.flat().join(' ');
    expect(logged).toContain('live feed not refreshed');
    expect(logged).not.toContain(key.secret);
    expect(logged).not.toContain(backend.env.AUTH_TOKEN);
  });
});

describe('/paused', () => {
  it("keeps only records whose deadline is still ahead, soonest first, whatever the map's order", async () => {
    const c = await backend.assignedConversation();
    const paused = await backend.invoke(pauseHandler, await backend.actionEvent(c), backend.env);
    expect(paused.status).toBe(200);
    const items = backend.client.sync.v1
      .services(backend.seed.syncServiceSid)
      .syncMaps(PAUSE_MAP_NAME).syncMapItems;
    const { data } = await items(keyFor(c.workerSid, c.taskSid)).fetch();
    const reassignAt = Date.parse(String(paused.body.reassignAt));
    const hour = 3_600_000;
    // Task SIDs sort in key order opposite to their deadlines: the list's order is the deadlines'.
    const extra = [
      { taskSid: 'WT' + '1'.repeat(32), reassignAt: reassignAt + 2 * hour },
      { taskSid: 'WT' + '2'.repeat(32), reassignAt: reassignAt - hour },
      // Past its deadline (Twilio has rerouted it; its record not yet dropped): left out.
      { taskSid: 'WT' + '3'.repeat(32), reassignAt: Date.parse(String(paused.body.pausedAt)) - hour },
    ];
    for (const { taskSid, reassignAt: at } of extra) {
      await items.create({
        key: keyFor(c.workerSid, taskSid),
        data: { ...(data as Record<string, unknown>), taskSid, reassignAt: new Date(at).toISOString() },
      });
    }
    // Cold, with the Flex configuration unreadable: the list reads no settings.
    forgetCachedSettings();
    backend.emulator.faults.add({ method: 'GET', pathPattern: '/v1/Configuration', status: 503, times: 10 });
    const list = await backend.invoke(
      pausedHandler,
      { Token: await backend.tokenFor(c.workerSid) },
      backend.env,
    );
    expect(list.status).toBe(200);
    expect((list.body.paused as Array<{ taskSid: string }>).map((record) => record.taskSid)).toEqual([
      'WT' + '2'.repeat(32),
      c.taskSid,
      'WT' + '1'.repeat(32),
    ]);
  });
});
