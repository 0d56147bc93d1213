import { createBackendClient } from '../backend/client';
import { createReachability } from '../backend/reachability';
import { watchReachability } from './reachability';
import { resolveConfig, type ResolvedConfig } from '../config';
import { createPausedWorkStore } from '../paused';
import { getStrings, mergeMissingStrings, template, type Strings } from '../strings';
import { getSharedTicker, setServerTimeOffsetProvider } from '../time/shared';
import { addComponents } from './addComponents';
import { recordNativePauses } from './nativePause';
import { flexLiveFeed, followLiveFeed } from './liveFeed';
import { addPausedWork, type FlexForPausedWork } from './pausedWork';
import { registerActions } from './registerActions';
import { followResumes } from './resumeArrival';
import { addTeamView } from './teamView';
import { addResumedMark } from './resumeFocus';
import { createTokenGetter } from './token';
import type { FlexGlobal, FlexManager } from './types';

const ADMIN_NOTICE_IDS = ['LeavePauseConfigInvalid', 'LeavePauseNativeFeatureActive'] as const;

declare global {
  interface Window {
    // Flex's own appConfig.js object; only our key is read, and it is validated before use.
    appConfig?: { leavePause?: unknown };
  }
}

function isAdmin(manager: FlexManager): boolean {
  const roles = manager.user?.roles ?? [];
  return roles.includes('admin');
}

/** Wires the plugin into a running Flex. Returns the resolved configuration for logging and tests. */
export function initLeavePause(flex: FlexGlobal, manager: FlexManager): ResolvedConfig {
  const resolved = resolveConfig(
    manager.serviceConfiguration,
    typeof window !== 'undefined' ? window.appConfig?.leavePause : undefined,
  );
  const { config, problems, yieldedToNative } = resolved;

  // Flex's Strings type lists its own keys only; ours are added alongside them.
  const managerStrings = manager.strings as unknown as Record<string, string>;
  mergeMissingStrings(managerStrings, getStrings(manager.localization?.localeTag));
  const strings = managerStrings as unknown as Strings;

  for (const id of ADMIN_NOTICE_IDS) {
    if (flex.Notifications.registeredNotifications?.has(id)) continue;
    flex.Notifications.registerNotification({
      id,
      content: id,
      type:
        id === 'LeavePauseConfigInvalid' ? flex.NotificationType.error : flex.NotificationType.information,
      timeout: 0,
    });
  }

  if (problems.length > 0) {
    console.error('[LeavePausePlugin] configuration problems:\n- ' + problems.join('\n- '));
    if (isAdmin(manager)) {
      flex.Notifications.showNotification('LeavePauseConfigInvalid', { problems: problems.join(' ') });
    }
  }
  for (const feature of yieldedToNative) {
    const name = feature === 'leave' ? strings.LeavePauseLeaveButton : strings.LeavePausePauseButton;
    console.info(`[LeavePausePlugin] ${template(strings.LeavePauseNativeFeatureActive, { feature: name })}`);
    if (isAdmin(manager))
      flex.Notifications.showNotification('LeavePauseNativeFeatureActive', { feature: name });
  }

  // With Flex's native Pause on, our button yields to Flex's, but Paused work, the countdown and the
  // reminders still come from the plugin (the pause listeners below record native pauses on the server).
  const pausedWorkOn = config.pause.enabled || (resolved.native.pause && yieldedToNative.includes('pause'));
  if (!config.leave.enabled && !config.pause.enabled && !pausedWorkOn) return resolved;

  const backend = createBackendClient({ baseUrl: config.backendUrl, getToken: createTokenGetter(manager) });
  const store = createPausedWorkStore(() => backend.paused(), strings.LeavePausePausedWorkUnknownCustomer);
  // Resume then follows the conversation back to the agent (accepting Twilio's new task when it waits for them).
  const customerOf = (taskSid: string) =>
    store.get().items.find((item) => item.taskSid === taskSid)?.customerName ?? '';
  const actionsBackend = {
    ...backend,
    ...followResumes(flex, manager, backend, customerOf),
  };
  // Whether the service answers: an action with no answer at all, or the start-up probe, says it is down; the
  // buttons are then disabled with the reason until GET /server-time answers again (issue 19).
  const reachability = createReachability({ probe: () => backend.syncServerTime() });
  watchReachability(flex, reachability);
  registerActions(flex, manager, {
    backend: actionsBackend,
    onSettled: () => void store.refresh(),
    onReachability: reachability.report,
  });
  addComponents(flex, manager, config);
  // Team view (issue 18 part 4): supervisors and admins only (Flex's roles for display; the server checks).
  addTeamView(flex, manager, { backend, ticker: getSharedTicker() });
  // Deadlines are Twilio's clock; the agent's own clock may be minutes off.
  setServerTimeOffsetProvider(() => backend.getServerTimeOffsetMs());
  if (pausedWorkOn) {
    addPausedWork(flex as unknown as FlexForPausedWork, manager, { ticker: getSharedTicker(), store });
    // Where focus lands after Resume: the resumed conversation's own task canvas (issue 19).
    addResumedMark(flex, manager);
    // Live lists (issue 18): every tab follows the agent's records as they change; without the service's API
    // key the list is read as before.
    const feed = flexLiveFeed(manager, backend);
    if (feed) followLiveFeed(feed, store);
    if (!config.pause.enabled) {
      recordNativePauses(
        flex,
        backend,
        () => void store.refresh(),
        (channelSid) => store.get().items.find((item) => item.channelSid === channelSid)?.taskSid,
      );
    }
    void backend.syncServerTime().then((synced) => {
      // After a reload with the service down, the agent is told at once, not at their first click.
      reachability.report(synced);
      if (synced) getSharedTicker().tick();
    });
  }
  return resolved;
}
