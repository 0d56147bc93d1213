import { pause } from '../actions/pause';
import { rememberedAction } from '../lib/action';
import { defineHandler } from '../lib/http';

/** A repeated request (the same IdempotencyKey) gets the first outcome: see lib/idempotency. */
const rememberedPause = rememberedAction(pause);

export const handler = defineHandler(async (environment, event) => ({
  body: await rememberedPause(environment, event),
}));
