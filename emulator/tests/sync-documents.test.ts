import twilio from 'twilio';
import { setup, type Harness } from './helpers';

/** Sync Documents, their permissions and the client's token-checked read (issue 18: the agents' live feeds). */
describe('Sync documents, permissions and client Access Tokens', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  const service = () => h.client.sync.v1.services(h.seed.syncServiceSid);

  function clientToken(key: { sid: string; secret: string }, identity: string, ttl = 600): string {
    const token = new twilio.jwt.AccessToken(h.emu.accountSid, key.sid, key.secret, { identity, ttl });
    token.addGrant(new twilio.jwt.AccessToken.SyncGrant({ serviceSid: h.seed.syncServiceSid }));
    return token.toJwt();
  }

  async function clientRead(name: string, token: string) {
    const response = await fetch(
      `${h.emu.url}/_emulator/sync-client/Services/${h.seed.syncServiceSid}/Documents/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function apiKey(): Promise<{ sid: string; secret: string }> {
    const response = await fetch(`${h.emu.url}/_emulator/api-keys`, { method: 'POST', body: '{}' });
    return (await response.json()) as { sid: string; secret: string };
  }

  test('documents: create by unique name, update by name with a new revision, a taken name is 409', async () => {
    const doc = await service().documents.create({ uniqueName: 'leavePause-feed-a', data: { records: [] } });
    expect(doc.sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(doc.revision).toBe('0');
    const updated = await service()
      .documents('leavePause-feed-a')
      .update({ data: { records: [{ taskSid: 'WT1' }] } });
    expect(updated.revision).toBe('1');
    expect(updated.data).toEqual({ records: [{ taskSid: 'WT1' }] });
    await expect(service().documents.create({ uniqueName: 'leavePause-feed-a' })).rejects.toMatchObject({
      status: 409,
    });
    await expect(service().documents('nope').fetch()).rejects.toMatchObject({ status: 404, code: 54100 });
  });

  test('permissions: set, read and removed with the document', async () => {
    await service().documents.create({ uniqueName: 'feed' });
    const permission = await service()
      .documents('feed')
      .documentPermissions('WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
      .update({ read: true, write: false, manage: false });
    expect(permission).toMatchObject({ read: true, write: false, manage: false });
    expect(await service().documents('feed').documentPermissions.list()).toHaveLength(1);
    await service().documents('feed').remove();
    await service().documents.create({ uniqueName: 'feed' });
    expect(await service().documents('feed').documentPermissions.list()).toHaveLength(0);
  });

  test('a client reads only what its identity may read when ACLs are on, and needs a valid token', async () => {
    await service().update({ aclEnabled: true });
    const key = await apiKey();
    await service().documents.create({ uniqueName: 'feed-alice', data: { records: ['a'] } });
    await service().documents.create({ uniqueName: 'feed-bob', data: { records: ['b'] } });
    await service()
      .documents('feed-alice')
      .documentPermissions('alice')
      .update({ read: true, write: false, manage: false });
    const alice = clientToken(key, 'alice');

    const own = await clientRead('feed-alice', alice);
    expect(own.status).toBe(200);
    expect(own.body.data).toEqual({ records: ['a'] });
    expect((await clientRead('feed-bob', alice)).status).toBe(403);
    // A document that does not exist answers as one the identity may not read.
    expect((await clientRead('feed-nobody', alice)).status).toBe(403);
    // A token signed with another secret, or expired, is no token.
    expect(
      (await clientRead('feed-alice', clientToken({ ...key, secret: 'x'.repeat(32) }, 'alice'))).status,
    ).toBe(401);
    expect((await clientRead('feed-alice', clientToken(key, 'alice', -10))).status).toBe(401);
    expect((await clientRead('feed-alice', 'not-a-jwt')).status).toBe(401);
  });

  test('the event stream delivers each new revision to the permitted client', async () => {
    await service().update({ aclEnabled: true });
    const key = await apiKey();
    await service().documents.create({ uniqueName: 'feed-alice', data: { n: 0 } });
    await service()
      .documents('feed-alice')
      .documentPermissions('alice')
      .update({ read: true, write: false, manage: false });
    const controller = new AbortController();
    const response = await fetch(
      `${h.emu.url}/_emulator/sync-client/Services/${h.seed.syncServiceSid}/Documents/feed-alice/events`,
      { headers: { Authorization: `Bearer ${clientToken(key, 'alice')}` }, signal: controller.signal },
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    const until = async (fragment: string) => {
      while (!text.includes(fragment)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until('"n":0');
    await service()
      .documents('feed-alice')
      .update({ data: { n: 1 } });
    await until('"n":1');
    expect(text.match(/event: updated/g)).toHaveLength(2);
    controller.abort();
  });
});
