import { validator } from 'twilio-flex-token-validator';
import { ActionError } from './errors';
import type { TwilioClient } from './twilio-client';

export interface FlexIdentity {
  workerSid: string;
  identity: string;
  roles: string[];
}

interface TokenValidationResult {
  valid?: boolean;
  message?: string | null;
  worker_sid?: string;
  identity?: string;
  roles?: string[];
}

export interface AuthEnv {
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  TWILIO_API_BASE_URL?: string;
}

/**
 * Asks Twilio IAM whether the Flex token is valid, as twilio-flex-token-validator does. The library talks to
 * iam.twilio.com only, so against the local emulator we send the very same request to its IAM prefix.
 */
async function validateWithIam(env: AuthEnv, token: string): Promise<TokenValidationResult> {
  const accountSid = env.ACCOUNT_SID ?? '';
  const authToken = env.AUTH_TOKEN ?? '';
  if (!env.TWILIO_API_BASE_URL) {
    return (await validator(token, accountSid, authToken)) as TokenValidationResult;
  }
  const base = env.TWILIO_API_BASE_URL.replace(/\/$/, '');
  const response = await fetch(`${base}/iam/v1/Accounts/${accountSid}/Tokens/validate`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ token }),
  });
  const result = (await response.json()) as TokenValidationResult;
  if (!result.valid) throw result.message ?? 'Invalid token';
  return result;
}

export async function authenticate(env: AuthEnv, token: string): Promise<FlexIdentity> {
  let result: TokenValidationResult;
  try {
    result = await validateWithIam(env, token);
  } catch (reason) {
    const why = reason instanceof Error ? reason.message : String(reason);
    throw new ActionError(
      401,
      'unauthorized',
      `The Flex token was not accepted (${why}): sign in to Flex again`,
    );
  }
  if (!result.worker_sid) {
    throw new ActionError(
      403,
      'forbidden',
      'The Flex token belongs to a user who is not a TaskRouter worker',
    );
  }
  return { workerSid: result.worker_sid, identity: result.identity ?? '', roles: result.roles ?? [] };
}

export interface AssignmentCheck {
  workspaceSid: string;
  taskSid: string;
  caller: FlexIdentity;
  supervisorsMayAct: boolean;
}

/**
 * The caller must hold the accepted reservation of the task. A supervisor may act for the agent when the admin
 * allows it; the answer names the worker the task belongs to so the action is recorded against them.
 */
export async function assignedWorkerOf(client: TwilioClient, check: AssignmentCheck): Promise<string> {
  const reservations = await client.taskrouter.v1
    .workspaces(check.workspaceSid)
    .tasks(check.taskSid)
    .reservations.list({ reservationStatus: 'accepted', limit: 20 });
  const holder = reservations[0]?.workerSid;
  if (holder && holder === check.caller.workerSid) return holder;
  if (holder && check.supervisorsMayAct && check.caller.roles.includes('supervisor')) return holder;
  throw new ActionError(
    403,
    'forbidden',
    'This task is not assigned to you: only its assigned agent can act on it',
  );
}
