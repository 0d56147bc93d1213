import * as React from 'react';

import { LEAVE_ACTION, PAUSE_ACTION, canLeave, canPause } from '../actions';
import type { LeavePauseTask } from '../actions';
import { LeaveButton, PauseButton } from '../components';
import { REASON_NOTE_MAX_LENGTH, reasonLabel, type LeavePauseConfig } from '../config';
import type { Strings } from '../strings';
import { useUnavailableReason } from './reachability';
import type { FlexGlobal } from './types';

export type FlexForComponents = Pick<
  FlexGlobal,
  'Actions' | 'TaskCanvasHeader' | 'TaskCanvas' | 'TaskListButtons' | 'withTaskContext'
>;

interface TaskProps {
  task?: LeavePauseTask;
}

/** Flex hands the fragment condition the host component's props; only `task` matters here. */
type ConditionProps = { task?: LeavePauseTask };

export const COMPONENT_KEYS = {
  leave: 'leave-pause-leave-button',
  pause: 'leave-pause-pause-button',
  pauseInList: 'leave-pause-pause-list-button',
} as const;

/**
 * Adds the plugin's Leave and Pause buttons to live Conversations tasks. A paused conversation has no task
 * (Twilio closed it), so Resume lives in the Paused work view (pausedWork.tsx), at the bottom of the paused
 * conversation. Nothing is added for a feature that is off, so with both off agents
 * only see Flex's own End task.
 */
export function addComponents(
  flex: FlexForComponents,
  manager: { strings: object; localization?: { localeTag?: string } },
  config: LeavePauseConfig,
): string[] {
  // Read at render time, not captured as values, so strings an admin changes later still apply.
  const strings = (): Strings => manager.strings as Strings;
  const invoke = (action: string, task: LeavePauseTask, extra: object = {}) =>
    flex.Actions.invokeAction(action, { task, ...extra });
  // Pause reasons (issue 18): the admin's reasons in the agent's language; none keeps Pause one click.
  const reasonOptions = () =>
    (config.pause.reasons ?? []).map(({ code }) => ({
      code,
      label: reasonLabel(config.pause.reasons, code, manager.localization?.localeTag) ?? code,
    }));
  const added: string[] = [];

  if (config.leave.enabled) {
    const Leave = ({ task }: TaskProps) => {
      const unavailableReason = useUnavailableReason(strings);
      return task ? (
        <LeaveButton
          label={strings().LeavePauseLeaveButton}
          busyLabel={strings().LeavePauseLeaveBusy}
          onLeave={() => invoke(LEAVE_ACTION, task)}
          unavailableReason={unavailableReason}
        />
      ) : null;
    };
    const LeaveWithTask = flex.withTaskContext(Leave);
    flex.TaskCanvasHeader.Content.add(<LeaveWithTask key={COMPONENT_KEYS.leave} />, {
      if: (props: ConditionProps) => canLeave(props.task, config),
      sortOrder: -1,
    });
    added.push(COMPONENT_KEYS.leave);
  }

  if (config.pause.enabled) {
    const Pause = ({ task }: TaskProps) => {
      const unavailableReason = useUnavailableReason(strings);
      return task ? (
        <PauseButton
          label={strings().LeavePausePauseButton}
          busyLabel={strings().LeavePausePauseBusy}
          onPause={(reason) => invoke(PAUSE_ACTION, task, reason ? { reason } : {})}
          unavailableReason={unavailableReason}
          reasons={reasonOptions()}
          reasonMenuLabel={strings().LeavePausePauseReasonMenu}
          noteLabel={config.pause.reasonNote ? strings().LeavePausePauseReasonNote : undefined}
          noteMaxLength={REASON_NOTE_MAX_LENGTH}
        />
      ) : null;
    };
    const PauseWithTask = flex.withTaskContext(Pause);
    flex.TaskCanvasHeader.Content.add(<PauseWithTask key={COMPONENT_KEYS.pause} />, {
      if: (props: ConditionProps) => canPause(props.task, config),
      sortOrder: -1,
    });
    added.push(COMPONENT_KEYS.pause);
    // Also on the task's own buttons in the task list, so an agent can pause without opening the task.
    flex.TaskListButtons.Content.add(<PauseWithTask key={COMPONENT_KEYS.pauseInList} />, {
      if: (props: ConditionProps) => canPause(props.task, config),
      sortOrder: -1,
    });
    added.push(COMPONENT_KEYS.pauseInList);
  }
  return added;
}
