import * as fc from 'fast-check';
import { addDays, isSameDay } from 'date-fns';
import { TZDateMini } from '@date-fns/tz/date/mini';

import { calendarDay, wallClock } from '../../src/time/wallClock';

/**
 * src/time/wallClock.ts reads a moment's calendar fields in a zone from Intl, in place of @date-fns/tz's
 * TZDateMini and date-fns's addDays / isSameDay (kept out of the plugin bundle): it must agree with them in
 * every zone the tests use, over the years a deadline can fall in, across DST changes and year ends.
 */
const ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/Madrid',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2100, 0, 1);

function fieldsOf(clock: {
  getFullYear(): number;
  getMonth(): number;
  getDate(): number;
  getHours(): number;
  getMinutes(): number;
}) {
  return [clock.getFullYear(), clock.getMonth(), clock.getDate(), clock.getHours(), clock.getMinutes()];
}

describe('wallClock', () => {
  it("gives the zone's year, month, day, hours and minutes, as @date-fns/tz does", () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(fieldsOf(wallClock(ms, zone))).toEqual(fieldsOf(new TZDateMini(ms, zone)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads midnight as hour 0 and the last minute of the year as the old year', () => {
    expect(fieldsOf(wallClock(Date.UTC(2030, 0, 1, 0, 0), 'UTC'))).toEqual([2030, 0, 1, 0, 0]);
    expect(fieldsOf(wallClock(Date.UTC(2031, 0, 1, 4, 59), 'America/New_York'))).toEqual([
      2030, 11, 31, 23, 59,
    ]);
    // 2030-03-10 02:30 does not exist in New York (clocks jump to 03:00): 07:30 UTC is 03:30 there.
    expect(fieldsOf(wallClock(Date.UTC(2030, 2, 10, 7, 30), 'America/New_York'))).toEqual([
      2030, 2, 10, 3, 30,
    ]);
  });

  it("falls back to the browser's zone for a zone Intl does not know, or none", () => {
    const ms = Date.UTC(2030, 5, 15, 12, 34);
    expect(fieldsOf(wallClock(ms, 'Mars/Olympus_Mons'))).toEqual(fieldsOf(new Date(ms)));
    expect(fieldsOf(wallClock(new Date(ms)))).toEqual(fieldsOf(new Date(ms)));
  });
});

describe('calendarDay', () => {
  it('tells the same day and the next one as date-fns isSameDay and addDays do, in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FROM, max: TO }),
        // Up to three days later, the cases "today", "tomorrow" and "on …" tell apart.
        fc.integer({ min: 0, max: 3 * 24 * 60 * 60 * 1000 }),
        fc.constantFrom(...ZONES),
        (now, ahead, zone) => {
          const today = new TZDateMini(now, zone);
          const day = new TZDateMini(now + ahead, zone);
          const daysAhead = calendarDay(wallClock(now + ahead, zone)) - calendarDay(wallClock(now, zone));
          expect(daysAhead === 0).toBe(isSameDay(day, today));
          expect(daysAhead === 1).toBe(isSameDay(day, addDays(today, 1)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('counts across a month, a year and a leap day', () => {
    const day = (y: number, m: number, d: number) =>
      calendarDay({
        getFullYear: () => y,
        getMonth: () => m,
        getDate: () => d,
        getHours: () => 0,
        getMinutes: () => 0,
      });
    expect(day(2030, 1, 1) - day(2030, 0, 31)).toBe(1);
    expect(day(2031, 0, 1) - day(2030, 11, 31)).toBe(1);
    expect(day(2032, 2, 1) - day(2032, 1, 28)).toBe(2);
    expect(day(1970, 0, 1)).toBe(0);
  });
});
