import * as React from 'react';
import { Callout, CalloutText } from '@twilio-paste/core/callout';
import { Text } from '@twilio-paste/core/text';

export const PAUSED_NOTICE_ELEMENT = 'LEAVE_PAUSE_PAUSED_NOTICE';

export interface PausedTaskNoticeProps {
  label: string;
  pausedAtText?: string;
  /** Read by screen readers for the notice's icon, e.g. "(information)" (LeavePausePausedNoticeIconLabel). */
  iconLabel?: string;
}

/**
 * States the paused condition in words, as a Paste Callout in a polite live region. It takes focus by
 * script (tabIndex -1, see `focusPausedNotice`), so focus can land on the paused item after Pause.
 */
export const PausedTaskNotice = React.forwardRef<HTMLDivElement, PausedTaskNoticeProps>(
  function PausedTaskNotice({ label, pausedAtText, iconLabel }, ref) {
    return (
      <Callout
        ref={ref}
        variant="neutral"
        marginY="space0"
        element={PAUSED_NOTICE_ELEMENT}
        i18nLabel={iconLabel}
        role="status"
        tabIndex={-1}
      >
        <CalloutText element={`${PAUSED_NOTICE_ELEMENT}_LABEL`}>
          <Text as="strong" fontWeight="fontWeightSemibold">
            {label}
          </Text>
          {pausedAtText ? (
            <Text as="span" display="block" color="colorTextWeak" element={`${PAUSED_NOTICE_ELEMENT}_TIME`}>
              {pausedAtText}
            </Text>
          ) : null}
        </CalloutText>
      </Callout>
    );
  },
);

/** The first paused notice inside `root`: a focus target for after Pause (see focus.ts). */
export function findPausedNotice(root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-paste-element="${PAUSED_NOTICE_ELEMENT}"]`);
}
