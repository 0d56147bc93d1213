import { ActionError } from '../lib/errors';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { logFailure } from '../lib/log';
import {
  claimExpired,
  claimPausedTask,
  completePausedTask,
  createTimer,
  inviteNextTaskOnce,
  mayHaveInvited,
  pauseRecordOf,
  persistently,
  releaseClaim,
} from '../lib/route-back';
import { SID_PATTERNS } from '../lib/input';
import { pauseSettingsFrom, settingsFrom } from '../lib/settings';
import { assertTwilioSignature } from '../lib/signature';
import {
  ATTRIBUTE_NAMESPACE,
  conversationLinksOf,
  fetchTask,
  ourAttributes,
  type Attributes,
} from '../lib/tasks';
import { createTwilioClient } from '../lib/twilio-client';

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
    // Our own attributes, but they end up in a URL: accept nothing but a task SID.
    if (!SID_PATTERNS.TaskSid.test(ours.timerFor) || !SID_PATTERNS.TaskSid.test(String(event.TaskSid)))
      return { handled: 'ignored', why: 'the timer does not name a task' };
    if (event.TaskCanceledReason !== 'Task TTL Exceeded')
      return { handled: 'ignored', why: 'timer canceled on purpose' };
    return reroutePausedTask(context, settings.workspaceSid, ours.timerFor, String(event.TaskSid));
  }
  if (event.EventType === 'reservation.created' && typeof ours.resumeWorkerSid === 'string') {
    if (ours.resumeWorkerSid !== event.WorkerSid)
      return { handled: 'ignored', why: 'reserved for another agent' };
    const reservationSid = String(event.ResourceSid ?? event.ReservationSid);
    const reservation = createTwilioClient(context)
      .taskrouter.v1.workspaces(settings.workspaceSid)
      .tasks(String(event.TaskSid))
      .reservations(reservationSid);
    try {
      await reservation.update({ reservationStatus: 'accepted' });
    } catch (error) {
      // A redelivered event, or an accept whose answer was lost: accepted already is what we wanted.
      const current = await reservation.fetch().catch(() => null);
      if (current?.reservationStatus !== 'accepted') throw error;
    }
    return { handled: 'auto-accepted', reservationSid, workerSid: ours.resumeWorkerSid };
  }
  return { handled: 'ignored', why: `nothing to do for ${String(event.EventType)}` };
}

/** How long the server waits before trying a failed reroute again, with no browser involved. */
export const REROUTE_RETRY_SECONDS = 60;

async function reroutePausedTask(
  context: FunctionContext,
  workspaceSid: string,
  pausedTaskSid: string,
  timerTaskSid: string,
): Promise<EventOutcome> {
  const client = createTwilioClient(context);
  const task = await fetchTask(client, workspaceSid, pausedTaskSid);
  const record = pauseRecordOf(task);
  if (!record || record.timerTaskSid !== timerTaskSid) {
    return { handled: 'ignored', why: `paused task is ${record?.state ?? 'unknown'}: the timer is stale` };
  }
  const stuck = (record.state === 'resuming' || record.state === 'rerouting') && claimExpired(record);
  if (record.state !== 'paused' && !stuck) {
    return { handled: 'ignored', why: `paused task is ${record.state}: the timer is stale` };
  }
  let claimed;
  try {
    claimed = await claimPausedTask(client, workspaceSid, task, {
      to: 'rerouting',
      expectTimerTaskSid: timerTaskSid,
      takeOver: true,
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
    newTaskSid = await inviteNextTaskOnce(
      client,
      pausedTaskSid,
      {
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
      },
      mayHaveInvited(record, stuck),
    );
  } catch (error) {
    // The timer has fired, so the paused task needs a new one or nothing would ever try again: a short retry
    // timer in the same workflow brings this handler back without a browser.
    const pauseSettings = pauseSettingsFrom(context);
    const retryTimerSid = await persistently(() =>
      createTimer(client, {
        workspaceSid,
        timerWorkflowSid: pauseSettings.timerWorkflowSid,
        pausedTaskChannel: pauseSettings.pausedTaskChannel,
        pausedTaskSid,
        conversationSid: links.conversationSid,
        reassignAt: record.reassignAt,
        timeoutSeconds: REROUTE_RETRY_SECONDS,
      }),
    ).catch((timerError) => {
      logFailure(`could not schedule a retry of the reroute of ${pausedTaskSid}`, timerError);
      return null;
    });
    await releaseClaim(
      client,
      workspaceSid,
      pausedTaskSid,
      retryTimerSid
        ? {
            timerTaskSid: retryTimerSid,
            rerouteRetries: Number(ourAttributes(task.attributes).rerouteRetries ?? 0) + 1,
          }
        : {},
    );
    throw error;
  }
  await completePausedTask(client, workspaceSid, claimed, {
    state: 'rerouted',
    nextTaskSid: newTaskSid,
    reason: 'pause time limit reached',
  });
  return { handled: 'rerouted', pausedTaskSid, newTaskSid };
}
