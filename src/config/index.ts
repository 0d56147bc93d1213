/**
 * Typed plugin configuration. Hosted Flex keeps it in
 * `serviceConfiguration.ui_attributes.custom_data.leavePause`; local work overrides it with
 * `window.appConfig.leavePause`. Parsing never throws: a bad value is reported and only the feature it
 * belongs to is switched off, so one typo cannot take the whole agent desktop down.
 *
 * The parts, each in its own file: the shape and defaults (shape.ts), the parser (parse.ts) with its pause
 * (pause-settings.ts, pause-reasons.ts) and team-view (return-to-queue.ts) readers, and Flex's own switches
 * (native-features.ts). Everything the plugin, the Functions and the tests use is exported from here.
 */
import { detectNativeFeatures, type NativeFeatures } from './native-features';
import { parseConfig, readHostedConfig } from './parse';
import type { LeavePauseConfig, ParsedConfig } from './shape';

export type {
  CustomerMessagePolicy,
  LeavePauseConfig,
  ParsedConfig,
  PauseReason,
  PauseSettings,
  ReturnToQueueSetting,
  RoutingStatus,
} from './shape';
export {
  DEFAULT_CONFIG,
  DEFAULT_PAUSE_MINUTES,
  LEAVE_ROUTING_RETIRED,
  MAX_PAUSE_MINUTES,
  MIN_PAUSE_MINUTES,
  RETURN_TO_QUEUE_LINE,
} from './shape';
export { parseIsoDurationMinutes } from './value-checks';
export {
  MAX_PAUSE_REASONS,
  REASON_CODE_PATTERN,
  REASON_LABEL_MAX_LENGTH,
  REASON_NOTE_MAX_LENGTH,
  reasonLabel,
} from './pause-reasons';
export { customerMessagePolicyOf } from './pause-settings';
export { returnToQueueHiddenBecause } from './return-to-queue';
export { parseConfig, readHostedConfig } from './parse';
export { detectNativeFeatures, type NativeFeatures } from './native-features';

export interface ResolvedConfig extends ParsedConfig {
  native: NativeFeatures;
  /** Features the plugin switched off because Flex's own copy is on. */
  yieldedToNative: Array<'leave' | 'pause'>;
}

/** Everything the plugin needs at start-up: parsed config, minus whatever Flex already does natively. */
export function resolveConfig(serviceConfiguration: unknown, localOverride?: unknown): ResolvedConfig {
  const parsed = parseConfig(readHostedConfig(serviceConfiguration), localOverride);
  const native = detectNativeFeatures(serviceConfiguration);
  const config: LeavePauseConfig = {
    ...parsed.config,
    leave: { ...parsed.config.leave },
    pause: { ...parsed.config.pause },
  };
  const yieldedToNative: Array<'leave' | 'pause'> = [];
  for (const feature of ['leave', 'pause'] as const) {
    if (native[feature] && config[feature].enabled) {
      config[feature].enabled = false;
      yieldedToNative.push(feature);
    }
  }
  return { config, problems: parsed.problems, native, yieldedToNative };
}
