import { twilioNow } from './clock';
import { ActionError } from './errors';
import {
  ATTRIBUTE_NAMESPACE,
  ourAttributes,
  updateTaskMerging,
  type Attributes,
  type TaskSnapshot,
} from './tasks';
import type { TwilioClient } from './twilio-client';

export type PausedState = 'paused' | 'resuming' | 'resumed' | 'rerouting' | 'rerouted';

export interface PauseRecord {
  state: PausedState;
  pausedBy: string;
  pausedAt: string;
  reassignAt: string;
  timerTaskSid: string;
  originalTaskChannel: string;
  originalQueueSid: string | null;
  originalWorkflowSid: string | null;
}

export function pauseRecordOf(task: TaskSnapshot): PauseRecord | undefined {
  const ours = ourAttributes(task.attributes);
  return typeof ours.state === 'string' && typeof ours.timerTaskSid === 'string'
    ? (ours as unknown as PauseRecord)
    : undefined;
}

/**
 * Moves a paused task to a transitional state with If-Match. Of a resume and a timer racing, or two resumes,
 * exactly one wins here; the loser sees the new state and stops, so one conversation never gets two tasks.
 */
export async function claimPausedTask(
  client: TwilioClient,
  workspaceSid: string,
  task: TaskSnapshot,
  transition: { to: 'resuming' | 'rerouting'; expectTimerTaskSid?: string; patch?: Attributes },
): Promise<TaskSnapshot> {
  const stillPaused = (current: TaskSnapshot) => {
    const record = pauseRecordOf(current);
    if (record?.state !== 'paused' || current.assignmentStatus !== 'assigned') {
      throw new ActionError(
        409,
        'task_wrong_state',
        `This task is no longer paused (it is ${record?.state ?? current.assignmentStatus})`,
        'TaskSid',
      );
    }
    if (transition.expectTimerTaskSid && record.timerTaskSid !== transition.expectTimerTaskSid) {
      throw new ActionError(
        409,
        'task_wrong_state',
        'This timer no longer belongs to the paused task',
        'TaskSid',
      );
    }
  };
  stillPaused(task);
  return updateTaskMerging(
    client,
    workspaceSid,
    task.sid,
    { attributesPatch: { state: transition.to, ...transition.patch }, guard: stillPaused },
    task,
  );
}

/** Puts a claimed task back to paused when the new task could not be created, so a later try can succeed. */
export async function releaseClaim(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
): Promise<void> {
  await updateTaskMerging(client, workspaceSid, taskSid, { attributesPatch: { state: 'paused' } }).catch(
    (error) => console.error(`could not put task ${taskSid} back to paused`, error),
  );
}

export interface NewTaskRouting {
  workspaceSid: string;
  workflowSid: string;
  taskChannel: string;
  interactionSid: string;
  interactionChannelSid: string;
  /** The paused task's attributes: the Interactions invite does not carry them over by itself. */
  baseAttributes: Attributes;
  ourAttributes: Attributes;
}

/** Creates the conversation's next task through an Interactions invite, the supported way for a live channel. */
export async function inviteNewTask(client: TwilioClient, routing: NewTaskRouting): Promise<string | null> {
  const attributes = { ...routing.baseAttributes, [ATTRIBUTE_NAMESPACE]: routing.ourAttributes };
  const invite = await client.flexApi.v1
    .interaction(routing.interactionSid)
    .channels(routing.interactionChannelSid)
    .invites.create({
      routing: {
        properties: {
          workspace_sid: routing.workspaceSid,
          workflow_sid: routing.workflowSid,
          task_channel_unique_name: routing.taskChannel,
          attributes,
        },
      },
    });
  const properties = (invite.routing as { properties?: { sid?: string } } | null)?.properties;
  return properties?.sid ?? null;
}

export async function completePausedTask(
  client: TwilioClient,
  workspaceSid: string,
  claimed: TaskSnapshot,
  outcome: { state: 'resumed' | 'rerouted'; nextTaskSid: string | null; reason: string },
): Promise<void> {
  await updateTaskMerging(
    client,
    workspaceSid,
    claimed.sid,
    {
      attributesPatch: {
        state: outcome.state,
        nextTaskSid: outcome.nextTaskSid,
        endedAt: twilioNow().toISOString(),
      },
      assignmentStatus: 'completed',
      reason: outcome.reason,
    },
    { ...claimed, etag: undefined },
  );
}

export async function cancelTimer(
  client: TwilioClient,
  workspaceSid: string,
  timerTaskSid: string,
): Promise<void> {
  try {
    await client.taskrouter.v1
      .workspaces(workspaceSid)
      .tasks(timerTaskSid)
      .update({ assignmentStatus: 'canceled', reason: 'paused task resumed' });
  } catch {
    // Already fired or canceled: the timer handler ignores timers of tasks that are no longer paused anyway.
  }
}
