import {
  checkReminders,
  cleanReminderStore,
  dismissReminder,
  createMemoryStore,
  nextReminderAt,
  reminderKey,
  STORE_PREFIX,
  type Reminder,
  type ReminderStore,
  type ReminderTask,
} from '../../src/reminders';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/time';
import { D, DEADLINE, task } from './fixtures/reminders';

function run(tasks: ReminderTask[], now: number, store: ReminderStore = localStorage) {
  const notified: Reminder[] = [];
  checkReminders({ tasks, now, store, notify: (r) => notified.push(r) });
  return notified.map((r) => `${r.task.taskSid}:${r.mark}`);
}

beforeEach(() => localStorage.clear());

describe('checkReminders', () => {
  it('fires nothing before the 24-hour mark, then once at it, then once at the 1-hour mark', () => {
    const tasks = [task()];
    expect(run(tasks, D - DAY_MS - 1)).toEqual([]);
    expect(run(tasks, D - DAY_MS)).toEqual(['WT1:24h']);
    expect(run(tasks, D - DAY_MS + MINUTE_MS)).toEqual([]);
    expect(run(tasks, D - 2 * HOUR_MS)).toEqual([]);
    expect(run(tasks, D - HOUR_MS - 1)).toEqual([]);
    expect(run(tasks, D - HOUR_MS)).toEqual(['WT1:1h']);
    expect(run(tasks, D - 30 * MINUTE_MS)).toEqual([]);
    expect(run(tasks, D + MINUTE_MS)).toEqual([]);
  });

  it('does not fire again after a reload that keeps localStorage', () => {
    expect(run([task()], D - 20 * HOUR_MS)).toEqual(['WT1:24h']);
    // A reload: new objects, same storage.
    const reloaded = [task({ reassignAt: new Date(DEADLINE.toISOString()) })];
    expect(run(reloaded, D - 19 * HOUR_MS)).toEqual([]);
    expect(localStorage.getItem(reminderKey('WT1', '24h', DEADLINE))).not.toBeNull();
  });

  it('fires per task, and again for the same task paused again with a new deadline', () => {
    const other = task({ taskSid: 'WT2', reassignAt: new Date(D + HOUR_MS) });
    expect(run([task(), other], D - 23 * HOUR_MS)).toEqual(['WT1:24h', 'WT2:24h']);
    const repaused = task({ reassignAt: new Date(D + 5 * DAY_MS), pausedAt: new Date(D) });
    expect(run([repaused], D + 4 * DAY_MS)).toEqual(['WT1:24h']);
  });

  it('after a long absence shows only the most urgent reminder', () => {
    expect(run([task()], D - 30 * MINUTE_MS)).toEqual(['WT1:1h']);
    expect(run([task()], D - 20 * MINUTE_MS)).toEqual([]);
  });

  it('shows nothing at or after the deadline: Twilio has rerouted the conversation', () => {
    expect(run([task()], D)).toEqual([]);
    expect(run([task()], D + MINUTE_MS)).toEqual([]);
  });

  it('paused exactly at a mark: that mark was not crossed while paused, so it is not shown', () => {
    const pausedAtTheMark = task({ pausedAt: new Date(D - HOUR_MS) });
    expect(run([pausedAtTheMark], D - HOUR_MS)).toEqual([]);
  });

  it('skips a mark that had already passed when the conversation was paused', () => {
    const shortPause = task({ pausedAt: new Date(D - 90 * MINUTE_MS) });
    expect(run([shortPause], D - 80 * MINUTE_MS)).toEqual([]);
    expect(run([shortPause], D - HOUR_MS)).toEqual(['WT1:1h']);
  });

  it('ignores tasks that are not paused (the adapter passes only paused ones) and bad deadlines', () => {
    expect(run([], D - HOUR_MS)).toEqual([]);
    expect(run([task({ reassignAt: new Date('nonsense') })], D - HOUR_MS)).toEqual([]);
  });

  it('survives a storage that throws, at the cost of possibly repeating', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => undefined,
      key: () => null,
      length: 0,
    };
    expect(run([task()], D - HOUR_MS, broken)).toEqual(['WT1:1h']);
  });
});

describe('cleanReminderStore and nextReminderAt', () => {
  it('removes entries a day past their deadline and leaves other keys alone', () => {
    const store = createMemoryStore();
    store.setItem(reminderKey('WT1', '24h', DEADLINE), '1');
    store.setItem(reminderKey('WT2', '1h', new Date(D + 3 * DAY_MS)), '1');
    store.setItem(`${STORE_PREFIX}garbage`, '1');
    store.setItem('someone-else', '1');
    expect(cleanReminderStore(store, D + DAY_MS + 1)).toBe(2);
    expect(store.getItem(reminderKey('WT1', '24h', DEADLINE))).toBeNull();
    expect(store.getItem(reminderKey('WT2', '1h', new Date(D + 3 * DAY_MS)))).toBe('1');
    expect(store.getItem('someone-else')).toBe('1');
  });

  it('keeps an entry until a full day past its deadline, and removes it just after', () => {
    const store = createMemoryStore();
    const key = reminderKey('WT1', '1h', DEADLINE);
    store.setItem(key, '1');
    expect(cleanReminderStore(store, D + DAY_MS)).toBe(0);
    expect(store.getItem(key)).toBe('1');
    expect(cleanReminderStore(store, D + DAY_MS + 1)).toBe(1);
    expect(store.getItem(key)).toBeNull();
  });

  it('names the soonest mark of all tasks', () => {
    const later = task({ taskSid: 'WT2', reassignAt: new Date(D + 5 * DAY_MS) });
    expect(nextReminderAt([task(), later], D - 3 * DAY_MS)).toBe(D - DAY_MS);
    expect(nextReminderAt([later, task()], D - 3 * DAY_MS)).toBe(D - DAY_MS);
  });

  it('names the next mark so the ticker can wake up for it', () => {
    expect(nextReminderAt([task()], D - 3 * DAY_MS)).toBe(D - DAY_MS);
    expect(nextReminderAt([task()], D - DAY_MS)).toBe(D - HOUR_MS);
    expect(nextReminderAt([task()], D - HOUR_MS)).toBe(Infinity);
  });
});

describe('reminders as a person expects (issue 19)', () => {
  function page() {
    const session = new Set<string>();
    const shown: string[] = [];
    const withdrawn: string[] = [];
    const reminders: Reminder[] = [];
    const check = (tasks: ReminderTask[], now: number) =>
      checkReminders({
        tasks,
        now,
        store: localStorage,
        session,
        notify: (r) => {
          shown.push(`${r.task.taskSid}:${r.mark}`);
          reminders.push(r);
        },
        withdraw: (r) => withdrawn.push(`${r.task.taskSid}:${r.mark}`),
      });
    return { check, shown, withdrawn, reminders };
  }

  it('at the 1 h mark only the 1 h reminder shows: the 24 h one of the same pause is withdrawn', () => {
    const p = page();
    p.check([task()], D - 20 * HOUR_MS);
    p.check([task()], D - 30 * MINUTE_MS);
    expect(p.shown).toEqual(['WT1:24h', 'WT1:1h']);
    expect(p.withdrawn).toEqual(['WT1:24h']);
  });

  it('a reminder due and not dismissed comes back once after a reload (under 1 h and under 24 h)', () => {
    for (const left of [30 * MINUTE_MS, 20 * HOUR_MS]) {
      localStorage.clear();
      const first = page();
      first.check([task()], D - left);
      first.check([task()], D - left + MINUTE_MS);
      expect(first.shown).toHaveLength(1);
      const reloaded = page();
      reloaded.check([task()], D - left + 2 * MINUTE_MS);
      reloaded.check([task()], D - left + 3 * MINUTE_MS);
      expect(reloaded.shown).toEqual(first.shown);
    }
  });

  it('a dismissed reminder stays dismissed, also after a reload; the next mark still comes', () => {
    const first = page();
    first.check([task()], D - 20 * HOUR_MS);
    dismissReminder(localStorage, first.reminders[0]);
    const reloaded = page();
    reloaded.check([task()], D - 19 * HOUR_MS);
    expect(reloaded.shown).toEqual([]);
    reloaded.check([task()], D - 50 * MINUTE_MS);
    expect(reloaded.shown).toEqual(['WT1:1h']);
    expect(reloaded.withdrawn).toEqual([]);
  });
});
