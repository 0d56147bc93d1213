/**
 * Our own action names and pure logic. The names deliberately differ from Flex's native LeaveChannel /
 * PauseChannel / ResumeChannel so that the two implementations never intercept each other.
 */
import type { BackendClient, BackendSuccess, ChannelTaskRef } from '../backend/client';
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

/** Leave and Pause act on a live task; Resume on a paused conversation, named by its paused task. */
export interface ActionPayload {
  task: LeavePauseTask;
}

export interface ResumePayload {
  taskSid: string;
}

export const CONVERSATION_CHANNELS: readonly string[] = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];
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

/**
 * The interaction channel Flex put in the task's attributes. Agents can edit attributes, so the server checks
 * these against Twilio's own records (the channel's participants) before acting; here they only say where.
 */
export function channelRefOf(task: LeavePauseTask): ChannelTaskRef | undefined {
  const { flexInteractionSid, flexInteractionChannelSid } = attributesOf(task);
  if (typeof flexInteractionSid !== 'string' || typeof flexInteractionChannelSid !== 'string')
    return undefined;
  return { taskSid: task.taskSid, interactionSid: flexInteractionSid, channelSid: flexInteractionChannelSid };
}

function isLive(task: LeavePauseTask): boolean {
  return LIVE_STATUSES.has(task.status);
}

export function canLeave(task: LeavePauseTask | undefined, config: LeavePauseConfig): boolean {
  return !!task && config.leave.enabled && isLive(task) && isConversationsTask(task) && !!channelRefOf(task);
}

export function canPause(task: LeavePauseTask | undefined, config: LeavePauseConfig): boolean {
  return !!task && config.pause.enabled && isLive(task) && isConversationsTask(task) && !!channelRefOf(task);
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
  /** Called after every answer (success or not): the paused list is asked again. */
  onSettled?: () => void;
}

export type ActionHandler = (payload: ActionPayload) => Promise<BackendSuccess>;
export type ResumeHandler = (payload: ResumePayload) => Promise<BackendSuccess>;

function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'unknown error';
}

function createHandler<P>(
  run: (payload: P) => Promise<BackendSuccess>,
  successId: NotificationId,
  failureId: NotificationId,
  { notify, strings, onSettled }: HandlerDeps,
): (payload: P) => Promise<BackendSuccess> {
  const say = (id: NotificationId, type: 'success' | 'error', context: Record<string, string>) =>
    notify({ id, type, context, text: template(strings[id], context) });

  return async (payload) => {
    let result: BackendSuccess;
    try {
      result = await run(payload);
    } catch (error) {
      say(failureId, 'error', { message: errorMessage(error) });
      // Rethrown so invokeAction rejects: callers (and the button) learn it failed.
      throw error;
    } finally {
      onSettled?.();
    }
    say(successId, 'success', {});
    return result;
  };
}

function requireRef(task: LeavePauseTask): ChannelTaskRef {
  const ref = channelRefOf(task);
  if (!ref)
    throw new Error('This task has no Flex interaction channel: only Conversations tasks can do this');
  return ref;
}

export function createLeaveHandler(deps: HandlerDeps): ActionHandler {
  return createHandler<ActionPayload>(
    ({ task }) => deps.backend.leave(requireRef(task)),
    'LeavePauseLeaveSuccess',
    'LeavePauseLeaveFailed',
    deps,
  );
}

export function createPauseHandler(deps: HandlerDeps): ActionHandler {
  return createHandler<ActionPayload>(
    ({ task }) => deps.backend.pause(requireRef(task)),
    'LeavePausePauseSuccess',
    'LeavePausePauseFailed',
    deps,
  );
}

export function createResumeHandler(deps: HandlerDeps): ResumeHandler {
  return createHandler<ResumePayload>(
    ({ taskSid }) => deps.backend.resume(taskSid),
    'LeavePauseResumeSuccess',
    'LeavePauseResumeFailed',
    deps,
  );
}
