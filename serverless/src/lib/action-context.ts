import { authenticate, type FlexIdentity } from './auth';
import { ActionError } from './errors';
import type { FunctionContext, FunctionEvent } from './http';
import { parseActionInput, type ActionInput } from './input';
import { settingsFrom, type Settings } from './settings';
import { conversationLinksOf, fetchTask, type ConversationLinks, type TaskSnapshot } from './tasks';
import { createTwilioClient, type TwilioClient } from './twilio-client';

export interface ActionContext {
  input: ActionInput;
  settings: Settings;
  caller: FlexIdentity;
  client: TwilioClient;
  task: TaskSnapshot;
  links: ConversationLinks;
}

/**
 * The common start of leave, pause and resume, in the order that fails cheapest first: the input, the
 * settings, the caller's token, then one read of the task, which must be a Conversations task.
 */
export async function beginAction(context: FunctionContext, event: FunctionEvent): Promise<ActionContext> {
  const input = parseActionInput(event);
  const settings = settingsFrom(context);
  const caller = await authenticate(context, input.token);
  const client = createTwilioClient(context);
  const task = await fetchTask(client, settings.workspaceSid, input.taskSid);
  return { input, settings, caller, client, task, links: conversationLinksOf(task) };
}

export function requireAssigned(task: TaskSnapshot, verb: 'left' | 'paused'): void {
  if (task.assignmentStatus !== 'assigned') {
    throw new ActionError(
      409,
      'task_wrong_state',
      `This task is ${task.assignmentStatus}: only an assigned task can be ${verb}`,
      'TaskSid',
    );
  }
}

/** The agent a pause record names may act on it, and a supervisor where the admin allows it. */
export function requirePauseOwner(
  owner: unknown,
  { caller, settings }: ActionContext,
  message: string,
): void {
  const mayAct =
    owner === caller.workerSid || (settings.supervisorsMayAct && caller.roles.includes('supervisor'));
  if (!mayAct) throw new ActionError(403, 'forbidden', message);
}
