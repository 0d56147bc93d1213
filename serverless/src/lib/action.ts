import { authenticate, type FlexIdentity } from './auth';
import type { FunctionsEnvironment } from './environment';
import { ActionError } from './errors';
import { parseInput, type SID_PATTERNS } from './input';
import type { FunctionEvent } from './runtime';
import { settingsFor, type Settings } from './settings';
import { twilioClientOf, type TwilioAccess, type TwilioClient } from './twilio-client';

const clients = new Map<string, TwilioClient>();

/**
 * One Twilio client per warm instance and account: its keep-alive connections then carry the next action's
 * calls too, instead of opening new ones (a TLS handshake per call in production).
 */
export function clientFor(access: TwilioAccess): TwilioClient {
  const { accountSid, authToken, apiBaseUrl, retryPolicy } = access;
  const key = [
    accountSid,
    authToken,
    apiBaseUrl,
    retryPolicy.maxAttempts,
    retryPolicy.baseDelayMs,
    retryPolicy.maxDelayMs,
    retryPolicy.requestTimeoutMs,
  ]
    .map(String)
    .join('|');
  let client = clients.get(key);
  if (!client) {
    client = twilioClientOf(access);
    clients.set(key, client);
  }
  return client;
}

export interface AgentAction<F extends keyof typeof SID_PATTERNS> {
  input: { token: string } & Record<F, string>;
  caller: FlexIdentity;
  client: TwilioClient;
  settings: Settings;
}

/**
 * The common start of every agent-facing action. The input is checked first; then the caller's token (who
 * calls), the admin's settings (both cached on a warm instance) and the action's own first read of Twilio's
 * records run side by side, to spare a round trip of latency. Nothing of that read reaches the caller unless
 * the token is valid: a bad token answers 401 whatever the read found.
 */
export async function beginAgentAction<F extends keyof typeof SID_PATTERNS, R = undefined>(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
  sids: readonly F[],
  firstRead?: (client: TwilioClient, input: { token: string } & Record<F, string>) => Promise<R>,
  /** Resume and the paused list act on what was already decided: they do not read the settings. */
  needsSettings = true,
): Promise<AgentAction<F> & { read: R }> {
  const input = parseInput(event, sids);
  const client = clientFor(environment.twilio);
  const [caller, settings, read] = await Promise.allSettled([
    authenticate(environment.twilio, input.token),
    needsSettings ? settingsFor(environment.twilio, client) : Promise.resolve(undefined),
    firstRead ? firstRead(client, input) : Promise.resolve(undefined as R),
  ]);
  if (caller.status === 'rejected') throw caller.reason;
  if (settings.status === 'rejected') throw settings.reason;
  if (read.status === 'rejected') throw read.reason;
  return {
    input,
    caller: caller.value,
    client,
    // Only read where needsSettings; the callers that skip it never look at it.
    settings: settings.value as Settings,
    read: read.value as R,
  };
}

export function requireEnabled(settings: Settings, feature: 'leave' | 'pause'): void {
  if (!settings[feature].enabled) {
    throw new ActionError(
      409,
      'feature_off',
      `${feature === 'leave' ? 'Leave' : 'Pause'} is turned off in the Flex configuration (ui_attributes.custom_data.leavePause.${feature}.enabled)`,
    );
  }
}
