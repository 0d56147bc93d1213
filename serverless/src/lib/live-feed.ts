// The wire shape of a record (what the plugin reads), not the store's module: the store calls this one.
import type { PausedRecord as PauseRecord } from '../../../src/backend/client';
import type { TwilioClient } from './twilio-client';

/**
 * An agent's live feed: one Sync Document per agent, `leavePause-feed-{WK}`, holding a copy of that agent's
 * pause records, which the Functions rewrite after every change to them. The records themselves stay in the
 * map `leavePause-paused`, which no client token can read; the feed document carries a permission for exactly
 * one identity, the agent's worker SID (the identity /live-token puts in the agent's Access Token), Read only.
 * With ACLs on for the service (`npm run provision`), an agent's token therefore reads their own feed and
 * nothing else, and writes nothing.
 */
export const FEED_PREFIX = 'leavePause-feed-';

export function feedNameFor(workerSid: string): string {
  return `${FEED_PREFIX}${workerSid}`;
}

/** The document's data. `truncated` says records were left out to fit: the plugin then asks /paused. */
export interface FeedData {
  records: PauseRecord[];
  changedAt: string;
  truncated?: boolean;
}

/** Sync keeps a document's data to 16 KiB; a little room is left for the JSON around the records. */
const MAX_FEED_BYTES = 16 * 1024 - 256;

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The feed for these records within Sync's 16 KiB. What goes first is what the agent misses least: the
 * customer's message previews (any field whose name says `preview`), then the records with the latest
 * deadlines (the list is soonest first), marked `truncated` so the plugin reads the whole list from /paused.
 */
export function feedDataFor(records: readonly PauseRecord[], changedAt: string): FeedData {
  const whole: FeedData = { records: [...records], changedAt };
  if (size(whole) <= MAX_FEED_BYTES) return whole;
  const withoutPreviews = records.map(
    (record) =>
      Object.fromEntries(
        Object.entries(record).filter(([field]) => !/preview/i.test(field)),
      ) as unknown as PauseRecord,
  );
  const lighter: FeedData = { records: withoutPreviews, changedAt };
  if (size(lighter) <= MAX_FEED_BYTES) return lighter;
  const kept: PauseRecord[] = [];
  for (const record of withoutPreviews) {
    if (size({ records: [...kept, record], changedAt, truncated: true }) > MAX_FEED_BYTES) break;
    kept.push(record);
  }
  return { records: kept, changedAt, truncated: true };
}

function statusOf(error: unknown): number | undefined {
  return error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
}

/**
 * Writes the agent's feed: an update of the document by its unique name (one call, the usual case); on the
 * first change for this agent (404) the document is created and its one permission granted. A document that
 * another writer created meanwhile (409) is updated instead.
 */
export async function writeFeed(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
  data: FeedData,
): Promise<void> {
  const service = client.sync.v1.services(serviceSid);
  const name = feedNameFor(workerSid);
  try {
    await service.documents(name).update({ data });
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  try {
    await service.documents.create({ uniqueName: name, data });
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
    await service.documents(name).update({ data });
  }
  // Read only, for exactly this agent: the Functions alone write it (with the account's credentials, which
  // ACLs do not restrict).
  await service
    .documents(name)
    .documentPermissions(workerSid)
    .update({ read: true, write: false, manage: false });
}

/**
 * The feed document's revision as it stands, or `null` when there is no document yet. Read before the records
 * a conditional write carries (writeFeedIfUnchanged): if the write then lands, nobody wrote the feed between
 * this read and that write.
 */
export async function readFeedRevision(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
): Promise<string | null> {
  try {
    const doc = await client.sync.v1.services(serviceSid).documents(feedNameFor(workerSid)).fetch();
    return doc.revision;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/**
 * Writes the agent's feed only if it is still at `revision` (Sync's If-Match on the document), or, for `null`,
 * only if there is still no document (then created and its one permission granted). Answers false when
 * another writer came first (412; a document created meanwhile, 409; one deleted meanwhile, 404): the caller
 * reads the revision and the records again and tries once more. Anything else throws.
 */
export async function writeFeedIfUnchanged(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
  data: FeedData,
  revision: string | null,
): Promise<boolean> {
  const service = client.sync.v1.services(serviceSid);
  const name = feedNameFor(workerSid);
  // Read only, for exactly this agent: the Functions alone write it (with the account's credentials, which
  // ACLs do not restrict).
  const grant = () =>
    service
      .documents(name)
      .documentPermissions(workerSid)
      .update({ read: true, write: false, manage: false });
  try {
    if (revision === null) await service.documents.create({ uniqueName: name, data });
    else await service.documents(name).update({ data, ifMatch: revision });
  } catch (error) {
    const status = statusOf(error);
    // A create whose answer was lost and whose retry found the document (409) may be our own: the permission
    // is granted all the same (it is idempotent), since the next try updates the document and grants nothing.
    if (revision === null && status === 409) await grant();
    if (status === 412 || status === 409 || status === 404) return false;
    throw error;
  }
  if (revision === null) await grant();
  return true;
}
