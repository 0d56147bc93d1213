import { resume } from '../actions/resume';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await resume(environment, event)) },
}));
