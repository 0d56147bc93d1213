import { raw, setup, type Harness } from './helpers';

/** Twilio Sync v1 (spec twilio_sync_v1.json): the server-owned store only the backend writes. */
describe('Sync services, maps and map items through the real twilio client', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  const service = (): ReturnType<Harness['client']['sync']['v1']['services']> =>
    h.client.sync.v1.services(h.seed.syncServiceSid);

  test('the seeded default service, also reachable as "default"; services can be created and changed', async () => {
    expect(h.seed.syncServiceSid).toMatch(/^IS[0-9a-f]{32}$/);
    expect((await h.client.sync.v1.services('default').fetch()).sid).toBe(h.seed.syncServiceSid);
    const created = await h.client.sync.v1.services.create({ friendlyName: 'Leave & Pause' });
    expect(created.friendlyName).toBe('Leave & Pause');
    expect((await h.client.sync.v1.services(created.sid).update({ aclEnabled: true })).aclEnabled).toBe(true);
    expect((await h.client.sync.v1.services.list()).map((s) => s.sid)).toEqual([
      h.seed.syncServiceSid,
      created.sid,
    ]);
    await h.client.sync.v1.services(created.sid).remove();
    expect(await h.client.sync.v1.services.list()).toHaveLength(1);
  });

  test('maps: create with a unique name, fetch by sid or name, a taken name is 409 54301', async () => {
    const map = await service().syncMaps.create({ uniqueName: 'leavePause.paused' });
    expect(map.sid).toMatch(/^MP[0-9a-f]{32}$/);
    expect(map.uniqueName).toBe('leavePause.paused');
    expect(map.dateExpires).toBeNull();
    expect((await service().syncMaps('leavePause.paused').fetch()).sid).toBe(map.sid);
    expect((await service().syncMaps(map.sid).fetch()).uniqueName).toBe('leavePause.paused');
    await expect(service().syncMaps.create({ uniqueName: 'leavePause.paused' })).rejects.toMatchObject({
      status: 409,
      code: 54301,
    });
    await expect(service().syncMaps('nope').fetch()).rejects.toMatchObject({ status: 404, code: 54300 });
    expect((await service().syncMaps.list()).map((m) => m.sid)).toEqual([map.sid]);
  });

  test('items: create, fetch, list in key order, a duplicate key is 409 54208 and changes nothing', async () => {
    await service().syncMaps.create({ uniqueName: 'paused' });
    const list = service().syncMaps('paused').syncMapItems;
    const first = await list.create({
      key: 'CHb',
      data: { pausedBy: 'WKalice', deadline: '2026-12-09T12:00:00Z' },
    });
    expect(first).toMatchObject({
      key: 'CHb',
      revision: '0',
      data: { pausedBy: 'WKalice' },
      dateExpires: null,
    });
    await list.create({ key: 'CHa', data: { pausedBy: 'WKbob' } });
    await list.create({ key: 'CHc', data: {} });
    expect((await list.list()).map((i) => i.key)).toEqual(['CHa', 'CHb', 'CHc']);
    expect((await list.list({ order: 'desc' })).map((i) => i.key)).toEqual(['CHc', 'CHb', 'CHa']);
    expect((await list.list({ from: 'CHb', bounds: 'exclusive' })).map((i) => i.key)).toEqual(['CHc']);
    expect((await list.list({ from: 'CHb' })).map((i) => i.key)).toEqual(['CHb', 'CHc']);

    await expect(list.create({ key: 'CHb', data: { pausedBy: 'WKmallory' } })).rejects.toMatchObject({
      status: 409,
      code: 54208,
    });
    const kept = await service().syncMaps('paused').syncMapItems('CHb').fetch();
    expect(kept.data).toEqual({ pausedBy: 'WKalice', deadline: '2026-12-09T12:00:00Z' });
    expect(kept.revision).toBe('0');
    await expect(service().syncMaps('paused').syncMapItems('CHz').fetch()).rejects.toMatchObject({
      status: 404,
      code: 54201,
    });
  });

  test('If-Match: a matching revision writes and bumps it, a stale one is 412 54205 and writes nothing', async () => {
    const map = await service().syncMaps.create({ uniqueName: 'paused' });
    const item = service().syncMaps(map.sid).syncMapItems;
    await item.create({ key: 'CH1', data: { state: 'paused' } });
    const updated = await item('CH1').update({ data: { state: 'resuming' }, ifMatch: '0' });
    expect(updated).toMatchObject({ revision: '1', data: { state: 'resuming' } });
    await expect(item('CH1').update({ data: { state: 'rerouted' }, ifMatch: '0' })).rejects.toMatchObject({
      status: 412,
      code: 54205,
    });
    expect((await item('CH1').fetch()).data).toEqual({ state: 'resuming' });
    await expect(item('CH1').remove({ ifMatch: '0' })).rejects.toMatchObject({ status: 412, code: 54205 });
    expect(await item('CH1').remove({ ifMatch: '1' })).toBe(true);
    await expect(item('CH1').fetch()).rejects.toMatchObject({ status: 404 });

    // The ETag header carries the revision for REST clients that read it.
    await item.create({ key: 'CH2', data: { a: 1 } });
    const res = await raw(
      h.emu,
      'GET',
      `/sync/v1/Services/${h.seed.syncServiceSid}/Maps/${map.sid}/Items/CH2`,
    );
    expect(res.headers.get('etag')).toBe('"0"');
    const bad = await raw(
      h.emu,
      'POST',
      `/sync/v1/Services/${h.seed.syncServiceSid}/Maps/${map.sid}/Items/CH2`,
      {
        Data: '[1,2]',
      },
    );
    expect(bad.status).toBe(400);
  });

  test('TTL: items and maps expire at date_expires on the simulated clock', async () => {
    const map = await service().syncMaps.create({ uniqueName: 'paused' });
    const items = service().syncMaps(map.sid).syncMapItems;
    const item = await items.create({ key: 'CH1', data: { a: 1 }, ttl: 3600 });
    expect(item.dateExpires?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    await items.create({ key: 'CH2', data: { a: 2 }, itemTtl: 7200 });
    await items.create({ key: 'CH3', data: { a: 3 } });

    await h.emu.clock.advance(3599);
    expect((await items('CH1').fetch()).key).toBe('CH1');
    // Updating the TTL moves the deadline; Ttl=0 removes it.
    await items('CH2').update({ ttl: 0 });
    await h.emu.clock.advance(1);
    await expect(items('CH1').fetch()).rejects.toMatchObject({ status: 404, code: 54201 });
    await h.emu.clock.advance(7200);
    expect((await items.list()).map((i) => i.key)).toEqual(['CH2', 'CH3']);

    const shortLived = await service().syncMaps.create({ uniqueName: 'short', ttl: 60 });
    expect(shortLived.dateExpires?.toISOString()).toBe('2026-11-25T15:01:00.000Z');
    await service().syncMaps(shortLived.sid).syncMapItems.create({ key: 'k', data: {} });
    await h.emu.clock.advance(60);
    await expect(service().syncMaps('short').fetch()).rejects.toMatchObject({ status: 404 });
    expect(h.emu.snapshot().sync[0].maps.map((m) => m.unique_name)).toEqual(['paused']);
  });

  test('spec validation applies to Sync: unknown parameter, missing Key', async () => {
    const map = await service().syncMaps.create({ uniqueName: 'paused' });
    const base = `/sync/v1/Services/${h.seed.syncServiceSid}/Maps/${map.sid}/Items`;
    const unknown = await raw(h.emu, 'POST', base, { Key: 'a', Data: '{}', Colour: 'blue' });
    expect(unknown.status).toBe(400);
    const missing = await raw(h.emu, 'POST', base, { Data: '{}' });
    expect(missing.status).toBe(400);
    expect(String(missing.json?.message)).toContain('Missing required parameter Key');
    expect(h.emu.violations).toHaveLength(2);
    h.emu.violations.length = 0;
  });
});
