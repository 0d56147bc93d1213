import * as React from 'react';

import type { Reachability } from '../backend/reachability';
import type { Strings } from '../strings';
import type { FlexGlobal } from './types';

/**
 * The service-down state in Flex (issue 19): a notification that stays while the Leave & Pause service can't be
 * reached (announced by Flex as any notification is), the buttons disabled with the reason, and a short "back"
 * notice once it answers again. The state itself lives in backend/reachability.ts.
 */
export const REACHABILITY_NOTIFICATIONS = {
  down: 'LeavePauseServiceDown',
  back: 'LeavePauseServiceBack',
} as const;

type FlexForReachability = {
  Notifications: Pick<
    FlexGlobal['Notifications'],
    'registerNotification' | 'showNotification' | 'registeredNotifications' | 'dismissNotificationById'
  >;
  NotificationType: FlexGlobal['NotificationType'];
};

let shared: Reachability | undefined;

export function watchReachability(flex: FlexForReachability, reachability: Reachability): () => void {
  shared = reachability;
  const { Notifications, NotificationType } = flex;
  if (!Notifications.registeredNotifications?.has(REACHABILITY_NOTIFICATIONS.down)) {
    Notifications.registerNotification({
      id: REACHABILITY_NOTIFICATIONS.down,
      content: REACHABILITY_NOTIFICATIONS.down,
      type: NotificationType.warning,
      // True until the service answers again: it goes then, not after a few seconds.
      timeout: 0,
    });
  }
  if (!Notifications.registeredNotifications?.has(REACHABILITY_NOTIFICATIONS.back)) {
    Notifications.registerNotification({
      id: REACHABILITY_NOTIFICATIONS.back,
      content: REACHABILITY_NOTIFICATIONS.back,
      type: NotificationType.success,
      timeout: 5000,
    });
  }
  if (!reachability.isReachable()) Notifications.showNotification(REACHABILITY_NOTIFICATIONS.down);
  return reachability.subscribe((reachable) => {
    if (reachable) {
      Notifications.dismissNotificationById(REACHABILITY_NOTIFICATIONS.down);
      Notifications.showNotification(REACHABILITY_NOTIFICATIONS.back);
    } else {
      Notifications.showNotification(REACHABILITY_NOTIFICATIONS.down);
    }
  });
}

/** The reason the plugin's buttons are disabled right now, or undefined while the service answers. */
export function useUnavailableReason(strings: () => Strings): string | undefined {
  const [reachable, setReachable] = React.useState(() => shared?.isReachable() ?? true);
  React.useEffect(() => {
    if (!shared) return undefined;
    setReachable(shared.isReachable());
    return shared.subscribe(setReachable);
  }, []);
  return reachable ? undefined : strings().LeavePauseServiceDown;
}
