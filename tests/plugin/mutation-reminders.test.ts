import {
  checkReminders,
  createMemoryStore,
  DISMISSED,
  reminderKey,
  type Reminder,
} from '../../src/reminders';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/time';
import { D, DEADLINE, task } from './fixtures/reminders';

/**
 * The deadline reminders on their own (issue 20, mutation survivors): what checkReminders returns, a pause
 * whose start is unknown, and a page that keeps a session but has nothing to withdraw with.
 */

const label = (reminder: Reminder) => `${reminder.task.taskSid}:${reminder.mark}`;

describe('checkReminders returns exactly what it showed', () => {
  it('nothing due: an empty list, and nothing notified', () => {
    const notified: Reminder[] = [];
    const shown = checkReminders({
      tasks: [task()],
      now: D - 2 * DAY_MS,
      store: createMemoryStore(),
      notify: (reminder) => notified.push(reminder),
    });
    expect(shown).toEqual([]);
    expect(notified).toEqual([]);
  });

  it('two tasks due: both reminders, in the order notified', () => {
    const notified: Reminder[] = [];
    const other = task({ taskSid: 'WT2', reassignAt: new Date(D + 30 * MINUTE_MS) });
    const shown = checkReminders({
      tasks: [task(), other],
      now: D - 20 * HOUR_MS,
      store: createMemoryStore(),
      notify: (reminder) => notified.push(reminder),
    });
    expect(shown.map(label)).toEqual(['WT1:24h', 'WT2:24h']);
    expect(shown).toEqual(notified);
    expect(shown[0]).toEqual({ id: 'LeavePausePauseReminder24h', mark: '24h', task: task() });
  });
});

describe('a pause whose start is unknown', () => {
  it('still reminds at each mark (no pausedAt: no mark is skipped as already passed)', () => {
    const store = createMemoryStore();
    const unknownStart = task({ pausedAt: undefined });
    const run = (now: number) =>
      checkReminders({ tasks: [unknownStart], now, store, notify: () => undefined }).map(label);
    expect(run(D - 20 * HOUR_MS)).toEqual(['WT1:24h']);
    expect(run(D - 30 * MINUTE_MS)).toEqual(['WT1:1h']);
  });

  it('an unreadable pausedAt counts as unknown: the reminder still comes', () => {
    const shown = checkReminders({
      tasks: [task({ pausedAt: new Date('nonsense') })],
      now: D - 30 * MINUTE_MS,
      store: createMemoryStore(),
      notify: () => undefined,
    });
    expect(shown.map(label)).toEqual(['WT1:1h']);
  });
});

describe('a page with a session and no withdraw callback', () => {
  it('at the 1 h mark the 1 h reminder shows and the 24 h one is dropped from the session', () => {
    const store = createMemoryStore();
    const session = new Set<string>();
    const notified: string[] = [];
    const check = (now: number) =>
      checkReminders({ tasks: [task()], now, store, session, notify: (r) => notified.push(label(r)) });
    check(D - 20 * HOUR_MS);
    expect(session.has(reminderKey('WT1', '24h', DEADLINE))).toBe(true);
    expect(() => check(D - 30 * MINUTE_MS)).not.toThrow();
    expect(notified).toEqual(['WT1:24h', 'WT1:1h']);
    expect([...session]).toEqual([reminderKey('WT1', '1h', DEADLINE)]);
  });

  it('a dismissed reminder is not shown on a new page, and what the store says is kept', () => {
    const store = createMemoryStore();
    const key = reminderKey('WT1', '24h', DEADLINE);
    store.setItem(key, DISMISSED);
    const shown = checkReminders({
      tasks: [task()],
      now: D - 20 * HOUR_MS,
      store,
      session: new Set(),
      notify: () => undefined,
    });
    expect(shown).toEqual([]);
    expect(store.getItem(key)).toBe(DISMISSED);
  });
});
