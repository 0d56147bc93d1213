import { liveToken } from '../actions/live-token';
import { defineHandler } from '../lib/http';

/** POST /live-token {Token}: the agent's read-only Sync token for their own live feed (issue 18). */
export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await liveToken(environment, event)) },
}));
