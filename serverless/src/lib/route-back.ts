import { randomUUID } from 'node:crypto';
import { twilioNow } from './clock';
import { ActionError, isTwilioNotFound } from './errors';
import { logFailure } from './log';
import {
  ATTRIBUTE_NAMESPACE,
  fetchTask,
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
 * A claim older than this belongs to a Function that died (a Function is stopped after 10 s): a later resume
 * or timer may take it over, so a conversation is never stuck in "resuming" or "rerouting".
 */
export const CLAIM_LEASE_MS = 30_000;

/** Whether an earlier resume or reroute of this paused task may already have invited its next task. */
export function mayHaveInvited(record: PauseRecord & { inviteAttempted?: unknown }, stuck: boolean): boolean {
  return stuck || record.inviteAttempted === true;
}

export function claimExpired(record: PauseRecord & { claimedAt?: unknown }): boolean {
  const at = typeof record.claimedAt === 'string' ? Date.parse(record.claimedAt) : NaN;
  return !Number.isFinite(at) || twilioNow().getTime() - at > CLAIM_LEASE_MS;
}

/**
 * Moves a paused task to a transitional state with If-Match. Of a resume and a timer racing, or two resumes,
 * exactly one wins here; the loser sees the new state and stops, so one conversation never gets two tasks.
 * Each claim carries its own id, so a claim whose answer was lost (and is retried) recognises itself.
 */
export async function claimPausedTask(
  client: TwilioClient,
  workspaceSid: string,
  task: TaskSnapshot,
  transition: {
    to: 'resuming' | 'rerouting';
    expectTimerTaskSid?: string;
    patch?: Attributes;
    /** Also take a claim whose lease expired. */
    takeOver?: boolean;
  },
): Promise<TaskSnapshot> {
  const claimId = randomUUID();
  const claimable = (current: TaskSnapshot): void | 'applied' => {
    const record = pauseRecordOf(current) as (PauseRecord & { claimId?: unknown }) | undefined;
    if (record?.state === transition.to && record.claimId === claimId) return 'applied';
    const stale =
      transition.takeOver &&
      (record?.state === 'resuming' || record?.state === 'rerouting') &&
      claimExpired(record);
    if ((record?.state !== 'paused' && !stale) || current.assignmentStatus !== 'assigned') {
      throw new ActionError(
        409,
        'task_wrong_state',
        `This task is no longer paused (it is ${record?.state ?? current.assignmentStatus})`,
        'TaskSid',
      );
    }
    if (transition.expectTimerTaskSid && record?.timerTaskSid !== transition.expectTimerTaskSid) {
      throw new ActionError(
        409,
        'task_wrong_state',
        'This timer no longer belongs to the paused task',
        'TaskSid',
      );
    }
  };
  claimable(task);
  return updateTaskMerging(
    client,
    workspaceSid,
    task.sid,
    {
      attributesPatch: {
        state: transition.to,
        claimId,
        claimedAt: twilioNow().toISOString(),
        ...transition.patch,
      },
      guard: claimable,
    },
    task,
  );
}

/** Retries a step a few more times than the transport does, for the writes a conversation depends on. */
export async function persistently<T>(step: () => Promise<T>, attempts = 3, delayMs = 300): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || (error instanceof ActionError && error.status < 500)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}

/**
 * Puts a claimed task back to paused when the new task could not be created, so a later try can succeed;
 * `patch` carries the retry timer when the time limit's reroute failed.
 */
export async function releaseClaim(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
  patch: Attributes = {},
): Promise<void> {
  await persistently(() =>
    updateTaskMerging(client, workspaceSid, taskSid, {
      // inviteAttempted: the failed invite may still have created a task, so the next try looks first.
      attributesPatch: { state: 'paused', claimId: null, claimedAt: null, inviteAttempted: true, ...patch },
    }),
  ).catch((error) => logFailure(`could not put task ${taskSid} back to paused`, error));
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

/** The task a route-back of `pausedTaskSid` already created, if any: every new task names its origin. */
export async function findNextTask(
  client: TwilioClient,
  workspaceSid: string,
  pausedTaskSid: string,
): Promise<string | null> {
  const found = await client.taskrouter.v1.workspaces(workspaceSid).tasks.list({
    evaluateTaskAttributes: `${ATTRIBUTE_NAMESPACE}.routeBackOf == "${pausedTaskSid}"`,
    limit: 5,
  });
  return found[0]?.sid ?? null;
}

/**
 * The conversation's next task, created at most once: an invite is not idempotent (a retried invite whose
 * first answer was lost makes a second task), so we look for the task before inviting and again when the
 * invite failed, and the transport never resends an invite itself.
 */
export async function inviteNextTaskOnce(
  client: TwilioClient,
  pausedTaskSid: string,
  routing: NewTaskRouting,
  /** Only an earlier attempt (released or abandoned claim) can have made the task: otherwise skip the lookup. */
  earlierAttempt: boolean,
): Promise<string | null> {
  const withOrigin = {
    ...routing,
    ourAttributes: { ...routing.ourAttributes, routeBackOf: pausedTaskSid },
  };
  for (let attempt = 1; ; attempt++) {
    if (earlierAttempt || attempt > 1) {
      const existing = await findNextTask(client, routing.workspaceSid, pausedTaskSid);
      if (existing) return existing;
    }
    try {
      return await inviteNewTask(client, withOrigin);
    } catch (error) {
      const made = await findNextTask(client, routing.workspaceSid, pausedTaskSid).catch(() => null);
      if (made) return made;
      if (attempt >= INVITE_ATTEMPTS || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

const INVITE_ATTEMPTS = 3;

function isTransient(error: unknown): boolean {
  const status = error && typeof error === 'object' && 'status' in error ? Number(error.status) : NaN;
  return !Number.isFinite(status) || status === 429 || status >= 500;
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
  // Once the next task exists the paused one must end, or the conversation has two tasks: retry harder than
  // the transport, and accept an earlier attempt whose answer was lost.
  await persistently(async () => {
    try {
      await completeOnce(client, workspaceSid, claimed, outcome);
    } catch (error) {
      const current = await fetchTask(client, workspaceSid, claimed.sid).catch(() => null);
      if (current && current.assignmentStatus === 'completed') return;
      throw error;
    }
  });
}

async function completeOnce(
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
  } catch (error) {
    if (isTwilioNotFound(error)) return;
    // Already fired or canceled: the timer handler ignores timers of tasks that are no longer paused anyway.
  }
}

export interface TimerSpec {
  workspaceSid: string;
  timerWorkflowSid: string;
  pausedTaskChannel: string;
  pausedTaskSid: string;
  conversationSid: string;
  reassignAt: string;
  timeoutSeconds: number;
}

/** A pending task in a queue no worker matches: TaskRouter cancels it with "Task TTL Exceeded" at its Timeout. */
export async function createTimer(client: TwilioClient, spec: TimerSpec): Promise<string> {
  // Sent again on a transient failure: a duplicate timer is harmless (the paused task names the one that counts,
  // and a timer that is not named is ignored when it fires).
  return persistently(() => createTimerOnce(client, spec), 3, 100);
}

async function createTimerOnce(client: TwilioClient, spec: TimerSpec): Promise<string> {
  const timer = await client.taskrouter.v1.workspaces(spec.workspaceSid).tasks.create({
    workflowSid: spec.timerWorkflowSid,
    taskChannel: spec.pausedTaskChannel,
    timeout: spec.timeoutSeconds,
    attributes: JSON.stringify({
      [ATTRIBUTE_NAMESPACE]: {
        timerFor: spec.pausedTaskSid,
        conversationSid: spec.conversationSid,
        reassignAt: spec.reassignAt,
      },
    }),
  });
  return timer.sid;
}
