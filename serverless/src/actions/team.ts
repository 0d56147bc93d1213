import { returnToQueueHiddenBecause } from '../../../src/config';
import { fetchChannel, type ChannelRef } from '../lib/channel';
import { twilioNow } from '../lib/clock';
import { ActionError } from '../lib/errors';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import { PauseStore, type PauseRecord } from '../lib/pause-store';
import type { FunctionEvent } from '../lib/runtime';
import { workspaceSidFor, type Settings } from '../lib/settings';
import {
  beginTeamAction,
  inviteToWorkflow,
  readTaskRouting,
  recordTeamAction,
  workerNames,
  type TeamActionRecord,
} from '../lib/team';
import { TwilioRequestError } from '../lib/twilio-client';
import { detachPauseEvents } from '../lib/pause-events';
import { resumeRecordedPause } from './resume';

/** One paused conversation of the contact centre, as the team view lists it. */
export type TeamRow = PauseRecord & {
  /** The pausing agent's friendly name in TaskRouter (empty when the worker is gone). */
  agentName: string;
};

export interface TeamPausedResult {
  paused: TeamRow[];
  /** Which actions the settings allow; the plugin shows only these (the endpoints check again). */
  actions: { resumeForAgent: boolean; returnToQueue: boolean };
  /** Why Return to the queue is hidden, for the supervisor's tooltip and the doctor; null when offered. */
  returnToQueueHidden: string | null;
}

function allowedActions(settings: Settings): TeamPausedResult['actions'] {
  return {
    resumeForAgent: settings.supervisorsMayAct,
    returnToQueue: returnToQueueHiddenBecause(settings.returnToQueue) === null,
  };
}

/**
 * Every paused conversation of the contact centre, for supervisors and admins only: all the pause records
 * (every page of the Sync map only the Functions write) and the agents' names from TaskRouter. Past-deadline
 * records are left out: Twilio has rerouted them.
 */
export async function listTeamPaused(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
): Promise<TeamPausedResult> {
  const { client, settings } = await beginTeamAction(environment, event, []);
  const store = new PauseStore(client, syncServiceSidFrom(environment));
  const [records, names] = await Promise.all([
    store.listAll(),
    workspaceSidFor(environment.twilio, client).then((sid) => workerNames(client, sid)),
  ]);
  const now = twilioNow().getTime();
  return {
    paused: records
      .filter((record) => Date.parse(record.reassignAt) > now)
      .sort((a, b) => Date.parse(a.reassignAt) - Date.parse(b.reassignAt))
      .map((record) => ({ ...record, agentName: names.get(record.pausedBy) ?? '' })),
    actions: allowedActions(settings),
    returnToQueueHidden: returnToQueueHiddenBecause(settings.returnToQueue),
  };
}

export interface TeamActionResult {
  taskSid: string;
  conversationSid: string | null;
  channelSid: string;
  agent: string;
  state: 'resumed' | 'returned';
  recorded: TeamActionRecord;
}

/** The named pause, from the server-owned store; the body only picks which record, the record says the rest. */
async function pausedRecord(store: PauseStore, workerSid: string, taskSid: string): Promise<PauseRecord> {
  const record = await store.get(workerSid, taskSid);
  if (!record || record.pausedBy !== workerSid || Date.parse(record.reassignAt) <= twilioNow().getTime()) {
    throw new ActionError(409, 'not_paused', 'This conversation is no longer paused', 'TaskSid');
  }
  return record;
}

/**
 * A supervisor's Resume for the agent (where `supervisorsMayAct` is on): the agent's own Resume, on the
 * agent's behalf, so Twilio's new task goes to the agent who paused.
 */
export async function teamResume(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
): Promise<TeamActionResult> {
  const { input, caller, client, settings } = await beginTeamAction(environment, event, [
    'TaskSid',
    'WorkerSid',
  ]);
  if (!settings.supervisorsMayAct) {
    throw new ActionError(
      409,
      'feature_off',
      'Supervisors may not act for agents here (ui_attributes.custom_data.leavePause.supervisorsMayAct)',
    );
  }
  const serviceSid = syncServiceSidFrom(environment);
  const store = new PauseStore(client, serviceSid);
  const record = await pausedRecord(store, input.WorkerSid, input.TaskSid);
  await resumeRecordedPause(client, store, record);
  const recorded = await recordTeamAction(client, serviceSid, {
    action: 'resume-for-agent',
    taskSid: record.taskSid,
    agent: record.pausedBy,
    by: caller.workerSid,
    conversationSid: record.conversationSid,
  });
  return {
    taskSid: record.taskSid,
    conversationSid: record.conversationSid,
    channelSid: record.channelSid,
    agent: record.pausedBy,
    state: 'resumed',
    recorded,
  };
}

/**
 * Return to the queue now: an invite through the conversation's original workflow (documented: how a transfer
 * routes a channel), offered only where the admin turned it on from a live check that saw Twilio accept it on a
 * paused channel. Twilio ends the pause and routes a new task; the record goes.
 */
export async function teamReturn(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
): Promise<TeamActionResult> {
  const { input, caller, client, settings } = await beginTeamAction(environment, event, [
    'TaskSid',
    'WorkerSid',
  ]);
  const hidden = returnToQueueHiddenBecause(settings.returnToQueue);
  if (hidden) throw new ActionError(409, 'feature_off', hidden);
  const serviceSid = syncServiceSidFrom(environment);
  const store = new PauseStore(client, serviceSid);
  const record = await pausedRecord(store, input.WorkerSid, input.TaskSid);
  const ref: ChannelRef = { interactionSid: record.interactionSid, channelSid: record.channelSid };
  const workspaceSid = await workspaceSidFor(environment.twilio, client);
  // Recorded at Pause from Twilio's task; a record written before that reads the (completed) task, if kept.
  const workflowSid =
    record.workflowSid ?? (await readTaskRouting(client, workspaceSid, record.taskSid)).workflowSid;
  if (!workflowSid) {
    throw new ActionError(
      409,
      'task_wrong_state',
      "This conversation's original workflow is not known any more: resume it for the agent, or wait for the limit",
      'TaskSid',
    );
  }
  const answer = await inviteToWorkflow(client, ref, {
    workspace_sid: workspaceSid,
    workflow_sid: workflowSid,
    task_channel_unique_name: record.taskChannel,
    attributes: {
      conversationSid: record.conversationSid,
      customerName: record.customer,
      from: record.customer,
    },
  });
  if (answer.status >= 500) {
    throw new TwilioRequestError({
      method: 'POST',
      path: `/v1/Interactions/${ref.interactionSid}/Channels/${ref.channelSid}/Invites`,
      status: answer.status,
      ...(answer.errorCode !== null ? { twilioCode: answer.errorCode } : {}),
    });
  }
  const accepted = answer.status < 400 && answer.errorCode === null;
  const current = await fetchChannel(client, ref);
  if (!accepted || current.status === 'pause') {
    if (current.status !== 'pause') {
      // The pause ended some other way meanwhile: its record must not linger.
      await store.removeAndAnnounce(record.pausedBy, record.taskSid);
      throw new ActionError(409, 'not_paused', 'This conversation is no longer paused', 'TaskSid');
    }
    throw new ActionError(
      409,
      'task_wrong_state',
      `Twilio did not return this paused conversation to the queue (HTTP ${answer.status}${answer.errorCode !== null ? `, error ${answer.errorCode}` : ''}): it stays paused; run npm run doctor -- --live`,
      'TaskSid',
    );
  }
  await Promise.all([
    store.removeAndAnnounce(record.pausedBy, record.taskSid),
    // Pause events: the pause's webhook goes with it (a failure is harmless: the handler removes it at its
    // next event, finding the pause over).
    record.eventsWebhookSid && record.conversationSid
      ? detachPauseEvents(client, record.conversationSid, record.eventsWebhookSid).catch(() => undefined)
      : undefined,
  ]);
  // The invite's answer embeds the routed task as `routing.properties` (the spec's example): its `sid`.
  const routing = answer.body.routing as { properties?: { sid?: unknown } } | undefined;
  const newTaskSid = typeof routing?.properties?.sid === 'string' ? routing.properties.sid : undefined;
  const recorded = await recordTeamAction(client, serviceSid, {
    action: 'return-to-queue',
    taskSid: record.taskSid,
    agent: record.pausedBy,
    by: caller.workerSid,
    conversationSid: record.conversationSid,
    ...(newTaskSid ? { newTaskSid } : {}),
  });
  return {
    taskSid: record.taskSid,
    conversationSid: record.conversationSid,
    channelSid: record.channelSid,
    agent: record.pausedBy,
    state: 'returned',
    recorded,
  };
}
