import { ActionError } from './errors';
import type { FunctionContext } from './http';

export type LeaveRouting =
  { kind: 'default' } | { kind: 'studio'; flowSid: string } | { kind: 'webhook'; url: string };

export interface Settings {
  workspaceSid: string;
  supervisorsMayAct: boolean;
  leaveRouting: LeaveRouting;
}

export interface PauseSettings {
  /** Seconds a task may stay paused; TaskRouter's longest task Timeout (14 days) bounds it. */
  timeLimitSeconds: number;
  pausedTaskChannel: string;
  timerWorkflowSid: string;
  routeBackWorkflowSid: string;
}

export const MAX_PAUSE_SECONDS = 1_209_600;
export const MIN_PAUSE_SECONDS = 60;

export function misconfigured(message: string): ActionError {
  return new ActionError(500, 'misconfigured', `Functions environment: ${message}`);
}

function envString(context: FunctionContext, name: string): string | undefined {
  const value = context[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function leaveRoutingFrom(context: FunctionContext): LeaveRouting {
  const kind = envString(context, 'LEAVE_ROUTING') ?? 'default';
  if (kind === 'default') return { kind };
  if (kind === 'studio') {
    const flowSid = envString(context, 'LEAVE_STUDIO_FLOW_SID');
    if (!flowSid || !/^FW[0-9a-fA-F]{32}$/.test(flowSid)) {
      throw misconfigured('LEAVE_ROUTING=studio needs LEAVE_STUDIO_FLOW_SID set to a Studio Flow SID (FW…)');
    }
    return { kind, flowSid };
  }
  if (kind === 'webhook') {
    const url = envString(context, 'LEAVE_WEBHOOK_URL');
    if (!url || !isAllowedWebhookUrl(url)) {
      throw misconfigured('LEAVE_ROUTING=webhook needs LEAVE_WEBHOOK_URL set to an https:// URL');
    }
    return { kind, url };
  }
  throw misconfigured(`LEAVE_ROUTING must be default, studio or webhook, not "${kind}"`);
}

function isAllowedWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local);
  } catch {
    return false;
  }
}

export function settingsFrom(context: FunctionContext): Settings {
  const workspaceSid = envString(context, 'TWILIO_WORKSPACE_SID');
  if (!workspaceSid || !/^WS[0-9a-fA-F]{32}$/.test(workspaceSid)) {
    throw misconfigured('TWILIO_WORKSPACE_SID must be set to the Flex TaskRouter workspace SID (WS…)');
  }
  return {
    workspaceSid,
    supervisorsMayAct: envString(context, 'SUPERVISORS_MAY_ACT') === 'true',
    leaveRouting: leaveRoutingFrom(context),
  };
}

/** Read only by the pause, resume and timer functions, so Leave works before Pause is provisioned. */
export function pauseSettingsFrom(context: FunctionContext): PauseSettings {
  const rawLimit = envString(context, 'PAUSE_TIME_LIMIT_MINUTES');
  const minutes = rawLimit === undefined ? MAX_PAUSE_SECONDS / 60 : Number(rawLimit);
  if (!Number.isInteger(minutes) || minutes * 60 < MIN_PAUSE_SECONDS || minutes * 60 > MAX_PAUSE_SECONDS) {
    throw misconfigured(
      'PAUSE_TIME_LIMIT_MINUTES must be a whole number of minutes from 1 to 20160 (14 days)',
    );
  }
  const timerWorkflowSid = envString(context, 'PAUSE_TIMER_WORKFLOW_SID');
  const routeBackWorkflowSid = envString(context, 'ROUTE_BACK_WORKFLOW_SID');
  for (const [name, value] of [
    ['PAUSE_TIMER_WORKFLOW_SID', timerWorkflowSid],
    ['ROUTE_BACK_WORKFLOW_SID', routeBackWorkflowSid],
  ] as const) {
    if (!value || !/^WW[0-9a-fA-F]{32}$/.test(value)) {
      throw misconfigured(`${name} must be set to the workflow SID (WW…) that \`npm run provision\` printed`);
    }
  }
  return {
    timeLimitSeconds: minutes * 60,
    pausedTaskChannel: envString(context, 'PAUSED_TASK_CHANNEL') ?? 'paused',
    timerWorkflowSid: timerWorkflowSid as string,
    routeBackWorkflowSid: routeBackWorkflowSid as string,
  };
}

export interface Account {
  accountSid: string;
  authToken: string;
  /** Set only when the Functions run locally against the emulator on this machine (see twilioBaseUrlFrom). */
  apiBaseUrl?: string;
}

/**
 * The account's credentials, checked before anything uses them: a missing or empty secret must fail closed
 * (500), never turn into a 401 for the agent or a signature checked against an empty key.
 */
export function accountFrom(context: FunctionContext): Account {
  const accountSid = envString(context, 'ACCOUNT_SID');
  if (!accountSid || !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw misconfigured('ACCOUNT_SID must be set to the account SID (AC…)');
  }
  const authToken = envString(context, 'AUTH_TOKEN');
  if (!authToken) throw misconfigured("AUTH_TOKEN must be set to the account's auth token");
  const apiBaseUrl = twilioBaseUrlFrom(context);
  return { accountSid, authToken, ...(apiBaseUrl ? { apiBaseUrl } : {}) };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `TWILIO_API_BASE_URL` sends the account's credentials and the agents' tokens to another server, and trusts
 * whatever that server says about a token. It is honoured only for a loopback URL and only when the Functions
 * run locally; set anywhere else it is a misconfiguration (500), never a silent fallback to Twilio.
 */
export function twilioBaseUrlFrom(context: FunctionContext): string | undefined {
  const raw = envString(context, 'TWILIO_API_BASE_URL');
  if (raw === undefined) return undefined;
  if (!isLoopbackUrl(raw)) {
    throw misconfigured(
      'TWILIO_API_BASE_URL must be a loopback URL (http://127.0.0.1:<port>): it is for the local emulator only',
    );
  }
  if (!isRunningLocally(context)) {
    throw misconfigured(
      'TWILIO_API_BASE_URL is set but these Functions are deployed: remove it, it is for local runs only',
    );
  }
  return raw.replace(/\/$/, '');
}

export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK_HOSTS.has(url.hostname) &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  );
}

/**
 * "Running locally" needs positive evidence of twilio-run on this machine, all three of:
 * - `DOMAIN_NAME` is a loopback host (twilio-run sets it from its own URL, `localhost:<port>`; a deployed
 *   service's is `<service>-<n>.twil.io`);
 * - no `SERVICE_SID` value (twilio-run leaves it undefined behind a warning getter, which is not called here;
 *   a deployed Function always has its service's ZS… SID);
 * - no AWS Lambda markers in the process environment (deployed Functions run on Lambda).
 * Anything else, or any doubt, counts as deployed.
 */
export function isRunningLocally(context: FunctionContext): boolean {
  const domain = typeof context.DOMAIN_NAME === 'string' ? context.DOMAIN_NAME : '';
  const host = domain.replace(/:\d+$/, '');
  const serviceSid = Object.getOwnPropertyDescriptor(context, 'SERVICE_SID')?.value;
  const lambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME || process.env.LAMBDA_TASK_ROOT);
  return LOOPBACK_HOSTS.has(host) && (serviceSid === undefined || serviceSid === '') && !lambda;
}
