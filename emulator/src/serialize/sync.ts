import type { World } from '../state/world';
import type { SyncMap, SyncMapItem, SyncDocument, SyncDocumentPermission, SyncService } from '../state/types';
import type { Json, JsonObject } from '../util';
import { d, SYNC } from './common';

/** Sync's services, maps, items, documents and document permissions as its API answers them. */
export class SyncJson {
  constructor(private readonly w: World) {}

  syncService(s: SyncService): JsonObject {
    const url = `${SYNC}/Services/${s.sid}`;
    return {
      sid: s.sid,
      unique_name: s.uniqueName,
      account_sid: this.w.accountSid,
      friendly_name: s.friendlyName,
      date_created: d(s.dateCreated),
      date_updated: d(s.dateUpdated),
      url,
      webhook_url: s.webhookUrl,
      webhooks_from_rest_enabled: s.webhooksFromRestEnabled,
      reachability_webhooks_enabled: s.reachabilityWebhooksEnabled,
      acl_enabled: s.aclEnabled,
      reachability_debouncing_enabled: s.reachabilityDebouncingEnabled,
      reachability_debouncing_window: s.reachabilityDebouncingWindow,
      links: {
        documents: `${url}/Documents`,
        lists: `${url}/Lists`,
        maps: `${url}/Maps`,
        streams: `${url}/Streams`,
      },
    };
  }

  syncMap(m: SyncMap): JsonObject {
    const url = `${SYNC}/Services/${m.serviceSid}/Maps/${m.sid}`;
    return {
      sid: m.sid,
      unique_name: m.uniqueName,
      account_sid: this.w.accountSid,
      service_sid: m.serviceSid,
      url,
      links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
      revision: String(m.revision),
      date_expires: d(m.dateExpires),
      date_created: d(m.dateCreated),
      date_updated: d(m.dateUpdated),
      created_by: 'system',
    };
  }

  syncDocument(doc: SyncDocument): JsonObject {
    const url = `${SYNC}/Services/${doc.serviceSid}/Documents/${doc.sid}`;
    return {
      sid: doc.sid,
      unique_name: doc.uniqueName,
      account_sid: this.w.accountSid,
      service_sid: doc.serviceSid,
      url,
      links: { permissions: `${url}/Permissions` },
      revision: String(doc.revision),
      data: JSON.parse(doc.data) as Json,
      date_expires: d(doc.dateExpires),
      date_created: d(doc.dateCreated),
      date_updated: d(doc.dateUpdated),
      created_by: 'system',
    };
  }

  syncDocumentPermission(x: SyncDocumentPermission): JsonObject {
    return {
      account_sid: this.w.accountSid,
      service_sid: x.serviceSid,
      document_sid: x.documentSid,
      identity: x.identity,
      read: x.read,
      write: x.write,
      manage: x.manage,
      url: `${SYNC}/Services/${x.serviceSid}/Documents/${x.documentSid}/Permissions/${encodeURIComponent(x.identity)}`,
    };
  }

  syncMapItem(i: SyncMapItem): JsonObject {
    return {
      key: i.key,
      account_sid: this.w.accountSid,
      service_sid: i.serviceSid,
      map_sid: i.mapSid,
      url: `${SYNC}/Services/${i.serviceSid}/Maps/${i.mapSid}/Items/${encodeURIComponent(i.key)}`,
      revision: String(i.revision),
      data: JSON.parse(i.data) as Json,
      date_expires: d(i.dateExpires),
      date_created: d(i.dateCreated),
      date_updated: d(i.dateUpdated),
      created_by: 'system',
    };
  }
}
