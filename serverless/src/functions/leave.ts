import { leave } from '../actions/leave';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(async (context, event) => ({
  body: { ...(await leave(context, event)) },
}));
