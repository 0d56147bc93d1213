import { resume } from '../actions/resume';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (context, event) => ({
  body: { ...(await resume(context, event)) },
}));
