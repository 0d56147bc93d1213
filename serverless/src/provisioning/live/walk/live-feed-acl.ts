import { mintLiveToken } from '../../../actions/live-token';
import { feedDataFor, feedNameFor, writeFeed } from '../../../lib/live-feed';
import { call, describe, ok } from '../exchange';
import { lineOf, messageOf } from '../lines';
import { SYNC } from '../twilio-uris';
import type { Walk } from './walk';

/**
 * `live-feed-acl`: the test worker's feed written with the Functions' own writeFeed (document and its one
 * permission), read back over REST, then opened as a client with a token minted as /live-token mints it
 * (mintLiveToken) for the worker, and with one for another identity.
 */
export async function liveFeedAcl(walk: Walk): Promise<void> {
  const id = 'live-feed-acl';
  const serviceSid = walk.options.syncServiceSid;
  if (!serviceSid) {
    walk.emit(
      lineOf(id, 'skipped', 'not walked: no Sync service (give --sync-service IS… or SYNC_SERVICE_SID)'),
    );
    return;
  }
  walk.checkAbort();
  const serviceUri = `${SYNC}/${serviceSid}`;
  const service = await call(walk.client, 'get', serviceUri);
  if (!ok(service)) {
    walk.emit(
      lineOf(id, 'could not tell', `the Sync service could not be read: ${describe(service)}`, [service]),
    );
    return;
  }
  if (service.body.acl_enabled !== true) {
    walk.emit(
      lineOf(
        id,
        'fails',
        `acl_enabled is ${String(service.body.acl_enabled)}: any token of the service reads every feed (run npm run provision)`,
        [service],
        { acl_enabled: service.body.acl_enabled ?? null },
      ),
    );
    return;
  }
  const document = feedNameFor(walk.workerSid);
  const documentUri = `${serviceUri}/Documents/${document}`;
  let writeError: unknown = null;
  try {
    await writeFeed(walk.engine, serviceSid, walk.workerSid, feedDataFor([], new Date().toISOString()));
  } catch (error) {
    writeError = error;
  } finally {
    // Registered by its name whatever happened: a create whose answer was lost is removed too.
    const found = await call(walk.client, 'get', documentUri).catch(() => null);
    if (found && ok(found) && typeof found.body.sid === 'string')
      walk.registry.add('sync-document', found.body.sid, document, serviceSid);
  }
  if (writeError) {
    walk.emit(lineOf(id, 'fails', `the feed could not be written: ${messageOf(writeError)}`));
    return;
  }
  const permissions = await call(walk.client, 'get', `${documentUri}/Permissions?PageSize=50`);
  const list = Array.isArray(permissions.body.permissions)
    ? (permissions.body.permissions as Record<string, unknown>[])
    : [];
  const granted = list.map((p) => ({
    identity: p.identity,
    read: p.read,
    write: p.write,
    manage: p.manage,
  }));
  const fields: Record<string, unknown> = { acl_enabled: true, permissions: granted };
  const onlyReadForWorker =
    list.length === 1 &&
    list[0].identity === walk.workerSid &&
    list[0].read === true &&
    list[0].write === false &&
    list[0].manage === false;
  const rest = `ACLs on; the feed's permissions ${describe(permissions)}: ${granted.length} (${granted.map((g) => `${String(g.identity)} read=${String(g.read)} write=${String(g.write)}`).join('; ')})`;
  if (!ok(permissions) || !onlyReadForWorker) {
    walk.emit(lineOf(id, ok(permissions) ? 'fails' : 'could not tell', rest, [service, permissions], fields));
    return;
  }
  const key = walk.options.apiKey;
  const reader = walk.options.syncClientRead;
  if (!key || !reader) {
    walk.emit(
      lineOf(
        id,
        'skipped',
        `${rest}; the client read not walked: ${!key ? 'no API key (TWILIO_API_KEY, TWILIO_API_SECRET) to mint the tokens' : "Sync's REST API takes account credentials only and its clients speak a websocket SDK the check does not carry"}`,
        [service, permissions],
        fields,
      ),
    );
    return;
  }
  const accountSid = walk.client.username ?? '';
  const own = await reader(
    mintLiveToken(accountSid, key, walk.workerSid, serviceSid),
    serviceSid,
    document,
  ).catch(() => 0);
  const other = await reader(
    mintLiveToken(accountSid, key, `${walk.name}-other`, serviceSid),
    serviceSid,
    document,
  ).catch(() => 0);
  const clientFields = { ...fields, own_identity_status: own, other_identity_status: other };
  const seen = `${rest}; as a client: the worker's token HTTP ${own}, another identity's HTTP ${other}`;
  if (own === 200 && other === 403)
    walk.emit(lineOf(id, 'holds', seen, [service, permissions], clientFields));
  else if (own === 0 || other === 0 || own >= 500 || other >= 500)
    walk.emit(lineOf(id, 'could not tell', seen, [service, permissions], clientFields));
  else walk.emit(lineOf(id, 'fails', seen, [service, permissions], clientFields));
}
