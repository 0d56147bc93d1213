import type { TwilioClient } from './twilio-client';

/**
 * The record of a pause, kept in Twilio Sync, which only the Functions write (agents have no Sync token for
 * it): who paused is read from here, never from task attributes. One Sync Map per worker, one item per paused
 * task, so an agent's list is one read and another agent's pause cannot even be named.
 */
export interface PauseRecord {
  taskSid: string;
  pausedBy: string;
  pausedAt: string;
  /** Twilio's `status_timeout` when its answer carried it, else pausedAt + the configured limit. */
  reassignAt: string;
  deadlineSource: 'twilio' | 'configured-limit';
  interactionSid: string;
  channelSid: string;
  conversationSid: string | null;
  taskChannel: string;
  customer: string;
  /** The worker who pressed Pause, when a supervisor acted for the agent. */
  actedBy?: string;
}

export function mapNameFor(workerSid: string): string {
  return `leavePause-paused-${workerSid}`;
}

function statusOf(error: unknown): number | undefined {
  return error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
}

function asRecord(data: unknown): PauseRecord | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Partial<PauseRecord>;
  return typeof record.pausedBy === 'string' && typeof record.channelSid === 'string'
    ? (record as PauseRecord)
    : undefined;
}

export class PauseStore {
  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
  ) {}

  private map(workerSid: string) {
    return this.client.sync.v1.services(this.serviceSid).syncMaps(mapNameFor(workerSid));
  }

  /**
   * Writes the record; the item expires a day after the deadline, when Twilio has long rerouted the
   * conversation. Answers the record already there when this task was recorded before (a retried pause).
   */
  async put(record: PauseRecord, ttlSeconds: number): Promise<PauseRecord> {
    const create = () =>
      this.map(record.pausedBy).syncMapItems.create({
        key: record.taskSid,
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
    // The worker's first pause: their map does not exist yet.
    try {
      await this.client.sync.v1
        .services(this.serviceSid)
        .syncMaps.create({ uniqueName: mapNameFor(record.pausedBy) });
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    return createOrFind();
  }

  async get(workerSid: string, taskSid: string): Promise<PauseRecord | undefined> {
    try {
      return asRecord((await this.map(workerSid).syncMapItems(taskSid).fetch()).data);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async list(workerSid: string): Promise<PauseRecord[]> {
    try {
      const items = await this.map(workerSid).syncMapItems.list({ pageSize: 100 });
      return items.map((item) => asRecord(item.data)).filter((r): r is PauseRecord => !!r);
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw error;
    }
  }

  async remove(workerSid: string, taskSid: string): Promise<void> {
    try {
      await this.map(workerSid).syncMapItems(taskSid).remove();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
}
