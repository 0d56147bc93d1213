import { listPaused } from '../actions/paused';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (context, event) => ({
  body: { ...(await listPaused(context, event)) },
}));
