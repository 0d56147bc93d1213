import { listTeamPaused } from '../actions/team';
import { defineHandler } from '../lib/http';

/** Team view (issue 18 part 4): every paused conversation, for supervisors and admins. */
export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await listTeamPaused(environment, event)) },
}));
