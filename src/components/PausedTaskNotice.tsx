import * as React from 'react';

import { ensureStyles, Icon } from './ui';

export const PAUSED_NOTICE_ELEMENT = 'LEAVE_PAUSE_PAUSED_NOTICE';

export interface PausedTaskNoticeProps {
  label: string;
  pausedAtText?: string;
}

/** States the paused condition in words (the icon is decorative), as a polite live region for screen readers. */
export function PausedTaskNotice({ label, pausedAtText }: PausedTaskNoticeProps): React.ReactElement {
  ensureStyles();
  return (
    <div className="lp-notice" data-paste-element={PAUSED_NOTICE_ELEMENT} role="status">
      <Icon name="pause" element={`${PAUSED_NOTICE_ELEMENT}_ICON`} />
      <span className="lp-notice__label" data-paste-element={`${PAUSED_NOTICE_ELEMENT}_LABEL`}>
        {label}
      </span>
      {pausedAtText ? (
        <span className="lp-weak" data-paste-element={`${PAUSED_NOTICE_ELEMENT}_TIME`}>
          {pausedAtText}
        </span>
      ) : null}
    </div>
  );
}
