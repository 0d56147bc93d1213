import * as React from 'react';

import { isPausedTask, RESUME_ACTION, type LeavePauseTask } from '../actions';
import { LivePauseCountdownBadge, PausedWorkList } from '../components';
import { PauseIcon } from '@twilio-paste/icons/esm/PauseIcon';
import { pausedWorkItems, reassignAt, type PausedWorkItem } from '../paused';
import {
  checkReminders,
  cleanReminderStore,
  createMemoryStore,
  nextReminderAt,
  REMINDER_MARKS,
  type ReminderStore,
} from '../reminders';
import type { Strings } from '../strings';
import { formatDateTime } from '../time/format';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import type { FlexGlobal } from './types';

export const PAUSED_WORK_VIEW = 'leave-pause-paused-work';

export const PAUSED_WORK_KEYS = {
  listBadge: 'leave-pause-countdown-task-list',
  headerBadge: 'leave-pause-countdown-task-header',
  sideLink: 'leave-pause-paused-work-link',
  view: 'leave-pause-paused-work-view',
} as const;

export type FlexForPausedWork = Pick<
  FlexGlobal,
  | 'Actions'
  | 'Notifications'
  | 'NotificationType'
  | 'TaskListItem'
  | 'TaskCanvasHeader'
  | 'SideNav'
  | 'SideLink'
  | 'ViewCollection'
  | 'View'
  | 'withTaskContext'
>;

/** The slice of Flex state read here: worker.tasks is a Map of reservation sid → ITask. */
export interface PausedWorkManager {
  strings: object;
  localization?: { localeTag?: string };
  store: {
    getState(): { flex?: { worker?: { tasks?: Map<string, LeavePauseTask> } } };
    subscribe(listener: () => void): () => void;
  };
}

type ConditionProps = { task?: LeavePauseTask };

/** Paused tasks with a deadline; the badge needs reassignAt, which the backend stamps at pause time. */
function hasCountdown(task: LeavePauseTask | undefined): task is LeavePauseTask {
  return !!task && isPausedTask(task) && reassignAt(task) !== undefined;
}

function workerTasks(manager: PausedWorkManager): LeavePauseTask[] | undefined {
  const tasks = manager.store.getState()?.flex?.worker?.tasks;
  return tasks ? Array.from(tasks.values()) : undefined;
}

export interface PausedWorkDeps {
  ticker: Ticker;
  /** Defaults to localStorage, or memory when storage is blocked. */
  reminderStore?: ReminderStore;
}

/**
 * Countdown badges on paused tasks (task list and task header), the Paused work view with its side-nav
 * link, and the 24 h / 1 h reminders. Paused tasks are recognised from the backend's attributes and the
 * 'paused' task channel, not Flex's native paused status (2.11+), so this works on every Flex UI 2.x.
 */
export function addPausedWork(
  flex: FlexForPausedWork,
  manager: PausedWorkManager,
  { ticker, reminderStore }: PausedWorkDeps,
): () => void {
  const strings = (): Strings => manager.strings as Strings;
  const locale = () => manager.localization?.localeTag;

  const TaskBadge = ({ task }: { task?: LeavePauseTask }) => {
    const deadline = task ? reassignAt(task) : undefined;
    return deadline ? (
      <LivePauseCountdownBadge reassignAt={deadline} strings={strings()} locale={locale()} ticker={ticker} />
    ) : null;
  };
  const TaskBadgeWithTask = flex.withTaskContext(TaskBadge);
  flex.TaskListItem.Content.add(<TaskBadgeWithTask key={PAUSED_WORK_KEYS.listBadge} />, {
    if: (props: ConditionProps) => hasCountdown(props.task),
  });
  flex.TaskCanvasHeader.Content.add(<TaskBadgeWithTask key={PAUSED_WORK_KEYS.headerBadge} />, {
    if: (props: ConditionProps) => hasCountdown(props.task),
    sortOrder: -2,
  });

  const PausedWorkLink = ({ activeView }: { activeView?: string }) => (
    <flex.SideLink
      showLabel
      icon={<PauseIcon decorative element="LEAVE_PAUSE_PAUSED_WORK_LINK_ICON" />}
      iconActive={<PauseIcon decorative element="LEAVE_PAUSE_PAUSED_WORK_LINK_ICON" />}
      isActive={activeView === PAUSED_WORK_VIEW}
      onClick={() => void flex.Actions.invokeAction('NavigateToView', { viewName: PAUSED_WORK_VIEW })}
    >
      {strings().LeavePausePausedWorkTitle}
    </flex.SideLink>
  );
  flex.SideNav.Content.add(<PausedWorkLink key={PAUSED_WORK_KEYS.sideLink} />);
  flex.ViewCollection.Content.add(
    <flex.View name={PAUSED_WORK_VIEW} key={PAUSED_WORK_KEYS.view}>
      <PausedWorkContainer
        manager={manager}
        ticker={ticker}
        onResume={(task) => flex.Actions.invokeAction(RESUME_ACTION, { task })}
      />
    </flex.View>,
  );

  return startReminders(flex, manager, { ticker, reminderStore });
}

function itemsKey(items: readonly PausedWorkItem[]): string {
  return items.map((item) => `${item.taskSid}@${item.reassignAt.getTime()}:${item.customerName}`).join('|');
}

/** Reads paused tasks from the Flex store and re-renders only when that list (not any task field) changes. */
export function PausedWorkContainer({
  manager,
  ticker,
  onResume,
}: {
  manager: PausedWorkManager;
  ticker: Ticker;
  onResume: (task: LeavePauseTask) => Promise<unknown>;
}): React.ReactElement {
  const s = manager.strings as Strings;
  const read = React.useCallback(() => {
    const tasks = workerTasks(manager);
    return tasks
      ? { loading: false, tasks, items: pausedWorkItems(tasks, s.LeavePausePausedWorkUnknownCustomer) }
      : { loading: true, tasks: [], items: [] };
  }, [manager, s.LeavePausePausedWorkUnknownCustomer]);
  const [state, setState] = React.useState(read);

  React.useEffect(() => {
    let shown = itemsKey(state.items) + String(state.loading);
    const update = () => {
      const next = read();
      const key = itemsKey(next.items) + String(next.loading);
      if (key === shown) return;
      shown = key;
      setState(next);
    };
    update();
    return manager.store.subscribe(update);
    // Subscribes once; `state` is only the starting point for the comparison.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [manager, read]);

  const now = useServerNow(
    state.items.map((item) => item.reassignAt.getTime()),
    ticker,
  );
  const resume = (taskSid: string) => {
    // Looked up at click time: the Map holds the current task object, the list may hold an older one.
    const task = workerTasks(manager)?.find((candidate) => candidate.taskSid === taskSid);
    return task ? onResume(task) : Promise.resolve();
  };
  return (
    <PausedWorkList
      items={state.items}
      loading={state.loading}
      now={now}
      onResume={resume}
      strings={s}
      locale={manager.localization?.localeTag}
    />
  );
}

function defaultStore(): ReminderStore | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    // Accessing localStorage itself throws when storage is blocked.
    return undefined;
  }
}

export function registerReminderNotifications(
  flex: Pick<FlexForPausedWork, 'Notifications' | 'NotificationType'>,
): void {
  for (const { id } of REMINDER_MARKS) {
    if (flex.Notifications.registeredNotifications?.has(id)) continue;
    flex.Notifications.registerNotification({
      id,
      content: id,
      type: flex.NotificationType.warning,
      // A reminder about a deadline stays until the agent dismisses it.
      timeout: 0,
    });
  }
}

/** Checks reminders on every tick of the shared ticker and wakes it at each coming mark. */
export function startReminders(
  flex: Pick<FlexForPausedWork, 'Notifications' | 'NotificationType'>,
  manager: PausedWorkManager,
  { ticker, reminderStore }: PausedWorkDeps,
): () => void {
  registerReminderNotifications(flex);
  const store = reminderStore ?? defaultStore() ?? createMemoryStore();
  const paused = () => pausedWorkItems(workerTasks(manager) ?? []);
  const check = (now: number) =>
    checkReminders({
      tasks: paused(),
      now,
      store,
      notify: ({ id, task }) => {
        flex.Notifications.showNotification(id, {
          customer: task.customerName || (manager.strings as Strings).LeavePausePausedWorkUnknownCustomer,
          time: formatDateTime(task.reassignAt, manager.localization?.localeTag),
        });
      },
    });
  cleanReminderStore(store, ticker.now());
  const unsubscribe = ticker.subscribe({
    onTick: check,
    nextChangeAt: (now) => nextReminderAt(paused(), now),
  });
  check(ticker.now());
  return unsubscribe;
}
