import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Params } from '../params';
import { ApiError, badRequest, newSid, parseJsonObject } from '../util';
import type { ApiKey, SyncDocument, SyncDocumentPermission } from './types';
import type { SyncService } from './sync';
import type { World } from './world';

/** Sync's own error codes for documents and permissions (twilio.com/docs/api/errors/<code>). */
export const SYNC_DOCUMENT_ERRORS = {
  documentNotFound: 54100,
  /** The code a map's taken unique name carries; a document's own is not in the error catalogue we read. */
  documentUniqueNameExists: 54301,
  /** "Document revision mismatch" (If-Match). */
  documentRevisionMismatch: 54103,
  permissionNotFound: 54500,
  /** "Access forbidden for identity": a client token's identity has no permission (ACL on). */
  forbidden: 54007,
  /** "Token validation failed" (Twilio's generic Access Token error family, 20101–20107). */
  invalidToken: 20101,
} as const;

/** Sync keeps document data to 16 KiB. */
const MAX_DATA_BYTES = 16 * 1024;

/** What a verified client Access Token says: who, for which Sync service. */
export interface SyncClientIdentity {
  identity: string;
  serviceSid: string;
}

function permissionKey(documentSid: string, identity: string): string {
  return `${documentSid}|${identity}`;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Sync Documents with their per-identity permissions, and the client side the Sync SDK stands for: a client
 * Access Token (HS256, signed with one of the account's API key secrets, as twilio-node's `jwt.AccessToken`
 * makes them) reads a document only when its identity holds Read on it, if the service has ACLs on.
 */
export class SyncDocuments {
  constructor(
    private readonly world: World,
    private readonly sync: SyncService,
  ) {}

  // --- API keys (the emulator's stand-in for `POST /2010-04-01/Accounts/{AC}/Keys`) ---

  createApiKey(): ApiKey {
    const key: ApiKey = { sid: newSid('SK'), secret: randomBytes(16).toString('hex') };
    this.world.apiKeys.set(key.sid, key);
    return key;
  }

  // --- Documents ---

  document(serviceRef: string, ref: string): SyncDocument {
    const s = this.sync.service(serviceRef);
    const doc =
      this.world.syncDocuments.get(ref) ??
      [...this.world.syncDocuments.values()].find((x) => x.serviceSid === s.sid && x.uniqueName === ref);
    if (!doc || doc.serviceSid !== s.sid)
      throw new ApiError(
        404,
        SYNC_DOCUMENT_ERRORS.documentNotFound,
        `The requested resource Sync Document ${ref} was not found`,
      );
    return doc;
  }

  documents(serviceRef: string): SyncDocument[] {
    const s = this.sync.service(serviceRef);
    return [...this.world.syncDocuments.values()].filter((doc) => doc.serviceSid === s.sid);
  }

  private data(raw: string | undefined): string {
    const text = JSON.stringify(raw === undefined ? {} : parseJsonObject(raw, 'Data'));
    if (Buffer.byteLength(text, 'utf8') > MAX_DATA_BYTES)
      throw badRequest(`Invalid parameter Data: larger than ${MAX_DATA_BYTES} bytes`);
    return text;
  }

  private ttl(p: Params): number | null | undefined {
    if (!p.has('Ttl')) return undefined;
    const v = p.int('Ttl') ?? 0;
    if (v < 0 || v > 31536000) throw badRequest(`Invalid parameter Ttl: ${v} must be 0..31536000 seconds`);
    return v === 0 ? null : this.world.now() + v * 1000;
  }

  private scheduleExpiry(doc: SyncDocument): void {
    this.world.clock.cancel(doc.expiryTimer);
    doc.expiryTimer = undefined;
    if (doc.dateExpires === null) return;
    doc.expiryTimer = this.world.clock.schedule(doc.dateExpires, () => {
      doc.expiryTimer = undefined;
      if (this.world.syncDocuments.get(doc.sid) === doc) this.deleteRecord(doc);
    });
  }

  createDocument(serviceRef: string, p: Params): SyncDocument {
    const s = this.sync.service(serviceRef);
    const uniqueName = p.str('UniqueName') ?? null;
    if (uniqueName !== null) {
      if (/^ET[0-9a-fA-F]{32}$/.test(uniqueName))
        throw badRequest('Invalid parameter UniqueName: it must not look like a Sync Document SID');
      if (this.documents(s.sid).some((doc) => doc.uniqueName === uniqueName))
        throw new ApiError(
          409,
          SYNC_DOCUMENT_ERRORS.documentUniqueNameExists,
          `Unique name already exists: ${uniqueName}`,
        );
    }
    const now = this.world.now();
    const doc: SyncDocument = {
      sid: newSid('ET'),
      serviceSid: s.sid,
      uniqueName,
      data: this.data(p.str('Data')),
      revision: 0,
      dateExpires: this.ttl(p) ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.syncDocuments.set(doc.sid, doc);
    this.scheduleExpiry(doc);
    return doc;
  }

  updateDocument(serviceRef: string, ref: string, p: Params, ifMatch?: string): SyncDocument {
    const doc = this.document(serviceRef, ref);
    if (ifMatch !== undefined && ifMatch !== '' && ifMatch !== '*') {
      const want = ifMatch.replace(/^W\//, '').replace(/"/g, '');
      if (want !== String(doc.revision))
        throw new ApiError(
          412,
          SYNC_DOCUMENT_ERRORS.documentRevisionMismatch,
          `The revision of Document ${doc.sid} (${doc.revision}) does not match If-Match ${ifMatch}`,
        );
    }
    if (p.has('Data')) doc.data = this.data(p.str('Data'));
    const ttl = this.ttl(p);
    if (ttl !== undefined) doc.dateExpires = ttl;
    doc.revision++;
    doc.dateUpdated = this.world.now();
    this.scheduleExpiry(doc);
    return doc;
  }

  deleteDocument(serviceRef: string, ref: string): void {
    this.deleteRecord(this.document(serviceRef, ref));
  }

  private deleteRecord(doc: SyncDocument): void {
    this.world.clock.cancel(doc.expiryTimer);
    this.world.syncDocuments.delete(doc.sid);
    for (const [key, permission] of this.world.syncDocumentPermissions)
      if (permission.documentSid === doc.sid) this.world.syncDocumentPermissions.delete(key);
  }

  // --- Permissions ---

  permission(serviceRef: string, docRef: string, identity: string): SyncDocumentPermission {
    const doc = this.document(serviceRef, docRef);
    const permission = this.world.syncDocumentPermissions.get(permissionKey(doc.sid, identity));
    if (!permission)
      throw new ApiError(
        404,
        SYNC_DOCUMENT_ERRORS.permissionNotFound,
        `The requested resource Document Permission ${identity} was not found`,
      );
    return permission;
  }

  permissions(serviceRef: string, docRef: string): SyncDocumentPermission[] {
    const doc = this.document(serviceRef, docRef);
    return [...this.world.syncDocumentPermissions.values()].filter((x) => x.documentSid === doc.sid);
  }

  /** Creates or replaces one identity's permission; the spec requires all three flags. */
  setPermission(serviceRef: string, docRef: string, identity: string, p: Params): SyncDocumentPermission {
    const doc = this.document(serviceRef, docRef);
    const flag = (name: string): boolean => {
      const value = p.bool(name);
      if (value === undefined) throw badRequest(`Missing required parameter ${name} in the post body`);
      return value;
    };
    const permission: SyncDocumentPermission = {
      serviceSid: doc.serviceSid,
      documentSid: doc.sid,
      identity,
      read: flag('Read'),
      write: flag('Write'),
      manage: flag('Manage'),
    };
    this.world.syncDocumentPermissions.set(permissionKey(doc.sid, identity), permission);
    return permission;
  }

  deletePermission(serviceRef: string, docRef: string, identity: string): void {
    const permission = this.permission(serviceRef, docRef, identity);
    this.world.syncDocumentPermissions.delete(permissionKey(permission.documentSid, identity));
  }

  // --- The client side (what the Sync SDK does over its websocket) ---

  /**
   * Checks a client Access Token as Twilio does: an HS256 JWT signed with the secret of the API key named in
   * `iss`, for this account (`sub`), not expired (on real time: twilio-node stamps it with the machine's
   * clock, not the emulator's), carrying a `data_sync` grant and an identity.
   */
  verifyClientToken(token: string | undefined): SyncClientIdentity {
    const invalid = (why: string) =>
      new ApiError(401, SYNC_DOCUMENT_ERRORS.invalidToken, `Invalid Access Token: ${why}`);
    const parts = (token ?? '').split('.');
    if (parts.length !== 3) throw invalid('not a JWT');
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw invalid('unreadable');
    }
    if (header.alg !== 'HS256') throw invalid('algorithm must be HS256');
    const key = typeof payload.iss === 'string' ? this.world.apiKeys.get(payload.iss) : undefined;
    if (!key) throw invalid('unknown API key');
    const expected = Buffer.from(
      base64url(createHmac('sha256', key.secret).update(`${parts[0]}.${parts[1]}`).digest()),
    );
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid('bad signature');
    if (payload.sub !== this.world.accountSid) throw invalid('another account');
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= Date.now()) throw invalid('expired');
    const grants = (payload.grants ?? {}) as Record<string, unknown>;
    const sync = grants.data_sync as Record<string, unknown> | undefined;
    const identity = grants.identity;
    if (typeof identity !== 'string' || identity === '') throw invalid('no identity');
    if (!sync || typeof sync.service_sid !== 'string') throw invalid('no Sync grant');
    return { identity, serviceSid: sync.service_sid };
  }

  /** A client's read of a document: with ACLs on, only an identity holding Read on it gets it (else 403). */
  clientRead(token: string | undefined, serviceRef: string, docRef: string): SyncDocument {
    const client = this.verifyClientToken(token);
    const service = this.sync.service(serviceRef);
    const forbidden = () =>
      new ApiError(403, SYNC_DOCUMENT_ERRORS.forbidden, `Access forbidden for identity ${client.identity}`);
    if (client.serviceSid !== service.sid) throw forbidden();
    let doc: SyncDocument;
    try {
      doc = this.document(service.sid, docRef);
    } catch (error) {
      // With ACLs on, a document the identity may not read and one that does not exist look the same.
      if (service.aclEnabled) throw forbidden();
      throw error;
    }
    if (service.aclEnabled) {
      const permission = this.world.syncDocumentPermissions.get(permissionKey(doc.sid, client.identity));
      if (!permission?.read) throw forbidden();
    }
    return doc;
  }
}
