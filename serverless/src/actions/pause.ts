import { beginAgentAction, claimOf, requireEnabled } from '../lib/action';
import {
  moveChannel,
  readOwnership,
  requireOwnPausedChannel,
  type ChannelRef,
  type ChannelState,
} from '../lib/channel';
import { twilioNow } from '../lib/clock';
import { ActionError } from '../lib/errors';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import { LEFT_MEANWHILE_MESSAGE, requireOwnTaskOrLeft } from '../lib/left-marks';
import type { FunctionEvent } from '../lib/runtime';
import { logFailure } from '../lib/log';
import { attachPauseEvents, detachPauseEvents, pauseEventsUrl } from '../lib/pause-events';
import { keyFor, PauseStore, type PauseRecord } from '../lib/pause-store';
import type { TwilioClient } from '../lib/twilio-client';
import { workspaceSidFor } from '../lib/settings';
import {
  REASON_FIELDS,
  reasonOf,
  taskReadOf,
  writeReasonForInsights,
  type InsightsOutcome,
} from '../lib/pause-reason';
import { fetchTask } from '../lib/task-read';
import { taskRoutingOf } from '../lib/team';

export interface PauseResult extends PauseRecord {
  state: 'paused';
  alreadyPaused: boolean;
  /**
   * Pause reasons (issue 18): whether the reason reached the task's attributes for Flex Insights before the
   * task closed. `failed` does not stop the Pause: the agent's Pause matters more than a report's column.
   */
  reasonInsights?: InsightsOutcome | 'failed';
}

/**
 * Pause events: attaches the conversation-scoped webhook that reports the customer's messages (and the pause's
 * end) to the pause-events Function, beside the channel change (removed if the pause does not happen). Its failure never fails the Pause: the
 * pause works, the agent only gets no unread count for it (logged, without secrets). Answers the webhook's SID.
 */
async function attachedPauseEvents(
  client: TwilioClient,
  environment: FunctionsEnvironment,
  conversationSid: string | null,
  recordKey: string,
  channel: ChannelRef,
): Promise<string | undefined> {
  if (!conversationSid || !environment.functionsBaseUrl) return undefined;
  try {
    return await attachPauseEvents(
      client,
      conversationSid,
      // The channel proven the agent's, named in the URL so each event reads it beside the record.
      pauseEventsUrl(environment.functionsBaseUrl, recordKey, channel),
    );
  } catch (error) {
    logFailure(
      'pause: the pause works, but its events webhook could not be attached (no unread counts)',
      error,
    );
    return undefined;
  }
}

/** Pause records outlive their deadline by a day: the list hides them at the deadline anyway. */
const RECORD_GRACE_SECONDS = 86_400;

/**
 * The deadline the agent sees: Twilio's own `status_timeout` when its answer carries it, otherwise the one
 * configured limit counted from Twilio's clock (the Date header of its answers), never the Function host's.
 */
export function deadlineOf(state: Pick<ChannelState, 'statusTimeout' | 'dateUpdated'>, limitMinutes: number) {
  const pausedAt = state.dateUpdated ? new Date(state.dateUpdated) : twilioNow();
  if (state.statusTimeout && Number.isFinite(Date.parse(state.statusTimeout))) {
    return {
      pausedAt: pausedAt.toISOString(),
      reassignAt: new Date(state.statusTimeout).toISOString(),
      deadlineSource: 'twilio' as const,
    };
  }
  return {
    pausedAt: pausedAt.toISOString(),
    reassignAt: new Date(pausedAt.getTime() + limitMinutes * 60_000).toISOString(),
    deadlineSource: 'configured-limit' as const,
  };
}

/**
 * Pause: the channel goes to Twilio's own `pause` state, as Flex's own Pause does. Twilio completes (or wraps)
 * the task and frees the agent's capacity, keeps the agent in the conversation, enforces the time limit and
 * reroutes at it with no browser open. We then record the pause in Sync, which only we write: the paused list
 * and Resume read who paused from there.
 */
export async function pause(environment: FunctionsEnvironment, event: FunctionEvent): Promise<PauseResult> {
  const {
    input,
    caller,
    client,
    settings,
    read: [ownership, taskFetch],
  } = await beginAgentAction(
    environment,
    event,
    ['TaskSid', 'InteractionSid', 'ChannelSid'],
    (twilio, claimed) => {
      const workspaceSid = workspaceSidFor(environment.twilio, twilio);
      return Promise.all([
        readOwnership(
          twilio,
          workspaceSid,
          { interactionSid: claimed.InteractionSid, channelSid: claimed.ChannelSid },
          claimed.TaskSid,
        ),
        // One read of Twilio's task, side by side with the ownership reads (no round trip of its own), used only
        // once the task is proven the caller's: its queue and workflow for the team view, its attributes for a
        // pause reason. A failed read never stops the Pause.
        workspaceSid
          .then((sid) => fetchTask(twilio, sid, claimed.TaskSid))
          .catch((error: unknown) => ({ failed: error })),
      ]);
    },
    true,
    { remembered: 'pause', ownFields: REASON_FIELDS },
  );
  requireEnabled(settings, 'pause');
  const reason = reasonOf(event, settings.pause);
  const serviceSid = syncServiceSidFrom(environment);
  const store = new PauseStore(client, serviceSid);
  const ref: ChannelRef = { interactionSid: input.InteractionSid, channelSid: input.ChannelSid };
  // A Leave that won and finished first removed the agent from the channel: "left meanwhile", not "not yours".
  const owned = await requireOwnTaskOrLeft(
    client,
    serviceSid,
    ownership,
    input.TaskSid,
    caller,
    settings.supervisorsMayAct,
  );

  // Flex Insights reads the task's attributes when the task closes, and Pause closes it: the reason goes in
  // first. Found paused already, the task closed with whatever the first click wrote.
  let reasonInsights: PauseResult['reasonInsights'];
  if (reason && owned.reservation !== 'ended') {
    try {
      if ('failed' in taskFetch) throw taskFetch.failed;
      reasonInsights = await writeReasonForInsights(
        client,
        await workspaceSidFor(environment.twilio, client),
        input.TaskSid,
        reason.code,
        (settings.pause.reasons ?? []).map((known) => known.code),
        taskReadOf(taskFetch),
      );
    } catch (error) {
      reasonInsights = 'failed';
      logFailure(
        "the pause reason could not be written into the task's attributes (the Pause goes on)",
        error,
      );
    }
    if (reasonInsights === 'slot-taken') {
      logFailure(
        "the pause reason was not written into the task's attributes",
        new ActionError(409, 'task_wrong_state', 'conversations.conversation_label_10 holds another value'),
      );
    }
  }

  // Found paused already: the check above showed the channel still names this agent's task, with their
  // reservation accepted (a click racing the first) or ended while they are its only agent (an earlier click,
  // an attempt whose answer was lost, Flex's own Pause). Then the channel is read, never moved.
  // Pause events: the webhook is attached side by side with the channel change, so Pause waits no extra round
  // trip; an event before the record exists finds none and changes nothing. Removed again if Pause fails.
  const attaching =
    owned.reservation === 'ended'
      ? Promise.resolve(undefined)
      : attachedPauseEvents(
          client,
          environment,
          owned.conversationSid,
          keyFor(owned.workerSid, input.TaskSid),
          ref,
        );
  // Live lists: the feed's revision, then the agent's records, are read for their feed beside the channel
  // change and the record's write, so the feed is written right after the record rather than after reads of
  // its own: one round trip is added to Pause (the feed's write, which must follow the record's).
  const listed = store.listForFeed(owned.workerSid);
  const detachOnFailure = async () => {
    const sid = await attaching;
    if (sid && owned.conversationSid) {
      await detachPauseEvents(client, owned.conversationSid, sid).catch(() => undefined);
    }
  };
  let moved: { state: ChannelState; already: boolean };
  try {
    moved =
      owned.reservation === 'ended'
        ? { state: await requireOwnPausedChannel(client, ref), already: true }
        : await moveChannel(client, ref, 'pause', {
            routingStatus: settings.routingStatus,
            refused: (current) =>
              new ActionError(
                409,
                'task_wrong_state',
                current.status === 'inactive'
                  ? LEFT_MEANWHILE_MESSAGE
                  : `This conversation is ${current.status}: it cannot be paused now`,
                'TaskSid',
              ),
          });
  } catch (error) {
    await detachOnFailure();
    throw error;
  }
  const { state, already: alreadyPaused } = moved;
  const pauseEvents = await attaching;

  const record: PauseRecord = {
    taskSid: input.TaskSid,
    pausedBy: owned.workerSid,
    ...deadlineOf(state, settings.pause.timeLimitMinutes),
    interactionSid: ref.interactionSid,
    channelSid: ref.channelSid,
    conversationSid: owned.conversationSid,
    taskChannel: owned.taskChannel,
    customer: owned.customer,
    ...taskRoutingOf('failed' in taskFetch ? undefined : taskFetch),
    ...(owned.workerSid !== caller.workerSid ? { actedBy: caller.workerSid } : {}),
    // Pause reasons (issue 18).
    ...(reason ? { reason } : {}),
    // Pause events: the pausing agent's own messages are not the customer's (known when they paused it).
    ...(owned.workerSid === caller.workerSid ? { agentIdentity: caller.identity } : {}),
  };
  if (pauseEvents) record.eventsWebhookSid = pauseEvents;
  const ttl = (Date.parse(record.reassignAt) - twilioNow().getTime()) / 1000 + RECORD_GRACE_SECONDS;
  let stored: PauseRecord;
  // A repeat of this request (same IdempotencyKey) is answered with this outcome: kept side by side with the
  // record's write, so remembering costs the agent no round trip; rewritten or released below if that differs.
  const claim = claimOf(event);
  try {
    [stored] = await Promise.all([
      store.putRecord(record, ttl),
      claim?.remember({ ok: true, body: { ...record, state: 'paused', alreadyPaused, ...insightsOf() } }),
    ]);
    // The feed shows what the record holds (a retried pause keeps the first one), written once the record is:
    // another change's feed write that reads the records after this one must find it (see announceChange).
    await Promise.all([
      claim && stored !== record
        ? claim.remember({
            ok: true,
            body: { ...stored, state: 'paused', alreadyPaused, ...insightsOf() },
          })
        : undefined,
      store.announceChange(owned.workerSid, { listed, put: stored }),
    ]);
  } catch (error) {
    await claim?.release();
    await detachOnFailure();
    // Without its record the pause would be invisible to the agent: give the conversation back instead.
    if (!alreadyPaused) {
      const givenBack = await moveChannel(client, ref, 'active', {
        refused: () => new ActionError(502, 'twilio_error', ''),
      }).then(
        () => true,
        () => false,
      );
      // The record's write may have landed though every answer to it was lost: once the conversation is active
      // again, such a record would list it as paused. Kept while the give-back failed: then the conversation is
      // still paused, and the record is the agent's way back to it.
      if (givenBack) await store.removeRecord(owned.workerSid, record.taskSid).catch(() => undefined);
    }
    // The feed goes from the map as it is now.
    await store.announceChange(owned.workerSid);
    throw error;
  }
  // A racing click's record was kept (the first one written): this request's webhook would only duplicate its.
  if (pauseEvents && stored.eventsWebhookSid !== pauseEvents) await detachOnFailure();
  return { ...stored, state: 'paused', alreadyPaused, ...insightsOf() };

  function insightsOf() {
    return reasonInsights ? { reasonInsights } : {};
  }
}
