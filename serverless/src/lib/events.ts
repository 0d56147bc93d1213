import type { FunctionContext, FunctionEvent } from './http';
import { accountFrom } from './settings';

/**
 * Prefixes of the SIDs a Conversations webhook event carries (onMessageAdded, the one our leave-reply hook
 * subscribes to). ParticipantSid is empty for a message no participant wrote.
 */
const EVENT_SID_PREFIXES: Record<string, string> = {
  AccountSid: 'AC',
  ConversationSid: 'CH',
  ChatServiceSid: 'IS',
  MessageSid: 'IM',
  ParticipantSid: 'MB',
  WebhookSid: 'WH',
  MessagingServiceSid: 'MG',
};

/** Fields the event must carry: the conversation is what the handler acts on, the account whose it is. */
const REQUIRED_FIELDS = ['AccountSid', 'ConversationSid'];

const sidPattern = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

export interface IgnoredEvent {
  handled: 'ignored';
  why: string;
}

/**
 * A signed event is Twilio's, but its SIDs still go into URLs, and a valid signature only proves the sender knew
 * our AUTH_TOKEN, not that the event concerns our account. Before the handler sees it, every SID field must
 * match its pattern, the account must be the configured one, and the event must be the one we subscribe to.
 * Such events are answered 200 "ignored": a 4xx would make Twilio retry and report a failing webhook for
 * events that are simply not for us.
 */
export function screenConversationEvent(context: FunctionContext, event: FunctionEvent): IgnoredEvent | null {
  for (const field of REQUIRED_FIELDS) {
    if (event[field] === undefined || event[field] === '') {
      return { handled: 'ignored', why: `${field} is missing` };
    }
  }
  for (const [field, prefix] of Object.entries(EVENT_SID_PREFIXES)) {
    const value = event[field];
    if (value === undefined || (value === '' && !REQUIRED_FIELDS.includes(field))) continue;
    if (!(typeof value === 'string' && sidPattern(prefix).test(value))) {
      return { handled: 'ignored', why: `${field} is not a ${prefix}… SID` };
    }
  }
  if (event.AccountSid !== accountFrom(context).accountSid) {
    return { handled: 'ignored', why: 'the event is for another account' };
  }
  if (event.EventType !== undefined && event.EventType !== 'onMessageAdded') {
    return { handled: 'ignored', why: 'only onMessageAdded is handled' };
  }
  return null;
}
