import { onLeaveReply } from '../actions/leave-reply';
import { defineHandler } from '../lib/http';

/** Conversations webhook bodies carry the message and its attributes: room for large ones. */
const MAX_EVENT_BYTES = 256 * 1024;

export const handler = defineHandler(
  async (context, event) => ({
    body: { ...(await onLeaveReply(context, event)) },
  }),
  { maxBodyBytes: MAX_EVENT_BYTES },
);
