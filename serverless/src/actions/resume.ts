import { beginAction, requirePauseOwner } from '../lib/action-context';
import { ActionError } from '../lib/errors';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import {
  cancelTimer,
  claimExpired,
  claimPausedTask,
  completePausedTask,
  inviteNextTaskOnce,
  mayHaveInvited,
  pauseRecordOf,
  releaseClaim,
} from '../lib/route-back';
import { pauseSettingsFrom } from '../lib/settings';
import { ATTRIBUTE_NAMESPACE } from '../lib/tasks';
export interface ResumeResult {
  taskSid: string;
  conversationSid: string;
  state: 'resumed';
  newTaskSid: string | null;
  resumeWorkerSid: string;
  alreadyResumed: boolean;
}
/**
 * Resume: a new task for the same conversation through the route-back workflow, whose first target is the
 * agent who paused (known-agent routing, skipped when they have no free capacity) and whose fallback is the
 * original queue. The reservation for that agent is accepted by the event callback, not by a browser.
 */
export async function resume(context: FunctionContext, event: FunctionEvent): Promise<ResumeResult> {
  const action = await beginAction(context, event);
  const { input, settings, caller, client, task, links } = action;
  const pauseSettings = pauseSettingsFrom(context);
  const record = pauseRecordOf(task);
  if (!record) {
    throw new ActionError(
      409,
      'task_wrong_state',
      'This task is not paused: only a paused task can be resumed',
      'TaskSid',
    );
  }
  requirePauseOwner(
    record.pausedBy,
    action,
    'This paused task belongs to another agent: only they can resume it',
  );
  const stuck = (record.state === 'resuming' || record.state === 'rerouting') && claimExpired(record);
  if (record.state === 'resumed' || (record.state === 'resuming' && !stuck)) {
    // A double click, or a retry of a resume whose answer was lost: the first one is (or was) doing the work.
    const nextTaskSid =
      (task.attributes[ATTRIBUTE_NAMESPACE] as { nextTaskSid?: string }).nextTaskSid ?? null;
    return resumedResult(input.taskSid, links.conversationSid, nextTaskSid, record.pausedBy, true);
  }
  if (record.state !== 'paused' && !stuck) {
    throw new ActionError(409, 'task_wrong_state', `This task was already ${record.state}`, 'TaskSid');
  }

  // A resume or timer that died half way (its claim's lease expired) is taken over and finished here.
  const claimed = await claimPausedTask(client, settings.workspaceSid, task, {
    to: 'resuming',
    patch: { resumedBy: caller.workerSid },
    takeOver: true,
  });
  let newTaskSid: string | null;
  try {
    const { [ATTRIBUTE_NAMESPACE]: _ours, ...baseAttributes } = task.attributes;
    newTaskSid = await inviteNextTaskOnce(
      client,
      input.taskSid,
      {
        workspaceSid: settings.workspaceSid,
        workflowSid: pauseSettings.routeBackWorkflowSid,
        taskChannel: record.originalTaskChannel,
        interactionSid: links.interactionSid,
        interactionChannelSid: links.interactionChannelSid,
        baseAttributes,
        ourAttributes: {
          resumeWorkerSid: record.pausedBy,
          resumedFrom: input.taskSid,
          originalQueueSid: record.originalQueueSid,
        },
      },
      mayHaveInvited(record, stuck),
    );
  } catch (error) {
    await releaseClaim(client, settings.workspaceSid, input.taskSid);
    throw error;
  }
  await completePausedTask(client, settings.workspaceSid, claimed, {
    state: 'resumed',
    nextTaskSid: newTaskSid,
    reason: 'resumed by the agent',
  });
  await cancelTimer(client, settings.workspaceSid, record.timerTaskSid);
  return resumedResult(input.taskSid, links.conversationSid, newTaskSid, record.pausedBy, false);
}

function resumedResult(
  taskSid: string,
  conversationSid: string,
  newTaskSid: string | null,
  resumeWorkerSid: string,
  alreadyResumed: boolean,
): ResumeResult {
  return { taskSid, conversationSid, state: 'resumed', newTaskSid, resumeWorkerSid, alreadyResumed };
}
