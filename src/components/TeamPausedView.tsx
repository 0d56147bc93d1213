import * as React from 'react';
import { Box } from '@twilio-paste/box';
import { Button } from '@twilio-paste/button';
import { useUID } from '@twilio-paste/uid-library';
import { Alert, Heading, Text } from './paste';
import { Label, Option, Select } from './pasteForm';

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
import type { Ticker } from '../time/ticker';
import { useServerNow } from '../time/useServerNow';
import { ROW_CLASSES, useTableStyles } from './teamTableStyles';
import { TeamRow, type TeamActionKind, type TeamActions } from './TeamRow';

export const TEAM_VIEW_ELEMENT = 'LEAVE_PAUSE_TEAM_VIEW';
/** Rows on one page: enough to scan, few enough that 1,000 paused conversations render at once. */
export const TEAM_PAGE_SIZE = 50;

export interface TeamPausedViewProps {
  records: readonly TeamPausedRow[];
  loading: boolean;
  /** Loading failed: this (already worded) message is shown above the table. */
  error?: string;
  actions: TeamActions;
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
  const act = React.useCallback(async (kind: TeamActionKind, row: TeamViewRow) => {
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
        <FilterSelect
          id={`${headingId}-agent`}
          label={s.LeavePauseTeamFilterAgent}
          all={s.LeavePauseTeamFilterAll}
          value={filter.agent}
          options={options.agents}
          onChange={(agent) => changeFilter({ agent })}
        />
        <FilterSelect
          id={`${headingId}-queue`}
          label={s.LeavePauseTeamFilterQueue}
          all={s.LeavePauseTeamFilterAll}
          value={filter.queue}
          options={options.queues}
          onChange={(queue) => changeFilter({ queue })}
        />
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

/** One filter: a labelled select, "all" first, then the options found in the rows. */
function FilterSelect({
  id,
  label,
  all,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  all: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}): React.ReactElement {
  return (
    <Box minWidth="size20">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <Option value="">{all}</Option>
        {options.map((option) => (
          <Option key={option.value} value={option.value}>
            {option.label}
          </Option>
        ))}
      </Select>
    </Box>
  );
}
