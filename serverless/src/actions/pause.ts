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
import { PauseStore, type PauseRecord } from '../lib/pause-store';
import { workspaceSidFor } from '../lib/settings';

export interface PauseResult extends PauseRecord {
  state: 'paused';
  alreadyPaused: boolean;
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
  const { input, caller, client, settings, read } = await beginAgentAction(
    environment,
    event,
    ['TaskSid', 'InteractionSid', 'ChannelSid'],
    (twilio, claimed) =>
      readOwnership(
        twilio,
        workspaceSidFor(environment.twilio, twilio),
        { interactionSid: claimed.InteractionSid, channelSid: claimed.ChannelSid },
        claimed.TaskSid,
      ),
    true,
    { remembered: 'pause' },
  );
  requireEnabled(settings, 'pause');
  const serviceSid = syncServiceSidFrom(environment);
  const store = new PauseStore(client, serviceSid);
  const ref: ChannelRef = { interactionSid: input.InteractionSid, channelSid: input.ChannelSid };
  // A Leave that won and finished first removed the agent from the channel: "left meanwhile", not "not yours".
  const owned = await requireOwnTaskOrLeft(
    client,
    serviceSid,
    read,
    input.TaskSid,
    caller,
    settings.supervisorsMayAct,
  );

  // Found paused already: the check above showed the channel still names this agent's task, with their
  // reservation accepted (a click racing the first) or ended while they are its only agent (an earlier click,
  // an attempt whose answer was lost, Flex's own Pause). Then the channel is read, never moved.
  const { state, already: alreadyPaused } =
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

  const record: PauseRecord = {
    taskSid: input.TaskSid,
    pausedBy: owned.workerSid,
    ...deadlineOf(state, settings.pause.timeLimitMinutes),
    interactionSid: ref.interactionSid,
    channelSid: ref.channelSid,
    conversationSid: owned.conversationSid,
    taskChannel: owned.taskChannel,
    customer: owned.customer,
    ...(owned.workerSid !== caller.workerSid ? { actedBy: caller.workerSid } : {}),
  };
  const ttl = (Date.parse(record.reassignAt) - twilioNow().getTime()) / 1000 + RECORD_GRACE_SECONDS;
  let stored: PauseRecord;
  // A repeat of this request (same IdempotencyKey) is answered with this outcome: kept side by side with the
  // record's write, so remembering costs the agent no round trip; rewritten or released below if that differs.
  const claim = claimOf(event);
  try {
    [stored] = await Promise.all([
      store.put(record, ttl),
      claim?.remember({ ok: true, body: { ...record, state: 'paused', alreadyPaused } }),
    ]);
    if (claim && stored !== record) {
      await claim.remember({ ok: true, body: { ...stored, state: 'paused', alreadyPaused } });
    }
  } catch (error) {
    await claim?.release();
    // Without its record the pause would be invisible to the agent: give the conversation back instead.
    if (!alreadyPaused) {
      await moveChannel(client, ref, 'active', {
        refused: () => new ActionError(502, 'twilio_error', ''),
      }).catch(() => undefined);
    }
    throw error;
  }
  return { ...stored, state: 'paused', alreadyPaused };
}
