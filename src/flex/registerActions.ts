import {
  ACTION_NAMES,
  LEAVE_ACTION,
  NOTIFICATIONS,
  PAUSE_ACTION,
  RESUME_ACTION,
  createLeaveHandler,
  createPauseHandler,
  createResumeHandler,
  type ActionHandler,
  type Notify,
  type ResumeHandler,
} from '../actions';
import type { BackendClient } from '../backend/client';
import type { Strings } from '../strings';
import type { FlexActionsApi, FlexGlobal, FlexNotificationsApi } from './types';

export interface RegisterActionsDeps {
  backend: Pick<BackendClient, 'leave' | 'pause' | 'resume'>;
  /** After every answer: the paused list is asked again. */
  onSettled?: () => void;
  /** An answer of any kind (true) or none at all (false): the service-down state. */
  onReachability?: (reachable: boolean) => void;
}

/** manager.strings after our defaults were merged in, so admin rewording wins. */
export type ManagerWithStrings = { strings: object };

export type FlexForActions = {
  Actions: FlexActionsApi;
  Notifications: FlexNotificationsApi;
  NotificationType: FlexGlobal['NotificationType'];
};

/**
 * Registered action names per Actions instance. Flex's registerAction silently replaces an existing
 * handler, so a plugin initialised twice (hot reload, a second copy deployed) would otherwise swap
 * handlers under a running click.
 */
const registered = new WeakMap<object, Set<string>>();

export function registerNotifications(flex: Omit<FlexForActions, 'Actions'>): void {
  for (const { id, type } of NOTIFICATIONS) {
    if (flex.Notifications.registeredNotifications?.has(id)) continue;
    flex.Notifications.registerNotification({
      id,
      // A string content is looked up in manager.strings and rendered with the context, so admins can
      // reword it and {{message}} is filled in by Flex.
      content: id,
      type:
        type === 'success'
          ? flex.NotificationType.success
          : type === 'info'
            ? flex.NotificationType.information
            : flex.NotificationType.error,
      // "Still working…" stays until the outcome replaces it (it is announced then, success or failure).
      timeout: type === 'success' ? 5000 : type === 'info' ? 0 : 10000,
    });
  }
}

export function createFlexNotify(flex: Pick<FlexForActions, 'Notifications'>): Notify {
  return ({ id, context }) => {
    flex.Notifications.showNotification(id, context);
  };
}

/** Registers our three actions once; returns the names registered by this call. */
export function registerActions(
  flex: FlexForActions,
  manager: ManagerWithStrings,
  deps: RegisterActionsDeps,
): string[] {
  registerNotifications(flex);
  const notify = createFlexNotify(flex);
  // Flex's Strings type has no index signature; ours were merged into it at start-up.
  const strings = manager.strings as Strings;
  const handlerDeps = {
    backend: deps.backend,
    notify,
    strings,
    onSettled: deps.onSettled,
    onReachability: deps.onReachability,
  };
  const handlers: Record<(typeof ACTION_NAMES)[number], ActionHandler | ResumeHandler> = {
    [LEAVE_ACTION]: createLeaveHandler(handlerDeps),
    [PAUSE_ACTION]: createPauseHandler(handlerDeps),
    [RESUME_ACTION]: createResumeHandler(handlerDeps),
  };
  const done = registered.get(flex.Actions) ?? new Set<string>();
  registered.set(flex.Actions, done);
  const added: string[] = [];
  for (const name of ACTION_NAMES) {
    if (done.has(name)) continue;
    flex.Actions.registerAction(name, handlers[name]);
    done.add(name);
    added.push(name);
  }
  return added;
}
