import { beginAgentAction, claimOf } from '../lib/action';
import { moveChannel } from '../lib/channel';
import { twilioNow } from '../lib/clock';
import { ActionError } from '../lib/errors';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import type { FunctionEvent } from '../lib/runtime';
import { logFailure } from '../lib/log';
import { detachPauseEvents } from '../lib/pause-events';
import { PauseStore, type ListedForFeed, type PauseRecord } from '../lib/pause-store';
import type { TwilioClient } from '../lib/twilio-client';

export interface ResumeResult {
  taskSid: string;
  conversationSid: string | null;
  channelSid: string;
  state: 'resumed';
  alreadyResumed: boolean;
}

/**
 * Resume: the channel goes back to `active`, as Flex's own Resume does. Twilio then creates a new task for the
 * same conversation, auto-accepted by the agent who paused it, or routed by TaskRouter when they are at
 * capacity. Only the agent the server-owned pause record names can resume: the record is looked up in that
 * agent's own map, so another agent's pause is never found (403) and nothing about it is revealed.
 */
export async function resume(environment: FunctionsEnvironment, event: FunctionEvent): Promise<ResumeResult> {
  const serviceSid = syncServiceSidFrom(environment);
  const { input, caller, client, callerRead } = await beginAgentAction(
    environment,
    event,
    ['TaskSid'],
    undefined,
    false,
    {
      remembered: 'resume',
      // The caller's own record, read side by side with the request's claim: one round trip for both. Their
      // records for the live feed (after the feed's revision) are read beside it too, so the feed is written as
      // soon as the record is deleted.
      readAsCaller: async (twilio, who, claimed) => {
        const callerStore = new PauseStore(twilio, serviceSid);
        const listed = callerStore.listForFeed(who.workerSid);
        return { record: await callerStore.get(who.workerSid, claimed.TaskSid), listed };
      },
    },
  );
  const record = callerRead?.record;
  const store = new PauseStore(client, serviceSid);
  // Read under the caller's own key; a record naming someone else there (hand-edited) is no record of theirs.
  if (!record || record.pausedBy !== caller.workerSid) {
    throw new ActionError(
      403,
      'forbidden',
      'You have no paused conversation for this task: only the agent who paused it can resume it',
      'TaskSid',
    );
  }
  const resultOf = (alreadyResumed: boolean): ResumeResult => ({
    taskSid: input.TaskSid,
    conversationSid: record.conversationSid,
    channelSid: record.channelSid,
    state: 'resumed',
    alreadyResumed,
  });
  // A repeat of this request (same IdempotencyKey) is answered with this outcome: kept as soon as the channel is
  // active, side by side with the live feed's write, so remembering costs the agent no round trip.
  const claim = claimOf(event);
  let alreadyResumed: boolean;
  try {
    ({ alreadyResumed } = await resumeRecordedPause(
      client,
      store,
      record,
      callerRead?.listed,
      claim && ((already) => claim.remember({ ok: true, body: { ...resultOf(already) } })),
    ));
  } catch (error) {
    // Kept as a success, then the record's delete failed twice: a repeat must act again (it finds the channel
    // active, answers alreadyResumed and deletes the record), not be told all went well.
    if (claim?.isSettled) await claim.release();
    throw error;
  }
  return resultOf(alreadyResumed);
}

/**
 * Resume's own work on a pause its record names, shared by the agent's Resume, a supervisor's Resume for the
 * agent (team view) and the pause-events policy `resume` (each acts for the agent who paused, as their button
 * would: Twilio's new task goes to that agent): the channel goes back to `active` while the record and the
 * pause's webhook go, to spare a round trip. If the change failed and the channel may still be paused, the
 * record is written back (without the webhook: the pause then works without unread counts) so the agent still
 * sees the pause and can retry, and a pause is never left without its record for longer than this request.
 * Live lists: the agent's feed is written without the record once it is deleted, from the feed's revision and
 * their records read beside the record itself (`listed`, the agent's Resume) or beside the change.
 */
export async function resumeRecordedPause(
  client: TwilioClient,
  store: PauseStore,
  record: PauseRecord,
  listed: Promise<ListedForFeed> = store.listForFeed(record.pausedBy),
  /** Work the caller runs once the channel is active, beside what remains (the feed's write). */
  onResumed?: (alreadyResumed: boolean) => Promise<unknown>,
): Promise<{ alreadyResumed: boolean }> {
  const ref = { interactionSid: record.interactionSid, channelSid: record.channelSid };
  const removal = store.removeRecord(record.pausedBy, record.taskSid).then(
    () => true,
    () => false,
  );
  // The feed goes without the record once it is deleted (never before: see PauseStore.announceChange).
  const announceRemoval = () =>
    store.announceChange(record.pausedBy, { listed, removedTaskSid: record.taskSid });
  const announcing = removal.then((removed) => (removed ? announceRemoval() : undefined));
  // The record's delete failed and is tried again: should that fail too, the feed shows the map as it is.
  const removeAgain = async () => {
    try {
      await store.removeRecord(record.pausedBy, record.taskSid);
    } catch (error) {
      await store.announceChange(record.pausedBy);
      throw error;
    }
    await announceRemoval();
  };
  // Pause events: the webhook serves only the pause, so it goes once the pause is over — after the change, never
  // beside it: should the change fail, the pause stands and its customer's messages must still be counted. A
  // failure to remove is harmless: the handler removes it at its next event, seeing the pause over. It runs beside
  // the feed's write, which follows the record's delete, so Resume waits no extra round trip for it.
  const detach = () =>
    record.eventsWebhookSid && record.conversationSid
      ? detachPauseEvents(client, record.conversationSid, record.eventsWebhookSid).catch(() => undefined)
      : undefined;
  let alreadyResumed: boolean;
  try {
    ({ already: alreadyResumed } = await moveChannel(client, ref, 'active', {
      // Active before the deadline: our own earlier resume took effect (a double click, a lost answer).
      isOurs: () => twilioNow().getTime() < Date.parse(record.reassignAt),
      refused: (current) =>
        new ActionError(
          409,
          'not_paused',
          current.status === 'active'
            ? 'This conversation reached its time limit and was reassigned'
            : `This conversation is no longer paused (it is ${current.status})`,
          'TaskSid',
        ),
    }));
  } catch (error) {
    const [removed] = await Promise.all([removal, announcing]);
    if (error instanceof ActionError) {
      // Twilio says the pause is over: its record must not linger in the agent's list, nor its webhook. Should
      // the record's delete fail twice, the refusal is still the answer: it is what the agent acts on, and the
      // record left only offers a Resume that meets the same refusal and deletes it again (its TTL ends it
      // anyway). The failure is logged for the admin, as a 409 is not.
      const removedOrLogged = () =>
        removeAgain().catch((failure: unknown) =>
          logFailure('the record of a pause Twilio says is over could not be deleted', failure),
        );
      await Promise.all([removed ? undefined : removedOrLogged(), detach()]);
    } else {
      // The change failed and the channel may still be paused: the agent must still see it, and retry. The record
      // goes back as it was, webhook included: the webhook was left in place.
      const ttl = (Date.parse(record.reassignAt) - twilioNow().getTime()) / 1000 + 86_400;
      await store.putRecord(record, ttl).catch(() => undefined);
      // The feed may have gone without it: it shows the map as it now is (read after the write back).
      await store.announceChange(record.pausedBy);
    }
    throw error;
  }
  const [removed] = await Promise.all([removal, detach(), announcing, onResumed?.(alreadyResumed)]);
  if (!removed) await removeAgain();
  return { alreadyResumed };
}
