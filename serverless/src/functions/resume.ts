import { resume } from '../actions/resume';
import { rememberedAction } from '../lib/action';
import { defineHandler } from '../lib/http';

/** A repeated request (the same IdempotencyKey) gets the first outcome: see lib/idempotency. */
const rememberedResume = rememberedAction(resume);

export const handler = defineHandler(async (environment, event) => ({
  body: await rememberedResume(environment, event),
}));
