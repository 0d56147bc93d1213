import { parseConfig, type LeavePauseConfig } from '../../../src/config';
import { ActionError } from './errors';
import type { FunctionContext } from './http';
import type { TwilioClient } from './twilio-client';

export type { LeaveRouting, RoutingStatus } from '../../../src/config';

/**
 * The admin's settings have one home, the Flex configuration (`ui_attributes.custom_data.leavePause`), read
 * through the Flex Configuration API and parsed by the very parser the plugin uses. Environment variables carry
 * only secrets and SIDs.
 */
export type Settings = Pick<LeavePauseConfig, 'leave' | 'pause' | 'routingStatus' | 'supervisorsMayAct'>;

/** How long a warm Function instance trusts what it read: an admin's change applies within this. */
export const SETTINGS_CACHE_MS = 30_000;

let cached: { key: string; at: number; settings: Settings } | undefined;

function misconfigured(message: string): ActionError {
  return new ActionError(500, 'misconfigured', message);
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
      'Functions environment: SYNC_SERVICE_SID must be set to the Sync service SID (IS…) that `npm run provision` printed',
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
    throw new Error(`reading the Flex configuration answered HTTP ${response.statusCode}`);
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
 * turns its feature off, as in the plugin; the problems are logged for the admin (the doctor shows them too).
 */
export async function settingsFor(context: FunctionContext, client: TwilioClient): Promise<Settings> {
  const key = `${context.ACCOUNT_SID ?? ''}|${envString(context, 'TWILIO_API_BASE_URL') ?? ''}`;
  const now = Date.now();
  if (cached && cached.key === key && now - cached.at < SETTINGS_CACHE_MS) return cached.settings;
  const { config, problems } = parseLeavePause(leavePauseOf(await fetchFlexConfiguration(client)));
  if (problems.length > 0) console.warn(`leave-pause settings: ${problems.join(' ')}`);
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
}
