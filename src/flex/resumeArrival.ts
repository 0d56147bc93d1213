import type { BackendClient, BackendSuccess } from '../backend/client';
import {
  followResumedConversation,
  resumedConversationOf,
  type ArrivingReservation,
  type ReservationFeed,
} from '../resume';
import { template, type Strings } from '../strings';
import { failureText } from '../actions';
import { announceWentToQueue, focusResumedConversation } from './resumeFocus';
import type { FlexActionsApi, FlexGlobal, FlexNotificationsApi } from './types';

/** The slice of Flex's manager this adapter reads: its Redux store, where Flex keeps the agent's tasks. */
export interface ReservationStoreManager {
  store: { getState(): unknown; subscribe(listener: () => void): () => void };
  strings: object;
}

export type FlexForResumeArrival = {
  Actions: FlexActionsApi;
  Notifications: FlexNotificationsApi;
  NotificationType: FlexGlobal['NotificationType'];
};

/** Flex's own view of the task list and task canvas, where the resumed conversation is shown. */
export const AGENT_DESKTOP_VIEW = 'agent-desktop';

export const RESUME_ARRIVAL_NOTIFICATIONS = {
  wentToQueue: 'LeavePauseResumeWentToQueue',
  acceptFailed: 'LeavePauseResumeAcceptFailed',
} as const;

type Dict = Record<string, unknown>;
const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The agent's reservations from Flex's store (`flex.worker.tasks`: reservation SID → task, each with `sid`,
 * `taskSid`, `status` and `attributes`). The store is where Flex itself puts each reservation TaskRouter sends,
 * so it also holds one that arrived before Resume's answer.
 */
export function flexReservationFeed(manager: Pick<ReservationStoreManager, 'store'>): ReservationFeed {
  const current = (): ArrivingReservation[] => {
    const state = manager.store.getState();
    const tasks =
      isDict(state) && isDict(state.flex) && isDict(state.flex.worker) ? state.flex.worker.tasks : null;
    if (!(tasks instanceof Map)) return [];
    const reservations: ArrivingReservation[] = [];
    for (const task of tasks.values() as IterableIterator<unknown>) {
      if (!isDict(task)) continue;
      const reservationSid = str(task.sid);
      const taskSid = str(task.taskSid);
      const status = str(task.status);
      if (!reservationSid || !taskSid || !status) continue;
      const attributes = isDict(task.attributes) ? task.attributes : {};
      reservations.push({
        reservationSid,
        taskSid,
        status,
        conversationSid: str(attributes.conversationSid),
        channelSid: str(attributes.flexInteractionChannelSid),
      });
    }
    return reservations;
  };
  return {
    current,
    subscribe: (listener) => manager.store.subscribe(() => listener(current())),
  };
}

export function registerResumeArrivalNotifications(
  flex: Pick<FlexForResumeArrival, 'Notifications' | 'NotificationType'>,
): void {
  const kinds = [
    { id: RESUME_ARRIVAL_NOTIFICATIONS.wentToQueue, type: flex.NotificationType.warning },
    { id: RESUME_ARRIVAL_NOTIFICATIONS.acceptFailed, type: flex.NotificationType.error },
  ];
  for (const { id, type } of kinds) {
    if (flex.Notifications.registeredNotifications?.has(id)) continue;
    // Shown until dismissed: the agent expected the conversation back and must learn where it went.
    flex.Notifications.registerNotification({ id, content: id, type, timeout: 0 });
  }
}

/**
 * Wraps the backend's resume so that, after a successful answer, the conversation is followed to the agent:
 * Flex's own AcceptTask for a pending reservation (once), SelectTask for one that arrived accepted, and a
 * notification naming the customer when TaskRouter sent it to the queue.
 */
export function followResumes(
  flex: FlexForResumeArrival,
  manager: ReservationStoreManager,
  backend: Pick<BackendClient, 'resume'>,
  customerOf: (pausedTaskSid: string) => string,
  feed: ReservationFeed = flexReservationFeed(manager),
): Pick<BackendClient, 'resume'> {
  registerResumeArrivalNotifications(flex);
  const strings = () => manager.strings as Strings;
  return {
    resume: async (taskSid: string, idempotencyKey?: string): Promise<BackendSuccess> => {
      // Read before the call: the paused list drops the item once the resume is through.
      const customer = customerOf(taskSid) || strings().LeavePausePausedWorkUnknownCustomer;
      // A note from an earlier Resume no longer says anything about this one.
      announceWentToQueue(undefined);
      // The action's own key, passed on: a re-ask after a time-out is then the same request.
      const answer = await backend.resume(taskSid, idempotencyKey);
      const resumed = resumedConversationOf(answer, taskSid, customer);
      if (resumed) {
        followResumedConversation(resumed, feed, {
          accept: (sid) => flex.Actions.invokeAction('AcceptTask', { sid }),
          // Selected and shown (Resume is pressed in Paused work), then focus goes to it (resumeFocus.tsx).
          select: async (sid) => {
            announceWentToQueue(undefined);
            await flex.Actions.invokeAction('SelectTask', { sid });
            await flex.Actions.invokeAction('NavigateToView', { viewName: AGENT_DESKTOP_VIEW });
            focusResumedConversation(sid);
          },
          wentElsewhere: ({ customerName }) => {
            flex.Notifications.showNotification(RESUME_ARRIVAL_NOTIFICATIONS.wentToQueue, {
              customer: customerName,
            });
            // The same words in Paused work, where focus goes (Flex's notification cannot take it).
            announceWentToQueue(template(strings().LeavePauseResumeWentToQueue, { customer: customerName }));
          },
          acceptFailed: ({ customerName }, error) =>
            flex.Notifications.showNotification(RESUME_ARRIVAL_NOTIFICATIONS.acceptFailed, {
              customer: customerName,
              // Words for the agent, never Flex's or the browser's raw error text.
              message: failureText(error, strings()),
            }),
        });
      }
      return answer;
    },
  };
}
