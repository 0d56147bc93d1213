import { pause } from '../actions/pause';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (context, event) => ({
  body: { ...(await pause(context, event)) },
}));
