/**
 * Return to the queue in the sandbox (issue 18 parts 4 and 5). The team view offers it only with a live check's
 * evidence; here the admin gets that evidence from the emulator (the live check's `invite-while-paused` step,
 * applied as `npm run configure -- --live-report` does: sandbox/server/return-evidence.ts). The page says
 * plainly that such evidence comes from the emulator, not from Twilio, and, while the action is hidden, why.
 */
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Label } from '@twilio-paste/core/label';
import { Option, Select } from '@twilio-paste/core/select';
import { Text } from '@twilio-paste/core/text';
import { template } from '../../../src/strings';
import type {
  InvitesWhilePaused,
  RecordedTeamAction,
  ReturnToQueueStatus,
} from '../../server/return-evidence';
import { sandboxApi } from '../api';
import type { DeskStrings } from '../strings';
import type { Ctx } from './ctx';

function verdictWords(d: DeskStrings, verdict: string): string {
  if (verdict === 'holds') return d.verdictHolds;
  if (verdict === 'fails') return d.verdictFails;
  return d.verdictUnknown;
}

const when = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });

/** What the settings say now: offered (and from where the evidence came) or hidden (and why). */
function StatusText({ status, ctx }: { status: ReturnToQueueStatus; ctx: Ctx }) {
  const { d, locale } = ctx;
  const plays = (value: InvitesWhilePaused) =>
    value === 'routed' ? d.returnPlaysRouted : d.returnPlaysRefused;
  return (
    <Box data-testid="return-to-queue-status" data-offered={status.offered ? 'true' : 'false'}>
      {status.offered ? (
        <>
          <Text as="p" fontWeight="fontWeightSemibold">
            {d.returnOffered}
          </Text>
          {status.evidence?.fromEmulator ? (
            <Text as="p" data-testid="return-evidence-source">
              {template(d.returnFromEmulator, {
                runId: status.evidence.runId,
                time: when(status.evidence.checkedAt, locale),
              })}
            </Text>
          ) : null}
        </>
      ) : (
        <Text as="p" data-testid="return-hidden-why">
          {d.returnHidden}
        </Text>
      )}
      {status.lastRun ? (
        <Text as="p" color="colorTextWeak" fontSize="fontSize20" data-testid="return-last-run">
          {template(d.returnLastRun, {
            runId: status.lastRun.runId,
            plays: plays(status.lastRun.emulatorPlayed),
            verdict: verdictWords(d, status.lastRun.verdict),
          })}{' '}
          {status.lastRun.applied ? d.returnApplied : d.returnNotApplied}{' '}
          <Text as="span" fontFamily="fontFamilyCode" fontSize="fontSize20">
            {status.lastRun.detail}
          </Text>
        </Text>
      ) : null}
    </Box>
  );
}

/** The latest error handler, so that a parent's new arrow on each render does not re-run the loads. */
function useErrorHandler(onError: (error: unknown) => void) {
  const latest = useRef(onError);
  latest.current = onError;
  return useCallback((error: unknown) => latest.current(error), []);
}

function useReturnStatus(onError: (error: unknown) => void) {
  const [status, setStatus] = useState<ReturnToQueueStatus | null>(null);
  const fail = useErrorHandler(onError);
  useEffect(() => {
    let alive = true;
    sandboxApi.returnToQueue().then((next) => {
      if (alive) setStatus(next);
    }, fail);
    return () => {
      alive = false;
    };
  }, [fail]);
  return [status, setStatus] as const;
}

/** The admin's control, in the demo controls: what the emulator plays, and the check that gives evidence. */
export function ReturnToQueueAdmin({ ctx, onError }: { ctx: Ctx; onError: (error: unknown) => void }) {
  const { d } = ctx;
  const [status, setStatus] = useReturnStatus(onError);
  const [running, setRunning] = useState(false);
  const run = (action: () => Promise<ReturnToQueueStatus>) => {
    setRunning(true);
    action()
      .then(setStatus, onError)
      .finally(() => setRunning(false));
  };
  return (
    <Box as="section" aria-label={d.returnTitle}>
      <Text as="p" fontWeight="fontWeightSemibold">
        {d.returnTitle}
      </Text>
      <Label htmlFor="emulator-invites-while-paused">{d.returnEmulatorPlays}</Label>
      <Select
        id="emulator-invites-while-paused"
        value={status?.emulatorPlays ?? 'refused'}
        disabled={!status || running}
        onChange={(event) =>
          run(() => sandboxApi.setEmulatorInvitesWhilePaused(event.target.value as InvitesWhilePaused))
        }
      >
        <Option value="refused">{d.returnPlaysRefused}</Option>
        <Option value="routed">{d.returnPlaysRouted}</Option>
      </Select>
      <Box marginY="space30">
        <Button
          variant="secondary"
          size="small"
          loading={running}
          disabled={!status}
          onClick={() => run(() => sandboxApi.runReturnToQueueCheck())}
        >
          {d.returnRunCheck}
        </Button>
      </Box>
      <Box aria-live="polite">
        {running ? <Text as="p">{d.returnRunning}</Text> : null}
        {status && !running ? <StatusText status={status} ctx={ctx} /> : null}
      </Box>
    </Box>
  );
}

/**
 * Beside the team view: whether Return to the queue is offered and on what evidence (or why not), and what the
 * Functions recorded of the supervisors' actions (who, when), read again whenever a Sync item changes.
 */
export function ReturnToQueueNote({ ctx, onError }: { ctx: Ctx; onError: (error: unknown) => void }) {
  const { d, view, locale } = ctx;
  const [status] = useReturnStatus(onError);
  const [actions, setActions] = useState<RecordedTeamAction[] | null>(null);
  const fail = useErrorHandler(onError);
  useEffect(() => {
    let alive = true;
    sandboxApi.teamActions().then((next) => {
      if (alive) setActions(next.actions);
    }, fail);
    return () => {
      alive = false;
    };
  }, [fail, view.syncRevision]);
  return (
    <Box display="flex" flexDirection="column" rowGap="space40" padding="space60" paddingTop="space0">
      <Box as="section" aria-label={d.returnTitle}>
        {status ? <StatusText status={status} ctx={ctx} /> : null}
        {status && !status.offered ? (
          <Text as="p" color="colorTextWeak">
            {d.returnHowTo}
          </Text>
        ) : null}
      </Box>
      <Box as="section" aria-labelledby="team-actions-heading" data-testid="team-actions">
        <Text as="h3" id="team-actions-heading" fontWeight="fontWeightSemibold">
          {d.teamActions}
        </Text>
        {actions && actions.length === 0 ? <Text as="p">{d.teamActionsNone}</Text> : null}
        <Box as="ul" margin="space0" paddingLeft="space60">
          {(actions ?? []).map((action) => (
            <Box as="li" key={`${action.taskSid}:${action.action}:${action.at}`}>
              <Text as="span">
                {template(action.action === 'return-to-queue' ? d.teamActionReturned : d.teamActionResumed, {
                  by: action.byName,
                  agent: action.agentName,
                  customer: action.customerName ?? action.conversationSid ?? action.taskSid,
                  time: when(action.at, locale),
                })}
              </Text>
            </Box>
          ))}
        </Box>
      </Box>
    </Box>
  );
}
