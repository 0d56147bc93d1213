import * as React from 'react';

import type { PausedWorkItem } from '../paused';
import { template, type Strings } from '../strings';
import { formatDateTime, type CountdownStrings } from '../time/format';
import { PauseCountdownBadge } from './PauseCountdownBadge';
import { ResumeButton } from './ResumeButton';
import { ensureStyles, useId } from './ui';

export const PAUSED_WORK_LIST_ELEMENT = 'LEAVE_PAUSE_PAUSED_WORK_LIST';

export type PausedWorkListStrings = CountdownStrings &
  Pick<
    Strings,
    | 'LeavePausePausedWorkTitle'
    | 'LeavePausePausedWorkEmpty'
    | 'LeavePausePausedWorkLoading'
    | 'LeavePausePausedWorkCustomer'
    | 'LeavePausePausedWorkChannel'
    | 'LeavePausePausedWorkPausedAt'
    | 'LeavePausePausedWorkReassign'
    | 'LeavePausePausedWorkActions'
    | 'LeavePausePausedWorkResume'
    | 'LeavePausePausedWorkResumeLabel'
    | 'LeavePauseResumeBusy'
  >;

export interface PausedWorkListProps {
  items: readonly PausedWorkItem[];
  loading: boolean;
  /** Server-corrected current time in ms. */
  now: number;
  onResume: (taskSid: string) => Promise<unknown>;
  /** Opens the paused conversation (its transcript and Resume); the customer's name becomes a button. */
  onOpen?: (taskSid: string) => void;
  strings: PausedWorkListStrings;
  locale?: string;
  timeZone?: string;
}

/** The agent's paused conversations as a table: who, which channel, since when, time left, and Resume. */
export function PausedWorkList({
  items,
  loading,
  now,
  onResume,
  onOpen,
  strings,
  locale,
  timeZone,
}: PausedWorkListProps): React.ReactElement {
  ensureStyles();
  const headingId = useId('leave-pause-paused-work');
  let body: React.ReactNode;
  if (loading) {
    body = (
      <p role="status" className="lp-weak" data-paste-element={`${PAUSED_WORK_LIST_ELEMENT}_LOADING`}>
        {strings.LeavePausePausedWorkLoading}
      </p>
    );
  } else if (items.length === 0) {
    body = (
      <p role="status" className="lp-weak" data-paste-element={`${PAUSED_WORK_LIST_ELEMENT}_EMPTY`}>
        {strings.LeavePausePausedWorkEmpty}
      </p>
    );
  } else {
    body = (
      <table className="lp-table" aria-labelledby={headingId} data-paste-element={PAUSED_WORK_LIST_ELEMENT}>
        <thead>
          <tr>
            <th scope="col">{strings.LeavePausePausedWorkCustomer}</th>
            <th scope="col">{strings.LeavePausePausedWorkChannel}</th>
            <th scope="col">{strings.LeavePausePausedWorkPausedAt}</th>
            <th scope="col">{strings.LeavePausePausedWorkReassign}</th>
            <th scope="col">{strings.LeavePausePausedWorkActions}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.taskSid}>
              <th scope="row">
                {onOpen ? (
                  <button type="button" className="lp-link" onClick={() => onOpen(item.taskSid)}>
                    {item.customerName}
                  </button>
                ) : (
                  item.customerName
                )}
              </th>
              <td>{item.channel}</td>
              <td>{item.pausedAt ? formatDateTime(item.pausedAt, locale, timeZone) : '—'}</td>
              <td>
                <PauseCountdownBadge
                  reassignAt={item.reassignAt}
                  now={now}
                  locale={locale}
                  timeZone={timeZone}
                  strings={strings}
                />
              </td>
              <td>
                <ResumeButton
                  label={strings.LeavePausePausedWorkResume}
                  accessibleLabel={template(strings.LeavePausePausedWorkResumeLabel, {
                    customer: item.customerName,
                  })}
                  busyLabel={strings.LeavePauseResumeBusy}
                  onResume={() => onResume(item.taskSid)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <section className="lp-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="lp-h">
        {strings.LeavePausePausedWorkTitle}
      </h2>
      {body}
    </section>
  );
}
