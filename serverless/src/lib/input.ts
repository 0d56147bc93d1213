import { ActionError } from './errors';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import type { FunctionEvent } from './runtime';

export const SID_PATTERNS = {
  TaskSid: /^WT[0-9a-fA-F]{32}$/,
  WorkerSid: /^WK[0-9a-fA-F]{32}$/,
  ConversationSid: /^CH[0-9a-fA-F]{32}$/,
  InteractionSid: /^KD[0-9a-fA-F]{32}$/,
  ChannelSid: /^UO[0-9a-fA-F]{32}$/,
} as const;

const SID_WHAT: Record<keyof typeof SID_PATTERNS, string> = {
  TaskSid: 'a TaskRouter task SID (WT…)',
  WorkerSid: 'a worker SID (WK…)',
  ConversationSid: 'a conversation SID (CH…)',
  InteractionSid: "the task's flexInteractionSid (KD…)",
  ChannelSid: "the task's flexInteractionChannelSid (UO…)",
};

/**
 * Keys the runtime adds to every event, never sent by the caller. The runtime lets a body field of the same
 * name replace it; the request pipeline (http.ts) refuses an event whose `request` is not the runtime's.
 */
export const RUNTIME_KEYS = new Set(['request']);
const MAX_TOKEN_LENGTH = 8192;
const JWT_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

type SidField = keyof typeof SID_PATTERNS;

/**
 * Input of the agent-facing actions: exactly a Flex token and the SIDs the action names. The SIDs are only
 * what the agent claims: each action checks them against Twilio's own records before acting.
 */
export function parseInput<F extends SidField>(
  event: FunctionEvent,
  sids: readonly F[],
  /** The actions that change state also take the plugin's IdempotencyKey (optional: one per user action). */
  acceptsIdempotencyKey = false,
  /** Further fields the action itself checks (Pause's Reason and ReasonNote): allowed here, parsed there. */
  ownFields: readonly string[] = [],
): { token: string; idempotencyKey?: string } & Record<F, string> {
  const allowed = new Set<string>([
    'Token',
    ...sids,
    ...(acceptsIdempotencyKey ? ['IdempotencyKey'] : []),
    ...ownFields,
  ]);
  const unknown = Object.keys(event).filter((key) => !RUNTIME_KEYS.has(key) && !allowed.has(key));
  if (unknown.length > 0) {
    throw new ActionError(
      400,
      'unknown_field',
      `Unknown field ${unknown[0]}: send only ${[...allowed].join(', ')}`,
      unknown[0],
    );
  }
  const token = parseToken(event);
  const out: Record<string, string> = { token };
  for (const field of sids) {
    const value = requireString(event, field, SID_WHAT[field], 34);
    if (!SID_PATTERNS[field].test(value)) {
      const prefix = SID_PATTERNS[field].source.slice(1, 3);
      throw new ActionError(
        400,
        'invalid_field',
        `${field} must be ${SID_WHAT[field]}: ${prefix} followed by 32 hex digits`,
        field,
      );
    }
    out[field] = value;
  }
  if (acceptsIdempotencyKey && event.IdempotencyKey !== undefined) {
    const key = requireString(event, 'IdempotencyKey', 'a key unique to this user action (a UUID)', 64);
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ActionError(
        400,
        'invalid_field',
        'IdempotencyKey must be 8 to 64 letters, digits or "-" (a UUID)',
        'IdempotencyKey',
      );
    }
    out.idempotencyKey = key;
  }
  return out as { token: string; idempotencyKey?: string } & Record<F, string>;
}

function parseToken(event: FunctionEvent): string {
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
  return token;
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
