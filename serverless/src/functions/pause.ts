import { pause } from '../actions/pause';
import { agentAction } from '../lib/action-context';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(agentAction(pause));
