import { onTaskRouterEvent } from '../actions/taskrouter-events';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (context, event) => ({
  body: { ...(await onTaskRouterEvent(context, event)) },
}));
