import { channelRefOf, type LeavePauseTask } from '../actions';
import type { BackendClient, ChannelTaskRef } from '../backend/client';
import type { FlexActionsApi } from './types';

type Listener = (payload: Record<string, unknown>) => void;
type ActionsWithListeners = FlexActionsApi & { addListener(event: string, listener: Listener): void };

/**
 * Coexistence with Flex's own Pause (agent_conv_end_methods). Agents then see Flex's buttons only, and Flex's
 * client pauses the channel itself (`CbmSdkClient.pauseChannel`, @twilio/flex-ui 2.17.1 bundle). So that the
 * countdown, reminders and Paused work still see those pauses, the plugin tells the server after each one:
 * our /pause finds the channel paused by this agent's task and records it (answering alreadyPaused); our
 * /resume after Flex's Resume finds the channel active before its deadline and removes the record.
 * `PauseChannel` is Flex's own action: we only listen to it, never register or replace it.
 */
export function recordNativePauses(
  flex: { Actions: FlexActionsApi },
  backend: Pick<BackendClient, 'pause' | 'resume'>,
  onChange: () => void,
  /** The paused task our list holds for a channel, for Flex's own Resume. */
  pausedTaskOf: (channelSid: string) => string | undefined,
  taskByChannelSid: (channelSid: string) => LeavePauseTask | undefined = flexTaskByChannelSid,
): void {
  const actions = flex.Actions as ActionsWithListeners;
  if (typeof actions.addListener !== 'function') return;
  // Captured before Flex pauses: the task disappears once Twilio closes it.
  const pending = new Map<string, ChannelTaskRef>();
  actions.addListener('beforePauseChannel', (payload) => {
    const channelSid = typeof payload.channelSid === 'string' ? payload.channelSid : undefined;
    const task = channelSid ? taskByChannelSid(channelSid) : undefined;
    const ref = task ? channelRefOf(task) : undefined;
    if (channelSid && ref) pending.set(channelSid, ref);
  });
  actions.addListener('afterPauseChannel', (payload) => {
    const channelSid = typeof payload.channelSid === 'string' ? payload.channelSid : '';
    const ref = pending.get(channelSid);
    pending.delete(channelSid);
    if (ref) void backend.pause(ref).then(onChange, onChange);
  });
  actions.addListener('afterResumeChannel', (payload) => {
    const channelSid = typeof payload.channelSid === 'string' ? payload.channelSid : '';
    const taskSid = pausedTaskOf(channelSid);
    if (taskSid) void backend.resume(taskSid).then(onChange, onChange);
  });
}

/** Flex's own lookup of the task on a channel (TaskHelper.getTaskbyChannelSid), where the runtime has it. */
function flexTaskByChannelSid(channelSid: string): LeavePauseTask | undefined {
  const global = globalThis as unknown as {
    Twilio?: {
      Flex?: { TaskHelper?: { getTaskbyChannelSid?: (sid: string) => LeavePauseTask | undefined } };
    };
  };
  return global.Twilio?.Flex?.TaskHelper?.getTaskbyChannelSid?.(channelSid);
}
