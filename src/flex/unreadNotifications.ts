import type { PausedWorkStore } from '../paused';
import { decideUnreadNotifications, markUnreadSeen, type BurstMemory } from '../paused/unreadBursts';
import type { Strings } from '../strings';
import type { FlexGlobal } from './types';

/** The Flex notification (its id is the string key Flex fills with the context below). */
export const CUSTOMER_WROTE_NOTIFICATION = 'LeavePauseCustomerWroteNotification';

/** Flex's own chat notifications stay a few seconds; a burst is news, not a deadline: 8 s, then gone. */
const CUSTOMER_WROTE_TIMEOUT_MS = 8_000;

/**
 * Pause events (issue 18 part 1): one Flex notification per burst of the customer's messages during a pause,
 * in the agent's language (Flex's strings, which the plugin fills per language), for the agent whose list it is
 * (the list is that agent's own records). Follows the paused-work store, whatever refreshes it.
 */
export function startUnreadNotifications(
  flex: Pick<FlexGlobal, 'Notifications' | 'NotificationType'>,
  manager: { strings: object },
  store: PausedWorkStore,
  now: () => number = Date.now,
): { stop: () => void; seen: (taskSid: string) => void } {
  if (!flex.Notifications.registeredNotifications?.has(CUSTOMER_WROTE_NOTIFICATION)) {
    flex.Notifications.registerNotification({
      id: CUSTOMER_WROTE_NOTIFICATION,
      content: CUSTOMER_WROTE_NOTIFICATION,
      type: flex.NotificationType.information,
      timeout: CUSTOMER_WROTE_TIMEOUT_MS,
    });
  }
  let memory: BurstMemory = {};
  // Until the first list has loaded there is nothing to compare with: its counts are not news.
  let previous = store.get().loading ? undefined : store.get().items;
  const stop = store.subscribe(() => {
    const state = store.get();
    if (state.loading) return;
    const decided = decideUnreadNotifications(previous, state.items, memory, now());
    previous = state.items;
    memory = decided.memory;
    const strings = manager.strings as Strings;
    for (const item of decided.notify) {
      flex.Notifications.showNotification(CUSTOMER_WROTE_NOTIFICATION, {
        customer: item.customerName || strings.LeavePausePausedWorkUnknownCustomer,
        preview: item.unread?.preview ?? '',
        count: String(item.unread?.count ?? 0),
      });
    }
  });
  return {
    stop,
    seen: (taskSid) => {
      memory = markUnreadSeen(memory, taskSid);
    },
  };
}
