/** Whether Flex's own Leave / Pause are on, wherever a release or an admin put the switch. */
import { isDict } from './value-checks';

export interface NativeFeatures {
  leave: boolean;
  pause: boolean;
  /** Where each flag was found, for the admin-facing report. */
  sources: string[];
}

const TRUTHY = new Set([true, 'true', 'enabled', 'on', 1]);

function isOn(value: unknown): boolean {
  if (isDict(value)) return isOn(value.enabled ?? value.enable ?? value.on);
  return TRUTHY.has(value as never);
}

/** "conversations_leave_enabled", "LeaveConversation", "pause-channel" → which feature it names, if any. */
function featureNamed(name: string): 'leave' | 'pause' | undefined {
  const normalized = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z]+/g, '_');
  const parts = normalized.split('_').filter((part) => part !== '');
  const noise = new Set([
    'conversation',
    'conversations',
    'channel',
    'channels',
    'enabled',
    'enable',
    'agent',
    'flex',
  ]);
  const meaningful = parts.filter((part) => !noise.has(part));
  // Anything more specific (e.g. Flex's own "LeavePauseResumeForEmailOnly") is not a plain on-switch.
  if (meaningful.length !== 1) return undefined;
  if (meaningful[0] === 'leave') return 'leave';
  if (meaningful[0] === 'pause') return 'pause';
  return undefined;
}

/**
 * Finds out whether Flex's own Leave / Pause are switched on, so the plugin can step aside and agents never
 * see two Pause buttons. Flex 2.x reads `agent_conv_end_methods.enabled` (["Leave", "Pause"]); the other
 * shapes are looked at too because the flag has moved between releases and is easy to set by hand.
 */
export function detectNativeFeatures(serviceConfiguration: unknown): NativeFeatures {
  const found: NativeFeatures = { leave: false, pause: false, sources: [] };
  if (!isDict(serviceConfiguration)) return found;
  const mark = (feature: 'leave' | 'pause' | undefined, source: string) => {
    if (!feature) return;
    found[feature] = true;
    found.sources.push(source);
  };

  const endMethods = serviceConfiguration.agent_conv_end_methods;
  const enabledMethods = isDict(endMethods) ? endMethods.enabled : undefined;
  if (Array.isArray(enabledMethods)) {
    for (const method of enabledMethods) {
      if (typeof method === 'string') mark(featureNamed(method), `agent_conv_end_methods.enabled: ${method}`);
    }
  }

  const ui = isDict(serviceConfiguration.ui_attributes) ? serviceConfiguration.ui_attributes : {};
  for (const [path, holder] of [
    ['ui_attributes.conversations', ui.conversations],
    ['ui_attributes', ui],
  ] as const) {
    if (!isDict(holder)) continue;
    for (const key of ['leave_enabled', 'leaveEnabled', 'enable_leave']) {
      if (isOn(holder[key])) mark('leave', `${path}.${key}`);
    }
    for (const key of ['pause_enabled', 'pauseEnabled', 'enable_pause']) {
      if (isOn(holder[key])) mark('pause', `${path}.${key}`);
    }
  }

  for (const [path, flags] of [
    ['feature_flags', serviceConfiguration.feature_flags],
    ['ui_attributes.feature_flags', ui.feature_flags],
  ] as const) {
    if (Array.isArray(flags)) {
      for (const flag of flags) {
        if (typeof flag === 'string') mark(featureNamed(flag), `${path}: ${flag}`);
      }
    } else if (isDict(flags)) {
      for (const [name, value] of Object.entries(flags)) {
        if (isOn(value)) mark(featureNamed(name), `${path}.${name}`);
      }
    }
  }
  return found;
}
