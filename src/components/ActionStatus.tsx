import * as React from 'react';
import { Box } from '@twilio-paste/box';
import { ErrorIcon } from '@twilio-paste/icons/esm/ErrorIcon';
import { SuccessIcon } from '@twilio-paste/icons/esm/SuccessIcon';

import { Text } from './paste';

export const ACTION_STATUS_ELEMENT = 'LEAVE_PAUSE_ACTION_STATUS';

export interface ActionStatusProps {
  /** What just happened, e.g. "You left the conversation…"; empty renders an empty (silent) region. */
  message: string;
  variant?: 'neutral' | 'success' | 'error';
  /** Read before the message by screen readers for success and error, e.g. "(success)". */
  variantLabel?: string;
  /**
   * Changing this (to anything but undefined) moves focus to the message: the last-resort focus target
   * after Leave, Pause or Resume when there is no next task or paused item to go to.
   */
  focusKey?: string | number;
}

/**
 * A status message that is both a polite live region and a focus target (tabIndex -1: reachable by
 * script, not in the tab order). Also usable as a `focusAfter` target through its ref.
 */
export const ActionStatus = React.forwardRef<HTMLDivElement, ActionStatusProps>(function ActionStatus(
  { message, variant = 'neutral', variantLabel, focusKey },
  ref,
) {
  const own = React.useRef<HTMLDivElement>(null);
  React.useImperativeHandle(ref, () => own.current as HTMLDivElement);
  // Only a new focusKey moves focus: a message updated later must not pull focus from where the agent is.
  const hasMessage = React.useRef(false);
  hasMessage.current = message !== '';
  React.useEffect(() => {
    if (focusKey !== undefined && hasMessage.current) own.current?.focus();
  }, [focusKey]);
  const color =
    variant === 'error' ? 'colorTextError' : variant === 'success' ? 'colorTextSuccess' : 'colorText';
  const Icon = variant === 'error' ? ErrorIcon : variant === 'success' ? SuccessIcon : undefined;
  return (
    <Box
      ref={own}
      role="status"
      tabIndex={-1}
      element={ACTION_STATUS_ELEMENT}
      display="flex"
      alignItems="center"
      columnGap="space20"
      borderRadius="borderRadius20"
      _focus={{ outline: 'none', boxShadow: 'shadowFocus' }}
    >
      {message && Icon ? (
        <Icon
          decorative={!variantLabel}
          title={variantLabel}
          color={color}
          element={`${ACTION_STATUS_ELEMENT}_ICON`}
        />
      ) : null}
      <Text as="span" color={color} element={`${ACTION_STATUS_ELEMENT}_TEXT`}>
        {message}
      </Text>
    </Box>
  );
});
