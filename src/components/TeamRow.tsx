import * as React from 'react';

import type { Strings } from '../strings';
import { template } from '../strings';
import type { TeamViewRow } from '../team';
import { countdown } from '../time/countdown';
import { countdownLabel, formatDateTime } from '../time/format';
import { COUNTDOWN_BADGE_ELEMENT } from './PauseCountdownBadge';
import { ROW_CLASSES } from './teamTableStyles';

/** Which of the supervisor's actions the settings offer (the Functions check them again). */
export interface TeamActions {
  resumeForAgent: boolean;
  returnToQueue: boolean;
}

export type TeamActionKind = 'resume' | 'return';

export interface TeamRowProps {
  row: TeamViewRow;
  strings: Strings;
  now: number;
  locale?: string;
  timeZone?: string;
  actions: TeamActions;
  busy: string | null;
  onAct: (kind: TeamActionKind, row: TeamViewRow) => Promise<void>;
}

/** One paused conversation; memoised so a sort or a page change re-renders only the rows that change. */
export const TeamRow = React.memo(function TeamRow({
  row,
  strings: s,
  now,
  locale,
  timeZone,
  actions,
  busy,
  onAct,
}: TeamRowProps): React.ReactElement {
  const none = s.LeavePauseTeamNone;
  const cell = ROW_CLASSES.cell;
  // Formatted once per row and kept while its time, language and zone stay: a re-sort or a tick re-renders
  // a row without formatting its date again.
  const pausedSince = React.useMemo(
    () =>
      Number.isFinite(row.pausedAt)
        ? formatDateTime(new Date(row.pausedAt), locale, timeZone)
        : s.LeavePausePausedWorkUnknownTime,
    [row.pausedAt, locale, timeZone, s.LeavePausePausedWorkUnknownTime],
  );
  const button = (kind: TeamActionKind, label: string, name: string) => {
    const mine = busy === `${kind}:${row.taskSid}`;
    return (
      <button
        type="button"
        className={ROW_CLASSES.button}
        disabled={busy !== null}
        aria-busy={mine}
        aria-label={label}
        onClick={() => void onAct(kind, row)}
      >
        {mine ? s.LeavePauseTeamBusy : name}
      </button>
    );
  };
  return (
    <tr data-task-sid={row.taskSid}>
      <th scope="row" className={ROW_CLASSES.rowHead}>
        {row.agent}
      </th>
      <td className={cell}>{row.customer}</td>
      <td className={cell}>{row.channel || none}</td>
      <td className={cell}>{row.queue || none}</td>
      <td className={cell}>{row.reason || none}</td>
      <td className={cell}>{pausedSince}</td>
      <td className={cell}>
        <TeamDeadline
          deadline={row.deadline}
          estimated={row.deadlineEstimated}
          now={now}
          strings={s}
          locale={locale}
          timeZone={timeZone}
        />
      </td>
      <td className={cell}>
        <span aria-label={template(s.LeavePauseTeamUnreadLabel, { count: row.unread })}>{row.unread}</span>
      </td>
      {actions.resumeForAgent || actions.returnToQueue ? (
        <td className={cell}>
          <span className={ROW_CLASSES.actions}>
            {actions.resumeForAgent
              ? button(
                  'resume',
                  template(s.LeavePauseTeamResumeForAgentLabel, { customer: row.customer, agent: row.agent }),
                  s.LeavePauseTeamResumeForAgent,
                )
              : null}
            {actions.returnToQueue
              ? button(
                  'return',
                  template(s.LeavePauseTeamReturnLabel, { customer: row.customer }),
                  s.LeavePauseTeamReturn,
                )
              : null}
          </span>
        </td>
      ) : null}
    </tr>
  );
});

/**
 * The countdown badge's words and looks (the same countdown and wording as PauseCountdownBadge: the words change
 * with the look, so colour is never the only signal), drawn as one token-styled span: a Paste Badge with its
 * tooltip per row was most of a page's render time. The exact time is the span's accessible description.
 */
function TeamDeadline({
  deadline,
  estimated,
  now,
  strings,
  locale,
  timeZone,
}: {
  deadline: number;
  estimated: boolean;
  now: number;
  strings: Strings;
  locale?: string;
  timeZone?: string;
}): React.ReactElement {
  const value = countdown(deadline, now);
  // The exact time does not change as the countdown ticks: formatted once per deadline, language and zone.
  const exactTemplate = estimated
    ? strings.LeavePauseCountdownTooltipEstimated
    : strings.LeavePauseCountdownTooltip;
  const exact = React.useMemo(
    () => template(exactTemplate, { time: formatDateTime(new Date(deadline), locale, timeZone) }),
    [exactTemplate, deadline, locale, timeZone],
  );
  return (
    <span
      className={ROW_CLASSES.badge}
      data-paste-element={COUNTDOWN_BADGE_ELEMENT}
      data-look={value.look}
      title={exact}
    >
      {countdownLabel(value, strings, locale)}
    </span>
  );
}
