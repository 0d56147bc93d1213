export {
  countdown,
  lookFor,
  toEpochMs,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  WARNING_BEFORE_MS,
  ERROR_BEFORE_MS,
  SECONDS_BEFORE_MS,
} from './countdown';
export type { Countdown, CountdownLook, CountdownParts } from './countdown';
export { createTicker } from './ticker';
export type { Ticker, TickerOptions, TickerSubscriber } from './ticker';
export { getSharedTicker, resetSharedTicker, setServerTimeOffsetProvider } from './shared';
export { useServerNow } from './useServerNow';
export {
  countdownLabel,
  countdownText,
  dateLocaleFor,
  formatDateTime,
  formatTime,
  reassignRelative,
} from './format';
export type { CountdownStrings, RelativeStrings } from './format';
