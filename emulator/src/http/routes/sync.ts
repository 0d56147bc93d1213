/** Sync's routes: services, maps and their items, documents and their permissions. */
import type { SyncService } from '../../state/sync';
import type { SyncDocuments } from '../../state/sync-documents';
import { header, noContent, ok, page, type AddRoute, type RouteResult, type Services } from '../route-kit';

export function addSyncRoutes(add: AddRoute, s: Services): void {
  const { sync, syncDocuments: docs, ser } = s;
  const S = '/v1/Services/{ServiceSid}';
  const M = `${S}/Maps/{MapSid}`;
  const itemResult = (i: ReturnType<SyncService['item']>, status = 200): RouteResult =>
    ok(ser.syncMapItem(i), status, { ETag: `"${i.revision}"` });
  add('sync', 'GET', '/v1/Services', (c) =>
    page(
      c,
      'services',
      sync.services().map((x) => ser.syncService(x)),
    ),
  );
  add('sync', 'POST', '/v1/Services', (c) => ok(ser.syncService(sync.createService(c.body)), 201));
  add('sync', 'GET', '/v1/Services/{Sid}', (c) => ok(ser.syncService(sync.service(c.params.Sid))));
  add('sync', 'POST', '/v1/Services/{Sid}', (c) =>
    ok(ser.syncService(sync.updateService(c.params.Sid, c.body))),
  );
  add('sync', 'DELETE', '/v1/Services/{Sid}', (c) => (sync.deleteService(c.params.Sid), noContent()));
  add('sync', 'GET', `${S}/Maps`, (c) =>
    page(
      c,
      'maps',
      sync.maps(sync.service(c.params.ServiceSid)).map((m) => ser.syncMap(m)),
    ),
  );
  add('sync', 'POST', `${S}/Maps`, (c) => ok(ser.syncMap(sync.createMap(c.params.ServiceSid, c.body)), 201));
  add('sync', 'GET', `${S}/Maps/{Sid}`, (c) => ok(ser.syncMap(sync.map(c.params.ServiceSid, c.params.Sid))));
  add('sync', 'POST', `${S}/Maps/{Sid}`, (c) =>
    ok(ser.syncMap(sync.updateMap(c.params.ServiceSid, c.params.Sid, c.body))),
  );
  add(
    'sync',
    'DELETE',
    `${S}/Maps/{Sid}`,
    (c) => (sync.deleteMap(c.params.ServiceSid, c.params.Sid), noContent()),
  );
  add('sync', 'GET', `${M}/Items`, (c) =>
    page(
      c,
      'items',
      sync.items(c.params.ServiceSid, c.params.MapSid, c.query).map((i) => ser.syncMapItem(i)),
    ),
  );
  add('sync', 'POST', `${M}/Items`, (c) =>
    itemResult(sync.createItem(c.params.ServiceSid, c.params.MapSid, c.body), 201),
  );
  add('sync', 'GET', `${M}/Items/{Key}`, (c) =>
    itemResult(sync.item(c.params.ServiceSid, c.params.MapSid, c.params.Key)),
  );
  add('sync', 'POST', `${M}/Items/{Key}`, (c) =>
    itemResult(
      sync.updateItem(c.params.ServiceSid, c.params.MapSid, c.params.Key, c.body, header(c, 'If-Match')),
    ),
  );
  add('sync', 'DELETE', `${M}/Items/{Key}`, (c) => {
    sync.deleteItem(c.params.ServiceSid, c.params.MapSid, c.params.Key, header(c, 'If-Match'));
    return noContent();
  });

  // Documents and their per-identity permissions (the agents' live feeds, issue 18).
  const D = `${S}/Documents`;
  const documentResult = (doc: ReturnType<SyncDocuments['document']>, status = 200): RouteResult =>
    ok(ser.syncDocument(doc), status, { ETag: `"${doc.revision}"` });
  add('sync', 'GET', D, (c) =>
    page(
      c,
      'documents',
      docs.documents(c.params.ServiceSid).map((doc) => ser.syncDocument(doc)),
    ),
  );
  add('sync', 'POST', D, (c) => documentResult(docs.createDocument(c.params.ServiceSid, c.body), 201));
  add('sync', 'GET', `${D}/{Sid}`, (c) => documentResult(docs.document(c.params.ServiceSid, c.params.Sid)));
  add('sync', 'POST', `${D}/{Sid}`, (c) =>
    documentResult(docs.updateDocument(c.params.ServiceSid, c.params.Sid, c.body, header(c, 'If-Match'))),
  );
  add(
    'sync',
    'DELETE',
    `${D}/{Sid}`,
    (c) => (docs.deleteDocument(c.params.ServiceSid, c.params.Sid), noContent()),
  );
  const P = `${D}/{DocumentSid}/Permissions`;
  add('sync', 'GET', P, (c) =>
    page(
      c,
      'permissions',
      docs.permissions(c.params.ServiceSid, c.params.DocumentSid).map((x) => ser.syncDocumentPermission(x)),
    ),
  );
  add('sync', 'GET', `${P}/{Identity}`, (c) =>
    ok(
      ser.syncDocumentPermission(
        docs.permission(c.params.ServiceSid, c.params.DocumentSid, c.params.Identity),
      ),
    ),
  );
  add('sync', 'POST', `${P}/{Identity}`, (c) =>
    ok(
      ser.syncDocumentPermission(
        docs.setPermission(c.params.ServiceSid, c.params.DocumentSid, c.params.Identity, c.body),
      ),
    ),
  );
  add(
    'sync',
    'DELETE',
    `${P}/{Identity}`,
    (c) => (docs.deletePermission(c.params.ServiceSid, c.params.DocumentSid, c.params.Identity), noContent()),
  );
}
