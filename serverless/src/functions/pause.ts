import { pause } from '../actions/pause';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await pause(environment, event)) },
}));
