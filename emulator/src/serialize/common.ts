/** What every product's JSON shares: Twilio's API bases and its date format. */
import { isoDate } from '../util';

export const TR = 'https://taskrouter.twilio.com/v1';
export const FLEX = 'https://flex-api.twilio.com/v1';
export const CONV = 'https://conversations.twilio.com/v1';
export const SYNC = 'https://sync.twilio.com/v1';

export function d(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : isoDate(new Date(ms));
}
