import type { Params } from '../params';
import { ApiError, badRequest, newSid, notFound, parseJsonObject } from '../util';
import type { SyncMap, SyncMapItem, SyncService as SyncServiceRecord } from './types';
import type { World } from './world';

/** Sync's own error codes (twilio.com/docs/api/errors/<code>). */
export const SYNC_ERRORS = {
  mapNotFound: 54300,
  mapUniqueNameExists: 54301,
  itemNotFound: 54201,
  itemExists: 54208,
  itemRevisionMismatch: 54205,
  invalidIfMatch: 54003,
} as const;

/** Sync keeps item data to 16 KiB. */
const MAX_DATA_BYTES = 16 * 1024;

function itemKey(mapSid: string, key: string): string {
  return `${mapSid}|${key}`;
}

/** Twilio Sync v1: services, maps and map items, with TTLs on the simulated clock and revisions for If-Match. */
export class SyncService {
  constructor(private readonly world: World) {}

  service(ref: string): SyncServiceRecord {
    // Twilio accepts "default" for the account's default Sync service.
    if (ref === 'default') {
      const first = [...this.world.syncServices.values()][0];
      if (first) return first;
    }
    const s =
      this.world.syncServices.get(ref) ??
      [...this.world.syncServices.values()].find((x) => x.uniqueName === ref);
    if (!s) throw notFound(`Sync Service ${ref}`);
    return s;
  }

  services(): SyncServiceRecord[] {
    return [...this.world.syncServices.values()];
  }

  createService(p: Params): SyncServiceRecord {
    const now = this.world.now();
    const s: SyncServiceRecord = {
      sid: newSid('IS'),
      uniqueName: null,
      friendlyName: p.str('FriendlyName') ?? null,
      webhookUrl: p.str('WebhookUrl') ?? null,
      webhooksFromRestEnabled: p.bool('WebhooksFromRestEnabled') ?? false,
      reachabilityWebhooksEnabled: p.bool('ReachabilityWebhooksEnabled') ?? false,
      aclEnabled: p.bool('AclEnabled') ?? false,
      reachabilityDebouncingEnabled: p.bool('ReachabilityDebouncingEnabled') ?? false,
      reachabilityDebouncingWindow: p.int('ReachabilityDebouncingWindow') ?? 5000,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.syncServices.set(s.sid, s);
    return s;
  }

  updateService(ref: string, p: Params): SyncServiceRecord {
    const s = this.service(ref);
    if (p.has('FriendlyName')) s.friendlyName = p.str('FriendlyName') ?? null;
    if (p.has('WebhookUrl')) s.webhookUrl = p.str('WebhookUrl') || null;
    if (p.has('WebhooksFromRestEnabled'))
      s.webhooksFromRestEnabled = p.bool('WebhooksFromRestEnabled') ?? false;
    if (p.has('ReachabilityWebhooksEnabled'))
      s.reachabilityWebhooksEnabled = p.bool('ReachabilityWebhooksEnabled') ?? false;
    if (p.has('AclEnabled')) s.aclEnabled = p.bool('AclEnabled') ?? false;
    if (p.has('ReachabilityDebouncingEnabled'))
      s.reachabilityDebouncingEnabled = p.bool('ReachabilityDebouncingEnabled') ?? false;
    if (p.has('ReachabilityDebouncingWindow'))
      s.reachabilityDebouncingWindow = p.int('ReachabilityDebouncingWindow') ?? 5000;
    s.dateUpdated = this.world.now();
    return s;
  }

  deleteService(ref: string): void {
    const s = this.service(ref);
    for (const m of this.maps(s)) this.deleteMapRecord(m);
    this.world.syncServices.delete(s.sid);
  }

  // --- Maps ---

  map(serviceRef: string, ref: string): SyncMap {
    const s = this.service(serviceRef);
    const m =
      this.world.syncMaps.get(ref) ??
      [...this.world.syncMaps.values()].find((x) => x.serviceSid === s.sid && x.uniqueName === ref);
    if (!m || m.serviceSid !== s.sid)
      throw new ApiError(
        404,
        SYNC_ERRORS.mapNotFound,
        `The requested resource Sync Map ${ref} was not found`,
      );
    return m;
  }

  maps(service: SyncServiceRecord): SyncMap[] {
    return [...this.world.syncMaps.values()].filter((m) => m.serviceSid === service.sid);
  }

  /** `Ttl` is an alias the spec gives for CollectionTtl/ItemTtl; when both are given the alias is ignored. */
  private ttl(p: Params, primary: string): number | undefined {
    const v = p.has(primary) ? p.int(primary) : p.int('Ttl');
    if (v !== undefined && (v < 0 || v > 31536000))
      throw badRequest(
        `Invalid parameter ${p.has(primary) ? primary : 'Ttl'}: ${v} must be 0..31536000 seconds`,
      );
    return v;
  }

  private expiresAt(ttlSeconds: number | undefined, current: number | null): number | null {
    if (ttlSeconds === undefined) return current;
    return ttlSeconds === 0 ? null : this.world.now() + ttlSeconds * 1000;
  }

  private scheduleMapExpiry(m: SyncMap): void {
    this.world.clock.cancel(m.expiryTimer);
    m.expiryTimer = undefined;
    if (m.dateExpires === null) return;
    m.expiryTimer = this.world.clock.schedule(m.dateExpires, () => {
      m.expiryTimer = undefined;
      if (this.world.syncMaps.get(m.sid) === m) this.deleteMapRecord(m);
    });
  }

  createMap(serviceRef: string, p: Params): SyncMap {
    const s = this.service(serviceRef);
    const uniqueName = p.str('UniqueName') ?? null;
    if (uniqueName !== null) {
      if (/^MP[0-9a-fA-F]{32}$/.test(uniqueName))
        throw badRequest('Invalid parameter UniqueName: it must not look like a Sync Map SID');
      if (this.maps(s).some((m) => m.uniqueName === uniqueName))
        throw new ApiError(409, SYNC_ERRORS.mapUniqueNameExists, `Unique name already exists: ${uniqueName}`);
    }
    const now = this.world.now();
    const m: SyncMap = {
      sid: newSid('MP'),
      serviceSid: s.sid,
      uniqueName,
      revision: 0,
      dateExpires: this.expiresAt(this.ttl(p, 'CollectionTtl'), null),
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.syncMaps.set(m.sid, m);
    this.scheduleMapExpiry(m);
    return m;
  }

  updateMap(serviceRef: string, ref: string, p: Params): SyncMap {
    const m = this.map(serviceRef, ref);
    m.dateExpires = this.expiresAt(this.ttl(p, 'CollectionTtl'), m.dateExpires);
    m.dateUpdated = this.world.now();
    m.revision++;
    this.scheduleMapExpiry(m);
    return m;
  }

  deleteMap(serviceRef: string, ref: string): void {
    this.deleteMapRecord(this.map(serviceRef, ref));
  }

  private deleteMapRecord(m: SyncMap): void {
    this.world.clock.cancel(m.expiryTimer);
    for (const item of this.itemsOf(m)) this.deleteItemRecord(item);
    this.world.syncMaps.delete(m.sid);
  }

  // --- Map items ---

  private itemsOf(m: SyncMap): SyncMapItem[] {
    return [...this.world.syncItems.values()].filter((i) => i.mapSid === m.sid);
  }

  item(serviceRef: string, mapRef: string, key: string): SyncMapItem {
    const m = this.map(serviceRef, mapRef);
    const i = this.world.syncItems.get(itemKey(m.sid, key));
    if (!i)
      throw new ApiError(
        404,
        SYNC_ERRORS.itemNotFound,
        `The requested resource Sync Map Item ${key} was not found`,
      );
    return i;
  }

  /** Items ordered by key (lexicographic), from `From` inclusive or exclusive, as Sync lists them. */
  items(serviceRef: string, mapRef: string, q: Params): SyncMapItem[] {
    const m = this.map(serviceRef, mapRef);
    const desc = q.str('Order') === 'desc';
    const from = q.str('From');
    const exclusive = q.str('Bounds') === 'exclusive';
    let list = this.itemsOf(m).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (desc) list.reverse();
    if (from !== undefined) {
      list = list.filter((i) => {
        const after = desc ? i.key < from : i.key > from;
        return after || (!exclusive && i.key === from);
      });
    }
    return list;
  }

  private data(raw: string | undefined): string {
    const obj = parseJsonObject(raw, 'Data');
    const text = JSON.stringify(obj);
    if (Buffer.byteLength(text, 'utf8') > MAX_DATA_BYTES)
      throw badRequest(`Invalid parameter Data: larger than ${MAX_DATA_BYTES} bytes`);
    return text;
  }

  private scheduleItemExpiry(i: SyncMapItem): void {
    this.world.clock.cancel(i.expiryTimer);
    i.expiryTimer = undefined;
    if (i.dateExpires === null) return;
    i.expiryTimer = this.world.clock.schedule(i.dateExpires, () => {
      i.expiryTimer = undefined;
      if (this.world.syncItems.get(itemKey(i.mapSid, i.key)) === i) this.deleteItemRecord(i);
    });
  }

  createItem(serviceRef: string, mapRef: string, p: Params): SyncMapItem {
    const m = this.map(serviceRef, mapRef);
    const key = p.str('Key') ?? '';
    if (key === '' || key.length > 320) throw badRequest('Invalid parameter Key: 1 to 320 characters');
    if (this.world.syncItems.has(itemKey(m.sid, key)))
      throw new ApiError(
        409,
        SYNC_ERRORS.itemExists,
        `Map Item with key ${key} already exists in Map ${m.sid}`,
      );
    const data = this.data(p.str('Data'));
    const now = this.world.now();
    const i: SyncMapItem = {
      key,
      mapSid: m.sid,
      serviceSid: m.serviceSid,
      data,
      revision: 0,
      dateExpires: this.expiresAt(this.ttl(p, 'ItemTtl'), null),
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.syncItems.set(itemKey(m.sid, key), i);
    this.scheduleItemExpiry(i);
    this.touchMap(m, p);
    return i;
  }

  /** Item writes bump the map's revision; CollectionTtl on an item write resets the map's expiry. */
  private touchMap(m: SyncMap, p: Params): void {
    m.revision++;
    m.dateUpdated = this.world.now();
    if (p.has('CollectionTtl')) {
      m.dateExpires = this.expiresAt(p.int('CollectionTtl'), m.dateExpires);
      this.scheduleMapExpiry(m);
    }
  }

  private checkIfMatch(i: SyncMapItem, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '' || ifMatch === '*') return;
    const want = ifMatch.replace(/^W\//, '').replace(/"/g, '');
    if (!/^\d+$/.test(want))
      throw new ApiError(400, SYNC_ERRORS.invalidIfMatch, `Invalid If-Match header: ${ifMatch}`);
    if (want !== String(i.revision)) {
      throw new ApiError(
        412,
        SYNC_ERRORS.itemRevisionMismatch,
        `The revision of Map Item ${i.key} (${i.revision}) does not match If-Match ${ifMatch}`,
      );
    }
  }

  updateItem(serviceRef: string, mapRef: string, key: string, p: Params, ifMatch?: string): SyncMapItem {
    const m = this.map(serviceRef, mapRef);
    const i = this.item(serviceRef, mapRef, key);
    this.checkIfMatch(i, ifMatch);
    const data = p.has('Data') ? this.data(p.str('Data')) : undefined;
    const ttl = this.ttl(p, 'ItemTtl');
    if (data !== undefined) i.data = data;
    i.dateExpires = this.expiresAt(ttl, i.dateExpires);
    i.revision++;
    i.dateUpdated = this.world.now();
    this.scheduleItemExpiry(i);
    this.touchMap(m, p);
    return i;
  }

  deleteItem(serviceRef: string, mapRef: string, key: string, ifMatch?: string): void {
    const m = this.map(serviceRef, mapRef);
    const i = this.item(serviceRef, mapRef, key);
    this.checkIfMatch(i, ifMatch);
    this.deleteItemRecord(i);
    m.revision++;
    m.dateUpdated = this.world.now();
  }

  private deleteItemRecord(i: SyncMapItem): void {
    this.world.clock.cancel(i.expiryTimer);
    this.world.syncItems.delete(itemKey(i.mapSid, i.key));
  }
}
