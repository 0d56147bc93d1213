import * as React from 'react';

import {
  LEAVE_ACTION,
  PAUSE_ACTION,
  RESUME_ACTION,
  canLeave,
  canPause,
  canResume,
  pausedAt,
} from '../actions';
import type { LeavePauseTask } from '../actions';
import { LeaveButton, PauseButton, PausedTaskNotice, ResumeButton } from '../components';
import type { LeavePauseConfig } from '../config';
import { template, type Strings } from '../strings';
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
  paused: 'leave-pause-paused-panel',
} as const;

function formatPausedAt(date: Date, locale: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  } catch {
    return date.toISOString();
  }
}

/**
 * Adds the plugin's buttons to Flex. Nothing is added for a feature that is off, so with both off agents
 * only see Flex's own End task.
 */
export function addComponents(
  flex: FlexForComponents,
  manager: { strings: object; localization?: { localeTag?: string } },
  config: LeavePauseConfig,
): string[] {
  // Read at render time, not captured as values, so strings an admin changes later still apply.
  const strings = (): Strings => manager.strings as Strings;
  const invoke = (action: string, task: LeavePauseTask) => flex.Actions.invokeAction(action, { task });
  const added: string[] = [];

  if (config.leave.enabled) {
    const Leave = ({ task }: TaskProps) =>
      task ? (
        <LeaveButton
          label={strings().LeavePauseLeaveButton}
          busyLabel={strings().LeavePauseLeaveBusy}
          onLeave={() => invoke(LEAVE_ACTION, task)}
        />
      ) : null;
    const LeaveWithTask = flex.withTaskContext(Leave);
    flex.TaskCanvasHeader.Content.add(<LeaveWithTask key={COMPONENT_KEYS.leave} />, {
      if: (props: ConditionProps) => canLeave(props.task, config),
      sortOrder: -1,
    });
    added.push(COMPONENT_KEYS.leave);
  }

  if (config.pause.enabled) {
    const Pause = ({ task }: TaskProps) =>
      task ? (
        <PauseButton
          label={strings().LeavePausePauseButton}
          busyLabel={strings().LeavePausePauseBusy}
          onPause={() => invoke(PAUSE_ACTION, task)}
        />
      ) : null;
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

    const Paused = ({ task }: TaskProps) => {
      if (!task) return null;
      const at = pausedAt(task);
      const s = strings();
      return (
        <div style={{ display: 'flex', flexDirection: 'column', gap: '8px', padding: '12px' }}>
          <PausedTaskNotice
            label={s.LeavePausePausedLabel}
            pausedAtText={
              at
                ? template(s.LeavePausePausedAt, {
                    time: formatPausedAt(at, manager.localization?.localeTag),
                  })
                : undefined
            }
          />
          <ResumeButton
            label={s.LeavePauseResumeButton}
            busyLabel={s.LeavePauseResumeBusy}
            onResume={() => invoke(RESUME_ACTION, task)}
            fullWidth
          />
        </div>
      );
    };
    const PausedWithTask = flex.withTaskContext(Paused);
    // The bottom of the task canvas: a paused task has no live message input to hang it on, and the
    // canvas itself is present for every task channel, including the 'paused' one.
    flex.TaskCanvas.Content.add(<PausedWithTask key={COMPONENT_KEYS.paused} />, {
      if: (props: ConditionProps) => canResume(props.task, config),
      sortOrder: 1000,
    });
    added.push(COMPONENT_KEYS.paused);
  }
  return added;
}
