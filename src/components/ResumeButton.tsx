import * as React from 'react';

import { AsyncActionButton } from './AsyncActionButton';
import type { FocusTargets } from './focus';

export const RESUME_BUTTON_ELEMENT = 'LEAVE_PAUSE_RESUME_BUTTON';

export interface ResumeButtonProps {
  label: string;
  accessibleLabel?: string;
  busyLabel: string;
  onResume: () => Promise<unknown>;
  disabled?: boolean;
  /** The service can't be reached: disabled, with this reason for the agent (see AsyncActionButton). */
  unavailableReason?: string;
  /** At the bottom of a paused task the button takes the place of the message input, so it spans it. */
  fullWidth?: boolean;
  /** Where focus goes after a successful Resume (e.g. the new task, then a status message); see focus.ts. */
  focusAfter?: FocusTargets;
  size?: 'default' | 'small';
}

export function ResumeButton({
  label,
  accessibleLabel,
  busyLabel,
  onResume,
  disabled,
  unavailableReason,
  fullWidth,
  focusAfter,
  size,
}: ResumeButtonProps): React.ReactElement {
  return (
    <AsyncActionButton
      label={label}
      accessibleLabel={accessibleLabel}
      busyLabel={busyLabel}
      action={onResume}
      disabled={disabled}
      unavailableReason={unavailableReason}
      variant="primary"
      element={RESUME_BUTTON_ELEMENT}
      fullWidth={fullWidth}
      focusAfter={focusAfter}
      size={size}
    />
  );
}
