import twilio from 'twilio';
import type { PausedUnread } from '../../../src/backend/client';
import type { ChannelRef } from './channel';
import { asRecord, PAUSE_MAP_NAME, type PauseRecord } from './pause-store';
import type { TwilioClient } from './twilio-client';

/**
 * Pause events (issue 18 part 1): while a conversation is paused, a conversation-scoped webhook (Conversations
 * API, documented) reports its events to the `pause-events` Function, which counts the customer's messages in
 * the pause record and drops the record as soon as the pause has ended any way at all.
 */

/** The Function's path, as deployed (serverless/src/functions/pause-events.ts). */
export const PAUSE_EVENTS_PATH = '/pause-events';

/**
 * The query parameter naming the pause record (`{worker}:{task}`). Twilio signs the whole URL, query
 * included, so a signed event proves which record the webhook was attached for: Pause wrote that URL.
 */
export const PAUSE_KEY_PARAM = 'PauseKey';

/**
 * The query parameter naming the paused interaction channel (`{KD}:{UO}`), signed with the URL like the key. It
 * lets the handler read Twilio's channel beside the record instead of after it (one round trip less per event);
 * the read counts only when the record, once read, names the same channel. Webhooks attached without it (before
 * it existed) read the channel after the record, as before.
 */
export const PAUSE_CHANNEL_PARAM = 'PauseChannel';

const CHANNEL_PARAM_VALUE = /^(KD[0-9a-fA-F]{32}):(UO[0-9a-fA-F]{32})$/;

/** The channel a `PauseChannel` value names, or undefined when it names none. */
export function channelOfParam(value: unknown): ChannelRef | undefined {
  const match = typeof value === 'string' ? CHANNEL_PARAM_VALUE.exec(value) : null;
  return match ? { interactionSid: match[1], channelSid: match[2] } : undefined;
}

/** The events the webhook asks for: a message, and every way the pause's conversation can end or lose the agent. */
export const PAUSE_EVENT_FILTERS = [
  'onMessageAdded',
  'onParticipantRemoved',
  'onConversationStateUpdated',
  'onConversationRemoved',
] as const;

/** A preview is the start of the latest message, so the agent can judge it at a glance; never the whole text. */
export const PREVIEW_MAX_CHARS = 80;

/** How many counted MessageSids a record keeps: Twilio replays recent events, not old ones. */
export const COUNTED_SIDS_KEPT = 20;

/**
 * The webhook's URL for the record `key` and its paused channel: Pause writes it, the handler rebuilds it (with
 * the parameters exactly as received) to check the signature.
 */
export function pauseEventsUrl(functionsBaseUrl: string, key: string, channel?: ChannelRef | string): string {
  const url = new URL(PAUSE_EVENTS_PATH, functionsBaseUrl);
  url.searchParams.set(PAUSE_KEY_PARAM, key);
  if (channel !== undefined) {
    url.searchParams.set(
      PAUSE_CHANNEL_PARAM,
      typeof channel === 'string' ? channel : `${channel.interactionSid}:${channel.channelSid}`,
    );
  }
  return url.toString();
}

/** Attaches the pause's webhook; answers its SID (WH…). */
export async function attachPauseEvents(
  client: TwilioClient,
  conversationSid: string,
  url: string,
): Promise<string> {
  const webhook = await client.conversations.v1.conversations(conversationSid).webhooks.create({
    target: 'webhook',
    'configuration.url': url,
    'configuration.method': 'post',
    'configuration.filters': [...PAUSE_EVENT_FILTERS],
  });
  return webhook.sid;
}

function statusOf(error: unknown): number | undefined {
  return error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
}

/** Removes the pause's webhook; one already gone (or its conversation) is not an error. */
export async function detachPauseEvents(
  client: TwilioClient,
  conversationSid: string,
  webhookSid: string,
): Promise<void> {
  try {
    await client.conversations.v1.conversations(conversationSid).webhooks(webhookSid).remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/**
 * Twilio's own check of `X-Twilio-Signature`: an HMAC-SHA1 with the account's auth token over the URL Twilio
 * called and the form fields it posted. The URL is rebuilt from the runtime's DOMAIN_NAME and the record key
 * (the only query parameter Pause puts in it), never from the request's Host header.
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** A record as Sync holds it, with the revision a conditional update names. */
export interface RevisedRecord {
  record: PauseRecord;
  revision: string;
}

function items(client: TwilioClient, serviceSid: string) {
  return client.sync.v1.services(serviceSid).syncMaps(PAUSE_MAP_NAME).syncMapItems;
}

export async function readRevisedRecord(
  client: TwilioClient,
  serviceSid: string,
  key: string,
): Promise<RevisedRecord | undefined> {
  try {
    const item = await items(client, serviceSid)(key).fetch();
    const record = asRecord(item.data);
    return record ? { record, revision: item.revision } : undefined;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Writes the record only if nobody wrote it since `revision` was read (Sync's If-Match): two messages handled
 * at once both count. Answers false when another write came first (412), or the record is gone (404).
 */
export async function writeIfUnchanged(
  client: TwilioClient,
  serviceSid: string,
  key: string,
  revised: RevisedRecord,
): Promise<boolean> {
  try {
    // No ItemTtl: the item keeps the expiry Pause gave it (a day after the deadline).
    await items(client, serviceSid)(key).update({ data: revised.record, ifMatch: revised.revision });
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 412 || status === 404) return false;
    throw error;
  }
}

/** The preview of a message body: whitespace folded, trimmed, capped with an ellipsis. */
export function previewOf(body: string): string {
  const folded = body.replace(/\s+/g, ' ').trim();
  return folded.length <= PREVIEW_MAX_CHARS ? folded : `${folded.slice(0, PREVIEW_MAX_CHARS - 1)}…`;
}

/**
 * The record after counting one customer message; undefined when it was counted already (a replayed event,
 * the same MessageSid). Pure, so the counting rule is tested on its own.
 */
export function countedOnce(
  record: PauseRecord,
  message: { sid: string; body: string; at: string },
): PauseRecord | undefined {
  const counted = record.countedMessageSids ?? [];
  if (counted.includes(message.sid)) return undefined;
  const unread: PausedUnread = {
    count: (record.unread?.count ?? 0) + 1,
    lastMessageAt: message.at,
    preview: previewOf(message.body),
  };
  return { ...record, unread, countedMessageSids: [...counted, message.sid].slice(-COUNTED_SIDS_KEPT) };
}
