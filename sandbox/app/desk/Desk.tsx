/**
 * The sandbox desk: a Flex-like agent desktop built from Paste around the plugin's own components, driven by
 * the state the server pushes. Everything it shows is derived from that state, for the agent being played:
 * nothing is remembered from a click that the state does not confirm.
 *
 * This file only wires: the state lives in ../state (hooks called here, in this order, so their effects run in
 * it), and each piece of the page gets what it shows as props and answers with callbacks.
 */
import React, { useMemo, useState } from 'react';
import { Box } from '@twilio-paste/core/box';
import { Card } from '@twilio-paste/core/card';
import { Stack } from '@twilio-paste/core/stack';
import { Text } from '@twilio-paste/core/text';
import { PausedWorkList } from '../../../src/components';
import { TeamViewContainer } from '../../../src/flex/teamView';
import { getStrings, template } from '../../../src/strings';
import { mayOpenTeamView } from '../../../src/team';
import type { DeskView } from '../../server/live';
import type { SandboxConfig } from '../api';
import { deskFor } from '../state/agent-desk';
import { MAX_NOTES_SHOWN } from '../state/notes';
import { useDeskActions, type Page } from '../state/useDeskActions';
import { useDeskBackend } from '../state/useDeskBackend';
import { useFocusAfterActions } from '../state/useFocusAfterActions';
import { useLatest } from '../state/useLatest';
import { useNotes } from '../state/useNotes';
import { usePausedWork } from '../state/usePausedWork';
import { useUnreadNotices } from '../state/useUnreadNotices';
import { usePreferences } from '../state/usePreferences';
import { useReminders } from '../state/useReminders';
import { useReservationFeed } from '../state/useReservationFeed';
import { useSelection } from '../state/useSelection';
import { useTimeLimitNotices } from '../state/useTimeLimitNotices';
import { DESK_STRINGS } from '../strings';
import { DeskTheme } from '../theme';
import type { Ctx } from './ctx';
import { CustomerPanel } from './CustomerPanel';
import { DemoControls } from './DemoControls';
import { DeskHeader } from './DeskHeader';
import { Notifications } from './Notifications';
import { ReminderList } from './ReminderList';
import { ReturnToQueueNote } from './ReturnToQueueEvidence';
import { SideNav } from './SideNav';
import { TaskCanvas } from './TaskCanvas';
import { TaskList } from './TaskList';

export function Desk({
  view,
  connected,
  reread,
  config,
}: {
  view: DeskView;
  connected: boolean;
  reread: () => Promise<DeskView | null>;
  config: SandboxConfig;
}) {
  const workerSids = view.workers.map((worker) => worker.sid);
  const { language, setLanguage, themeName, setThemeName, me, setMe } = usePreferences(workerSids);
  const [chosenPage, setPage] = useState<Page>('desk');
  // The team view is for supervisors and admins (issue 18): playing an agent again leaves it.
  const mayTeam = mayOpenTeamView(view.workers.find((worker) => worker.sid === me)?.roles);
  const page: Page = chosenPage === 'team' && !mayTeam ? 'desk' : chosenPage;
  const meRef = useLatest(me);
  const viewRef = useLatest(view);

  const d = DESK_STRINGS[language];
  const s = getStrings(language);
  const locale = language === 'es' ? 'es-ES' : 'en-US';
  const desk = useMemo(() => deskFor(view, me), [view, me]);

  const { tokens, backend, teamBackend, reachability, reachable } = useDeskBackend(
    me,
    meRef,
    config.functionsUrl,
  );
  const unavailableReason = reachable ? undefined : s.LeavePauseServiceDown;
  const ctx: Ctx = { view, config, me, d, s, locale, unavailableReason };

  const { selected, select, selectFor } = useSelection(desk, me);
  const reservationFeed = useReservationFeed(view, viewRef);
  const { notes, note, dismissNote } = useNotes(view, viewRef);
  const { focusSoon, focusAfterGone } = useFocusAfterActions();
  const reminders = useReminders(desk, me);
  const timeLimitNotices = useTimeLimitNotices(view, me);
  const { pausedList, pausedItems, shownDesk, pausedNow, following } = usePausedWork(
    view,
    me,
    desk,
    tokens,
    backend,
  );
  useUnreadNotices(pausedList.records, me, selected, note);
  const { run, accept, complete, fail } = useDeskActions({
    view,
    viewRef,
    me,
    meRef,
    shownDesk,
    s,
    reread,
    backend,
    reachability,
    reservationFeed,
    note,
    focusSoon,
    focusAfterGone,
    setPage,
    select,
    selectFor,
  });

  const anyPaused = view.conversations
    .filter((conversation) => conversation.channelStatus === 'pause' && conversation.statusTimeout)
    .map((conversation) => ({ conversationSid: conversation.sid, customerName: conversation.customerName }));
  // The jumps follow the selected paused conversation, else the agent's soonest, else anyone's.
  const jumpFor = desk.pausedOn(selected ?? '') ?? desk.paused[0] ?? anyPaused[0];

  // Newest first, a few at most: older ones wait behind them (errors stay until untrue or dismissed).
  const myNotes = notes
    .filter((item) => item.workerSid === me)
    .reverse()
    .slice(0, MAX_NOTES_SHOWN);
  return (
    <DeskTheme name={themeName}>
      <Box display="flex" flexDirection="column" minHeight="100vh" data-theme={themeName}>
        <DeskHeader
          ctx={ctx}
          onPlay={setMe}
          language={language}
          onLanguage={setLanguage}
          themeName={themeName}
          onTheme={setThemeName}
          onError={(error) => fail(error)}
        />
        <Box display="flex" flexGrow={1}>
          <SideNav
            d={d}
            page={page}
            onPage={setPage}
            pausedCount={desk.paused.length}
            teamLabel={mayTeam ? s.LeavePauseTeamTitle : null}
          />
          <Box as="main" flexGrow={1} padding="space40" minWidth="0">
            <Notifications
              d={d}
              s={s}
              connected={connected}
              reachable={reachable}
              notes={myNotes}
              onDismissNote={dismissNote}
              notices={timeLimitNotices.shown}
              onDismissNotice={timeLimitNotices.dismiss}
            />
            <ReminderList
              d={d}
              s={s}
              locale={locale}
              reminders={reminders.myReminders}
              onDismiss={reminders.dismiss}
            />
            {page === 'desk' ? (
              <Box
                display="grid"
                gridTemplateColumns="minmax(14rem, 18rem) minmax(0, 1fr) minmax(18rem, 26rem)"
                columnGap="space40"
                alignItems="start"
              >
                <Card padding="space0">
                  <TaskList
                    ctx={ctx}
                    desk={shownDesk}
                    selected={selected}
                    onSelect={select}
                    onAccept={accept}
                  />
                </Card>
                <Card padding="space0">
                  <TaskCanvas
                    key={`${me}:${selected}`}
                    ctx={ctx}
                    desk={shownDesk}
                    conversationSid={selected}
                    run={run}
                    onAccept={accept}
                    onComplete={complete}
                  />
                </Card>
                <Stack orientation="vertical" spacing="space40">
                  <CustomerPanel ctx={ctx} onError={(error) => fail(error)} />
                  <DemoControls ctx={ctx} jumpFor={jumpFor} onError={(error) => fail(error)} />
                </Stack>
              </Box>
            ) : page === 'team' ? (
              <Card padding="space30">
                {/* The plugin's own team view, as Flex shows it, with the played supervisor's token; keyed by
                    who is played so switching supervisor reloads the list with their token. */}
                <Box data-testid="team-view">
                  {tokens[me] ? (
                    <TeamViewContainer
                      key={me}
                      backend={teamBackend}
                      manager={{ strings: s, localization: { localeTag: locale } }}
                    />
                  ) : (
                    <Text as="p">{d.loading}</Text>
                  )}
                </Box>
                {/* Sandbox only: Return to the queue's evidence (or why it is hidden) and the recorded actions. */}
                <ReturnToQueueNote ctx={ctx} onError={(error) => fail(error)} />
              </Card>
            ) : (
              <Card padding="space30">
                {/* data-live: the list follows the agent's live feed (issue 18), not re-reads of /paused. */}
                <Box data-testid="paused-work" data-live={following ? 'true' : 'false'}>
                  <PausedWorkList
                    unavailableReason={unavailableReason}
                    focusHeadingOnMount
                    items={pausedItems}
                    loading={pausedList.loading && pausedList.records === null}
                    now={pausedNow}
                    strings={s}
                    locale={locale}
                    onResume={(taskSid) => {
                      const record = pausedList.records?.find((candidate) => candidate.taskSid === taskSid);
                      const entry = desk.paused.find((candidate) => candidate.taskSid === taskSid);
                      const conversationSid = record?.conversationSid ?? entry?.conversationSid;
                      return conversationSid ? run('resume', conversationSid, taskSid) : Promise.resolve();
                    }}
                  />
                </Box>
              </Card>
            )}
            <Box as="footer" marginTop="space50">
              <Text as="p" color="colorTextWeak" fontSize="fontSize20">
                {template(d.requests, { count: view.twilioRequests })} · {d.violations}{' '}
                <span data-testid="violations">{view.violations}</span>
              </Text>
            </Box>
          </Box>
        </Box>
      </Box>
    </DeskTheme>
  );
}
