import { ActionError } from './errors';
import { misconfigured } from './settings';
import { createTwilioClient, formatFailure, type TwilioClient, type TwilioClientEnv } from './twilio-client';

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

export type AuthEnv = TwilioClientEnv;

/**
 * Asks Twilio IAM whether the Flex token is valid: the request twilio-flex-token-validator makes
 * (`POST iam.twilio.com/v1/Accounts/{AccountSid}/Tokens/validate`, JSON `{token}`), sent through our own
 * transport so that it has a time limit, retries 429/5xx, reaches the emulator locally, and fails without
 * putting the account's credentials in any error. Only a definite "not valid" is a 401: IAM failing is 502.
 */
async function validateWithIam(env: AuthEnv, token: string): Promise<TokenValidationResult> {
  const client = createTwilioClient(env);
  const uri = `https://iam.twilio.com/v1/Accounts/${env.ACCOUNT_SID}/Tokens/validate`;
  const response = await client.request({
    method: 'post',
    uri,
    data: { token },
    headers: { 'Content-Type': 'application/json' },
  });
  const body = (
    typeof response.body === 'string' ? safeJson(response.body) : response.body
  ) as TokenValidationResult | null;
  // A verdict on the token carries `valid`, whatever the status; anything else is about the account or Twilio.
  if (body && typeof body === 'object' && typeof body.valid === 'boolean') return body;
  const failure = { method: 'POST', path: new URL(uri).pathname, status: response.statusCode };
  if (response.statusCode === 401 || response.statusCode === 403) {
    throw misconfigured(
      `Twilio refused the account's credentials (${formatFailure(failure)}): check ACCOUNT_SID and AUTH_TOKEN`,
    );
  }
  throw new ActionError(
    502,
    'twilio_error',
    `Twilio could not check the Flex token: ${formatFailure(failure)}`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function authenticate(env: AuthEnv, token: string): Promise<FlexIdentity> {
  const result = await validateWithIam(env, token);
  if (!result.valid) {
    // IAM's own words ("Invalid token", "Token expired") never repeat the token.
    const why = typeof result.message === 'string' && result.message ? result.message : 'not valid';
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
