import * as React from 'react';
import { Button } from '@twilio-paste/button';
import { Box } from '@twilio-paste/box';
import { useUID } from '@twilio-paste/uid-library';

import { template, type Strings } from '../strings';
import { toEpochMs } from '../time/countdown';
import {
  formatDateTime,
  reassignRelative,
  type CountdownStrings,
  type RelativeStrings,
} from '../time/format';
import { focusIsLost, moveFocus, type FocusTargets } from './focus';
import { Alert, Heading, Paragraph, Table, TBody, THead, Td, Text, Th, Tr } from './paste';
import { PauseCountdownBadge } from './PauseCountdownBadge';
import { RESUME_BUTTON_ELEMENT, ResumeButton } from './ResumeButton';
import { UnreadCount, type UnreadCountStrings } from './UnreadCount';

export const PAUSED_WORK_LIST_ELEMENT = 'LEAVE_PAUSE_PAUSED_WORK_LIST';

/**
 * One paused conversation. Fed from Flex's task list (src/paused) or from the server's paused-work
 * endpoint, whose names are accepted too: `customer`, `channelType`, `deadline`. Dates may be Date objects,
 * ISO strings or epoch milliseconds.
 */
export interface PausedWorkListItem {
  taskSid: string;
  conversationSid?: string;
  customerName?: string;
  customer?: string;
  /** The conversation's own channel (chat, sms, whatsapp…), not the 'paused' parking channel. */
  channel?: string;
  channelType?: string;
  pausedAt?: Date | string | number;
  /** When it goes back to the queue (the pause deadline). */
  reassignAt?: Date | string | number;
  deadline?: Date | string | number;
  /** The deadline is pausedAt + the admin's limit, because Twilio's answer had no `status_timeout`. */
  deadlineEstimated?: boolean;
  /** Pause reasons (issue 18): the reason picked at Pause (labels as worded then) and the agent's note. */
  reason?: { code: string; label: { en: string; es?: string }; note?: string };
  /** Pause events: the customer's messages since the pause. */
  unread?: { count: number };
}

export type PausedWorkListStrings = CountdownStrings &
  RelativeStrings &
  UnreadCountStrings &
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
    | 'LeavePausePausedWorkUnknownCustomer'
    | 'LeavePausePausedWorkUnknownTime'
    | 'LeavePauseAlertErrorLabel'
    | 'LeavePauseResumeBusy'
    | 'LeavePauseDeadlineEstimated'
  > &
  // Pause reasons (issue 18): optional, so callers that show no reasons need not pass it.
  Partial<Pick<Strings, 'LeavePausePausedWorkReason'>>;

export interface PausedWorkListProps {
  items: readonly PausedWorkListItem[];
  loading: boolean;
  /** Server-corrected current time in ms. */
  now: number;
  /** The item is passed too, for callers that need its conversation SID. */
  onResume: (taskSid: string, item: PausedWorkListItem) => Promise<unknown>;
  /** Opens the paused conversation (its transcript and Resume); the customer's name becomes a button. */
  onOpen?: (taskSid: string) => void;
  strings: PausedWorkListStrings;
  locale?: string;
  timeZone?: string;
  /** Loading the list failed: this (already worded) message is shown in an error Alert above it. */
  error?: string;
  /**
   * Focus this conversation's Resume button when it is listed — e.g. the item just paused. Changing
   * `focusKey` asks again for the same task.
   */
  focusTaskSid?: string;
  focusKey?: string | number;
  /**
   * Where focus goes after a successful Resume from this list: the resumed conversation once it is there, or the
   * message saying where it went (see focus.ts). Never another row: one more Enter there would resume the wrong
   * conversation. Without it (or while none is there yet) focus waits on the list's heading.
   */
  focusAfterResume?: (taskSid: string) => FocusTargets;
  /** The service can't be reached: every Resume is disabled with this reason. */
  unavailableReason?: string;
  /** The list is a view of its own (Flex's Paused work): opening it puts focus on its heading. */
  focusHeadingOnMount?: boolean;
}

interface Row {
  item: PausedWorkListItem;
  customer: string;
  channel: string;
  pausedAt?: Date;
  deadline: number;
}

function toRow(item: PausedWorkListItem, unknownCustomer: string): Row {
  const pausedAt = item.pausedAt === undefined ? undefined : new Date(toEpochMs(item.pausedAt));
  const deadline = item.reassignAt ?? item.deadline;
  return {
    item,
    customer: item.customerName || item.customer || unknownCustomer,
    channel: item.channel || item.channelType || '',
    pausedAt: pausedAt && !Number.isNaN(pausedAt.getTime()) ? pausedAt : undefined,
    deadline: deadline === undefined ? NaN : toEpochMs(deadline),
  };
}

/** Pause reasons (issue 18): the label in the agent's language (Spanish falls back to English), the note below. */
function reasonCell(reason: PausedWorkListItem['reason'], locale?: string): React.ReactNode {
  if (!reason) return null;
  const label = (locale ?? 'en').toLowerCase().startsWith('es')
    ? (reason.label.es ?? reason.label.en)
    : reason.label.en;
  return (
    <Box display="flex" flexDirection="column" rowGap="space10" data-reason-code={reason.code}>
      <Text as="span">{label}</Text>
      {reason.note ? (
        <Text as="span" fontSize="fontSize20" color="colorTextWeak">
          {reason.note}
        </Text>
      ) : null}
    </Box>
  );
}

/** How long focus waits for the resumed conversation to show up: 100 ms × 150, past Resume's follow-up window. */
const RESUME_FOCUS_EVERY_MS = 100;
const RESUME_FOCUS_TRIES = 150;

function isResumeButton(element: Element | null): boolean {
  return element?.getAttribute('data-paste-element') === RESUME_BUTTON_ELEMENT;
}

function resumeButtons(table: HTMLElement | null): HTMLElement[] {
  return table
    ? Array.from(table.querySelectorAll<HTMLElement>(`[data-paste-element="${RESUME_BUTTON_ELEMENT}"]`))
    : [];
}

/**
 * The agent's paused conversations as a Paste table: who, which channel, since when, the countdown and
 * when it goes back to the queue in Flex's words, and Resume. When a row leaves the list while its Resume
 * button had focus (resumed, or rerouted at its deadline), focus moves to the list's heading (or the caller's
 * focusAfterResume target), never to another row's Resume, and never drops to the page body.
 */
export function PausedWorkList({
  items,
  loading,
  now,
  onResume,
  onOpen,
  strings,
  locale,
  timeZone,
  error,
  focusTaskSid,
  focusKey,
  focusAfterResume,
  unavailableReason,
  focusHeadingOnMount = false,
}: PausedWorkListProps): React.ReactElement {
  const headingId = `leave-pause-paused-work-${useUID()}`;
  const table = React.useRef<HTMLDivElement>(null);
  const heading = React.useRef<HTMLHeadingElement>(null);
  React.useEffect(() => {
    // Opening a view puts focus on its heading, not on the page body (issue 19).
    if (focusHeadingOnMount) heading.current?.focus();
    // Once, on opening: later renders leave focus where the agent put it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Row index of the Resume button that last had focus, while it has it; null otherwise.
  const focusedIndex = React.useRef<number | null>(null);
  const rows = items.map((item) => toRow(item, strings.LeavePausePausedWorkUnknownCustomer));
  // Pause reasons (issue 18): the column shows only when a listed pause has a reason.
  const showReasons = rows.some((row) => row.item.reason !== undefined);
  const sids = rows.map((row) => row.item.taskSid).join(',');

  React.useEffect(() => {
    const index = focusedIndex.current;
    if (index === null || !focusIsLost(document)) return;
    focusedIndex.current = null;
    // A safe place that acts on nothing: Enter there resumes no other conversation.
    heading.current?.focus();
    // The list (its task SIDs) is what changes; the rest is read through refs.
  }, [sids, loading]);

  // The request last carried out, so a later change of the list does not pull focus back to that row.
  const focusDone = React.useRef('');
  React.useEffect(() => {
    const request = `${focusTaskSid ?? ''}|${focusKey ?? ''}`;
    if (!focusTaskSid || focusDone.current === request) return;
    const rowsShown = table.current
      ? Array.from(table.current.querySelectorAll<HTMLElement>('[data-task-sid]'))
      : [];
    const row = rowsShown.find((candidate) => candidate.getAttribute('data-task-sid') === focusTaskSid);
    const button = resumeButtons(row ?? null)[0];
    if (!button) return;
    button.focus();
    focusDone.current = request;
  }, [focusTaskSid, focusKey, sids]);

  const resume = async (item: PausedWorkListItem) => {
    const answer = await onResume(item.taskSid, item);
    if (focusAfterResume) followResumeFocus(() => focusAfterResume(item.taskSid));
    return answer;
  };

  /**
   * The resumed conversation (or the message saying where it went) shows up a moment after Resume's answer:
   * focus moves there once it is there, as long as it still rests where the Resume left it (the button, the
   * heading, or nowhere). An agent who moved on meanwhile keeps their place.
   */
  const followResumeFocus = (targets: () => FocusTargets) => {
    let tries = 0;
    const attempt = () => {
      const active = document.activeElement;
      const resting = focusIsLost(document) || active === heading.current || isResumeButton(active);
      if (!resting || moveFocus(targets()) || ++tries > RESUME_FOCUS_TRIES) return;
      setTimeout(attempt, RESUME_FOCUS_EVERY_MS);
    };
    attempt();
  };

  const trackFocus = (event: React.FocusEvent<HTMLElement>) => {
    const index = resumeButtons(table.current).indexOf(event.target);
    focusedIndex.current = index >= 0 ? index : null;
  };
  const forgetFocus = (event: React.FocusEvent<HTMLElement>) => {
    // Leaving the table for somewhere else on purpose; a row removed under the focus sends no useful target.
    if (event.relatedTarget) focusedIndex.current = null;
  };

  let body: React.ReactNode;
  if (loading) {
    body = (
      <Box role="status" element={`${PAUSED_WORK_LIST_ELEMENT}_LOADING`}>
        <Paragraph marginBottom="space0">{strings.LeavePausePausedWorkLoading}</Paragraph>
      </Box>
    );
  } else if (rows.length === 0) {
    body = (
      <Box role="status" element={`${PAUSED_WORK_LIST_ELEMENT}_EMPTY`}>
        <Paragraph marginBottom="space0">{strings.LeavePausePausedWorkEmpty}</Paragraph>
      </Box>
    );
  } else {
    body = (
      <Box ref={table} onFocus={trackFocus} onBlur={forgetFocus}>
        <Table aria-labelledby={headingId} element={PAUSED_WORK_LIST_ELEMENT}>
          <THead>
            <Tr>
              <Th scope="col">{strings.LeavePausePausedWorkCustomer}</Th>
              <Th scope="col">{strings.LeavePausePausedWorkChannel}</Th>
              {showReasons ? <Th scope="col">{strings.LeavePausePausedWorkReason ?? 'Reason'}</Th> : null}
              <Th scope="col">{strings.LeavePausePausedWorkPausedAt}</Th>
              <Th scope="col">{strings.LeavePausePausedWorkReassign}</Th>
              <Th scope="col">{strings.LeavePausePausedWorkActions}</Th>
            </Tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Tr key={row.item.taskSid} data-task-sid={row.item.taskSid}>
                <Th scope="row">
                  {onOpen ? (
                    <Button variant="link" onClick={() => onOpen(row.item.taskSid)}>
                      {row.customer}
                    </Button>
                  ) : (
                    row.customer
                  )}{' '}
                  <UnreadCount count={row.item.unread?.count} strings={strings} />
                </Th>
                <Td>{row.channel}</Td>
                {showReasons ? <Td>{reasonCell(row.item.reason, locale)}</Td> : null}
                <Td>
                  {row.pausedAt
                    ? formatDateTime(row.pausedAt, locale, timeZone)
                    : strings.LeavePausePausedWorkUnknownTime}
                </Td>
                <Td>
                  <Box display="flex" flexDirection="column" rowGap="space20" alignItems="flex-start">
                    <PauseCountdownBadge
                      reassignAt={row.deadline}
                      now={now}
                      locale={locale}
                      timeZone={timeZone}
                      strings={strings}
                      estimated={row.item.deadlineEstimated}
                    />
                    <Text as="span" fontSize="fontSize20" color="colorTextWeak">
                      {reassignRelative(new Date(row.deadline), now, strings, locale, timeZone)}
                    </Text>
                    {row.item.deadlineEstimated ? (
                      // Said in words, not only in the tooltip: the admin's setting may differ from Console's.
                      <Text
                        as="span"
                        fontSize="fontSize20"
                        color="colorTextWeak"
                        fontStyle="italic"
                        data-paste-element={`${PAUSED_WORK_LIST_ELEMENT}_ESTIMATED`}
                      >
                        {strings.LeavePauseDeadlineEstimated}
                      </Text>
                    ) : null}
                  </Box>
                </Td>
                <Td>
                  <ResumeButton
                    label={strings.LeavePausePausedWorkResume}
                    accessibleLabel={template(strings.LeavePausePausedWorkResumeLabel, {
                      customer: row.customer,
                    })}
                    busyLabel={strings.LeavePauseResumeBusy}
                    onResume={() => resume(row.item)}
                    size="small"
                    unavailableReason={unavailableReason}
                  />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Box>
    );
  }
  return (
    <Box
      as="section"
      padding="space60"
      // Stated, not inherited: the view may sit on a surface of another colour (a page showing both themes).
      color="colorText"
      backgroundColor="colorBackgroundBody"
      aria-labelledby={headingId}
      element={`${PAUSED_WORK_LIST_ELEMENT}_PANEL`}
    >
      {/* Focusable from script only: where focus rests after a row it was on left the list, and on opening. */}
      <Heading as="h2" variant="heading30" id={headingId} ref={heading} tabIndex={-1}>
        {strings.LeavePausePausedWorkTitle}
      </Heading>
      {error ? (
        <Box marginBottom="space50">
          <Alert variant="error" i18nErrorLabel={strings.LeavePauseAlertErrorLabel}>
            <Text as="span">{error}</Text>
          </Alert>
        </Box>
      ) : null}
      {body}
    </Box>
  );
}
