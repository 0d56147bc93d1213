import { beginAction, requireAssigned, requirePauseOwner } from '../lib/action-context';
import { twilioNow } from '../lib/clock';
import { assignedWorkerOf } from '../lib/auth';
import { ActionError } from '../lib/errors';
import { SID_PATTERNS } from '../lib/input';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { createTimer } from '../lib/route-back';
import { pauseSettingsFrom } from '../lib/settings';
import { fetchTask, ourAttributes, updateTaskMerging } from '../lib/tasks';
export interface PauseResult {
  taskSid: string;
  conversationSid: string;
  state: 'paused';
  pausedBy: string;
  pausedAt: string;
  reassignAt: string;
  timerTaskSid: string;
  alreadyPaused: boolean;
}
/**
 * Pause: the task stays assigned to the agent but moves to the `paused` task channel, which nothing is ever
 * routed on, so the agent's capacity on the conversation's own channel is free at once. The time limit is a
 * pending "timer" task in a queue no worker matches: TaskRouter cancels it with "Task TTL Exceeded" at the
 * limit, and that event (not a browser) reroutes the conversation.
 */
export async function pause(context: FunctionContext, event: FunctionEvent): Promise<PauseResult> {
  const action = await beginAction(context, event);
  const { input, settings, caller, client, task, links } = action;
  const pauseSettings = pauseSettingsFrom(context);
  const tasks = client.taskrouter.v1.workspaces(settings.workspaceSid).tasks;
  const existing = ourAttributes(task.attributes);
  if (existing.state === 'paused' && task.assignmentStatus === 'assigned') {
    // A retried or double-clicked pause answers with the pause already in place, to its owner only.
    requirePauseOwner(
      existing.pausedBy,
      action,
      'This task is not assigned to you: only its assigned agent can act on it',
    );
    return pausedResult(input.taskSid, links.conversationSid, existing, true);
  }
  requireAssigned(task, 'paused');
  const pausedBy = await assignedWorkerOf(client, {
    workspaceSid: settings.workspaceSid,
    taskSid: input.taskSid,
    caller,
    supervisorsMayAct: settings.supervisorsMayAct,
  });

  const pausedAt = twilioNow();
  const reassignAt = new Date(pausedAt.getTime() + pauseSettings.timeLimitSeconds * 1000);
  const timer = {
    sid: await createTimer(client, {
      workspaceSid: settings.workspaceSid,
      timerWorkflowSid: pauseSettings.timerWorkflowSid,
      pausedTaskChannel: pauseSettings.pausedTaskChannel,
      pausedTaskSid: input.taskSid,
      conversationSid: links.conversationSid,
      reassignAt: reassignAt.toISOString(),
      timeoutSeconds: pauseSettings.timeLimitSeconds,
    }),
  };

  const record = {
    state: 'paused',
    pausedBy,
    pausedAt: pausedAt.toISOString(),
    reassignAt: reassignAt.toISOString(),
    timerTaskSid: timer.sid,
    originalTaskChannel: task.taskChannelUniqueName,
    originalQueueSid: task.taskQueueSid,
    originalWorkflowSid: task.workflowSid,
    ...(pausedBy !== caller.workerSid ? { actedBy: caller.workerSid } : {}),
  };
  let concurrentPause: Record<string, unknown> | undefined;
  try {
    await updateTaskMerging(
      client,
      settings.workspaceSid,
      input.taskSid,
      {
        attributesPatch: record,
        taskChannel: pauseSettings.pausedTaskChannel,
        guard: (current) => {
          const theirs = ourAttributes(current.attributes);
          // Our own write whose answer was lost (Twilio did it, then failed): the pause is in place.
          if (theirs.state === 'paused' && theirs.timerTaskSid === timer.sid) return 'applied';
          if (theirs.state === 'paused') {
            concurrentPause = theirs;
            throw new ActionError(409, 'task_wrong_state', 'This task was paused meanwhile', 'TaskSid');
          }
          if (current.assignmentStatus !== 'assigned') {
            throw new ActionError(
              409,
              'task_wrong_state',
              `This task became ${current.assignmentStatus}`,
              'TaskSid',
            );
          }
        },
      },
      task,
    );
  } catch (error) {
    // Cancel our timer only once we know the task does not hold it: a paused task without a timer would stay
    // paused for ever, while a stray timer for an unpaused task is ignored when it fires.
    const current = await fetchTask(client, settings.workspaceSid, input.taskSid).catch(() => null);
    const theirs = current ? ourAttributes(current.attributes) : undefined;
    if (theirs?.state === 'paused' && theirs.timerTaskSid === timer.sid) {
      return pausedResult(input.taskSid, links.conversationSid, record, false);
    }
    if (current) {
      await tasks(timer.sid)
        .update({ assignmentStatus: 'canceled', reason: 'pause did not take effect' })
        .catch(() => undefined);
    }
    if (concurrentPause) return pausedResult(input.taskSid, links.conversationSid, concurrentPause, true);
    throw error;
  }
  return pausedResult(input.taskSid, links.conversationSid, record, false);
}

function pausedResult(
  taskSid: string,
  conversationSid: string,
  record: Record<string, unknown>,
  alreadyPaused: boolean,
): PauseResult {
  return {
    taskSid,
    conversationSid,
    state: 'paused',
    ...wellFormedPause(record),
    alreadyPaused,
  };
}

/**
 * A pause record is task attributes, which anyone with access to the task can write: an incomplete or
 * malformed one is a task in a state we cannot vouch for (409), never an answer with "undefined" in it.
 */
function wellFormedPause(record: Record<string, unknown>) {
  const checks: [string, (value: unknown) => boolean][] = [
    ['pausedBy', (value) => typeof value === 'string' && SID_PATTERNS.WorkerSid.test(value)],
    ['pausedAt', (value) => typeof value === 'string' && Number.isFinite(Date.parse(value))],
    ['reassignAt', (value) => typeof value === 'string' && Number.isFinite(Date.parse(value))],
    ['timerTaskSid', (value) => typeof value === 'string' && SID_PATTERNS.TaskSid.test(value)],
  ];
  const bad = checks.find(([field, valid]) => !valid(record[field]));
  if (bad) {
    throw new ActionError(
      409,
      'task_wrong_state',
      `This task's pause record is malformed (${bad[0]}): an admin must repair its leavePause attributes`,
      'TaskSid',
    );
  }
  return {
    pausedBy: record.pausedBy as string,
    pausedAt: record.pausedAt as string,
    reassignAt: record.reassignAt as string,
    timerTaskSid: record.timerTaskSid as string,
  };
}
