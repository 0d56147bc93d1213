/**
 * Our own action names and pure logic. The names deliberately differ from Flex's native LeaveChannel /
 * PauseChannel / ResumeChannel so that the two implementations never intercept each other.
 */
import {
  BackendError,
  newIdempotencyKey,
  type BackendClient,
  type BackendSuccess,
  type ChannelTaskRef,
} from '../backend/client';
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
  /** Pause reasons (issue 18): Pause only, the reason the agent picked in the menu. */
  reason?: { code: string; note?: string };
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
  | 'LeavePauseLeaveStillWorking'
  | 'LeavePausePauseSuccess'
  | 'LeavePausePauseFailed'
  | 'LeavePausePauseStillWorking'
  | 'LeavePauseResumeSuccess'
  | 'LeavePauseResumeFailed'
  | 'LeavePauseResumeStillWorking'
  | 'LeavePauseOutcomeUnknown'
>;

export type NotificationKind = 'success' | 'error' | 'info';

export const NOTIFICATIONS: ReadonlyArray<{ id: NotificationId; type: NotificationKind }> = [
  { id: 'LeavePauseLeaveSuccess', type: 'success' },
  { id: 'LeavePauseLeaveFailed', type: 'error' },
  { id: 'LeavePauseLeaveStillWorking', type: 'info' },
  { id: 'LeavePausePauseSuccess', type: 'success' },
  { id: 'LeavePausePauseFailed', type: 'error' },
  { id: 'LeavePausePauseStillWorking', type: 'info' },
  { id: 'LeavePauseResumeSuccess', type: 'success' },
  { id: 'LeavePauseResumeFailed', type: 'error' },
  { id: 'LeavePauseResumeStillWorking', type: 'info' },
  { id: 'LeavePauseOutcomeUnknown', type: 'error' },
];

/**
 * The notification id doubles as the string key, so Flex can render it from (admin-editable)
 * manager.strings with `context`, while the sandbox simply shows `text`.
 */
export interface NotificationRequest {
  id: NotificationId;
  type: NotificationKind;
  context: Record<string, string>;
  text: string;
}

export type Notify = (notification: NotificationRequest) => void;

/**
 * After a time-out the same request (same IdempotencyKey) is asked again after each of these pauses: the
 * Functions answer a repeat with the first outcome, or say it is still running, so asking again never acts twice.
 * About two minutes in all, well past the Functions' own 10 s limit and Twilio's retries.
 */
export const CONFIRM_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000];

export interface HandlerDeps {
  backend: Pick<BackendClient, 'leave' | 'pause' | 'resume'>;
  notify: Notify;
  strings: Strings;
  /** Called after every answer (success or not): the paused list is asked again. */
  onSettled?: () => void;
  /** Called when the service answered nothing at all (down) or answered again (back). */
  onReachability?: (reachable: boolean) => void;
  confirmDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export type ActionHandler = (payload: ActionPayload) => Promise<BackendSuccess>;
export type ResumeHandler = (payload: ResumePayload) => Promise<BackendSuccess>;

/** No answer, or "the first copy is still running": the outcome is not known yet. */
function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof BackendError &&
    (error.code === 'timeout' || error.code === 'network' || error.code === 'request_in_progress')
  );
}

/**
 * What the agent reads about a failure: the service's own sentence for a refusal (written for people), our
 * translated sentence when the service could not be reached, never the browser's raw text.
 */
export function failureText(error: unknown, strings: Strings): string {
  if (error instanceof BackendError) {
    if (error.status === 0 || error.code === 'bad_response' || error.status >= 500) {
      return strings.LeavePauseServiceUnreachable;
    }
    return error.message;
  }
  return strings.LeavePauseUnexpectedFailure;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Kind = 'Leave' | 'Pause' | 'Resume';

function createHandler<P>(
  run: (payload: P, idempotencyKey: string) => Promise<BackendSuccess>,
  kind: Kind,
  deps: HandlerDeps,
): (payload: P) => Promise<BackendSuccess> {
  const { notify, strings, onSettled, onReachability } = deps;
  const delays = deps.confirmDelaysMs ?? CONFIRM_DELAYS_MS;
  const sleep = deps.sleep ?? defaultSleep;
  const say = (id: NotificationId, type: NotificationKind, context: Record<string, string>) =>
    notify({ id, type, context, text: template(strings[id], context) });

  return async (payload) => {
    // One key for this user action: every re-ask below is the same request to the Functions.
    const key = newIdempotencyKey();
    let result: BackendSuccess;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          result = await run(payload, key);
          onReachability?.(true);
          break;
        } catch (error) {
          const neverReached = error instanceof BackendError && error.code === 'network' && attempt === 0;
          // No connection at all is "down"; a slow answer (time-out) is not: the service may still be working.
          if (error instanceof BackendError && error.code === 'network') onReachability?.(false);
          else if (error instanceof BackendError && error.status !== 0) onReachability?.(true);
          if (neverReached || !outcomeUnknown(error)) {
            say(`LeavePause${kind}Failed`, 'error', { message: failureText(error, strings) });
            throw error;
          }
          if (attempt >= delays.length) {
            // Never a failure we do not know of: the agent is told we could not find out, and where to look.
            say('LeavePauseOutcomeUnknown', 'error', {});
            throw error;
          }
          // The request may have acted: the agent is told so, and we ask again until the answer is known.
          if (attempt === 0) say(`LeavePause${kind}StillWorking`, 'info', {});
          await sleep(delays[attempt]);
        }
      }
    } finally {
      onSettled?.();
    }
    say(`LeavePause${kind}Success`, 'success', {});
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
    ({ task }, key) => deps.backend.leave(requireRef(task), key),
    'Leave',
    deps,
  );
}

export function createPauseHandler(deps: HandlerDeps): ActionHandler {
  return createHandler<ActionPayload>(
    // Without a reason, the call is exactly today's.
    ({ task, reason }, key) =>
      reason ? deps.backend.pause(requireRef(task), key, reason) : deps.backend.pause(requireRef(task), key),
    'Pause',
    deps,
  );
}

export function createResumeHandler(deps: HandlerDeps): ResumeHandler {
  return createHandler<ResumePayload>(
    ({ taskSid }, key) => deps.backend.resume(taskSid, key),
    'Resume',
    deps,
  );
}
