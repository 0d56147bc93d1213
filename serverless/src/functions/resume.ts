import { resume } from '../actions/resume';
import { agentAction } from '../lib/action-context';
import { defineHandler } from '../lib/http';

export const handler = defineHandler(agentAction(resume));
