import { fetchChannel, fetchParticipants, type ChannelRef, type ChannelState } from '../lib/channel';
import { clientFor } from '../lib/action';
import { ActionError } from '../lib/errors';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import { logFailure } from '../lib/log';
import {
  channelOfParam,
  countedOnce,
  detachPauseEvents,
  isSignedByTwilio,
  PAUSE_CHANNEL_PARAM,
  PAUSE_KEY_PARAM,
  pauseEventsUrl,
  readRevisedRecord,
  writeIfUnchanged,
  type RevisedRecord,
} from '../lib/pause-events';
import { PauseStore, type ListedForFeed, type PauseRecord } from '../lib/pause-store';
import type { FunctionEvent } from '../lib/runtime';
import { settingsFor, workspaceSidFor, type Settings } from '../lib/settings';
import type { TwilioClient } from '../lib/twilio-client';
import { TwilioRequestError } from '../lib/twilio-client';
import { customerMessagePolicyOf } from '../../../src/config';
import { resumeRecordedPause } from './resume';

/** What the handler did, in its answer (Twilio ignores it; tests and logs read it). */
export type PauseEventOutcome =
  'counted' | 'repeated' | 'not-counted' | 'ended' | 'resumed-by-policy' | 'no-pause' | 'ignored';

export interface PauseEventResult {
  outcome: PauseEventOutcome;
}

const RECORD_KEY = /^(WK[0-9a-fA-F]{32}):(WT[0-9a-fA-F]{32})$/;

/** Same answer for unsigned, wrongly signed and foreign events: nothing about the pause is revealed. */
function refused(): ActionError {
  return new ActionError(403, 'forbidden', 'This event is not a signed Twilio event for this pause');
}

function headerOf(event: FunctionEvent, name: string): string | undefined {
  const value = event.request?.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The fields Twilio posted (the form body): the event without the runtime's `request` and the URL's key. */
function postedFields(event: FunctionEvent): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(event)) {
    if (name === 'request' || name === PAUSE_KEY_PARAM || name === PAUSE_CHANNEL_PARAM) continue;
    if (typeof value === 'string') fields[name] = value;
    else throw refused();
  }
  return fields;
}

/**
 * The pause-events Function: the conversation-scoped webhook Pause attached reports here. It acts only on a
 * signed event (X-Twilio-Signature, Twilio's own check, over the URL Pause wrote: the record's key is part of
 * what Twilio signed) for the conversation its record names; anything else is 403 and changes nothing. Then it
 * asks Twilio's own records whether the pause still stands, and:
 * - the pause ended any way at all (resumed, rerouted at the limit, the conversation closed or removed, the
 *   pausing agent removed): the record and the webhook go;
 * - a customer's message: counted once per MessageSid in the record (count, time, a short preview), or, with
 *   the admin's `pause.onCustomerMessage: "resume"` and the pausing agent available, resumed for them.
 * It never creates, routes or closes anything.
 */
export async function handlePauseEvent(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
): Promise<PauseEventResult> {
  const key = event[PAUSE_KEY_PARAM];
  const contentType = (headerOf(event, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (
    typeof key !== 'string' ||
    !environment.functionsBaseUrl ||
    contentType !== 'application/x-www-form-urlencoded'
  ) {
    throw refused();
  }
  const channelParam = event[PAUSE_CHANNEL_PARAM];
  if (channelParam !== undefined && typeof channelParam !== 'string') throw refused();
  const fields = postedFields(event);
  const url = pauseEventsUrl(environment.functionsBaseUrl, key, channelParam);
  if (!isSignedByTwilio(environment.twilio.authToken, headerOf(event, 'x-twilio-signature'), url, fields)) {
    throw refused();
  }
  // Signed: the key is the one Pause put in the URL. Still checked, so a malformed one reads nothing.
  const match = RECORD_KEY.exec(key);
  if (!match) throw refused();
  const client = clientFor(environment.twilio);
  const serviceSid = syncServiceSidFrom(environment);
  const store = new PauseStore(client, serviceSid);
  // Started beside the record's read, so an event costs the round trips of its writes and one read (see
  // docs/ARCHITECTURE.md, "Pause events"). Each is used only once the record has confirmed it: Twilio's channel
  // only when the record names that same channel; the pausing agent's records (for their live feed) and the
  // admin's settings only on the paths that need them. A read no path needed is one call wasted, never trusted.
  const early = startEarlyReads(environment, client, store, match[1], fields, channelOfParam(channelParam));
  const revised = await readRevisedRecord(client, serviceSid, key);
  // No record: not written yet (an event between the webhook's attach and the record's write) or already gone
  // with its pause. Either way there is nothing to count; the paths that drop a record drop the webhook too.
  if (!revised) return { outcome: 'no-pause' };
  const { record } = revised;
  if (
    record.pausedBy !== match[1] ||
    record.taskSid !== match[2] ||
    record.conversationSid !== fields.ConversationSid ||
    (record.eventsWebhookSid !== undefined &&
      fields.WebhookSid !== undefined &&
      record.eventsWebhookSid !== fields.WebhookSid)
  ) {
    throw refused();
  }

  if (await pauseHasEnded(client, record, fields, early.channel)) {
    await endPause(client, store, record, fields.WebhookSid, early.listed);
    return { outcome: 'ended' };
  }
  if (fields.EventType !== 'onMessageAdded') return { outcome: 'ignored' };
  const author = fields.Author ?? '';
  if (record.agentIdentity !== undefined && author === record.agentIdentity)
    return { outcome: 'not-counted' };
  if (!fields.MessageSid || !/^IM[0-9a-fA-F]{32}$/.test(fields.MessageSid)) return { outcome: 'ignored' };
  if (record.countedMessageSids?.includes(fields.MessageSid)) return { outcome: 'repeated' };

  let listed = early.listed;
  if (await resumesByPolicy(environment, client, record, early.settings)) {
    // The agent's records read before a Resume attempt may be out of date after it: counted then, read again.
    listed = undefined;
    try {
      // The same Resume as the agent's button; its answer names the policy as the one that acted.
      await resumeRecordedPause(client, store, record);
      return { outcome: 'resumed-by-policy' };
    } catch (error) {
      // The pause ended meanwhile (refused), or Twilio failed: the message is still counted below, if the
      // record is still there, so the agent is told rather than left to guess.
      if (!(error instanceof ActionError)) logFailure('pause-events: the policy resume failed', error);
    }
  }
  return { outcome: await countMessage(client, serviceSid, store, key, revised, fields, listed) };
}

/** A read's result or its failure, so a read started early never rejects unobserved. */
type Settled<T> = { value: T } | { failed: unknown };

function settle<T>(read: Promise<T>): Promise<Settled<T>> {
  return read.then(
    (value) => ({ value }),
    (failed: unknown) => ({ failed }),
  );
}

async function valueOf<T>(settled: Promise<Settled<T>>): Promise<T> {
  const result = await settled;
  if ('failed' in result) throw result.failed;
  return result.value;
}

interface EarlyReads {
  /** Twilio's state of the channel the URL names (when it names one and the event needs it). */
  channel?: { ref: ChannelRef; state: Promise<Settled<ChannelState>> };
  /** The pausing agent's records, for their feed (a message counted or the pause ended both rewrite it). */
  listed?: Promise<ListedForFeed>;
  /** The admin's settings (a message: the `pause.onCustomerMessage` policy); cached on a warm instance. */
  settings?: Promise<Settled<Settings>>;
}

function startEarlyReads(
  environment: FunctionsEnvironment,
  client: TwilioClient,
  store: PauseStore,
  workerSid: string,
  fields: Record<string, string>,
  channelRef: ChannelRef | undefined,
): EarlyReads {
  const message = fields.EventType === 'onMessageAdded';
  const endsByItself = endedByEvent(fields);
  return {
    channel:
      channelRef && !endsByItself
        ? { ref: channelRef, state: settle(fetchChannel(client, channelRef)) }
        : undefined,
    listed: store.listForFeed(workerSid),
    settings: message ? settle(settingsFor(environment.twilio, client)) : undefined,
  };
}

/** Events that end the pause by themselves, whatever Twilio's channel says. */
function endedByEvent(fields: Record<string, string>): boolean {
  return (
    fields.EventType === 'onConversationRemoved' ||
    (fields.EventType === 'onConversationStateUpdated' && fields.StateTo === 'closed')
  );
}

/** Twilio's own records, never the event alone: an event can arrive late or out of order. */
async function pauseHasEnded(
  client: TwilioClient,
  record: PauseRecord,
  fields: Record<string, string>,
  early: EarlyReads['channel'],
): Promise<boolean> {
  if (endedByEvent(fields)) return true;
  const ref = { interactionSid: record.interactionSid, channelSid: record.channelSid };
  // The read started early counts only for the channel the record names (the record is what Pause proved).
  const readEarly =
    early && early.ref.interactionSid === ref.interactionSid && early.ref.channelSid === ref.channelSid;
  let channel: ChannelState;
  try {
    channel = readEarly ? await valueOf(early.state) : await fetchChannel(client, ref);
  } catch (error) {
    if (error instanceof TwilioRequestError && error.failure.status === 404) return true;
    throw error;
  }
  if (channel.status !== 'pause') return true;
  if (fields.EventType !== 'onParticipantRemoved') return false;
  // Still paused, a participant gone: the pause is over for this agent if they are no longer in the channel.
  const participants = await fetchParticipants(client, ref);
  return !participants.some(
    (participant) =>
      participant.type === 'agent' && participant.routing_properties?.worker_sid === record.pausedBy,
  );
}

async function endPause(
  client: TwilioClient,
  store: PauseStore,
  record: PauseRecord,
  eventWebhookSid: string | undefined,
  listed: Promise<ListedForFeed> | undefined,
): Promise<void> {
  const webhookSid = record.eventsWebhookSid ?? eventWebhookSid;
  await Promise.all([
    store.removeAndAnnounce(record.pausedBy, record.taskSid, listed),
    webhookSid && record.conversationSid
      ? detachPauseEvents(client, record.conversationSid, webhookSid)
      : Promise.resolve(),
  ]);
}

/** `resume` policy: only when the pausing agent's TaskRouter worker is available to take the conversation. */
async function resumesByPolicy(
  environment: FunctionsEnvironment,
  client: TwilioClient,
  record: PauseRecord,
  early: EarlyReads['settings'],
): Promise<boolean> {
  const settings = early ? await valueOf(early) : await settingsFor(environment.twilio, client);
  if (customerMessagePolicyOf(settings.pause) !== 'resume') return false;
  const workspaceSid = await workspaceSidFor(environment.twilio, client);
  const worker = await client.taskrouter.v1.workspaces(workspaceSid).workers(record.pausedBy).fetch();
  return worker.available === true;
}

/** Counts the message once; another write first (two messages at once) is re-read and counted on top. */
async function countMessage(
  client: TwilioClient,
  serviceSid: string,
  store: PauseStore,
  key: string,
  first: RevisedRecord,
  fields: Record<string, string>,
  listedEarly: Promise<ListedForFeed> | undefined,
): Promise<PauseEventOutcome> {
  const message = {
    sid: fields.MessageSid,
    body: fields.Body ?? '',
    at: validDate(fields.DateCreated) ?? new Date().toISOString(),
  };
  let revised: RevisedRecord | undefined = first;
  for (let attempt = 0; attempt < 5 && revised; attempt++) {
    const next = countedOnce(revised.record, message);
    if (!next) return 'repeated';
    // Live lists: the agent's records are read before the write (the first time beside the record's read, then
    // beside each retry's write), so the feed that carries the new count to every tab of theirs is written
    // right after it (a read lost to a conflicting write is one call wasted).
    const listed = (attempt === 0 ? listedEarly : undefined) ?? store.listForFeed(next.pausedBy);
    if (await writeIfUnchanged(client, serviceSid, key, { record: next, revision: revised.revision })) {
      await store.announceChange(next.pausedBy, { listed, put: next });
      return 'counted';
    }
    revised = await readRevisedRecord(client, serviceSid, key);
  }
  return revised ? 'not-counted' : 'no-pause';
}

function validDate(value: string | undefined): string | undefined {
  return value && Number.isFinite(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}
