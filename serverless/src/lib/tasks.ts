import { ActionError, isTwilioNotFound } from './errors';
import { TwilioRequestError, type TwilioClient } from './twilio-client';

export type Attributes = Record<string, unknown>;

/** What this project stores on a task or conversation, under one key so we never collide with others. */
export const ATTRIBUTE_NAMESPACE = 'leavePause';

export interface TaskSnapshot {
  sid: string;
  assignmentStatus: string;
  taskChannelUniqueName: string;
  taskQueueSid: string | null;
  workflowSid: string | null;
  attributes: Attributes;
  etag?: string;
}

interface RawTask {
  sid: string;
  assignment_status: string;
  task_channel_unique_name: string;
  task_queue_sid: string | null;
  workflow_sid: string | null;
  attributes: string;
}

function taskUri(workspaceSid: string, taskSid: string): string {
  return `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Tasks/${taskSid}`;
}

function parseAttributes(json: string | null | undefined): Attributes {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Attributes) : {};
  } catch {
    return {};
  }
}

/**
 * Fetches through the low-level request so we also get the ETag: the helper's task instance drops response
 * headers, and the ETag is what makes our attribute merge safe against a concurrent writer.
 */
export async function fetchTask(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
): Promise<TaskSnapshot> {
  const response = await client.request({ method: 'get', uri: taskUri(workspaceSid, taskSid) });
  if (response.statusCode === 404) {
    throw new ActionError(
      404,
      'task_not_found',
      `Task ${taskSid} was not found in this workspace`,
      'TaskSid',
    );
  }
  if (response.statusCode >= 400) {
    throw new TwilioRequestError({
      method: 'GET',
      path: new URL(taskUri(workspaceSid, taskSid)).pathname,
      status: response.statusCode,
    });
  }
  const raw = (typeof response.body === 'string' ? JSON.parse(response.body) : response.body) as RawTask;
  const headers = (response.headers ?? {}) as Record<string, string | undefined>;
  return {
    sid: raw.sid,
    assignmentStatus: raw.assignment_status,
    taskChannelUniqueName: raw.task_channel_unique_name,
    taskQueueSid: raw.task_queue_sid,
    workflowSid: raw.workflow_sid,
    attributes: parseAttributes(raw.attributes),
    etag: headers.etag ?? headers.ETag,
  };
}

export function ourAttributes(attributes: Attributes): Attributes {
  const ours = attributes[ATTRIBUTE_NAMESPACE];
  return ours && typeof ours === 'object' && !Array.isArray(ours) ? (ours as Attributes) : {};
}

/** Keeps every key others stored and changes only ours. */
export function mergeOurAttributes(attributes: Attributes, patch: Attributes): Attributes {
  return { ...attributes, [ATTRIBUTE_NAMESPACE]: { ...ourAttributes(attributes), ...patch } };
}

export interface TaskUpdate {
  attributesPatch?: Attributes;
  assignmentStatus?: 'canceled' | 'completed' | 'wrapping';
  taskChannel?: string;
  reason?: string;
  /**
   * Checked again on every re-read after a 412: another writer may have moved the task on (a resume racing the
   * timer, a double click), and then this write must not happen at all. Throw to stop. Answer 'applied' when
   * the re-read shows that our own earlier attempt already took effect (its answer was lost): we stop there.
   */
  guard?: (current: TaskSnapshot) => void | 'applied';
}

const MAX_MERGE_ATTEMPTS = 3;

/**
 * Writes the task with If-Match so a writer that changed the attributes since our read is never overwritten:
 * on 412 we read again and re-merge. `known` saves the first read when the caller already fetched the task.
 */
export async function updateTaskMerging(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
  update: TaskUpdate,
  known?: TaskSnapshot,
): Promise<TaskSnapshot> {
  let snapshot = known ?? (await fetchTask(client, workspaceSid, taskSid));
  for (let attempt = 1; ; attempt++) {
    const attributes = update.attributesPatch
      ? mergeOurAttributes(snapshot.attributes, update.attributesPatch)
      : undefined;
    try {
      const updated = await client.taskrouter.v1
        .workspaces(workspaceSid)
        .tasks(taskSid)
        .update({
          ...(attributes ? { attributes: JSON.stringify(attributes) } : {}),
          ...(update.assignmentStatus ? { assignmentStatus: update.assignmentStatus } : {}),
          ...(update.taskChannel ? { taskChannel: update.taskChannel } : {}),
          ...(update.reason ? { reason: update.reason } : {}),
          ...(snapshot.etag ? { ifMatch: snapshot.etag } : {}),
        });
      return {
        sid: updated.sid,
        assignmentStatus: updated.assignmentStatus,
        taskChannelUniqueName: updated.taskChannelUniqueName,
        taskQueueSid: updated.taskQueueSid,
        workflowSid: updated.workflowSid,
        attributes: parseAttributes(updated.attributes),
      };
    } catch (error) {
      const preconditionFailed =
        !!error && typeof error === 'object' && 'status' in error && error.status === 412;
      if (!preconditionFailed || attempt >= MAX_MERGE_ATTEMPTS) {
        if (isTwilioNotFound(error)) {
          throw new ActionError(
            404,
            'task_not_found',
            `Task ${taskSid} was not found in this workspace`,
            'TaskSid',
          );
        }
        throw error;
      }
      snapshot = await fetchTask(client, workspaceSid, taskSid);
      if (update.guard?.(snapshot) === 'applied') return snapshot;
    }
  }
}

export const CONVERSATION_CHANNEL_TYPES = ['chat', 'sms', 'whatsapp', 'messenger', 'email'] as const;

export interface ConversationLinks {
  conversationSid: string;
  interactionSid: string;
  interactionChannelSid: string;
}

/** A Flex Conversations task names its conversation and interaction in the attributes Flex gave it. */
export function conversationLinksOf(task: TaskSnapshot): ConversationLinks {
  const { conversationSid, flexInteractionSid, flexInteractionChannelSid } = task.attributes;
  const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
  if (
    task.taskChannelUniqueName === 'voice' ||
    !isString(conversationSid) ||
    !isString(flexInteractionSid) ||
    !isString(flexInteractionChannelSid)
  ) {
    throw new ActionError(
      409,
      'not_conversation_task',
      `Task ${task.sid} is not a Flex Conversations task (chat, SMS, WhatsApp, Messenger or email)`,
      'TaskSid',
    );
  }
  return {
    conversationSid,
    interactionSid: flexInteractionSid,
    interactionChannelSid: flexInteractionChannelSid,
  };
}
