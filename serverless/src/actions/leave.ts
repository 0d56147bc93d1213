import { beginAgentAction, requireEnabled } from '../lib/action';
import {
  moveChannel,
  readOwnership,
  requireOwnPausedChannel,
  requireOwnTask,
  type ChannelRef,
} from '../lib/channel';
import { twilioNow } from '../lib/clock';
import { ActionError } from '../lib/errors';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { attachCustomRouting } from '../lib/leave-routing';
import { workspaceSidFor, type LeaveRouting, type RoutingStatus } from '../lib/settings';

export interface LeaveResult {
  taskSid: string;
  conversationSid: string | null;
  channelStatus: 'inactive';
  leftBy: string;
  leftAt: string;
  routing: LeaveRouting['kind'];
  routingStatus: RoutingStatus;
  warnings: string[];
}

const PAUSED_MESSAGE = 'This conversation is paused: resume it before leaving';

/**
 * Leave: the channel goes `inactive` with the configured routing status, as Flex's own Leave does. Twilio
 * completes (or wraps) the task, removes the agent and keeps the conversation waiting for the customer, whose
 * reply routes a new task with the same conversation. Custom routing is attached last: if it fails, the reply
 * still reactivates the channel through default routing, so the conversation always has a way back.
 */
export async function leave(context: FunctionContext, event: FunctionEvent): Promise<LeaveResult> {
  const { input, caller, client, settings, read } = await beginAgentAction(
    context,
    event,
    ['TaskSid', 'InteractionSid', 'ChannelSid'],
    (twilio, claimed) =>
      readOwnership(
        twilio,
        workspaceSidFor(context, twilio),
        { interactionSid: claimed.InteractionSid, channelSid: claimed.ChannelSid },
        claimed.TaskSid,
      ),
  );
  requireEnabled(settings, 'leave');
  const ref: ChannelRef = { interactionSid: input.InteractionSid, channelSid: input.ChannelSid };
  const owned = requireOwnTask(read, input.TaskSid, caller, settings.supervisorsMayAct);
  if (owned.reservation === 'ended') {
    // The caller's own task ended and they are still the only agent: their own pause, which Leave may not end.
    await requireOwnPausedChannel(client, ref);
    throw new ActionError(409, 'task_wrong_state', PAUSED_MESSAGE, 'TaskSid');
  }

  await moveChannel(client, ref, 'inactive', {
    routingStatus: settings.routingStatus,
    refused: (current) =>
      new ActionError(
        409,
        'task_wrong_state',
        current.status === 'pause'
          ? PAUSED_MESSAGE
          : `This conversation is ${current.status}: it cannot be left now`,
        'TaskSid',
      ),
  });
  const warnings =
    settings.leave.routing.kind === 'default'
      ? []
      : await attachCustomRouting(client, context, owned.conversationSid, settings.leave.routing);
  return {
    taskSid: input.TaskSid,
    conversationSid: owned.conversationSid,
    channelStatus: 'inactive',
    leftBy: owned.workerSid,
    leftAt: twilioNow().toISOString(),
    routing: settings.leave.routing.kind,
    routingStatus: settings.routingStatus,
    warnings,
  };
}
