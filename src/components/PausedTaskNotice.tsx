import * as React from 'react';

import { Alert, Text } from './paste';

export const PAUSED_NOTICE_ELEMENT = 'LEAVE_PAUSE_PAUSED_NOTICE';

export interface PausedTaskNoticeProps {
  label: string;
  pausedAtText?: string;
  /** Read by screen readers for the notice's icon, e.g. "(information)" (LeavePausePausedNoticeIconLabel). */
  iconLabel?: string;
}

/**
 * States the paused condition in words, as a neutral Alert in Paste's look (a polite status region, src/components/paste.tsx). It takes focus
 * by script (tabIndex -1, see `findPausedNotice`), so focus can land on the paused item after Pause.
 * Alert rather than Callout: the list's load error is an Alert already, and Callout would add its own
 * code to the bundle for the same look.
 */
export const PausedTaskNotice = React.forwardRef<HTMLDivElement, PausedTaskNoticeProps>(
  function PausedTaskNotice({ label, pausedAtText, iconLabel }, ref) {
    return (
      <Alert
        ref={ref}
        variant="neutral"
        element={PAUSED_NOTICE_ELEMENT}
        i18nNeutralLabel={iconLabel}
        role="status"
        tabIndex={-1}
      >
        <Text as="span" fontWeight="fontWeightSemibold" element={`${PAUSED_NOTICE_ELEMENT}_LABEL`}>
          {label}
        </Text>
        {pausedAtText ? (
          <Text as="span" display="block" color="colorTextWeak" element={`${PAUSED_NOTICE_ELEMENT}_TIME`}>
            {pausedAtText}
          </Text>
        ) : null}
      </Alert>
    );
  },
);

/** The first paused notice inside `root`: a focus target for after Pause (see focus.ts). */
export function findPausedNotice(root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-paste-element="${PAUSED_NOTICE_ELEMENT}"]`);
}
