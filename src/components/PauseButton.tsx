import * as React from 'react';

import { AsyncActionButton } from './AsyncActionButton';

export const PAUSE_BUTTON_ELEMENT = 'LEAVE_PAUSE_PAUSE_BUTTON';

export interface PauseButtonProps {
  label: string;
  busyLabel: string;
  onPause: () => Promise<unknown>;
  disabled?: boolean;
}

export function PauseButton({ label, busyLabel, onPause, disabled }: PauseButtonProps): React.ReactElement {
  return (
    <AsyncActionButton
      label={label}
      busyLabel={busyLabel}
      action={onPause}
      disabled={disabled}
      variant="secondary"
      element={PAUSE_BUTTON_ELEMENT}
    />
  );
}
