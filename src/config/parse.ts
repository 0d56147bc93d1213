/** The hosted and local settings merged, then each part read (`parseConfig`), never throwing. */
import { parsePause } from './pause-settings';
import { parseReturnToQueue } from './return-to-queue';
import { LEAVE_ROUTING_RETIRED, type LeavePauseConfig, type ParsedConfig, type RoutingStatus } from './shape';
import { checkUrl, deepMerge, describe, isDict, type Dict } from './value-checks';

const CONFIG_PATH = 'ui_attributes.custom_data.leavePause';

function parseLeave(raw: unknown, problems: string[]): LeavePauseConfig['leave'] {
  const off = { enabled: false };
  if (raw === undefined) return off;
  if (!isDict(raw)) {
    problems.push(
      `leavePause.leave must be an object like { "enabled": true }, got ${describe(raw)}; Leave is off.`,
    );
    return off;
  }
  const enabled = raw.enabled ?? false;
  if (typeof enabled !== 'boolean') {
    problems.push(`leavePause.leave.enabled must be true or false, got ${describe(enabled)}; Leave is off.`);
    return off;
  }
  // A notice, not a fault: whatever it held, Leave works without it.
  if (raw.routing !== undefined) problems.push(LEAVE_ROUTING_RETIRED);
  return { enabled };
}

/**
 * Validates the merged hosted + local configuration. `raw` is the hosted object, `override` the local
 * `window.appConfig.leavePause`; either may be missing.
 */
export function parseConfig(raw: unknown, override?: unknown): ParsedConfig {
  const problems: string[] = [];
  let merged: Dict = {};
  for (const [source, value] of [
    [CONFIG_PATH, raw],
    ['window.appConfig.leavePause', override],
  ] as const) {
    if (value === undefined || value === null) continue;
    if (!isDict(value)) {
      problems.push(`${source} must be an object, got ${describe(value)}; it is ignored.`);
      continue;
    }
    merged = deepMerge(merged, value);
  }

  const leave = parseLeave(merged.leave, problems);
  const pause = parsePause(merged.pause, problems);

  let backendUrl = '';
  if (merged.backendUrl !== undefined) {
    const url = checkUrl(merged.backendUrl);
    if (url.ok) {
      backendUrl = url.url.replace(/\/+$/, '');
    } else {
      problems.push(
        `leavePause.backendUrl must be the https:// URL of the Leave & Pause functions (http:// only for ` +
          `127.0.0.1 or localhost), got ${describe(merged.backendUrl)}; Leave and Pause are off.`,
      );
    }
  }
  if (!backendUrl && merged.backendUrl === undefined && (leave.enabled || pause.enabled)) {
    problems.push(
      'leavePause.backendUrl is missing: set it to the URL of the Leave & Pause functions; Leave and Pause are off.',
    );
  }
  // Both features talk to the backend, so without a usable URL neither can work.
  if (!backendUrl) {
    leave.enabled = false;
    pause.enabled = false;
  }

  let supervisorsMayAct = false;
  if (merged.supervisorsMayAct !== undefined) {
    if (typeof merged.supervisorsMayAct === 'boolean') {
      supervisorsMayAct = merged.supervisorsMayAct;
    } else {
      problems.push(
        `leavePause.supervisorsMayAct must be true or false, got ${describe(merged.supervisorsMayAct)}; ` +
          'supervisors may not act.',
      );
    }
  }

  let routingStatus: RoutingStatus = 'closed';
  if (merged.routingStatus !== undefined) {
    if (merged.routingStatus === 'closed' || merged.routingStatus === 'wrapup') {
      routingStatus = merged.routingStatus;
    } else {
      problems.push(
        `leavePause.routingStatus must be "closed" or "wrapup", got ${describe(merged.routingStatus)}; ` +
          '"closed" is used.',
      );
    }
  }

  const returnToQueue = parseReturnToQueue(merged.returnToQueue, problems);

  return {
    config: { leave, pause, routingStatus, backendUrl, supervisorsMayAct, returnToQueue },
    problems,
  };
}

/** Picks the hosted plugin configuration out of Flex's service configuration without trusting its shape. */
export function readHostedConfig(serviceConfiguration: unknown): unknown {
  if (!isDict(serviceConfiguration)) return undefined;
  const ui = serviceConfiguration.ui_attributes;
  const custom = isDict(ui) ? ui.custom_data : undefined;
  return isDict(custom) ? custom.leavePause : undefined;
}
