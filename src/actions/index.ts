/**
 * Our own action names and pure logic. The names deliberately differ from Flex's native LeaveChannel /
 * PauseChannel / ResumeChannel so that the two implementations never intercept each other.
 */
import type { BackendClient, BackendSuccess } from '../backend/client';
import type { LeavePauseConfig } from '../config';
import { template, type StringKey, type Strings } from '../strings';

export const LEAVE_ACTION = 'LeavePauseLeave';
export const PAUSE_ACTION = 'LeavePausePause';
export const RESUME_ACTION = 'LeavePauseResume';
export const ACTION_NAMES = [LEAVE_ACTION, PAUSE_ACTION, RESUME_ACTION] as const;

/** The few task fields the plugin reads; Flex's ITask satisfies it, and tests need no Flex. */
export interface LeavePauseTask {
  taskSid: string;
  sid: string;
  status: string;
  taskChannelUniqueName: string;
  attributes: Record<string, unknown>;
}

export interface ActionPayload {
  task: LeavePauseTask;
}

export const CONVERSATION_CHANNELS: readonly string[] = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];
/** The zero-capacity task channel a paused conversation's task is parked on. */
export const PAUSED_CHANNEL = 'paused';
/** Reservation status in Flex ("accepted") or task status as the backend reports it ("assigned"). */
const LIVE_STATUSES = new Set(['accepted', 'assigned']);

function attributesOf(task: LeavePauseTask): Record<string, unknown> {
  return typeof task.attributes === 'object' && task.attributes !== null ? task.attributes : {};
}

export function isConversationsTask(task: LeavePauseTask): boolean {
  if (task.taskChannelUniqueName === 'voice') return false;
  if (CONVERSATION_CHANNELS.includes(task.taskChannelUniqueName)) return true;
  const conversationSid = attributesOf(task).conversationSid;
  return typeof conversationSid === 'string' && conversationSid !== '';
}

export function isPausedTask(task: LeavePauseTask): boolean {
  if (task.taskChannelUniqueName === PAUSED_CHANNEL) return true;
  const state = attributesOf(task).leavePause;
  return typeof state === 'object' && state !== null && (state as { state?: unknown }).state === 'paused';
}

function isLive(task: LeavePauseTask): boolean {
  return LIVE_STATUSES.has(task.status);
}

export function canLeave(task: LeavePauseTask | undefined, config: LeavePauseConfig): boolean {
  return !!task && config.leave.enabled && isLive(task) && isConversationsTask(task) && !isPausedTask(task);
}

export function canPause(task: LeavePauseTask | undefined, config: LeavePauseConfig): boolean {
  return !!task && config.pause.enabled && isLive(task) && isConversationsTask(task) && !isPausedTask(task);
}

export function canResume(task: LeavePauseTask | undefined, config: LeavePauseConfig): boolean {
  return !!task && config.pause.enabled && isLive(task) && isPausedTask(task);
}

/** When the conversation was paused, if the backend stamped it on the task. */
export function pausedAt(task: LeavePauseTask): Date | undefined {
  const state = attributesOf(task).leavePause;
  const at =
    typeof state === 'object' && state !== null ? (state as { pausedAt?: unknown }).pausedAt : undefined;
  if (typeof at !== 'string') return undefined;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export type NotificationId = Extract<
  StringKey,
  | 'LeavePauseLeaveSuccess'
  | 'LeavePauseLeaveFailed'
  | 'LeavePausePauseSuccess'
  | 'LeavePausePauseFailed'
  | 'LeavePauseResumeSuccess'
  | 'LeavePauseResumeFailed'
>;

export const NOTIFICATIONS: ReadonlyArray<{ id: NotificationId; type: 'success' | 'error' }> = [
  { id: 'LeavePauseLeaveSuccess', type: 'success' },
  { id: 'LeavePauseLeaveFailed', type: 'error' },
  { id: 'LeavePausePauseSuccess', type: 'success' },
  { id: 'LeavePausePauseFailed', type: 'error' },
  { id: 'LeavePauseResumeSuccess', type: 'success' },
  { id: 'LeavePauseResumeFailed', type: 'error' },
];

/**
 * The notification id doubles as the string key, so Flex can render it from (admin-editable)
 * manager.strings with `context`, while the sandbox simply shows `text`.
 */
export interface NotificationRequest {
  id: NotificationId;
  type: 'success' | 'error';
  context: Record<string, string>;
  text: string;
}

export type Notify = (notification: NotificationRequest) => void;

export interface HandlerDeps {
  backend: Pick<BackendClient, 'leave' | 'pause' | 'resume'>;
  notify: Notify;
  strings: Strings;
}

export type ActionHandler = (payload: ActionPayload) => Promise<BackendSuccess>;

function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'unknown error';
}

function createHandler(
  operation: 'leave' | 'pause' | 'resume',
  successId: NotificationId,
  failureId: NotificationId,
  { backend, notify, strings }: HandlerDeps,
): ActionHandler {
  const say = (id: NotificationId, type: 'success' | 'error', context: Record<string, string>) =>
    notify({ id, type, context, text: template(strings[id], context) });

  return async ({ task }) => {
    let result: BackendSuccess;
    try {
      result = await backend[operation](task.taskSid);
    } catch (error) {
      say(failureId, 'error', { message: errorMessage(error) });
      // Rethrown so invokeAction rejects: callers (and the button) learn it failed.
      throw error;
    }
    say(successId, 'success', {});
    return result;
  };
}

export function createLeaveHandler(deps: HandlerDeps): ActionHandler {
  return createHandler('leave', 'LeavePauseLeaveSuccess', 'LeavePauseLeaveFailed', deps);
}

export function createPauseHandler(deps: HandlerDeps): ActionHandler {
  return createHandler('pause', 'LeavePausePauseSuccess', 'LeavePausePauseFailed', deps);
}

export function createResumeHandler(deps: HandlerDeps): ActionHandler {
  return createHandler('resume', 'LeavePauseResumeSuccess', 'LeavePauseResumeFailed', deps);
}
