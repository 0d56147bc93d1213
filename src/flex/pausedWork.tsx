import * as React from 'react';

import { RESUME_ACTION } from '../actions';
import {
  LivePauseCountdownBadge,
  PausedTaskNotice,
  PausedWorkList,
  ResumeButton,
  UnreadCount,
} from '../components';
import { PauseIcon } from '@twilio-paste/icons/esm/PauseIcon';
import type { PausedWorkItem, PausedWorkStore } from '../paused';
import {
  checkReminders,
  dismissReminder,
  reminderKey,
  type Reminder,
  cleanReminderStore,
  createMemoryStore,
  nextReminderAt,
  REMINDER_MARKS,
  type ReminderStore,
  type ReminderTask,
} from '../reminders';
import { template, type Strings } from '../strings';
import { formatDateTime } from '../time/format';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import { WentToQueueNote } from './resumeFocus';
import { useUnavailableReason } from './reachability';
import { startUnreadNotifications } from './unreadNotifications';
import type { FlexGlobal } from './types';

export const PAUSED_WORK_VIEW = 'leave-pause-paused-work';

export const PAUSED_WORK_KEYS = {
  taskListSection: 'leave-pause-paused-task-list',
  sideLink: 'leave-pause-paused-work-link',
  view: 'leave-pause-paused-work-view',
} as const;

export type FlexForPausedWork = Pick<
  FlexGlobal,
  | 'Actions'
  | 'Notifications'
  | 'NotificationType'
  | 'TaskList'
  | 'SideNav'
  | 'SideLink'
  | 'ViewCollection'
  | 'View'
> & {
  /** Flex's conversation view, rendered by the conversation's SID (the paused conversation has no task). */
  MessagingCanvas?: React.ComponentType<Record<string, unknown>>;
};

export interface PausedWorkManager {
  strings: object;
  localization?: { localeTag?: string };
}

export interface PausedWorkDeps {
  ticker: Ticker;
  store: PausedWorkStore;
  /** Defaults to localStorage, or memory when storage is blocked. */
  reminderStore?: ReminderStore;
}

/** The item the Paused work view shows open; shared so the task list can open one. */
const openItem = { taskSid: undefined as string | undefined, listeners: new Set<() => void>() };
function setOpenItem(taskSid: string | undefined) {
  openItem.taskSid = taskSid;
  for (const listener of [...openItem.listeners]) listener();
}

function useStore(store: PausedWorkStore) {
  const [state, setState] = React.useState(store.get);
  React.useEffect(() => {
    setState(store.get());
    return store.subscribe(() => setState(store.get()));
  }, [store]);
  return state;
}

/**
 * The paused conversations from the server (never task attributes): a section at the bottom of the task
 * list with each countdown, the Paused work view with its side-nav link, the paused conversation itself
 * (transcript readable, input off, Resume at the bottom) and the 24 h / 1 h reminders. A reload asks the
 * server again, so nothing is lost.
 */
export function addPausedWork(
  flex: FlexForPausedWork,
  manager: PausedWorkManager,
  deps: PausedWorkDeps,
): () => void {
  const { ticker, store } = deps;
  const strings = (): Strings => manager.strings as Strings;
  const locale = () => manager.localization?.localeTag;
  const resume = (taskSid: string) => flex.Actions.invokeAction(RESUME_ACTION, { taskSid });
  const open = (taskSid: string) => {
    setOpenItem(taskSid);
    return flex.Actions.invokeAction('NavigateToView', { viewName: PAUSED_WORK_VIEW });
  };

  const TaskListSection = () => {
    const { items } = useStore(store);
    if (items.length === 0) return null;
    const s = strings();
    return (
      <section aria-label={s.LeavePausePausedWorkTitle} data-paste-element="LEAVE_PAUSE_PAUSED_TASK_LIST">
        <h3 className="lp-h">{s.LeavePausePausedWorkTitle}</h3>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item) => (
            <li
              key={item.taskSid}
              style={{ display: 'flex', gap: '8px', alignItems: 'center', padding: '4px 12px' }}
            >
              <button type="button" className="lp-link" onClick={() => void open(item.taskSid)}>
                {item.customerName || s.LeavePausePausedWorkUnknownCustomer} · {item.channel}
              </button>
              <UnreadCount count={item.unread?.count} strings={s} />
              <LivePauseCountdownBadge
                reassignAt={item.reassignAt}
                estimated={item.deadlineEstimated}
                strings={s}
                locale={locale()}
                ticker={ticker}
              />
            </li>
          ))}
        </ul>
      </section>
    );
  };
  flex.TaskList.Content.add(<TaskListSection key={PAUSED_WORK_KEYS.taskListSection} />, { sortOrder: 1000 });

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
        store={store}
        onResume={resume}
        Conversation={flex.MessagingCanvas}
      />
    </flex.View>,
  );

  // A new list may bring a nearer deadline or reminder: wake the ticker to reschedule.
  const stopWaking = store.subscribe(() => ticker.tick());
  void store.refresh();
  const stopExpiring = ticker.subscribe({
    onTick: (now) => store.expire(now),
    nextChangeAt: () => {
      const soonest = store.get().items[0];
      return soonest ? soonest.reassignAt.getTime() : Infinity;
    },
  });
  const stopReminders = startReminders(flex, manager, deps);
  // Pause events: one notification per burst of customer messages; opening the item counts as seeing it.
  const unread = startUnreadNotifications(flex, manager, store);
  const onOpened = () => {
    if (openItem.taskSid) unread.seen(openItem.taskSid);
  };
  openItem.listeners.add(onOpened);
  return () => {
    stopWaking();
    stopExpiring();
    stopReminders();
    unread.stop();
    openItem.listeners.delete(onOpened);
  };
}

/** The paused conversation: its transcript (read-only while paused) with Resume at the bottom. */
export function PausedConversation({
  item,
  strings,
  locale,
  onResume,
  Conversation,
  unavailableReason,
}: {
  item: PausedWorkItem;
  strings: Strings;
  locale?: string;
  onResume: (taskSid: string) => Promise<unknown>;
  Conversation?: React.ComponentType<Record<string, unknown>>;
  unavailableReason?: string;
}): React.ReactElement {
  return (
    <section
      aria-label={`${strings.LeavePausePausedLabel}: ${item.customerName}`}
      style={{ display: 'flex', flexDirection: 'column', minHeight: '320px' }}
      data-paste-element="LEAVE_PAUSE_PAUSED_CONVERSATION"
    >
      {Conversation && item.conversationSid ? (
        <div style={{ flex: 1, minHeight: 0 }}>
          {/* Flex renders a conversation by its SID on every 2.x; the input stays off while paused. */}
          <Conversation
            sid={item.conversationSid}
            autoInitConversation
            inputDisabledReason={strings.LeavePausePausedLabel}
          />
        </div>
      ) : null}
      <div style={{ display: 'flex', flexDirection: 'column', gap: '8px', padding: '12px' }}>
        <UnreadCount count={item.unread?.count} strings={strings} />
        <PausedTaskNotice
          label={strings.LeavePausePausedLabel}
          pausedAtText={
            item.pausedAt
              ? template(strings.LeavePausePausedAt, { time: formatDateTime(item.pausedAt, locale) })
              : undefined
          }
        />
        <ResumeButton
          label={strings.LeavePauseResumeButton}
          busyLabel={strings.LeavePauseResumeBusy}
          onResume={() => onResume(item.taskSid)}
          fullWidth
          unavailableReason={unavailableReason}
        />
      </div>
    </section>
  );
}

/** The Paused work view: the list from the server and, when one is opened, that paused conversation. */
export function PausedWorkContainer({
  manager,
  ticker,
  store,
  onResume,
  Conversation,
}: {
  manager: PausedWorkManager;
  ticker: Ticker;
  store: PausedWorkStore;
  onResume: (taskSid: string) => Promise<unknown>;
  Conversation?: React.ComponentType<Record<string, unknown>>;
}): React.ReactElement {
  const s = manager.strings as Strings;
  const state = useStore(store);
  const unavailableReason = useUnavailableReason(() => manager.strings as Strings);
  const [openSid, setOpenSid] = React.useState(openItem.taskSid);
  React.useEffect(() => {
    const listener = () => setOpenSid(openItem.taskSid);
    openItem.listeners.add(listener);
    return () => void openItem.listeners.delete(listener);
  }, []);
  const now = useServerNow(
    state.items.map((item) => item.reassignAt.getTime()),
    ticker,
  );
  const opened = state.items.find((item) => item.taskSid === openSid);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '16px' }}>
      <WentToQueueNote />
      <PausedWorkList
        items={state.items}
        loading={state.loading}
        now={now}
        onResume={onResume}
        onOpen={setOpenItem}
        strings={s}
        locale={manager.localization?.localeTag}
        unavailableReason={unavailableReason}
        focusHeadingOnMount
      />
      {opened ? (
        <PausedConversation
          item={opened}
          strings={s}
          locale={manager.localization?.localeTag}
          onResume={onResume}
          Conversation={Conversation}
          unavailableReason={unavailableReason}
        />
      ) : null}
    </div>
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
  { ticker, reminderStore, store: pausedStore }: PausedWorkDeps,
): () => void {
  registerReminderNotifications(flex);
  const store = reminderStore ?? defaultStore() ?? createMemoryStore();
  const paused = () => pausedStore.get().items;
  // This page's reminders: shown ones by key, so a later mark withdraws the earlier one and a close by the
  // agent is remembered as dismissed (it never comes back, also after a reload).
  const session = new Set<string>();
  type Shown = ReturnType<FlexGlobal['Notifications']['showNotification']>;
  const shownNow = new Map<string, { reminder: Reminder; notification: Shown }>();
  const keyOf = (r: Reminder) => reminderKey(r.task.taskSid, r.mark, r.task.reassignAt);
  const check = (now: number) =>
    checkReminders({
      tasks: paused(),
      now,
      store,
      session,
      notify: (reminder) => {
        const { id, task } = reminder;
        const notification = flex.Notifications.showNotification(id, {
          customer: customerWithReason(
            task.customerName || (manager.strings as Strings).LeavePausePausedWorkUnknownCustomer,
            task.reason,
            manager.strings as Strings,
            manager.localization?.localeTag,
          ),
          time: formatDateTime(task.reassignAt, manager.localization?.localeTag),
        });
        shownNow.set(keyOf(reminder), { reminder, notification });
      },
      withdraw: (reminder) => {
        const shown = shownNow.get(keyOf(reminder));
        shownNow.delete(keyOf(reminder));
        // Withdrawn by the plugin, not dismissed by the agent: forgotten before Flex reports the dismissal.
        if (shown?.notification) flex.Notifications.dismissNotification?.(shown.notification);
      },
    });
  const onDismissed = (notification: unknown) => {
    for (const [key, shown] of shownNow) {
      if (shown.notification !== notification) continue;
      shownNow.delete(key);
      dismissReminder(store, shown.reminder);
    }
  };
  const events = flex.Notifications as unknown as {
    addListener?: (event: string, listener: (notification: unknown) => void) => void;
    removeListener?: (event: string, listener: (notification: unknown) => void) => void;
  };
  // NotificationManager is an EventEmitter: "notificationDismissed" tells a close by the agent.
  events.addListener?.('notificationDismissed', onDismissed);
  cleanReminderStore(store, ticker.now());
  const unsubscribe = ticker.subscribe({
    onTick: check,
    nextChangeAt: (now) => nextReminderAt(paused(), now),
  });
  check(ticker.now());
  return () => {
    unsubscribe();
    events.removeListener?.('notificationDismissed', onDismissed);
  };
}

/** Pause reasons (issue 18): "Casey (Waiting for documents)" in the reminders, in the agent's language. */
export function customerWithReason(
  customer: string,
  reason: ReminderTask['reason'],
  strings: Strings,
  locale?: string,
): string {
  if (!reason) return customer;
  const spanish = (locale ?? 'en').toLowerCase().startsWith('es');
  const label = spanish ? (reason.label.es ?? reason.label.en) : reason.label.en;
  return template(strings.LeavePauseCustomerWithReason, { customer, reason: label });
}
