import { parseConfig, type LeavePauseConfig } from '../../../src/config';
import { ActionError } from './errors';
import type { FunctionContext } from './http';
import { logFailure } from './log';
import { TwilioRequestError, type TwilioClient } from './twilio-client';

export type { RoutingStatus } from '../../../src/config';

/**
 * The admin's settings have one home, the Flex configuration (`ui_attributes.custom_data.leavePause`), read
 * through the Flex Configuration API and parsed by the very parser the plugin uses. Environment variables carry
 * only secrets and SIDs.
 */
export type Settings = Pick<LeavePauseConfig, 'leave' | 'pause' | 'routingStatus' | 'supervisorsMayAct'>;

/** How long a warm Function instance trusts what it read: an admin's change applies within this. */
export const SETTINGS_CACHE_MS = 30_000;

let cached: { key: string; at: number; settings: Settings } | undefined;

export function misconfigured(message: string): ActionError {
  return new ActionError(500, 'misconfigured', `Functions environment: ${message}`);
}

export function envString(context: FunctionContext, name: string): string | undefined {
  const value = context[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The Sync service (IS…) that holds the pause records, which only the Functions write. */
export function syncServiceSidFrom(context: FunctionContext): string {
  const sid = envString(context, 'SYNC_SERVICE_SID');
  if (!sid || !/^IS[0-9a-fA-F]{32}$/.test(sid)) {
    throw misconfigured(
      'SYNC_SERVICE_SID must be set to the Sync service SID (IS…) that `npm run provision` printed',
    );
  }
  return sid;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The raw Flex configuration, for the settings and the doctor. */
export async function fetchFlexConfiguration(client: TwilioClient): Promise<Record<string, unknown>> {
  const response = await client.request({
    method: 'get',
    uri: 'https://flex-api.twilio.com/v1/Configuration',
  });
  if (response.statusCode >= 400) {
    const failure = { method: 'GET', path: '/v1/Configuration', status: response.statusCode };
    if (response.statusCode === 401 || response.statusCode === 403) {
      throw misconfigured(
        `Twilio refused the account's credentials (GET /v1/Configuration: HTTP ${response.statusCode}): check ACCOUNT_SID and AUTH_TOKEN`,
      );
    }
    throw new TwilioRequestError(failure);
  }
  return asObject(response.body) ?? {};
}

export function leavePauseOf(configuration: Record<string, unknown>): unknown {
  const ui = asObject(configuration.ui_attributes);
  const custom = asObject(ui?.custom_data);
  return custom?.leavePause;
}

/**
 * The plugin's own parser, so the Functions and the plugin can never read the settings differently. The
 * plugin needs backendUrl to reach us; we are the backend, so its absence must not switch the features off.
 */
export function parseLeavePause(raw: unknown): ReturnType<typeof parseConfig> {
  const hosted = asObject(raw);
  return parseConfig(
    hosted && hosted.backendUrl === undefined ? { ...hosted, backendUrl: 'https://functions.invalid' } : raw,
  );
}

/**
 * The settings, read at most every SETTINGS_CACHE_MS per warm instance (and per account). An invalid value
 * turns its feature off, as in the plugin; the problems (and notices such as an ignored `leave.routing`) are
 * logged for the admin (the doctor shows them too).
 */
export async function settingsFor(context: FunctionContext, client: TwilioClient): Promise<Settings> {
  const key = accountKey(context);
  const now = Date.now();
  if (cached && cached.key === key && now - cached.at < SETTINGS_CACHE_MS) return cached.settings;
  const { config, problems } = parseLeavePause(leavePauseOf(await readConfiguration(key, client)));
  if (problems.length > 0) {
    logFailure(
      'the Flex configuration has settings problems (an invalid value turns its feature off)',
      new ActionError(500, 'misconfigured', problems.join(' ')),
    );
  }
  const settings: Settings = {
    leave: config.leave,
    pause: config.pause,
    routingStatus: config.routingStatus,
    supervisorsMayAct: config.supervisorsMayAct,
  };
  cached = { key, at: now, settings };
  return settings;
}

/** Tests change the configuration between cases. */
export function forgetCachedSettings(): void {
  cached = undefined;
  workspaceSids.clear();
}

function accountKey(context: FunctionContext): string {
  return `${context.ACCOUNT_SID ?? ''}|${envString(context, 'TWILIO_API_BASE_URL') ?? ''}`;
}

/**
 * One configuration read in flight per account: on a cold instance the settings and the workspace SID both
 * need it, in the same request, and share the one call.
 */
const configurationReads = new Map<string, Promise<Record<string, unknown>>>();

function readConfiguration(key: string, client: TwilioClient): Promise<Record<string, unknown>> {
  let read = configurationReads.get(key);
  if (!read) {
    read = fetchFlexConfiguration(client)
      .then((configuration) => {
        const workspaceSid = configuration.taskrouter_workspace_sid;
        if (typeof workspaceSid === 'string' && /^WS[0-9a-fA-F]{32}$/.test(workspaceSid)) {
          workspaceSids.set(key, workspaceSid);
        }
        return configuration;
      })
      .finally(() => configurationReads.delete(key));
    configurationReads.set(key, read);
  }
  return read;
}

/** The Flex TaskRouter workspace never changes for an account: read once per warm instance. */
const workspaceSids = new Map<string, string>();

/**
 * The account's Flex workspace (WS…), from the Flex configuration (`taskrouter_workspace_sid`), which only
 * the admin and Twilio write. Ownership checks read reservations there. Cached for the instance's life; on a
 * cold instance the first action waits for the configuration read before its reservation read.
 */
export async function workspaceSidFor(context: FunctionContext, client: TwilioClient): Promise<string> {
  const key = accountKey(context);
  const known = workspaceSids.get(key);
  if (known) return known;
  await readConfiguration(key, client);
  const read = workspaceSids.get(key);
  if (!read) {
    throw new ActionError(
      500,
      'misconfigured',
      'The Flex configuration names no TaskRouter workspace (taskrouter_workspace_sid): is Flex set up on this account?',
    );
  }
  return read;
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
