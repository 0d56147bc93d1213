import * as React from 'react';
import { Box } from '@twilio-paste/box';
import { Button } from '@twilio-paste/button';
import { Label } from '@twilio-paste/label';
import { Option, Select } from '@twilio-paste/select';
import { useTheme } from '@twilio-paste/theme';
import { useUID } from '@twilio-paste/uid-library';
import { Alert, Heading, Text } from './paste';

import { failureText } from '../actions';
import type { TeamPausedRow } from '../backend/client';
import { template, type Strings } from '../strings';
import {
  filterRows,
  optionsOf,
  pageOf,
  sortRows,
  toTeamViewRow,
  type TeamFilter,
  type TeamSort,
  type TeamSortKey,
  type TeamViewRow,
} from '../team';
import { countdown } from '../time/countdown';
import { countdownLabel, formatDateTime } from '../time/format';
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import { COUNTDOWN_BADGE_ELEMENT } from './PauseCountdownBadge';

export const TEAM_VIEW_ELEMENT = 'LEAVE_PAUSE_TEAM_VIEW';
/** Rows on one page: enough to scan, few enough that 1,000 paused conversations render at once. */
export const TEAM_PAGE_SIZE = 50;

export interface TeamPausedViewProps {
  records: readonly TeamPausedRow[];
  loading: boolean;
  /** Loading failed: this (already worded) message is shown above the table. */
  error?: string;
  actions: { resumeForAgent: boolean; returnToQueue: boolean };
  onResumeForAgent: (row: TeamViewRow) => Promise<unknown>;
  onReturnToQueue: (row: TeamViewRow) => Promise<unknown>;
  onRefresh?: () => void;
  strings: Strings;
  locale?: string;
  timeZone?: string;
  ticker?: Ticker;
  pageSize?: number;
}

const COLUMNS: { key: TeamSortKey; label: keyof Strings }[] = [
  { key: 'agent', label: 'LeavePauseTeamAgent' },
  { key: 'customer', label: 'LeavePauseTeamCustomer' },
  { key: 'channel', label: 'LeavePauseTeamChannel' },
  { key: 'queue', label: 'LeavePauseTeamQueue' },
  { key: 'reason', label: 'LeavePauseTeamReason' },
  { key: 'pausedAt', label: 'LeavePauseTeamPausedSince' },
  { key: 'deadline', label: 'LeavePauseTeamDeadline' },
  { key: 'unread', label: 'LeavePauseTeamUnread' },
];

type Outcome = { kind: 'success' | 'error'; text: string } | null;

/**
 * The table's cells and buttons are plain elements styled once from the Paste theme's tokens (so both Flex
 * themes apply): a Paste Td, Th or Button per cell costs a styled component each, and 50 rows of them made a
 * page too slow to render (bench/plugin/team-view.ts). The rows' elements are styled by class from one
 * stylesheet per view (`rowCss`); the few header elements keep a style attribute.
 */
function useTableStyles() {
  const theme = useTheme();
  return React.useMemo(() => {
    const cell: React.CSSProperties = {
      padding: `${theme.space.space30} ${theme.space.space40}`,
      borderBottom: `${theme.borderWidths.borderWidth10} solid ${theme.borderColors.colorBorderWeaker}`,
      color: theme.textColors.colorText,
      fontSize: theme.fontSizes.fontSize30,
      textAlign: 'start',
      verticalAlign: 'middle',
    };
    const button: React.CSSProperties = {
      font: 'inherit',
      fontSize: theme.fontSizes.fontSize30,
      fontWeight: Number(theme.fontWeights.fontWeightSemibold),
      color: theme.textColors.colorTextPrimary,
      backgroundColor: theme.backgroundColors.colorBackgroundBody,
      border: `${theme.borderWidths.borderWidth10} solid ${theme.borderColors.colorBorderPrimary}`,
      borderRadius: theme.radii.borderRadius20,
      padding: `${theme.space.space10} ${theme.space.space30}`,
      cursor: 'pointer',
    };
    const badge = (background: string, color: string): React.CSSProperties => ({
      display: 'inline-block',
      backgroundColor: background,
      color,
      borderRadius: theme.radii.borderRadius20,
      padding: `${theme.space.space10} ${theme.space.space30}`,
      fontSize: theme.fontSizes.fontSize20,
      fontWeight: Number(theme.fontWeights.fontWeightSemibold),
      whiteSpace: 'nowrap',
    });
    // The rows' elements take their look from classes (one stylesheet per view), not from a style attribute
    // each: 50 rows of inline styles were a third of a page's render in Chromium (bench/plugin/team-view-browser.ts).
    const rowRules: [string, React.CSSProperties][] = [
      [`.${ROW_CLASSES.cell}`, cell],
      [`.${ROW_CLASSES.rowHead}`, { ...cell, fontWeight: Number(theme.fontWeights.fontWeightSemibold) }],
      [`.${ROW_CLASSES.button}`, button],
      [`.${ROW_CLASSES.button}:disabled`, { cursor: 'wait', opacity: 0.6 }],
      [`.${ROW_CLASSES.actions}`, { display: 'inline-flex', gap: '8px' }],
      [
        `.${ROW_CLASSES.badge}[data-look="normal"]`,
        badge(theme.backgroundColors.colorBackgroundNeutralWeakest, theme.textColors.colorTextNeutral),
      ],
      [
        `.${ROW_CLASSES.badge}[data-look="warning"]`,
        badge(theme.backgroundColors.colorBackgroundWarningWeakest, theme.textColors.colorTextWarningStrong),
      ],
      [
        `.${ROW_CLASSES.badge}[data-look="error"]`,
        badge(theme.backgroundColors.colorBackgroundErrorWeakest, theme.textColors.colorTextErrorStrong),
      ],
    ];
    return {
      rowCss: (scope: string) =>
        rowRules.map(([selector, rule]) => `.${scope} ${selector}{${cssText(rule)}}`).join('\n'),
      table: {
        width: '100%',
        borderCollapse: 'collapse',
        backgroundColor: theme.backgroundColors.colorBackgroundBody,
      } as React.CSSProperties,
      head: {
        ...cell,
        backgroundColor: theme.backgroundColors.colorBackground,
        fontWeight: Number(theme.fontWeights.fontWeightSemibold),
      } as React.CSSProperties,
      sortButton: {
        ...button,
        border: 'none',
        background: 'none',
        padding: 0,
        color: theme.textColors.colorText,
      } as React.CSSProperties,
    };
  }, [theme]);
}

/** The classes of the rows' elements, styled by the view's own stylesheet (useTableStyles's rowCss). */
const ROW_CLASSES = {
  cell: 'leave-pause-team-cell',
  rowHead: 'leave-pause-team-row-head',
  button: 'leave-pause-team-button',
  actions: 'leave-pause-team-actions',
  badge: 'leave-pause-team-badge',
} as const;

/** A style object as CSS declarations (camelCase names to CSS's; numbers as written: no unit is ever implied). */
function cssText(rule: React.CSSProperties): string {
  return Object.entries(rule)
    .map(
      ([name, value]) => `${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}:${String(value)}`,
    )
    .join(';');
}

/**
 * The supervisor's team view: every paused conversation of the contact centre in one real table (caption,
 * column headers, sort buttons whose header carries aria-sort), filtered by agent and by queue, one page of
 * TEAM_PAGE_SIZE rows at a time. Resume for agent and Return to queue show only where the settings allow them;
 * the Functions check the caller's role and the settings again.
 */
export function TeamPausedView({
  records,
  loading,
  error,
  actions,
  onResumeForAgent,
  onReturnToQueue,
  onRefresh,
  strings: s,
  locale,
  timeZone,
  ticker,
  pageSize = TEAM_PAGE_SIZE,
}: TeamPausedViewProps): React.ReactElement {
  const uid = useUID();
  const styles = useTableStyles();
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0];
  const [filter, setFilter] = React.useState<TeamFilter>({ agent: '', queue: '' });
  const [sort, setSort] = React.useState<TeamSort>({ key: 'deadline', direction: 'ascending' });
  const [page, setPage] = React.useState(1);
  const [busy, setBusy] = React.useState<string | null>(null);
  const [outcome, setOutcome] = React.useState<Outcome>(null);

  const rows = React.useMemo(
    () => records.map((record) => toTeamViewRow(record, language, s.LeavePausePausedWorkUnknownCustomer)),
    [records, language, s.LeavePausePausedWorkUnknownCustomer],
  );
  const options = React.useMemo(() => optionsOf(rows, locale), [rows, locale]);
  const shown = React.useMemo(
    () => sortRows(filterRows(rows, filter), sort, locale),
    [rows, filter, sort, locale],
  );
  const current = pageOf(shown, page, pageSize);
  // One subscription for the page's badges: the table re-renders when one of their words or looks changes.
  const now = useServerNow(
    current.rows.map((row) => row.deadline),
    ticker,
  );
  const anyAction = actions.resumeForAgent || actions.returnToQueue;

  const changeFilter = (next: Partial<TeamFilter>) => {
    setFilter((previous) => ({ ...previous, ...next }));
    setPage(1);
  };
  const sortBy = (key: TeamSortKey) =>
    setSort((previous) => ({
      key,
      direction: previous.key === key && previous.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  // The rows are memoised: the handler they get must stay the same object from render to render, so it reads
  // the latest props through a ref rather than closing over them.
  const latest = React.useRef({ onResumeForAgent, onReturnToQueue, s });
  latest.current = { onResumeForAgent, onReturnToQueue, s };
  const act = React.useCallback(async (kind: 'resume' | 'return', row: TeamViewRow) => {
    const { onResumeForAgent, onReturnToQueue, s } = latest.current;
    setBusy(`${kind}:${row.taskSid}`);
    setOutcome(null);
    try {
      await (kind === 'resume' ? onResumeForAgent(row) : onReturnToQueue(row));
      setOutcome({
        kind: 'success',
        text: template(kind === 'resume' ? s.LeavePauseTeamResumed : s.LeavePauseTeamReturned, {
          agent: row.agent,
          customer: row.customer,
        }),
      });
    } catch (failure) {
      // Worded for people (a refusal's own sentence, or that the service cannot be reached), never raw text.
      const message = failureText(failure, s);
      setOutcome({ kind: 'error', text: template(s.LeavePauseTeamActionFailed, { message }) });
    } finally {
      setBusy(null);
    }
  }, []);

  const headingId = `leave-pause-team-${uid}`;
  // The rows' stylesheet applies inside this view only (two views, two themes, never mixed).
  const scope = `leave-pause-team-${String(uid).replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const rowCss = React.useMemo(() => styles.rowCss(scope), [styles, scope]);
  return (
    <Box
      as="section"
      aria-labelledby={headingId}
      element={TEAM_VIEW_ELEMENT}
      padding="space60"
      display="flex"
      flexDirection="column"
      rowGap="space50"
      backgroundColor="colorBackgroundBody"
    >
      <Box display="flex" alignItems="center" justifyContent="space-between" columnGap="space40">
        <Heading as="h2" variant="heading30" id={headingId} marginBottom="space0">
          {s.LeavePauseTeamTitle}
        </Heading>
        {onRefresh ? (
          <Button variant="secondary" size="small" onClick={onRefresh} loading={loading}>
            {s.LeavePauseTeamRefresh}
          </Button>
        ) : null}
      </Box>
      {error ? (
        <Alert variant="error">
          <Text as="span">{template(s.LeavePauseTeamLoadFailed, { message: error })}</Text>
        </Alert>
      ) : null}
      <Box display="flex" columnGap="space60" flexWrap="wrap">
        <Box minWidth="size20">
          <Label htmlFor={`${headingId}-agent`}>{s.LeavePauseTeamFilterAgent}</Label>
          <Select
            id={`${headingId}-agent`}
            value={filter.agent}
            onChange={(event) => changeFilter({ agent: event.target.value })}
          >
            <Option value="">{s.LeavePauseTeamFilterAll}</Option>
            {options.agents.map((option) => (
              <Option key={option.value} value={option.value}>
                {option.label}
              </Option>
            ))}
          </Select>
        </Box>
        <Box minWidth="size20">
          <Label htmlFor={`${headingId}-queue`}>{s.LeavePauseTeamFilterQueue}</Label>
          <Select
            id={`${headingId}-queue`}
            value={filter.queue}
            onChange={(event) => changeFilter({ queue: event.target.value })}
          >
            <Option value="">{s.LeavePauseTeamFilterAll}</Option>
            {options.queues.map((option) => (
              <Option key={option.value} value={option.value}>
                {option.label}
              </Option>
            ))}
          </Select>
        </Box>
      </Box>
      {/* One polite region for the outcome of an action and the loading state. */}
      <div role="status" aria-live="polite">
        {loading && rows.length === 0 ? <Text as="p">{s.LeavePauseTeamLoading}</Text> : null}
        {outcome ? (
          <Text as="p" color={outcome.kind === 'error' ? 'colorTextError' : 'colorTextSuccess'}>
            {outcome.text}
          </Text>
        ) : null}
      </div>
      <div style={{ overflowX: 'auto' }} className={scope}>
        <style>{rowCss}</style>
        <table style={styles.table}>
          <caption style={{ textAlign: 'start', paddingBottom: '8px' }}>
            <Text as="span" color="colorTextWeak">
              {template(s.LeavePauseTeamCaption, { shown: shown.length, total: rows.length })}
            </Text>
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const sorted = sort.key === column.key ? sort.direction : 'none';
                return (
                  <th key={column.key} aria-sort={sorted} scope="col" style={styles.head}>
                    <button
                      type="button"
                      style={styles.sortButton}
                      onClick={() => sortBy(column.key)}
                      aria-label={template(s.LeavePauseTeamSortBy, { column: s[column.label] })}
                    >
                      {s[column.label]}
                      <span aria-hidden="true">
                        {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
              {anyAction ? (
                <th scope="col" style={styles.head}>
                  {s.LeavePauseTeamActions}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {current.rows.length === 0 && !loading ? (
              <tr>
                <td className={ROW_CLASSES.cell} colSpan={COLUMNS.length + (anyAction ? 1 : 0)}>
                  {s.LeavePauseTeamEmpty}
                </td>
              </tr>
            ) : null}
            {current.rows.map((row) => (
              <TeamRow
                key={row.taskSid}
                row={row}
                strings={s}
                now={now}
                locale={locale}
                timeZone={timeZone}
                actions={actions}
                busy={busy}
                onAct={act}
              />
            ))}
          </tbody>
        </table>
      </div>
      {current.pages > 1 ? (
        <Box
          as="nav"
          aria-label={s.LeavePauseTeamTitle}
          display="flex"
          alignItems="center"
          columnGap="space40"
        >
          <Button
            variant="secondary"
            size="small"
            disabled={current.page <= 1}
            onClick={() => setPage(current.page - 1)}
          >
            {s.LeavePauseTeamPrevious}
          </Button>
          <Text as="span">
            {template(s.LeavePauseTeamPage, { page: current.page, pages: current.pages })}
          </Text>
          <Button
            variant="secondary"
            size="small"
            disabled={current.page >= current.pages}
            onClick={() => setPage(current.page + 1)}
          >
            {s.LeavePauseTeamNext}
          </Button>
        </Box>
      ) : null}
    </Box>
  );
}

interface TeamRowProps {
  row: TeamViewRow;
  strings: Strings;
  now: number;
  locale?: string;
  timeZone?: string;
  actions: TeamPausedViewProps['actions'];
  busy: string | null;
  onAct: (kind: 'resume' | 'return', row: TeamViewRow) => Promise<void>;
}

/** One paused conversation; memoised so a sort or a page change re-renders only the rows that change. */
const TeamRow = React.memo(function TeamRow({
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
  const button = (kind: 'resume' | 'return', label: string, name: string) => {
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
