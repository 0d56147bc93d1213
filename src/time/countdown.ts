/**
 * Pure countdown arithmetic shared by the badge, the ticker's scheduling and the reminders, so that the
 * moment the text or look changes and the moment the next tick fires can never disagree.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The warning look (and the first reminder) starts exactly this long before the deadline. */
export const WARNING_BEFORE_MS = DAY_MS;
/** The error look (and the second reminder) starts exactly this long before the deadline. */
export const ERROR_BEFORE_MS = HOUR_MS;
/** Inside this window the countdown shows seconds, and the ticker ticks every second. */
export const SECONDS_BEFORE_MS = 5 * MINUTE_MS;

export type CountdownLook = 'normal' | 'warning' | 'error';

export type CountdownParts =
  | { scale: 'days'; days: number; hours: number }
  | { scale: 'hours'; hours: number; minutes: number }
  | { scale: 'minutes'; minutes: number }
  | { scale: 'seconds'; minutes: number; seconds: number }
  | { scale: 'due' };

export interface Countdown {
  look: CountdownLook;
  parts: CountdownParts;
  /** A string that changes exactly when the rendered text or look changes; cheap to compare per tick. */
  key: string;
  /** How long until `key` next changes; Infinity once due. */
  nextChangeInMs: number;
}

/** The look for a remaining time: the boundaries are inclusive, so "exactly 24 h left" is already a warning. */
export function lookFor(remainingMs: number): CountdownLook {
  if (remainingMs <= ERROR_BEFORE_MS) return 'error';
  if (remainingMs <= WARNING_BEFORE_MS) return 'warning';
  return 'normal';
}

function granularityFor(remainingMs: number): number {
  if (remainingMs > WARNING_BEFORE_MS) return HOUR_MS;
  if (remainingMs > SECONDS_BEFORE_MS) return MINUTE_MS;
  return SECOND_MS;
}

/**
 * Units are rounded up, as countdowns usually are: "12 min" means at most 12 minutes are left and "0 min"
 * never appears while time remains. Every scale and look boundary (24 h, 1 h, 5 min, 0) is a multiple of
 * the granularity on its far side, so "the next multiple of the granularity" is also the next change of
 * scale and look.
 */
export function countdown(deadlineMs: number, nowMs: number): Countdown {
  const remaining = deadlineMs - nowMs;
  if (!(remaining > 0)) {
    return { look: 'error', parts: { scale: 'due' }, key: 'due', nextChangeInMs: Infinity };
  }
  const look = lookFor(remaining);
  const unit = granularityFor(remaining);
  const units = Math.ceil(remaining / unit);
  const nextChangeInMs = remaining - (units - 1) * unit;
  let parts: CountdownParts;
  if (unit === HOUR_MS) {
    parts = { scale: 'days', days: Math.floor(units / 24), hours: units % 24 };
  } else if (unit === MINUTE_MS) {
    parts =
      remaining > ERROR_BEFORE_MS
        ? { scale: 'hours', hours: Math.floor(units / 60), minutes: units % 60 }
        : { scale: 'minutes', minutes: units };
  } else {
    parts = { scale: 'seconds', minutes: Math.floor(units / 60), seconds: units % 60 };
  }
  return { look, parts, key: `${look}:${unit}:${units}`, nextChangeInMs };
}

/** Milliseconds since the epoch, or NaN for anything that is not a valid date. */
export function toEpochMs(value: Date | string | number): number {
  if (typeof value === 'number') return value;
  return (typeof value === 'string' ? new Date(value) : value).getTime();
}
