import { teamReturn } from '../actions/team';
import { defineHandler } from '../lib/http';

/** Team view (issue 18 part 4): a supervisor returns a paused conversation to its queue now. */
export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await teamReturn(environment, event)) },
}));
