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
  authenticatedCallers.set(event, { input, settings, caller, client });
  const task = await fetchTask(client, settings.workspaceSid, input.taskSid);
  return { input, settings, caller, client, task, links: conversationLinksOf(task) };
}

type Caller = Pick<ActionContext, 'input' | 'settings' | 'caller' | 'client'>;

/** Who beginAction authenticated for an event, so a refusal can be checked against them without a new login. */
const authenticatedCallers = new WeakMap<FunctionEvent, Caller>();

/** Reservation states in which a worker holds (or held, or is offered) a task. */
const HOLDING_RESERVATIONS = new Set(['pending', 'accepted', 'wrapping', 'completed']);

/**
 * Wraps an agent action (leave, pause, resume, and any later one built on beginAction) so that its state
 * refusals (409) only reach the agent the task is theirs: for another agent's task — paused, reserved, voice
 * or in any state — the answer is 403, and says nothing of the task's state. The check runs only on the 409
 * path, so the normal path makes no extra call; "theirs" is read from TaskRouter's reservations, never from
 * task attributes an agent can write.
 */
export function agentAction<T extends object>(
  action: (context: FunctionContext, event: FunctionEvent) => Promise<T>,
): (context: FunctionContext, event: FunctionEvent) => Promise<{ body: Record<string, unknown> }> {
  return async (context, event) => {
    try {
      const result: object = await action(context, event);
      return { body: { ...result } };
    } catch (error) {
      if (!(error instanceof ActionError) || error.status !== 409) throw error;
      const who = authenticatedCallers.get(event) ?? (await authenticateAgain(context, event));
      if (!(await callerMayKnowTask(who))) {
        throw new ActionError(
          403,
          'forbidden',
          'This task is not assigned to you: only its agent can act on it',
        );
      }
      throw error;
    }
  };
}

async function authenticateAgain(context: FunctionContext, event: FunctionEvent): Promise<Caller> {
  const input = parseActionInput(event);
  return {
    input,
    settings: settingsFrom(context),
    caller: await authenticate(context, input.token),
    client: createTwilioClient(context),
  };
}

async function callerMayKnowTask({ input, settings, caller, client }: Caller): Promise<boolean> {
  if (settings.supervisorsMayAct && caller.roles.includes('supervisor')) return true;
  const reservations = await client.taskrouter.v1
    .workspaces(settings.workspaceSid)
    .tasks(input.taskSid)
    .reservations.list({ workerSid: caller.workerSid, limit: 50 });
  return reservations.some(
    (reservation) =>
      reservation.workerSid === caller.workerSid && HOLDING_RESERVATIONS.has(reservation.reservationStatus),
  );
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
