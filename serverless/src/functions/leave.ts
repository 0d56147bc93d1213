import { leave } from '../actions/leave';
import { agentAction } from '../lib/action-context';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(agentAction(leave));
