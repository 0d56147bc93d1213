import { beginAction, requireAssigned } from '../lib/action-context';
import { twilioNow } from '../lib/clock';
import { assignedWorkerOf } from '../lib/auth';
import { ActionError } from '../lib/errors';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { type LeaveRouting } from '../lib/settings';
import { ourAttributes, updateTaskMerging } from '../lib/tasks';
import { type TwilioClient } from '../lib/twilio-client';
export interface LeaveResult {
  taskSid: string;
  conversationSid: string;
  channelStatus: 'inactive';
  leftBy: string;
  leftAt: string;
  routing: LeaveRouting['kind'];
  warnings: string[];
}
/**
 * Leave: the agent steps out while waiting for the customer. Order matters: we record who left while the task
 * is still assigned (afterwards it is completed), then set the channel inactive, which closes the task and
 * removes the agent. Custom routing is attached last: if it fails the reply still reactivates the channel
 * through default routing, so the conversation always has a way back.
 */
export async function leave(context: FunctionContext, event: FunctionEvent): Promise<LeaveResult> {
  const action = await beginAction(context, event);
  const { input, settings, caller, client, task, links } = action;
  if (ourAttributes(task.attributes).state === 'paused') {
    throw new ActionError(
      409,
      'task_wrong_state',
      'This task is paused: resume it before leaving',
      'TaskSid',
    );
  }
  requireAssigned(task, 'left');
  const leftBy = await assignedWorkerOf(client, {
    workspaceSid: settings.workspaceSid,
    taskSid: input.taskSid,
    caller,
    supervisorsMayAct: settings.supervisorsMayAct,
  });

  const leftAt = twilioNow().toISOString();
  await updateTaskMerging(
    client,
    settings.workspaceSid,
    input.taskSid,
    {
      attributesPatch: {
        state: 'left',
        leftBy,
        leftAt,
        ...(leftBy !== caller.workerSid ? { actedBy: caller.workerSid } : {}),
      },
    },
    task,
  );

  const channel = client.flexApi.v1.interaction(links.interactionSid).channels(links.interactionChannelSid);
  try {
    await channel.update({ status: 'inactive', routing: { status: 'closed' } });
  } catch (error) {
    // An earlier attempt may have taken effect before its answer was lost: inactive is what we wanted.
    const current = await channel.fetch().catch(() => null);
    if (current?.status !== 'inactive') throw error;
  }

  const warnings = await attachCustomRouting(client, links.conversationSid, settings.leaveRouting);
  return {
    taskSid: input.taskSid,
    conversationSid: links.conversationSid,
    channelStatus: 'inactive',
    leftBy,
    leftAt,
    routing: settings.leaveRouting.kind,
    warnings,
  };
}

async function attachCustomRouting(client: TwilioClient, conversationSid: string, routing: LeaveRouting) {
  if (routing.kind === 'default') return [];
  try {
    const webhooks = client.conversations.v1.conversations(conversationSid).webhooks;
    // A conversation left before (or a retried leave) may carry it already: one webhook, one delivery.
    // Twilio allows at most 5 webhooks on a conversation, and pages them by 5 at most.
    const existing = await webhooks.list({ limit: 5 });
    const alreadyThere = existing.some((webhook) => {
      const configuration = (webhook.configuration ?? {}) as { flow_sid?: string; url?: string };
      return routing.kind === 'studio'
        ? webhook.target === 'studio' && configuration.flow_sid === routing.flowSid
        : webhook.target === 'webhook' && configuration.url === routing.url;
    });
    if (alreadyThere) return [];
    if (routing.kind === 'studio') {
      await webhooks.create({ target: 'studio', 'configuration.flowSid': routing.flowSid });
    } else {
      await webhooks.create({
        target: 'webhook',
        'configuration.url': routing.url,
        'configuration.method': 'post',
        'configuration.filters': ['onMessageAdded'],
      });
    }
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      `Custom routing could not be attached (${message}); the customer's reply will use default routing`,
    ];
  }
}
