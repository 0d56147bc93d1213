import { beginAgentAction, requireEnabled } from '../lib/action';
import { moveChannel, readOwnership, requireOwnPausedChannel, type ChannelRef } from '../lib/channel';
import { twilioNow } from '../lib/clock';
import { ActionError } from '../lib/errors';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import { markLeft, requireOwnTaskOrLeft, unmarkLeft } from '../lib/left-marks';
import type { FunctionEvent } from '../lib/runtime';
import { workspaceSidFor } from '../lib/settings';

/**
 * The one routing status the public API allows with `inactive` (twilio-oai: "Routing status is required when
 * the channel status is set to `inactive`. Allowed value … is `closed`"). The admin's `routingStatus` applies
 * to Pause only.
 */
export const LEAVE_ROUTING_STATUS = 'closed';

export interface LeaveResult {
  taskSid: string;
  conversationSid: string | null;
  channelStatus: 'inactive';
  leftBy: string;
  leftAt: string;
  /** Always `closed`: Twilio completed the agent's task. */
  routingStatus: typeof LEAVE_ROUTING_STATUS;
}

/** Leave is never offered on a paused conversation: one reaching here lost to a Pause (another tab, a race). */
const PAUSED_MESSAGE = 'This conversation was paused meanwhile: resume it before leaving';

/**
 * Leave: the channel goes `inactive` with `Routing.status=closed`, the call Flex's own Leave makes (never
 * `wrapup`, which the public API does not allow here). Twilio completes the task, removes the agent and keeps
 * the conversation waiting for the customer. What the customer's reply
 * does is Twilio's to decide for every Leave, ours included: by default a new task with the same conversation;
 * with Console's "Use custom routing" (Flex → Conversations), the admin's Studio flow or Interactions events.
 */
export async function leave(environment: FunctionsEnvironment, event: FunctionEvent): Promise<LeaveResult> {
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
    { remembered: 'leave' },
  );
  requireEnabled(settings, 'leave');
  const ref: ChannelRef = { interactionSid: input.InteractionSid, channelSid: input.ChannelSid };
  // Without Sync (Leave works without it) a lost race is answered from Twilio's records alone.
  const serviceSid = environment.syncServiceSid ? syncServiceSidFrom(environment) : undefined;
  const owned = await requireOwnTaskOrLeft(
    client,
    serviceSid,
    read,
    input.TaskSid,
    caller,
    settings.supervisorsMayAct,
  );
  if (owned.reservation === 'ended') {
    // The caller's own task ended and they are still the only agent: their own pause, which Leave may not end.
    await requireOwnPausedChannel(client, ref);
    throw new ActionError(409, 'task_wrong_state', PAUSED_MESSAGE, 'TaskSid');
  }

  // The mark that tells a later Pause or Leave of this task "left meanwhile", side by side with the move.
  const [moved] = await Promise.allSettled([
    moveChannel(client, ref, 'inactive', {
      routingStatus: LEAVE_ROUTING_STATUS,
      refused: (current) =>
        new ActionError(
          409,
          'task_wrong_state',
          current.status === 'pause'
            ? PAUSED_MESSAGE
            : `This conversation is ${current.status}: it cannot be left now`,
          'TaskSid',
        ),
    }),
    serviceSid ? markLeft(client, serviceSid, owned.workerSid, input.TaskSid) : undefined,
  ]);
  if (moved.status === 'rejected') {
    if (serviceSid) await unmarkLeft(client, serviceSid, owned.workerSid, input.TaskSid);
    throw moved.reason;
  }
  return {
    taskSid: input.TaskSid,
    conversationSid: owned.conversationSid,
    channelStatus: 'inactive',
    leftBy: owned.workerSid,
    leftAt: twilioNow().toISOString(),
    routingStatus: LEAVE_ROUTING_STATUS,
  };
}
