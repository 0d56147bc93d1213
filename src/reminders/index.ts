/**
 * Reminders before a paused conversation goes back to the queue: one when its deadline is 24 hours away,
 * one at 1 hour. At each mark only that mark's reminder shows (the 1 h one withdraws the 24 h one of the same
 * pause). Each shows once per page; a reminder due and not dismissed comes back once after a reload; a dismissed
 * one stays dismissed. What was dismissed is remembered in a Storage (localStorage in Flex). Pure apart from the
 * injected store, session and callbacks.
 */
import { ERROR_BEFORE_MS, WARNING_BEFORE_MS, DAY_MS } from '../time/countdown';

export type ReminderMark = '24h' | '1h';
export type ReminderId = 'LeavePausePauseReminder24h' | 'LeavePausePauseReminder1h';

export const REMINDER_MARKS: ReadonlyArray<{ mark: ReminderMark; id: ReminderId; beforeMs: number }> = [
  // Latest mark first: when both are due (a reload at 30 min left) only the more urgent one is shown.
  { mark: '1h', id: 'LeavePausePauseReminder1h', beforeMs: ERROR_BEFORE_MS },
  { mark: '24h', id: 'LeavePausePauseReminder24h', beforeMs: WARNING_BEFORE_MS },
];

export interface ReminderTask {
  taskSid: string;
  customerName: string;
  /** Pause reasons (issue 18): named in the reminder's text when the pause has one. */
  reason?: { label: { en: string; es?: string } };
  pausedAt?: Date;
  reassignAt: Date;
}

export interface Reminder {
  id: ReminderId;
  mark: ReminderMark;
  task: ReminderTask;
}

/** The part of the Web Storage API used; localStorage satisfies it. */
export type ReminderStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export interface CheckRemindersInput {
  /** Only paused tasks: the caller filters with isPausedTask. */
  tasks: readonly ReminderTask[];
  /** Server-corrected time, ms. */
  now: number;
  store: ReminderStore;
  notify: (reminder: Reminder) => void;
  /**
   * The reminders shown since this page loaded (one Set per page). With it, a reminder shown before a reload and
   * not dismissed shows once more; without it, any reminder stored as shown is not shown again.
   */
  session?: Set<string>;
  /** An earlier mark's reminder of the same pause, shown on this page, now outdated by a later mark. */
  withdraw?: (reminder: Reminder) => void;
}

/** Stored for a reminder the agent dismissed; anything else stored means "shown". */
export const DISMISSED = 'dismissed';

/** The agent closed this reminder: it never shows again, also after a reload. */
export function dismissReminder(store: ReminderStore, reminder: Reminder): void {
  safelyStore(() =>
    store.setItem(reminderKey(reminder.task.taskSid, reminder.mark, reminder.task.reassignAt), DISMISSED),
  );
}

function safelyStore(run: () => void): void {
  try {
    run();
  } catch {
    // Storage can throw (quota, privacy mode): the reminder may then come back after a reload.
  }
}

export const STORE_PREFIX = 'leavePause.reminder:';
/** Entries are kept this long after their deadline, then cleaned, so the store does not grow forever. */
const KEEP_AFTER_DEADLINE_MS = DAY_MS;

export function reminderKey(taskSid: string, mark: ReminderMark, reassignAt: Date): string {
  // The deadline is part of the key: a conversation paused again later gets its reminders again.
  return `${STORE_PREFIX}${taskSid}:${mark}:${reassignAt.toISOString()}`;
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    // Storage can throw (quota, privacy mode); a missed or repeated reminder beats a broken ticker.
    return fallback;
  }
}

/** Removes remembered reminders whose deadline passed more than a day ago. */
export function cleanReminderStore(store: ReminderStore, now: number): number {
  const stale: string[] = [];
  const length = safely(() => store.length, 0);
  for (let i = 0; i < length; i++) {
    const key = safely(() => store.key(i), null);
    if (!key || !key.startsWith(STORE_PREFIX)) continue;
    // taskSid and mark contain no colon; the ISO deadline after them does.
    const at = Date.parse(key.slice(STORE_PREFIX.length).split(':').slice(2).join(':'));
    if (Number.isNaN(at) || at + KEEP_AFTER_DEADLINE_MS < now) stale.push(key);
  }
  for (const key of stale) safely(() => store.removeItem(key), undefined);
  return stale.length;
}

/** Shows every reminder that is due and was not shown before; returns what it showed. */
export function checkReminders({
  tasks,
  now,
  store,
  notify,
  session,
  withdraw,
}: CheckRemindersInput): Reminder[] {
  const shown: Reminder[] = [];
  for (const task of tasks) {
    const deadline = task.reassignAt.getTime();
    if (Number.isNaN(deadline) || deadline <= now) continue;
    const paused = task.pausedAt?.getTime();
    for (const { mark, id, beforeMs } of REMINDER_MARKS) {
      const markAt = deadline - beforeMs;
      if (now < markAt) continue;
      // Paused with less than this left: the mark was never crossed, the agent chose a short pause.
      if (paused !== undefined && !Number.isNaN(paused) && markAt <= paused) break;
      const key = reminderKey(task.taskSid, mark, task.reassignAt);
      // Earlier (less urgent) marks of this pause shown on this page are outdated now: only this mark shows.
      for (const earlier of REMINDER_MARKS.slice(REMINDER_MARKS.findIndex((m) => m.mark === mark) + 1)) {
        const earlierKey = reminderKey(task.taskSid, earlier.mark, task.reassignAt);
        if (session?.delete(earlierKey)) withdraw?.({ id: earlier.id, mark: earlier.mark, task });
      }
      const stored = safely(() => store.getItem(key), null);
      const due = session ? stored !== DISMISSED && !session.has(key) : stored === null;
      if (due) {
        if (stored === null) safely(() => store.setItem(key, String(now)), undefined);
        session?.add(key);
        const reminder = { id, mark, task };
        notify(reminder);
        shown.push(reminder);
      }
      break;
    }
  }
  return shown;
}

/** The next moment a reminder could become due, for the ticker; Infinity when none is pending. */
export function nextReminderAt(tasks: readonly ReminderTask[], now: number): number {
  let earliest = Infinity;
  for (const task of tasks) {
    const deadline = task.reassignAt.getTime();
    for (const { beforeMs } of REMINDER_MARKS) {
      const markAt = deadline - beforeMs;
      if (markAt > now && markAt < earliest) earliest = markAt;
    }
  }
  return earliest;
}

/** An in-memory ReminderStore for when localStorage is unavailable. */
export function createMemoryStore(): ReminderStore {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    key: (index) => Array.from(map.keys())[index] ?? null,
    get length() {
      return map.size;
    },
  };
}
