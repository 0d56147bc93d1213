import * as React from 'react';
import { Button } from '@twilio-paste/button';
import { useUID } from '@twilio-paste/uid-library';

import { focusIsLost, moveFocus, type FocusTargets } from './focus';
import { useAsyncAction } from './useAsyncAction';
import { ScreenReaderOnly } from './paste';

export interface AsyncActionButtonProps {
  label: string;
  /** A longer name for screen readers where the visible label is ambiguous (a Resume per table row). */
  accessibleLabel?: string;
  busyLabel: string;
  action: () => Promise<unknown>;
  disabled?: boolean;
  variant: 'primary' | 'secondary';
  /** Paste customisation name (`data-paste-element`). */
  element: string;
  fullWidth?: boolean;
  size?: 'default' | 'small';
  /**
   * Where focus goes once the action succeeded, first present target first (see focus.ts). Only used when
   * focus was lost (the button left the page or focus fell to the body) or is still on this button.
   */
  focusAfter?: FocusTargets;
  /** Set while the action cannot work (the service can't be reached): the button is disabled and says why. */
  unavailableReason?: string;
}

/**
 * Shared body of the Leave, Pause and Resume buttons: Paste's Button, themed by Flex through
 * LeavePauseThemeProvider. The busy text, not a colour or a spinner, tells the agent it is working.
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
  size = 'default',
  focusAfter,
  unavailableReason,
}: AsyncActionButtonProps): React.ReactElement {
  const button = React.useRef<HTMLButtonElement>(null);
  const reasonId = useUID();
  const { busy, run } = useAsyncAction(action, {
    onSuccess: () => {
      if (focusAfter && focusIsLost(document, button.current)) moveFocus(focusAfter);
    },
    // Disabling a focused button drops focus to the body in some browsers: give it back for the retry.
    onFailure: () => {
      if (button.current && focusIsLost(document)) button.current.focus();
    },
  });
  return (
    <>
      <Button
        ref={button}
        variant={variant}
        size={size}
        element={element}
        disabled={disabled || busy || unavailableReason !== undefined}
        onClick={run}
        fullWidth={fullWidth}
        aria-label={busy ? undefined : accessibleLabel}
        aria-describedby={unavailableReason !== undefined ? reasonId : undefined}
        title={unavailableReason}
      >
        {busy ? busyLabel : label}
      </Button>
      {unavailableReason !== undefined ? (
        <ScreenReaderOnly id={reasonId}>{unavailableReason}</ScreenReaderOnly>
      ) : null}
    </>
  );
}
