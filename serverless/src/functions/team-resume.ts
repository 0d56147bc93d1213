import { teamResume } from '../actions/team';
import { defineHandler } from '../lib/http';

/** Team view (issue 18 part 4): a supervisor's Resume for the agent who paused. */
export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await teamResume(environment, event)) },
}));
