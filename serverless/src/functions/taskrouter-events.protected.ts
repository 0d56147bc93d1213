import { onTaskRouterEvent, TASKROUTER_EVENTS_ROUTE } from '../actions/taskrouter-events';
import { screenTaskRouterEvent } from '../lib/events';
import { defineHandler } from '../lib/http';
import { assertTwilioSignature } from '../lib/signature';

/** TaskRouter's event bodies carry the task's and worker's attributes: room for large ones. */
const MAX_EVENT_BYTES = 256 * 1024;

export const handler = defineHandler(
  async (context, event) => {
    // Signature first (403), then the event's SIDs and workspace (200 ignored): the handler below only ever
    // sees Twilio's events for our workspace, with well-formed SIDs.
    assertTwilioSignature(context, event, TASKROUTER_EVENTS_ROUTE);
    const ignored = screenTaskRouterEvent(context, event);
    if (ignored) return { body: { ...ignored } };
    return { body: { ...(await onTaskRouterEvent(context, event)) } };
  },
  { maxBodyBytes: MAX_EVENT_BYTES },
);
