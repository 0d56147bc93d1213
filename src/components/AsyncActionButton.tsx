import * as React from 'react';

import { ensureStyles } from './ui';
import { useAsyncAction } from './useAsyncAction';

export interface AsyncActionButtonProps {
  label: string;
  /** A longer name for screen readers where the visible label is ambiguous (a Resume per table row). */
  accessibleLabel?: string;
  busyLabel: string;
  action: () => Promise<unknown>;
  disabled?: boolean;
  variant: 'primary' | 'secondary';
  element: string;
  fullWidth?: boolean;
}

/**
 * Shared body of the Leave, Pause and Resume buttons. The busy text, not a colour or a spinner, tells the
 * agent it is working. A native button styled with Paste's tokens (see ui/styles.ts) rather than Paste's
 * Button, which would bring Paste's whole theme engine into the bundle.
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
  ensureStyles();
  const { busy, run } = useAsyncAction(action);
  return (
    <button
      type="button"
      className={`lp-btn lp-btn--${variant}${fullWidth ? ' lp-btn--full' : ''}`}
      data-paste-element={element}
      disabled={disabled || busy}
      onClick={run}
      aria-label={busy ? undefined : accessibleLabel}
    >
      {busy ? busyLabel : label}
    </button>
  );
}
