import { leave } from '../actions/leave';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (environment, event) => ({
  body: { ...(await leave(environment, event)) },
}));
