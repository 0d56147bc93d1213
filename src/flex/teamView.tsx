import * as React from 'react';
import { UserIcon } from '@twilio-paste/icons/esm/UserIcon';

import { failureText } from '../actions';
import type { BackendClient, TeamPausedAnswer } from '../backend/client';
import { TeamPausedView } from '../components';
import type { Strings } from '../strings';
import { mayOpenTeamView } from '../team';
import type { Ticker } from '../time/ticker';
import type { FlexGlobal } from './types';

/** Team view (issue 18 part 4). */
export const TEAM_VIEW = 'leave-pause-team-view';

export const TEAM_VIEW_KEYS = {
  sideLink: 'leave-pause-team-view-link',
  view: 'leave-pause-team-view-view',
} as const;

export type FlexForTeamView = Pick<
  FlexGlobal,
  'Actions' | 'SideNav' | 'SideLink' | 'ViewCollection' | 'View'
>;

export interface TeamViewManager {
  strings: object;
  localization?: { localeTag?: string };
  user?: { roles?: string[] };
}

export type TeamBackend = Pick<BackendClient, 'teamPaused' | 'teamResume' | 'teamReturn'>;

/** Loads the list when the view opens and after every action; Refresh asks again. */
export function TeamViewContainer({
  backend,
  manager,
  ticker,
}: {
  backend: TeamBackend;
  manager: TeamViewManager;
  ticker?: Ticker;
}): React.ReactElement {
  const [answer, setAnswer] = React.useState<TeamPausedAnswer>({
    rows: [],
    actions: { resumeForAgent: false, returnToQueue: false },
  });
  const [loading, setLoading] = React.useState(true);
  // The failure itself, worded at render in the agent's current language.
  const [failure, setFailure] = React.useState<{ cause: unknown } | undefined>();
  const alive = React.useRef(true);
  const load = React.useCallback(() => {
    setLoading(true);
    backend.teamPaused().then(
      (next) => {
        if (!alive.current) return;
        setAnswer(next);
        setFailure(undefined);
        setLoading(false);
      },
      (cause: unknown) => {
        if (!alive.current) return;
        setFailure({ cause });
        setLoading(false);
      },
    );
  }, [backend]);
  React.useEffect(() => {
    alive.current = true;
    load();
    return () => {
      alive.current = false;
    };
  }, [load]);
  const after = (action: Promise<unknown>) =>
    action.finally(() => {
      load();
    });
  return (
    <TeamPausedView
      records={answer.rows}
      loading={loading}
      // Worded for people (a refusal's own sentence, or that the service cannot be reached), never raw text.
      error={failure ? failureText(failure.cause, manager.strings as Strings) : undefined}
      actions={answer.actions}
      onRefresh={load}
      onResumeForAgent={(row) => after(backend.teamResume(row.taskSid, row.workerSid))}
      onReturnToQueue={(row) => after(backend.teamReturn(row.taskSid, row.workerSid))}
      strings={manager.strings as Strings}
      locale={manager.localization?.localeTag}
      ticker={ticker}
    />
  );
}

/**
 * Adds the team view (its own view and side-nav link) for supervisors and admins, by Flex's own worker roles.
 * That is display only: /team-paused and the actions check the role in the validated Flex token. Answers
 * whether it was added.
 */
export function addTeamView(
  flex: FlexForTeamView,
  manager: TeamViewManager,
  deps: { backend: TeamBackend; ticker?: Ticker },
): boolean {
  if (!mayOpenTeamView(manager.user?.roles)) return false;
  const strings = () => manager.strings as Strings;
  const TeamLink = ({ activeView }: { activeView?: string }) => (
    <flex.SideLink
      showLabel
      icon={<UserIcon decorative element="LEAVE_PAUSE_TEAM_VIEW_LINK_ICON" />}
      iconActive={<UserIcon decorative element="LEAVE_PAUSE_TEAM_VIEW_LINK_ICON" />}
      isActive={activeView === TEAM_VIEW}
      onClick={() => void flex.Actions.invokeAction('NavigateToView', { viewName: TEAM_VIEW })}
    >
      {strings().LeavePauseTeamTitle}
    </flex.SideLink>
  );
  flex.SideNav.Content.add(<TeamLink key={TEAM_VIEW_KEYS.sideLink} />);
  flex.ViewCollection.Content.add(
    <flex.View name={TEAM_VIEW} key={TEAM_VIEW_KEYS.view}>
      <TeamViewContainer backend={deps.backend} manager={manager} ticker={deps.ticker} />
    </flex.View>,
  );
  return true;
}
