/**
 * The supervisor's team view (issue 18 part 4): who may use it, what it reads from Twilio, and the one Twilio
 * operation Return to the queue rests on. Roles come only from the validated Flex token (Twilio IAM's answer,
 * lib/auth.ts), never from the request's body.
 */
import { clientFor } from './action';
import { authenticate, type FlexIdentity } from './auth';
import type { ChannelRef } from './channel';
import { twilioNow } from './clock';
import type { FunctionsEnvironment } from './environment';
import { ActionError } from './errors';
import { parseInput, type SID_PATTERNS } from './input';
import type { FunctionEvent } from './runtime';
import { settingsFor, type Settings } from './settings';
import { fetchTask, type TaskSnapshot } from './task-read';
import type { TwilioClient } from './twilio-client';

/** Flex's own worker roles that see the whole contact centre. */
export const TEAM_ROLES: readonly string[] = ['supervisor', 'admin'];

export function isTeamLead(caller: FlexIdentity): boolean {
  return caller.roles.some((role) => TEAM_ROLES.includes(role));
}

export function notTeamLead(): ActionError {
  return new ActionError(
    403,
    'forbidden',
    "The team view and its actions are for supervisors and admins (Flex's worker roles)",
  );
}

/**
 * The start of every team endpoint: the input, then the token, then the role. Nothing else is read before the
 * role is proven, so an agent's call learns nothing and costs Twilio nothing beyond the token check.
 */
export async function beginTeamAction<F extends keyof typeof SID_PATTERNS>(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
  sids: readonly F[],
): Promise<{
  input: { token: string } & Record<F, string>;
  caller: FlexIdentity;
  client: TwilioClient;
  settings: Settings;
}> {
  const input = parseInput(event, sids);
  const caller = await authenticate(environment.twilio, input.token);
  if (!isTeamLead(caller)) throw notTeamLead();
  const client = clientFor(environment.twilio);
  const settings = await settingsFor(environment.twilio, client);
  return { input, caller, client, settings };
}

/** Where Twilio's task was routed: its queue (SID and name) and its workflow, from TaskRouter. */
export interface TaskRouting {
  queueSid?: string;
  queueName?: string;
  workflowSid?: string;
}

function sidOr(value: unknown, prefix: string): string | undefined {
  return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)
    ? value
    : undefined;
}

/**
 * The task's queue and workflow as TaskRouter records them (no agent can write those). Best effort: the team
 * view's queue column is optional, so a failed read leaves it out rather than failing a Pause.
 */
export async function readTaskRouting(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
): Promise<TaskRouting> {
  try {
    return taskRoutingOf(await fetchTask(client, workspaceSid, taskSid));
  } catch {
    return {};
  }
}

/** The queue and workflow in a task read (nothing when TaskRouter refused the read). */
export function taskRoutingOf(task: TaskSnapshot | undefined): TaskRouting {
  if (!task || task.status >= 400) return {};
  const queueSid = sidOr(task.body.task_queue_sid, 'WQ');
  const workflowSid = sidOr(task.body.workflow_sid, 'WW');
  const queueName =
    typeof task.body.task_queue_friendly_name === 'string' ? task.body.task_queue_friendly_name : undefined;
  return {
    ...(queueSid ? { queueSid } : {}),
    ...(queueName ? { queueName } : {}),
    ...(workflowSid ? { workflowSid } : {}),
  };
}

/** Worker SID → friendly name, from TaskRouter's worker list (set by admins; not the agent's attributes). */
export async function workerNames(client: TwilioClient, workspaceSid: string): Promise<Map<string, string>> {
  const workers = await client.taskrouter.v1.workspaces(workspaceSid).workers.list({ pageSize: 1000 });
  return new Map(workers.map((worker) => [worker.sid, worker.friendlyName]));
}

export interface InviteAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Twilio's error code on the answer (a 2xx may carry one), or null. */
  errorCode: number | null;
}

/**
 * `POST flex-api /v1/Interactions/{KD}/Channels/{UO}/Invites` (documented; how a transfer routes a channel)
 * through the conversation's original workflow. On a paused channel Twilio's answer is undocumented: the live
 * check's `invite-while-paused` line says what an account does, and Return to the queue is offered only where
 * it held.
 */
export async function inviteToWorkflow(
  client: TwilioClient,
  ref: ChannelRef,
  properties: Record<string, unknown>,
): Promise<InviteAnswer> {
  const response = await client.request({
    method: 'post',
    uri: `https://flex-api.twilio.com/v1/Interactions/${ref.interactionSid}/Channels/${ref.channelSid}/Invites`,
    data: { Routing: JSON.stringify({ properties }) },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const raw: unknown = typeof response.body === 'string' ? safeJson(response.body) : response.body;
  const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const code = Number(body.error_code ?? body.code);
  const errorCode =
    response.statusCode >= 400 || (body.error_code !== undefined && body.error_code !== null && code !== 0)
      ? Number.isFinite(code)
        ? code
        : null
      : null;
  return { status: response.statusCode, body, errorCode };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

export const TEAM_ACTIONS_MAP_NAME = 'leavePause-team-actions';
/** How long the record of a supervisor's action is kept. */
export const TEAM_ACTION_TTL_SECONDS = 30 * 86_400;

export interface TeamActionRecord {
  action: 'resume-for-agent' | 'return-to-queue';
  taskSid: string;
  /** The agent whose pause it was. */
  agent: string;
  /** The supervisor or admin who acted (their proven worker SID). */
  by: string;
  /** Twilio's time of the action. */
  at: string;
  conversationSid: string | null;
  /** The task Twilio created for the conversation, where its answer named it. */
  newTaskSid?: string;
}

function statusOf(error: unknown): number | undefined {
  return error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
}

/**
 * Who did what, when: one Sync item per supervisor action, kept for 30 days in its own map (the pause record
 * itself is gone once the pause ends). Written only after Twilio made the change.
 */
export async function recordTeamAction(
  client: TwilioClient,
  serviceSid: string,
  entry: Omit<TeamActionRecord, 'at'>,
): Promise<TeamActionRecord> {
  const record: TeamActionRecord = { ...entry, at: twilioNow().toISOString() };
  const service = client.sync.v1.services(serviceSid);
  const create = () =>
    service.syncMaps(TEAM_ACTIONS_MAP_NAME).syncMapItems.create({
      key: `${record.taskSid}:${record.action}:${record.at}`,
      data: record,
      itemTtl: TEAM_ACTION_TTL_SECONDS,
    });
  try {
    await create();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    try {
      await service.syncMaps.create({ uniqueName: TEAM_ACTIONS_MAP_NAME });
    } catch (mapError) {
      if (statusOf(mapError) !== 409) throw mapError;
    }
    await create();
  }
  return record;
}
