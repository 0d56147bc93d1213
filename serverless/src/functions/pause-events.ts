import { handlePauseEvent } from '../actions/pause-events';
import { defineHandler } from '../lib/http';

/**
 * Pause events: the conversation-scoped webhook Pause attaches posts here (signed by Twilio, the record's key in
 * the URL's query). Not an agent-facing endpoint: no Flex token, no CORS use; see actions/pause-events.
 */
export const handler = defineHandler(
  async (environment, event) => ({ body: { ...(await handlePauseEvent(environment, event)) } }),
  { accepts: 'twilio-webhook' },
);
