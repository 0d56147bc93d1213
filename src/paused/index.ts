/**
 * The agent's paused conversations, as the server records them. In the new engine a paused conversation has no
 * Flex task any more (Twilio closed it and freed the agent's capacity), so nothing here reads task attributes:
 * the list comes from the Functions' `/paused`, which reads the server-owned Sync records. A reload asks again,
 * so nothing is lost with the page.
 */
import type { PausedReason, PausedRecord, PausedUnread } from '../backend/client';

export interface PausedWorkItem {
  /** The paused (now closed) task: what Resume names. */
  taskSid: string;
  customerName: string;
  /** The conversation's own channel (chat, sms…). */
  channel: string;
  pausedAt?: Date;
  reassignAt: Date;
  conversationSid?: string;
  channelSid?: string;
  /** Twilio's answer had no `status_timeout`: reassignAt is pausedAt + the admin's limit, an estimate. */
  deadlineEstimated?: boolean;
  /** Pause reasons (issue 18): the reason picked at Pause, with its labels and note, when there was one. */
  reason?: PausedReason;
  /** Pause events: the customer's messages since the pause (absent until the first). */
  unread?: PausedUnread;
}

export function toPausedWorkItem(record: PausedRecord, unknownCustomer = ''): PausedWorkItem {
  const pausedAt = new Date(record.pausedAt);
  return {
    taskSid: record.taskSid,
    customerName: record.customer || unknownCustomer,
    channel: record.taskChannel,
    pausedAt: Number.isNaN(pausedAt.getTime()) ? undefined : pausedAt,
    reassignAt: new Date(record.reassignAt),
    conversationSid: record.conversationSid ?? undefined,
    channelSid: record.channelSid,
    deadlineEstimated: record.deadlineSource === 'configured-limit',
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.unread && record.unread.count > 0 ? { unread: record.unread } : {}),
  };
}

/** Sorted by deadline, soonest first: the order in which they need the agent. */
export function pausedWorkItems(records: readonly PausedRecord[], unknownCustomer = ''): PausedWorkItem[] {
  return records
    .map((record) => toPausedWorkItem(record, unknownCustomer))
    .sort((a, b) => a.reassignAt.getTime() - b.reassignAt.getTime());
}

export interface PausedWorkState {
  loading: boolean;
  items: PausedWorkItem[];
  /** The last failure to load, if the latest attempt failed. */
  error?: string;
}

export interface PausedWorkStore {
  get(): PausedWorkState;
  subscribe(listener: () => void): () => void;
  /** Asks the server again; concurrent calls share one request. */
  refresh(): Promise<void>;
  /** Takes a list delivered by the live feed (src/live) as the server's current answer. */
  replace(records: readonly PausedRecord[]): void;
  /** Drops items whose deadline has passed (Twilio has rerouted them), without asking the server. */
  expire(now: number): void;
}

/** One list per page, shared by the Paused work view, the task list section, the badges and the reminders. */
export function createPausedWorkStore(
  load: () => Promise<PausedRecord[]>,
  unknownCustomer = '',
): PausedWorkStore {
  let state: PausedWorkState = { loading: true, items: [] };
  const listeners = new Set<() => void>();
  let inFlight: Promise<void> | undefined;
  /** How many lists the live feed delivered: a read that began before the latest one is older than it. */
  let replaced = 0;
  const set = (next: PausedWorkState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh() {
      const startedAt = replaced;
      inFlight ??= load()
        .then((records) => {
          // The live feed delivered a list after this read began: it is the newer truth, keep it.
          if (replaced !== startedAt) return set({ ...state, loading: false });
          set({ loading: false, items: pausedWorkItems(records, unknownCustomer) });
        })
        .catch((error: unknown) =>
          set({ ...state, loading: false, error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    replace(records) {
      replaced++;
      set({ loading: false, items: pausedWorkItems(records, unknownCustomer) });
    },
    expire(now) {
      const items = state.items.filter((item) => item.reassignAt.getTime() > now);
      if (items.length !== state.items.length) set({ ...state, items });
    },
  };
}
