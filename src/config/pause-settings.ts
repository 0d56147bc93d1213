/** `leavePause.pause`: on/off, the time limit, the reasons (pause-reasons.ts) and the customer-message policy. */
import { parseReasons } from './pause-reasons';
import {
  DEFAULT_PAUSE_MINUTES,
  MAX_PAUSE_MINUTES,
  MIN_PAUSE_MINUTES,
  type CustomerMessagePolicy,
  type LeavePauseConfig,
} from './shape';
import { describe, isDict, parseIsoDurationMinutes, type Dict } from './value-checks';

function parseTimeLimit(raw: Dict, problems: string[]): number | undefined {
  // timeLimitMinutes is the name the typed config uses, so accept it too rather than surprise admins.
  const key = raw.timeLimit !== undefined ? 'timeLimit' : 'timeLimitMinutes';
  const value = raw[key];
  if (value === undefined) return DEFAULT_PAUSE_MINUTES;
  let minutes: number | undefined;
  if (typeof value === 'number') {
    minutes = Number.isInteger(value) ? value : undefined;
  } else if (typeof value === 'string') {
    minutes = parseIsoDurationMinutes(value);
  }
  if (minutes === undefined || minutes < MIN_PAUSE_MINUTES || minutes > MAX_PAUSE_MINUTES) {
    problems.push(
      `leavePause.pause.${key} must be a whole number of minutes or an ISO 8601 duration such as "P14D" or ` +
        `"PT90M", between ${MIN_PAUSE_MINUTES} minute and 14 days (${MAX_PAUSE_MINUTES} minutes), got ` +
        `${describe(value)}; Pause is off.`,
    );
    return undefined;
  }
  return minutes;
}

export function parsePause(raw: unknown, problems: string[]): LeavePauseConfig['pause'] {
  const off = { enabled: false, timeLimitMinutes: DEFAULT_PAUSE_MINUTES };
  if (raw === undefined) return off;
  if (!isDict(raw)) {
    problems.push(
      `leavePause.pause must be an object like { "enabled": true }, got ${describe(raw)}; Pause is off.`,
    );
    return off;
  }
  const enabled = raw.enabled ?? false;
  if (typeof enabled !== 'boolean') {
    problems.push(`leavePause.pause.enabled must be true or false, got ${describe(enabled)}; Pause is off.`);
    return off;
  }
  const timeLimitMinutes = parseTimeLimit(raw, problems);
  if (timeLimitMinutes === undefined) return off;
  return {
    enabled,
    timeLimitMinutes,
    ...parseReasons(raw, problems),
    ...parseCustomerMessagePolicy(raw, problems),
  };
}

/** Pause events: `pause.onCustomerMessage`; a bad value falls back to `notify`, Pause stays on. */
function parseCustomerMessagePolicy(
  raw: Dict,
  problems: string[],
): Pick<LeavePauseConfig['pause'], 'onCustomerMessage'> {
  const value = raw.onCustomerMessage;
  if (value === undefined || value === 'notify') return {};
  if (value === 'resume') return { onCustomerMessage: 'resume' };
  problems.push(
    `leavePause.pause.onCustomerMessage must be "notify" or "resume", got ${describe(value)}; "notify" is used.`,
  );
  return {};
}

/** Pause events: the policy in force, `notify` unless the admin chose `resume`. */
export function customerMessagePolicyOf(pause: LeavePauseConfig['pause']): CustomerMessagePolicy {
  return pause.onCustomerMessage ?? 'notify';
}
