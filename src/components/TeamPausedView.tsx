import * as React from 'react';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Heading } from '@twilio-paste/core/heading';
import { Label } from '@twilio-paste/core/label';
import { Option, Select } from '@twilio-paste/core/select';
import { Table, TBody, THead, Td, Th, Tr } from '@twilio-paste/core/table';
import { Text } from '@twilio-paste/core/text';
import { useUID } from '@twilio-paste/core/uid-library';

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
import { formatDateTime } from '../time/format';
import type { Ticker } from '../time/ticker';
import { LivePauseCountdownBadge } from './LivePauseCountdownBadge';

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

  const act = async (kind: 'resume' | 'return', row: TeamViewRow) => {
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
      const message = failure instanceof Error ? failure.message : String(failure);
      setOutcome({ kind: 'error', text: template(s.LeavePauseTeamActionFailed, { message }) });
    } finally {
      setBusy(null);
    }
  };

  const headingId = `leave-pause-team-${uid}`;
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
      <Table scrollHorizontally>
        <caption style={{ textAlign: 'start', paddingBottom: '8px' }}>
          <Text as="span" color="colorTextWeak">
            {template(s.LeavePauseTeamCaption, { shown: shown.length, total: rows.length })}
          </Text>
        </caption>
        <THead>
          <Tr>
            {COLUMNS.map((column) => {
              const sorted = sort.key === column.key ? sort.direction : 'none';
              return (
                <Th key={column.key} aria-sort={sorted} scope="col">
                  <Button
                    variant="reset"
                    size="reset"
                    onClick={() => sortBy(column.key)}
                    aria-label={template(s.LeavePauseTeamSortBy, { column: s[column.label] })}
                  >
                    <Text as="span" fontWeight="fontWeightSemibold">
                      {s[column.label]}
                      <span aria-hidden="true">
                        {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
                      </span>
                    </Text>
                  </Button>
                </Th>
              );
            })}
            {anyAction ? <Th scope="col">{s.LeavePauseTeamActions}</Th> : null}
          </Tr>
        </THead>
        <TBody>
          {current.rows.length === 0 && !loading ? (
            <Tr>
              <Td colSpan={COLUMNS.length + (anyAction ? 1 : 0)}>{s.LeavePauseTeamEmpty}</Td>
            </Tr>
          ) : null}
          {current.rows.map((row) => (
            <TeamRow
              key={row.taskSid}
              row={row}
              strings={s}
              locale={locale}
              timeZone={timeZone}
              ticker={ticker}
              actions={actions}
              busy={busy}
              onAct={act}
            />
          ))}
        </TBody>
      </Table>
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
  locale?: string;
  timeZone?: string;
  ticker?: Ticker;
  actions: TeamPausedViewProps['actions'];
  busy: string | null;
  onAct: (kind: 'resume' | 'return', row: TeamViewRow) => Promise<void>;
}

/** One paused conversation; memoised so a sort or a page change re-renders only the rows that change. */
const TeamRow = React.memo(function TeamRow({
  row,
  strings: s,
  locale,
  timeZone,
  ticker,
  actions,
  busy,
  onAct,
}: TeamRowProps): React.ReactElement {
  const none = s.LeavePauseTeamNone;
  return (
    <Tr data-task-sid={row.taskSid}>
      <Th scope="row">{row.agent}</Th>
      <Td>{row.customer}</Td>
      <Td>{row.channel || none}</Td>
      <Td>{row.queue || none}</Td>
      <Td>{row.reason || none}</Td>
      <Td>
        {Number.isFinite(row.pausedAt)
          ? formatDateTime(new Date(row.pausedAt), locale, timeZone)
          : s.LeavePausePausedWorkUnknownTime}
      </Td>
      <Td>
        <LivePauseCountdownBadge
          reassignAt={row.deadline}
          estimated={row.deadlineEstimated}
          strings={s}
          locale={locale}
          timeZone={timeZone}
          ticker={ticker}
        />
      </Td>
      <Td>
        {row.unread > 0 ? (
          <span aria-label={template(s.LeavePauseTeamUnreadLabel, { count: row.unread })}>{row.unread}</span>
        ) : (
          <span aria-label={template(s.LeavePauseTeamUnreadLabel, { count: 0 })}>0</span>
        )}
      </Td>
      {actions.resumeForAgent || actions.returnToQueue ? (
        <Td>
          <Box display="flex" columnGap="space30">
            {actions.resumeForAgent ? (
              <Button
                variant="secondary"
                size="small"
                loading={busy === `resume:${row.taskSid}`}
                disabled={busy !== null}
                aria-label={template(s.LeavePauseTeamResumeForAgentLabel, {
                  customer: row.customer,
                  agent: row.agent,
                })}
                onClick={() => void onAct('resume', row)}
              >
                {s.LeavePauseTeamResumeForAgent}
              </Button>
            ) : null}
            {actions.returnToQueue ? (
              <Button
                variant="secondary"
                size="small"
                loading={busy === `return:${row.taskSid}`}
                disabled={busy !== null}
                aria-label={template(s.LeavePauseTeamReturnLabel, { customer: row.customer })}
                onClick={() => void onAct('return', row)}
              >
                {s.LeavePauseTeamReturn}
              </Button>
            ) : null}
          </Box>
        </Td>
      ) : null}
    </Tr>
  );
});
