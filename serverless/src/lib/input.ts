import { ActionError } from './errors';
import type { FunctionEvent } from './http';

export const SID_PATTERNS = {
  TaskSid: /^WT[0-9a-fA-F]{32}$/,
  WorkerSid: /^WK[0-9a-fA-F]{32}$/,
  ConversationSid: /^CH[0-9a-fA-F]{32}$/,
} as const;

/**
 * Keys the runtime adds to every event, never sent by the caller. The runtime lets a body field of the same
 * name replace it; the request pipeline (http.ts) refuses an event whose `request` is not the runtime's.
 */
export const RUNTIME_KEYS = new Set(['request']);
const MAX_TOKEN_LENGTH = 8192;
const JWT_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

export interface ActionInput {
  token: string;
  taskSid: string;
}

/** Input of the agent-facing actions (leave, pause, resume): exactly a Flex token and a task SID. */
export function parseActionInput(event: FunctionEvent): ActionInput {
  const unknown = Object.keys(event).filter(
    (key) => !RUNTIME_KEYS.has(key) && key !== 'Token' && key !== 'TaskSid',
  );
  if (unknown.length > 0) {
    throw new ActionError(
      400,
      'unknown_field',
      `Unknown field ${unknown[0]}: send only Token and TaskSid`,
      unknown[0],
    );
  }
  if (event.Token === undefined || event.Token === null || event.Token === '') {
    throw new ActionError(
      401,
      'unauthorized',
      'Token is required: sign in to Flex and send its token',
      'Token',
    );
  }
  const token = requireString(event, 'Token', 'the Flex token of the signed-in agent', MAX_TOKEN_LENGTH);
  if (!JWT_CHARACTERS.test(token)) {
    // A Flex token is a JWT: base64url segments joined by dots. Anything else is refused before it is sent on.
    throw new ActionError(
      400,
      'invalid_field',
      'Token must be a Flex token: letters, digits, "-", "_" and "." only',
      'Token',
    );
  }
  const taskSid = requireString(event, 'TaskSid', 'a TaskRouter task SID (WT…)', 34);
  if (!SID_PATTERNS.TaskSid.test(taskSid)) {
    throw new ActionError(
      400,
      'invalid_field',
      'TaskSid must be a task SID: WT followed by 32 hex digits',
      'TaskSid',
    );
  }
  return { token, taskSid };
}

function requireString(event: FunctionEvent, field: string, what: string, maxLength: number): string {
  const value = event[field];
  if (value === undefined || value === null || value === '') {
    throw new ActionError(400, 'missing_field', `${field} is required: send ${what}`, field);
  }
  if (typeof value !== 'string') {
    throw new ActionError(400, 'invalid_field', `${field} must be a string: send ${what}`, field);
  }
  if (value.length > maxLength) {
    throw new ActionError(400, 'invalid_field', `${field} is too long (over ${maxLength} characters)`, field);
  }
  return value;
}
