import { observeTwilioDate, twilioNow } from '../src/lib/clock';

/**
 * lib/clock.ts on its own (issue 20, mutation survivors): "now" as Twilio sees it, learnt from the Date header of
 * Twilio's answers, whatever the host's own clock says; a missing or unreadable header changes nothing.
 */

const HOST_NOW = Date.parse('2026-12-04T12:00:00.000Z');
const TWILIO_DATE = 'Fri, 04 Dec 2026 12:00:05 GMT';

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(HOST_NOW);
});

afterEach(() => {
  jest.restoreAllMocks();
});

it('Twilio 5 s ahead of the host: now is the host’s now plus 5 s', () => {
  observeTwilioDate(TWILIO_DATE, HOST_NOW);
  expect(twilioNow().toISOString()).toBe('2026-12-04T12:00:05.000Z');
});

it('the answer received 2 s ago: Twilio’s date was its now 2 s ago', () => {
  observeTwilioDate(TWILIO_DATE, HOST_NOW - 2000);
  expect(twilioNow().toISOString()).toBe('2026-12-04T12:00:07.000Z');
});

it('received when not said: the host’s now at the call', () => {
  observeTwilioDate('Fri, 04 Dec 2026 11:59:50 GMT');
  expect(twilioNow().toISOString()).toBe('2026-12-04T11:59:50.000Z');
});

it('no header, an empty or an unreadable one: what was learnt before stands', () => {
  observeTwilioDate(TWILIO_DATE, HOST_NOW);
  for (const header of [undefined, '', 'not a date']) {
    observeTwilioDate(header, HOST_NOW);
    expect(twilioNow().toISOString()).toBe('2026-12-04T12:00:05.000Z');
  }
});
