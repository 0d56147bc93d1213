import { onLeaveReply } from '../actions/leave-reply';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (context, event) => ({
  body: { ...(await onLeaveReply(context, event)) },
}));
