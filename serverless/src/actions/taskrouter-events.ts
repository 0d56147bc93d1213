import { ActionError } from '../lib/errors';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import {
  claimPausedTask,
  completePausedTask,
  inviteNewTask,
  pauseRecordOf,
  releaseClaim,
} from '../lib/route-back';
import { settingsFrom } from '../lib/settings';
import { assertTwilioSignature } from '../lib/signature';
import {
  ATTRIBUTE_NAMESPACE,
  conversationLinksOf,
  fetchTask,
  ourAttributes,
  type Attributes,
} from '../lib/tasks';
import { createTwilioClient, type TwilioClient } from '../lib/twilio-client';

export const TASKROUTER_EVENTS_ROUTE = '/taskrouter-events';

export type EventOutcome =
  | { handled: 'ignored'; why: string }
  | { handled: 'rerouted'; pausedTaskSid: string; newTaskSid: string | null }
  | { handled: 'auto-accepted'; reservationSid: string; workerSid: string };

function parseJson(value: unknown): Attributes {
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? (parsed as Attributes) : {};
  } catch {
    return {};
  }
}

/**
 * The workspace's event callback. Two events matter: a pause timer's "Task TTL Exceeded" cancellation
 * (reroute the paused conversation — this is what runs with no browser open), and the reservation of a
 * resumed task for the agent who paused it (accept it, which is what "auto-accepted" means).
 */
export async function onTaskRouterEvent(
  context: FunctionContext,
  event: FunctionEvent,
): Promise<EventOutcome> {
  assertTwilioSignature(context, event, TASKROUTER_EVENTS_ROUTE);
  const settings = settingsFrom(context);
  const ours = ourAttributes(parseJson(event.TaskAttributes));

  if (event.EventType === 'task.canceled' && typeof ours.timerFor === 'string') {
    if (event.TaskCanceledReason !== 'Task TTL Exceeded')
      return { handled: 'ignored', why: 'timer canceled on purpose' };
    return reroutePausedTask(
      createTwilioClient(context),
      settings.workspaceSid,
      ours.timerFor,
      String(event.TaskSid),
    );
  }
  if (event.EventType === 'reservation.created' && typeof ours.resumeWorkerSid === 'string') {
    if (ours.resumeWorkerSid !== event.WorkerSid)
      return { handled: 'ignored', why: 'reserved for another agent' };
    const reservationSid = String(event.ResourceSid ?? event.ReservationSid);
    await createTwilioClient(context)
      .taskrouter.v1.workspaces(settings.workspaceSid)
      .tasks(String(event.TaskSid))
      .reservations(reservationSid)
      .update({ reservationStatus: 'accepted' });
    return { handled: 'auto-accepted', reservationSid, workerSid: ours.resumeWorkerSid };
  }
  return { handled: 'ignored', why: `nothing to do for ${String(event.EventType)}` };
}

async function reroutePausedTask(
  client: TwilioClient,
  workspaceSid: string,
  pausedTaskSid: string,
  timerTaskSid: string,
): Promise<EventOutcome> {
  const task = await fetchTask(client, workspaceSid, pausedTaskSid);
  const record = pauseRecordOf(task);
  if (record?.state !== 'paused' || record.timerTaskSid !== timerTaskSid) {
    return { handled: 'ignored', why: `paused task is ${record?.state ?? 'unknown'}: the timer is stale` };
  }
  let claimed;
  try {
    claimed = await claimPausedTask(client, workspaceSid, task, {
      to: 'rerouting',
      expectTimerTaskSid: timerTaskSid,
    });
  } catch (error) {
    if (error instanceof ActionError && error.status === 409)
      return { handled: 'ignored', why: error.message };
    throw error;
  }
  const links = conversationLinksOf(task);
  let newTaskSid: string | null;
  try {
    const { [ATTRIBUTE_NAMESPACE]: _ours, ...baseAttributes } = task.attributes;
    newTaskSid = await inviteNewTask(client, {
      workspaceSid,
      workflowSid: record.originalWorkflowSid ?? '',
      taskChannel: record.originalTaskChannel,
      interactionSid: links.interactionSid,
      interactionChannelSid: links.interactionChannelSid,
      baseAttributes,
      ourAttributes: {
        reroutedFrom: pausedTaskSid,
        rerouteReason: 'pause time limit reached',
        previousWorkerSid: record.pausedBy,
      },
    });
  } catch (error) {
    await releaseClaim(client, workspaceSid, pausedTaskSid);
    throw error;
  }
  await completePausedTask(client, workspaceSid, claimed, {
    state: 'rerouted',
    nextTaskSid: newTaskSid,
    reason: 'pause time limit reached',
  });
  return { handled: 'rerouted', pausedTaskSid, newTaskSid };
}
