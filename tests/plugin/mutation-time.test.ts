import { en, es } from '../../src/strings';
import {
  countdown,
  DAY_MS,
  ERROR_BEFORE_MS,
  HOUR_MS,
  lookFor,
  MINUTE_MS,
  SECOND_MS,
  SECONDS_BEFORE_MS,
  toEpochMs,
  WARNING_BEFORE_MS,
} from '../../src/time/countdown';
import {
  countdownLabel,
  countdownText,
  dateLocaleFor,
  formatDateTime,
  formatTime,
  reassignRelative,
} from '../../src/time/format';

/**
 * The plugin's time arithmetic and wording on their own (issue 20, mutation survivors): every boundary of the
 * countdown to the millisecond, and what the agent reads at each.
 */

describe('countdown: the boundaries, to the millisecond', () => {
  it('the constants are the documented ones', () => {
    expect([SECOND_MS, MINUTE_MS, HOUR_MS, DAY_MS]).toEqual([1000, 60_000, 3_600_000, 86_400_000]);
    expect(WARNING_BEFORE_MS).toBe(DAY_MS);
    expect(ERROR_BEFORE_MS).toBe(HOUR_MS);
    expect(SECONDS_BEFORE_MS).toBe(5 * MINUTE_MS);
  });

  it('looks: exactly 24 h left is a warning, exactly 1 h an error', () => {
    expect(lookFor(DAY_MS + 1)).toBe('normal');
    expect(lookFor(DAY_MS)).toBe('warning');
    expect(lookFor(HOUR_MS + 1)).toBe('warning');
    expect(lookFor(HOUR_MS)).toBe('error');
    expect(lookFor(1)).toBe('error');
  });

  it('due at the deadline and after it, and for a deadline that is no number', () => {
    const due = { look: 'error', parts: { scale: 'due' }, key: 'due', nextChangeInMs: Infinity };
    expect(countdown(1000, 1000)).toEqual(due);
    expect(countdown(1000, 2000)).toEqual(due);
    expect(countdown(NaN, 0)).toEqual(due);
  });

  it('over a day: days and hours, rounded up to the hour, changing at the next whole hour', () => {
    expect(countdown(2 * DAY_MS + 3 * HOUR_MS, 0)).toEqual({
      look: 'normal',
      parts: { scale: 'days', days: 2, hours: 3 },
      key: `normal:${HOUR_MS}:51`,
      nextChangeInMs: HOUR_MS,
    });
    expect(countdown(DAY_MS + 1, 0)).toEqual({
      look: 'normal',
      parts: { scale: 'days', days: 1, hours: 1 },
      key: `normal:${HOUR_MS}:25`,
      nextChangeInMs: 1,
    });
    expect(countdown(2 * DAY_MS + 3 * HOUR_MS + 1, 0).parts).toEqual({ scale: 'days', days: 2, hours: 4 });
  });

  it('a day to an hour: hours and minutes, rounded up to the minute', () => {
    expect(countdown(DAY_MS, 0)).toEqual({
      look: 'warning',
      parts: { scale: 'hours', hours: 24, minutes: 0 },
      key: `warning:${MINUTE_MS}:1440`,
      nextChangeInMs: MINUTE_MS,
    });
    expect(countdown(HOUR_MS + 90 * SECOND_MS, 0)).toEqual({
      look: 'warning',
      parts: { scale: 'hours', hours: 1, minutes: 2 },
      key: `warning:${MINUTE_MS}:62`,
      nextChangeInMs: 30 * SECOND_MS,
    });
    expect(countdown(HOUR_MS + 1, 0).parts).toEqual({ scale: 'hours', hours: 1, minutes: 1 });
  });

  it('an hour to five minutes: minutes only', () => {
    expect(countdown(HOUR_MS, 0)).toEqual({
      look: 'error',
      parts: { scale: 'minutes', minutes: 60 },
      key: `error:${MINUTE_MS}:60`,
      nextChangeInMs: MINUTE_MS,
    });
    expect(countdown(SECONDS_BEFORE_MS + 1, 0).parts).toEqual({ scale: 'minutes', minutes: 6 });
  });

  it('the last five minutes: minutes and seconds, rounded up to the second', () => {
    expect(countdown(SECONDS_BEFORE_MS, 0)).toEqual({
      look: 'error',
      parts: { scale: 'seconds', minutes: 5, seconds: 0 },
      key: `error:${SECOND_MS}:300`,
      nextChangeInMs: SECOND_MS,
    });
    expect(countdown(61_500, 0)).toEqual({
      look: 'error',
      parts: { scale: 'seconds', minutes: 1, seconds: 2 },
      key: `error:${SECOND_MS}:62`,
      nextChangeInMs: 500,
    });
    expect(countdown(1, 0).parts).toEqual({ scale: 'seconds', minutes: 0, seconds: 1 });
  });

  it('counts from now, not from zero', () => {
    expect(countdown(10 * HOUR_MS + 5000, 5000)).toEqual(countdown(10 * HOUR_MS, 0));
  });

  it('toEpochMs: numbers as they are, dates and ISO text as their instant, anything else NaN', () => {
    expect(toEpochMs(42)).toBe(42);
    expect(toEpochMs('2030-01-15T10:00:00Z')).toBe(Date.UTC(2030, 0, 15, 10));
    expect(toEpochMs(new Date(Date.UTC(2030, 0, 15)))).toBe(Date.UTC(2030, 0, 15));
    expect(toEpochMs('not a date')).toBeNaN();
  });
});

describe('the words', () => {
  const deadline = new Date(Date.UTC(2030, 0, 15, 15, 0));

  it('dateLocaleFor: the language part, any case or separator; English for anything else', () => {
    expect(dateLocaleFor('es-MX').code).toBe('es');
    expect(dateLocaleFor('ES_es').code).toBe('es');
    expect(dateLocaleFor('fr').code).toBe('en-US');
    expect(dateLocaleFor(undefined).code).toBe('en-US');
  });

  it('dates and times in the agent’s language and zone; an unknown zone is the browser’s; no date is ""', () => {
    expect(formatTime(deadline, 'en', 'UTC')).toBe('3:00 PM');
    expect(formatTime(deadline, 'es', 'UTC')).toBe('15:00');
    expect(formatTime(deadline, 'en', 'America/New_York')).toBe('10:00 AM');
    expect(formatDateTime(deadline, 'en', 'UTC')).toBe('Jan 15, 2030, 3:00 PM');
    expect(formatTime(deadline, 'en', 'Not/AZone')).toBe(formatTime(deadline, 'en'));
    expect(formatTime(new Date(NaN), 'en', 'UTC')).toBe('');
  });

  describe('reassignRelative', () => {
    const at = (iso: string) => Date.parse(iso);
    const say = (now: number, zone = 'UTC') => reassignRelative(deadline, now, en, 'en', zone);

    it('due at the deadline; "soon" within the last hour, inclusive', () => {
      expect(say(deadline.getTime())).toBe(en.LeavePauseCountdownDue);
      expect(say(deadline.getTime() + 1)).toBe(en.LeavePauseCountdownDue);
      expect(say(deadline.getTime() - HOUR_MS)).toBe('Reassigning soon');
      expect(say(deadline.getTime() - 1)).toBe('Reassigning soon');
      expect(say(deadline.getTime() - HOUR_MS - 1)).toBe('Reassigning today at 3:00 PM');
    });

    it('today, tomorrow or on a date, by the agent’s calendar days', () => {
      expect(say(at('2030-01-15T00:00:00Z'))).toBe('Reassigning today at 3:00 PM');
      expect(say(at('2030-01-14T23:59:59Z'))).toBe('Reassigning tomorrow at 3:00 PM');
      expect(say(at('2030-01-14T00:00:00Z'))).toBe('Reassigning tomorrow at 3:00 PM');
      expect(say(at('2030-01-13T23:59:59Z'))).toBe('Reassigning on Jan 15, 2030, 3:00 PM');
      // 02:00 UTC on the 15th is still the 14th in New York: the deadline (10:00 there) is tomorrow.
      expect(say(at('2030-01-15T02:00:00Z'), 'America/New_York')).toBe('Reassigning tomorrow at 10:00 AM');
    });

    it('no deadline: nothing to say', () => {
      expect(reassignRelative(new Date(NaN), 0, en, 'en', 'UTC')).toBe('');
    });
  });

  describe('countdownText and countdownLabel', () => {
    it('the units of each scale, worded by date-fns', () => {
      expect(countdownText(countdown(2 * DAY_MS + 3 * HOUR_MS, 0), en, 'en')).toBe(
        'Reassigned in 2 days 3 hours',
      );
      expect(countdownText(countdown(5 * HOUR_MS + 12 * MINUTE_MS, 0), en, 'en')).toBe(
        'Reassigned in 5 hours 12 minutes',
      );
      expect(countdownText(countdown(12 * MINUTE_MS, 0), en, 'en')).toBe('Reassigned in 12 minutes');
      expect(countdownText(countdown(61 * SECOND_MS, 0), en, 'en')).toBe('Reassigned in 1 minute 1 second');
      expect(countdownText(countdown(0, 0), en, 'en')).toBe(en.LeavePauseCountdownDue);
      expect(countdownText(countdown(12 * MINUTE_MS, 0), es, 'es')).toBe(
        es.LeavePauseCountdownIn.replace('{{duration}}', '12 minutos'),
      );
    });

    it('the look is in the words too: "within a day", "soon"; none when normal or due', () => {
      expect(countdownLabel(countdown(2 * DAY_MS, 0), en, 'en')).toBe('Reassigned in 2 days');
      expect(countdownLabel(countdown(5 * HOUR_MS, 0), en, 'en')).toBe(
        'Reassigned in 5 hours — within a day',
      );
      expect(countdownLabel(countdown(12 * MINUTE_MS, 0), en, 'en')).toBe('Reassigned in 12 minutes — soon');
      expect(countdownLabel(countdown(0, 0), en, 'en')).toBe('Reassigning…');
    });

    it('an admin rewording a string, or another language, is seen at once', () => {
      const value = countdown(12 * MINUTE_MS, 0);
      expect(countdownLabel(value, en, 'en')).toBe('Reassigned in 12 minutes — soon');
      for (const key of ['LeavePauseCountdownIn', 'LeavePauseCountdownError'] as const) {
        const reworded = {
          ...en,
          [key]: key === 'LeavePauseCountdownIn' ? 'Back in {{duration}}' : '{{countdown}}!',
        };
        expect(countdownLabel(value, reworded, 'en')).toBe(
          key === 'LeavePauseCountdownIn' ? 'Back in 12 minutes — soon' : 'Reassigned in 12 minutes!',
        );
      }
      const warning = countdown(5 * HOUR_MS, 0);
      expect(
        countdownLabel(warning, { ...en, LeavePauseCountdownWarning: '{{countdown}} (today)' }, 'en'),
      ).toBe('Reassigned in 5 hours (today)');
      expect(countdownLabel(countdown(0, 0), { ...en, LeavePauseCountdownDue: 'Now' }, 'en')).toBe('Now');
      expect(countdownLabel(value, en, 'es')).toBe('Reassigned in 12 minutos — soon');
      expect(countdownLabel(value, en, 'en')).toBe('Reassigned in 12 minutes — soon');
    });

    it('one wording changed alone is seen at once (due, warning, error)', () => {
      const cases = [
        [countdown(0, 0), { LeavePauseCountdownDue: 'Now' }, 'Now'],
        [
          countdown(5 * HOUR_MS, 0),
          { LeavePauseCountdownWarning: '{{countdown}} (today)' },
          'Reassigned in 5 hours (today)',
        ],
        [
          countdown(12 * MINUTE_MS, 0),
          { LeavePauseCountdownError: '{{countdown}}!' },
          'Reassigned in 12 minutes!',
        ],
      ] as const;
      for (const [value, change, expected] of cases) {
        countdownLabel(value, en, 'en');
        expect(countdownLabel(value, { ...en, ...change }, 'en')).toBe(expected);
      }
    });

    it('many labels in a row stay right (the cache is bounded, never stale)', () => {
      for (let seconds = 1; seconds <= 300; seconds++) {
        const value = countdown(seconds * SECOND_MS, 0);
        expect(countdownLabel(value, en, 'en')).toBe(`${countdownText(value, en, 'en')} — soon`);
      }
    });
  });
});
