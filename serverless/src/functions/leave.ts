import { leave } from '../actions/leave';
import { rememberedAction } from '../lib/action';
import { defineHandler } from '../lib/http';

/** A repeated request (the same IdempotencyKey) gets the first outcome: see lib/idempotency. */
const rememberedLeave = rememberedAction(leave);

export const handler = defineHandler(async (context, event) => ({
  body: await rememberedLeave(context, event),
}));
