import * as React from 'react';

import { AsyncActionButton } from './AsyncActionButton';

export const LEAVE_BUTTON_ELEMENT = 'LEAVE_PAUSE_LEAVE_BUTTON';

export interface LeaveButtonProps {
  label: string;
  busyLabel: string;
  onLeave: () => Promise<unknown>;
  disabled?: boolean;
}

export function LeaveButton({ label, busyLabel, onLeave, disabled }: LeaveButtonProps): React.ReactElement {
  return (
    <AsyncActionButton
      label={label}
      busyLabel={busyLabel}
      action={onLeave}
      disabled={disabled}
      variant="secondary"
      element={LEAVE_BUTTON_ELEMENT}
    />
  );
}
