import { leave } from '../actions/leave';
import { rememberedAction } from '../lib/action';
import { defineHandler } from '../lib/http';

/** A repeated request (the same IdempotencyKey) gets the first outcome: see lib/idempotency. */
const rememberedLeave = rememberedAction(leave);

export const handler = defineHandler(async (environment, event) => ({
  body: await rememberedLeave(environment, event),
}));
