// The plugin's client defines what a pause record looks like on the wire; the store keeps exactly that.
import type { PausedRecord } from '../../../src/backend/client';
import { ActionError } from './errors';
import { feedDataFor, readFeedRevision, writeFeedIfUnchanged } from './live-feed';
import { logFailure } from './log';
import type { TwilioClient } from './twilio-client';

/**
 * The record of a pause, kept in Twilio Sync, which only the Functions write (agents have no Sync token for
 * it): who paused is read from here, never from task attributes. One Sync Map, one item per paused task, keyed
 * `{worker}:{task}`: an agent's records are one ranged read (keys sort, `From` starts at theirs), and another
 * agent's pause cannot even be named, since the caller's own worker SID is the first half of every key we read.
 */
export type PauseRecord = PausedRecord & {
  /** The worker who pressed Pause, when a supervisor acted for the agent. */
  actedBy?: string;
};

export const PAUSE_MAP_NAME = 'leavePause-paused';

export function keyFor(workerSid: string, taskSid: string): string {
  return `${workerSid}:${taskSid}`;
}

function statusOf(error: unknown): number | undefined {
  return error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
}

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
const isSid = (prefix: string) => (value: unknown) => typeof value === 'string' && SID(prefix).test(value);
const isDate = (value: unknown) => typeof value === 'string' && Number.isFinite(Date.parse(value));
const isText = (value: unknown) => typeof value === 'string';
const optional = (valid: (value: unknown) => boolean) => (value: unknown) =>
  value === undefined || valid(value);

// Pause reasons (issue 18): optional; when present it must be whole, or the record is not trusted.
const isOptionalText = (value: unknown) => value === undefined || typeof value === 'string';
function isReason(value: unknown): boolean {
  if (value === undefined) return true;
  if (!value || typeof value !== 'object') return false;
  const { code, label, note } = value as Record<string, unknown>;
  if (typeof code !== 'string' || !label || typeof label !== 'object') return false;
  const { en, es } = label as Record<string, unknown>;
  return typeof en === 'string' && isOptionalText(es) && isOptionalText(note);
}

/** Every field a pause answer or a Resume relies on, and what it must look like. */
const RECORD_FIELDS: [keyof PauseRecord, (value: unknown) => boolean][] = [
  ['taskSid', isSid('WT')],
  ['pausedBy', isSid('WK')],
  ['pausedAt', isDate],
  ['reassignAt', isDate],
  ['deadlineSource', (value) => value === 'twilio' || value === 'configured-limit'],
  ['interactionSid', isSid('KD')],
  ['channelSid', isSid('UO')],
  ['conversationSid', (value) => value === null || isSid('CH')(value)],
  ['taskChannel', isText],
  ['customer', isText],
  // Pause reasons (issue 18).
  ['reason', isReason],
  // Pause events (issue 18 part 1): optional, so records written before them stay whole.
  ['eventsWebhookSid', (value) => value === undefined || isSid('WH')(value)],
  ['unread', (value) => value === undefined || isUnread(value)],
  [
    'countedMessageSids',
    (value) => value === undefined || (Array.isArray(value) && value.every(isSid('IM'))),
  ],
  ['agentIdentity', (value) => value === undefined || isText(value)],
  // Team view (issue 18 part 4): optional, absent on older records.
  ['queueSid', optional(isSid('WQ'))],
  ['queueName', optional(isText)],
  ['workflowSid', optional(isSid('WW'))],
];

/** Pause events: a count the pause-events handler wrote. */
function isUnread(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const unread = value as Record<string, unknown>;
  return (
    typeof unread.count === 'number' &&
    Number.isInteger(unread.count) &&
    unread.count >= 0 &&
    isDate(unread.lastMessageAt) &&
    isText(unread.preview)
  );
}

/**
 * Only the Functions write these items, but a record that is not whole (hand-edited in Console, written by an
 * older version) must never reach an agent as "undefined" fields or steer a Resume to a made-up channel: it
 * counts as no record at all.
 */
export function asRecord(data: unknown): PauseRecord | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  return RECORD_FIELDS.every(([field, valid]) => valid(record[field]))
    ? (record as unknown as PauseRecord)
    : undefined;
}

export class PauseStore {
  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
  ) {}

  private map() {
    return this.client.sync.v1.services(this.serviceSid).syncMaps(PAUSE_MAP_NAME);
  }

  /**
   * Writes the record; the item expires a day after the deadline, when Twilio has long rerouted the
   * conversation. Answers the record already there when this task was recorded before (a retried pause).
   * Then announces the change to the agent's feed (after the write: a read, then the document). Pause writes
   * with `putRecord` instead and announces beside the write, so the feed costs the agent no round trip.
   */
  async put(record: PauseRecord, ttlSeconds: number): Promise<PauseRecord> {
    const kept = await this.putRecord(record, ttlSeconds);
    await this.announceChange(record.pausedBy);
    return kept;
  }

  /** `put` without the announcement: the caller announces the change itself (`announceChange`). */
  async putRecord(record: PauseRecord, ttlSeconds: number): Promise<PauseRecord> {
    const create = () =>
      this.map().syncMapItems.create({
        key: keyFor(record.pausedBy, record.taskSid),
        data: record,
        itemTtl: Math.max(1, Math.ceil(ttlSeconds)),
      });
    const createOrFind = async () => {
      try {
        await create();
        return record;
      } catch (error) {
        // Recorded already (a retried create whose answer was lost, a double click): keep the first record.
        if (statusOf(error) === 409) return (await this.get(record.pausedBy, record.taskSid)) ?? record;
        throw error;
      }
    };
    try {
      return await createOrFind();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    // `npm run provision` creates the map; should it be missing, the first pause creates it.
    try {
      await this.client.sync.v1.services(this.serviceSid).syncMaps.create({ uniqueName: PAUSE_MAP_NAME });
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    return createOrFind();
  }

  async get(workerSid: string, taskSid: string): Promise<PauseRecord | undefined> {
    try {
      return asRecord((await this.map().syncMapItems(keyFor(workerSid, taskSid)).fetch()).data);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async list(workerSid: string): Promise<PauseRecord[]> {
    try {
      const prefix = `${workerSid}:`;
      const records: PauseRecord[] = [];
      // Keys sort lexicographically: this worker's items are one contiguous run starting at their prefix.
      for (let from = prefix; ;) {
        const page = await this.map().syncMapItems.page({
          from,
          order: 'asc',
          bounds: 'exclusive',
          pageSize: 100,
        });
        const ours = page.instances.filter((item) => item.key.startsWith(prefix));
        for (const item of ours) {
          const record = asRecord(item.data);
          if (record && record.pausedBy === workerSid) records.push(record);
        }
        if (ours.length < page.instances.length || page.instances.length < 100) return records;
        // The next page starts after the last key seen (`From` is exclusive; the prefix itself is no key).
        from = page.instances[page.instances.length - 1].key;
      }
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw error;
    }
  }

  /**
   * Team view (issue 18 part 4): every agent's records, all pages, for a caller already proven a supervisor or
   * an admin. Each record is checked like any other, and must sit under its own agent's key.
   */
  async listAll(): Promise<PauseRecord[]> {
    const records: PauseRecord[] = [];
    try {
      for (let from: string | undefined; ;) {
        const page = await this.map().syncMapItems.page({
          ...(from === undefined ? {} : { from, bounds: 'exclusive' as const }),
          order: 'asc',
          pageSize: 100,
        });
        for (const item of page.instances) {
          const record = asRecord(item.data);
          if (record && item.key === keyFor(record.pausedBy, record.taskSid)) records.push(record);
        }
        if (page.instances.length < 100) return records;
        from = page.instances[page.instances.length - 1].key;
      }
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw error;
    }
  }

  /** Deletes the record, then announces the change (after the delete: a read, then the document). */
  async remove(workerSid: string, taskSid: string): Promise<void> {
    await this.removeRecord(workerSid, taskSid);
    await this.announceChange(workerSid);
  }

  /** `remove` without the announcement: the caller announces the change itself (`announceChange`). */
  async removeRecord(workerSid: string, taskSid: string): Promise<void> {
    try {
      await this.map().syncMapItems(keyFor(workerSid, taskSid)).remove();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  /**
   * `remove` with the agent's records read beside the delete (or `listed`, read earlier by the caller): the feed
   * is written one round trip sooner.
   */
  async removeAndAnnounce(
    workerSid: string,
    taskSid: string,
    listed: Promise<ListedForFeed> = this.listForFeed(workerSid),
  ): Promise<void> {
    await this.removeRecord(workerSid, taskSid);
    await this.announceChange(workerSid, { listed, removedTaskSid: taskSid });
  }

  /**
   * The agent's records as their feed needs them, read side by side with the change it will announce, after
   * the feed's revision (so a write conditioned on that revision carries records read since: see
   * `announceChange`). Never rejects: a failed read is kept, and logged (without secrets) only by the
   * `announceChange` that needed it, which then leaves the feed as it is (an action that fails before
   * announcing logs nothing about its feed).
   */
  listForFeed(workerSid: string): Promise<ListedForFeed> {
    return readFeedRevision(this.client, this.serviceSid, workerSid)
      .then(async (revision) => ({ revision, records: await this.list(workerSid) }))
      .then(
        (listed): ListedForFeed => listed,
        (error: unknown) => ({ failed: error }),
      );
  }

  /**
   * Rewrites the agent's live feed (lib/live-feed.ts) once a change to their records is made: the records as
   * read (`listed`, started beside the change by the caller, or read now), with the change applied: `put`
   * replaces or adds that task's record, `removedTaskSid` drops it. Every action that changes an agent's
   * records calls it once that change is made (never before: another writer that reads the records after this
   * write must find the change), so the feed carries what the records hold without a read after the write.
   *
   * Two changes for one agent at once: the write is conditioned on the feed's revision read before the records
   * (If-Match). If another writer came first (412), the revision and the records are read again, now after this
   * change, and written as they are (no change applied: they hold it, or a later one). Why this converges: a
   * write that lands was based on records read after every earlier landed write, each itself made after its
   * own change; and a third attempt lost means its winner read the records after this change, so this change
   * is in the feed without us (FEED_WRITE_ATTEMPTS). Never fails the action: a feed not written is logged
   * (without secrets) and healed by the agent's next change or the plugin's next /live-token (refreshFeed).
   */
  async announceChange(workerSid: string, change: FeedChange = {}): Promise<void> {
    const listed = await (change.listed ?? this.listForFeed(workerSid));
    if ('failed' in listed) return logFailure('live feed not updated', listed.failed);
    const changedTask = change.put?.taskSid ?? change.removedTaskSid;
    const records = listed.records.filter((record) => record.taskSid !== changedTask);
    if (change.put) records.push(change.put);
    try {
      await this.writeFeedUntilLanded(workerSid, { revision: listed.revision, records });
    } catch (error) {
      logFailure('live feed not updated', error);
    }
  }

  /** Writes the agent's feed from the map; throws on failure (the caller decides whether that matters). */
  async refreshFeed(workerSid: string): Promise<void> {
    const listed = await this.listForFeed(workerSid);
    if ('failed' in listed) throw listed.failed;
    await this.writeFeedUntilLanded(workerSid, listed);
  }

  /** The conditional write, then on a lost race the fresh read and write (see `announceChange`). */
  private async writeFeedUntilLanded(
    workerSid: string,
    first: { revision: string | null; records: PauseRecord[] },
  ): Promise<void> {
    const startedAt = Date.now();
    let basis = first;
    for (let attempt = 1; ; attempt++) {
      const soonestFirst = [...basis.records].sort(
        (a, b) => Date.parse(a.reassignAt) - Date.parse(b.reassignAt),
      );
      const data = feedDataFor(soonestFirst, new Date().toISOString());
      if (await writeFeedIfUnchanged(this.client, this.serviceSid, workerSid, data, basis.revision)) return;
      // Lost the last allowed race: its winner read the records after this change (see announceChange).
      if (attempt >= FEED_WRITE_ATTEMPTS) return;
      // A Function has 10 s: past the budget the feed is left for the next change to heal, and said so.
      if (Date.now() - startedAt > FEED_RETRY_BUDGET_MS) {
        throw new ActionError(503, 'twilio_error', 'other writes of this feed kept coming first');
      }
      const fresh = await this.listForFeed(workerSid);
      if ('failed' in fresh) throw fresh.failed;
      basis = fresh;
    }
  }
}

/**
 * Three writes lost to other writers prove the feed holds this change without us: the second and third tries
 * read the records after the change, and whoever beat the third read them after beating the second.
 */
const FEED_WRITE_ATTEMPTS = 3;
/** No new try after this long (the Function's own work and the transport's retries share its 10 s). */
const FEED_RETRY_BUDGET_MS = 3000;

/** The agent's records read for their feed, or why they could not be. */
export type ListedForFeed =
  | {
      records: PauseRecord[];
      /** The feed's revision, read before them; null: no feed yet. */
      revision: string | null;
    }
  | { failed: unknown };

/** A change to one agent's records, for `announceChange`. */
export interface FeedChange {
  /** The agent's records read beside the change (`listForFeed`); read after it when absent. */
  listed?: Promise<ListedForFeed>;
  /** The record now kept for its task. */
  put?: PauseRecord;
  /** The task whose record is gone. */
  removedTaskSid?: string;
}
