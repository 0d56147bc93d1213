import { authenticate, type FlexIdentity } from './auth';
import { ActionError } from './errors';
import { syncServiceSidFrom, type FunctionsEnvironment } from './environment';
import { claimRequest, outcomeOf, RepeatedRequest, type RequestClaim } from './idempotency';
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
  input: { token: string; idempotencyKey?: string } & Record<F, string>;
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
export async function beginAgentAction<F extends keyof typeof SID_PATTERNS, R = undefined, C = undefined>(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
  sids: readonly F[],
  firstRead?: (client: TwilioClient, input: { token: string } & Record<F, string>) => Promise<R>,
  /** Resume and the paused list act on what was already decided: they do not read the settings. */
  needsSettings = true,
  options: {
    /** The action that changes state, named so a repeated request (same IdempotencyKey) is answered once. */
    remembered?: 'leave' | 'pause' | 'resume';
    /** Body fields the action checks itself (Pause's Reason and ReasonNote). */
    ownFields?: readonly string[];
    /** A read that needs the proven caller (Resume's own pause record), side by side with the claim. */
    readAsCaller?: (
      client: TwilioClient,
      caller: FlexIdentity,
      input: { token: string } & Record<F, string>,
    ) => Promise<C>;
  } = {},
): Promise<AgentAction<F> & { read: R; callerRead: C | undefined }> {
  const { remembered, readAsCaller, ownFields } = options;
  const input = parseInput(event, sids, remembered !== undefined, ownFields);
  const key = input.idempotencyKey;
  // Leave works without Sync (no SYNC_SERVICE_SID): there a repeat is answered by the engine's own checks.
  // Checked before the token is sent anywhere: a misconfiguration answers 500 with no request under way (whose
  // rejection nobody would then await).
  const serviceSid =
    remembered && key && environment.syncServiceSid ? syncServiceSidFrom(environment) : undefined;
  const client = clientFor(environment.twilio);
  const identity = authenticate(environment.twilio, input.token);
  const [caller, settings, read, claim, callerRead] = await Promise.allSettled([
    identity,
    needsSettings ? settingsFor(environment.twilio, client) : Promise.resolve(undefined),
    firstRead ? firstRead(client, input) : Promise.resolve(undefined as R),
    // Chained on the caller's identity (a cached token on a warm instance: no wait), side by side with the
    // first read: the claim costs no round trip of its own. Nothing is claimed for a caller not proven.
    serviceSid && remembered && key
      ? identity.then((who) => claimRequest(client, serviceSid, who.workerSid, remembered, key))
      : Promise.resolve(undefined),
    readAsCaller ? identity.then((who) => readAsCaller(client, who, input)) : Promise.resolve(undefined),
  ]);
  if (caller.status === 'rejected') throw caller.reason;
  if (claim.status === 'rejected') throw claim.reason;
  if (callerRead.status === 'rejected') throw callerRead.reason;
  if (claim.value) claims.set(event, claim.value);
  if (settings.status === 'rejected') throw settings.reason;
  if (read.status === 'rejected') throw read.reason;
  return {
    input,
    caller: caller.value,
    client,
    // Only read where needsSettings; the callers that skip it never look at it.
    settings: settings.value as Settings,
    read: read.value as R,
    callerRead: callerRead.value,
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

/** The claim of the request an event carries, for rememberedAction to keep its outcome. */
const claims = new WeakMap<FunctionEvent, RequestClaim>();

/** The request's claim, when the action wants to keep its outcome side by side with its own last call. */
export function claimOf(event: FunctionEvent): RequestClaim | undefined {
  return claims.get(event);
}

/**
 * Runs an action that changes state so that a repeated request (the same IdempotencyKey from the same agent)
 * gets the first outcome rather than acting again: a success or a refusal is kept; Twilio failing is not, so
 * the repeat may try again (the actions find their own earlier effect: `alreadyPaused`, `alreadyResumed`).
 */
export function rememberedAction<T extends object>(
  action: (environment: FunctionsEnvironment, event: FunctionEvent) => Promise<T>,
) {
  return async (
    environment: FunctionsEnvironment,
    event: FunctionEvent,
  ): Promise<Record<string, unknown>> => {
    let result: T;
    try {
      result = await action(environment, event);
    } catch (error) {
      if (error instanceof RepeatedRequest) {
        const first = error.outcome;
        if (first.ok) return { ...first.body, repeated: true };
        throw new ActionError(first.status, first.code, first.message, first.field);
      }
      const claim = claims.get(event);
      if (claim && !claim.isSettled) {
        const outcome = outcomeOf(error);
        await (outcome ? claim.remember(outcome) : claim.release());
      }
      throw error;
    }
    const body = { ...result } as Record<string, unknown>;
    const claim = claims.get(event);
    if (claim && !claim.isSettled) await claim.remember({ ok: true, body });
    return body;
  };
}
