import { listPaused } from '../actions/paused';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await listPaused(environment, event)) },
}));
