import * as React from 'react';
import { Button } from '@twilio-paste/core/button';
import type { ButtonProps } from '@twilio-paste/core/button';

import { useAsyncAction } from './useAsyncAction';

export interface AsyncActionButtonProps {
  label: string;
  /** A longer name for screen readers where the visible label is ambiguous (a Resume per table row). */
  accessibleLabel?: string;
  busyLabel: string;
  action: () => Promise<unknown>;
  disabled?: boolean;
  variant: ButtonProps['variant'];
  element: string;
  fullWidth?: boolean;
}

/**
 * Shared body of the Leave, Pause and Resume buttons. The busy text, not a colour or a spinner, tells the
 * agent it is working (Paste's `loading` would hide the label and owns aria-busy).
 */
export function AsyncActionButton({
  label,
  accessibleLabel,
  busyLabel,
  action,
  disabled = false,
  variant,
  element,
  fullWidth,
}: AsyncActionButtonProps): React.ReactElement {
  const { busy, run } = useAsyncAction(action);
  return (
    <Button
      variant={variant}
      size="small"
      element={element}
      disabled={disabled || busy}
      fullWidth={fullWidth}
      onClick={run}
      aria-label={busy ? undefined : accessibleLabel}
    >
      {busy ? busyLabel : label}
    </Button>
  );
}
