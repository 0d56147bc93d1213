import { parseConfig, type LeavePauseConfig } from '../../../src/config';
import { ActionError, misconfigured } from './errors';
import { logFailure } from './log';
import { TwilioRequestError, type TwilioAccess, type TwilioClient } from './twilio-client';

export type { RoutingStatus } from '../../../src/config';
// Their old home: the environment is read in lib/environment.ts, misconfigured is in lib/errors.ts.
export { misconfigured } from './errors';
export { isLoopbackUrl } from './loopback';
export {
  accountFrom,
  envString,
  isRunningLocally,
  syncServiceSidFrom,
  twilioBaseUrlFrom,
  type Account,
} from './environment';

/** Whose settings: an account, on Twilio or on the local emulator (each is an account of its own). */
export type SettingsAccount = Pick<TwilioAccess, 'accountSid' | 'apiBaseUrl'>;

/**
 * The admin's settings have one home, the Flex configuration (`ui_attributes.custom_data.leavePause`), read
 * through the Flex Configuration API and parsed by the very parser the plugin uses. Environment variables carry
 * only secrets and SIDs.
 */
export type Settings = Pick<
  LeavePauseConfig,
  'leave' | 'pause' | 'routingStatus' | 'supervisorsMayAct' | 'returnToQueue'
>;

/** How long a warm Function instance trusts what it read: an admin's change applies within this. */
export const SETTINGS_CACHE_MS = 30_000;

let cached: { key: string; at: number; settings: Settings } | undefined;

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
export async function settingsFor(account: SettingsAccount, client: TwilioClient): Promise<Settings> {
  const key = accountKey(account);
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
    returnToQueue: config.returnToQueue,
  };
  cached = { key, at: now, settings };
  return settings;
}

/** Tests change the configuration between cases. */
export function forgetCachedSettings(): void {
  cached = undefined;
  workspaceSids.clear();
}

function accountKey(account: SettingsAccount): string {
  return `${account.accountSid}|${account.apiBaseUrl ?? ''}`;
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
export async function workspaceSidFor(account: SettingsAccount, client: TwilioClient): Promise<string> {
  const key = accountKey(account);
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
