import * as React from 'react';

import { AsyncActionButton } from './AsyncActionButton';
import type { FocusTargets } from './focus';

export const LEAVE_BUTTON_ELEMENT = 'LEAVE_PAUSE_LEAVE_BUTTON';

export interface LeaveButtonProps {
  label: string;
  busyLabel: string;
  onLeave: () => Promise<unknown>;
  disabled?: boolean;
  /** The service can't be reached: disabled, with this reason for the agent (see AsyncActionButton). */
  unavailableReason?: string;
  /** Where focus goes after a successful Leave (e.g. the next task, then a status message); see focus.ts. */
  focusAfter?: FocusTargets;
  /** Flex's task header buttons are small; defaults to small. */
  size?: 'default' | 'small';
}

export function LeaveButton({
  label,
  busyLabel,
  onLeave,
  disabled,
  unavailableReason,
  focusAfter,
  size = 'small',
}: LeaveButtonProps): React.ReactElement {
  return (
    <AsyncActionButton
      label={label}
      busyLabel={busyLabel}
      action={onLeave}
      disabled={disabled}
      unavailableReason={unavailableReason}
      variant="secondary"
      size={size}
      focusAfter={focusAfter}
      element={LEAVE_BUTTON_ELEMENT}
    />
  );
}
