import * as React from 'react';

import { AsyncActionButton } from './AsyncActionButton';
import type { FocusTargets } from './focus';

export const PAUSE_BUTTON_ELEMENT = 'LEAVE_PAUSE_PAUSE_BUTTON';

export interface PauseButtonProps {
  label: string;
  busyLabel: string;
  onPause: () => Promise<unknown>;
  disabled?: boolean;
  /** The service can't be reached: disabled, with this reason for the agent (see AsyncActionButton). */
  unavailableReason?: string;
  /** Where focus goes after a successful Pause (e.g. the paused item, then a status message); see focus.ts. */
  focusAfter?: FocusTargets;
  /** Flex's task header buttons are small; defaults to small. */
  size?: 'default' | 'small';
}

export function PauseButton({
  label,
  busyLabel,
  onPause,
  disabled,
  unavailableReason,
  focusAfter,
  size = 'small',
}: PauseButtonProps): React.ReactElement {
  return (
    <AsyncActionButton
      label={label}
      busyLabel={busyLabel}
      action={onPause}
      disabled={disabled}
      unavailableReason={unavailableReason}
      variant="secondary"
      size={size}
      focusAfter={focusAfter}
      element={PAUSE_BUTTON_ELEMENT}
    />
  );
}
