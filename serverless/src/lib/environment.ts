import { misconfigured } from './errors';
import { isLoopbackUrl, LOOPBACK_HOSTS } from './loopback';
import type { FunctionContext } from './runtime';
import { retryPolicyFrom, type TwilioAccess } from './twilio-client';

/**
 * The Functions' environment, read from the runtime's `context` once, at the request's entry (lib/http.ts),
 * and checked there. Every other module is handed the part it needs: the Twilio client and the token check
 * `twilio`, the settings its account, the pause records `syncServiceSid`. No other module reads `context`.
 * Environment variables carry only secrets and SIDs; the admin's settings live in the Flex configuration.
 */
export interface FunctionsEnvironment {
  /** The account's credentials, the emulator's base on a local run, the retry policy. */
  twilio: TwilioAccess;
  /**
   * SYNC_SERVICE_SID as set, checked only by the actions that keep pause records (syncServiceSidFrom): Leave
   * and server-time run without it.
   */
  syncServiceSid?: string;
  /**
   * Pause events: where Twilio reaches these Functions (`https://{DOMAIN_NAME}`, `http://` on a local run),
   * for the pause's conversation-scoped webhook and the signature check of its events. Absent when the runtime
   * gave no DOMAIN_NAME: Pause then attaches no webhook.
   */
  functionsBaseUrl?: string;
  /**
   * TWILIO_API_KEY / TWILIO_API_SECRET as set (issue 18): the API key that signs the agents' live-feed Access
   * Tokens (/live-token). Optional: without it /live-token answers `live: false` and the plugin reads /paused.
   */
  liveKey?: { sid: string; secret: string };
}

export function envString(context: FunctionContext, name: string): string | undefined {
  const value = context[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads and checks the environment. A missing or empty secret must fail closed (500), never turn into a 401
 * for the agent or a signature checked against an empty key.
 */
export function readEnvironment(context: FunctionContext): FunctionsEnvironment {
  const account = accountFrom(context);
  const syncServiceSid = envString(context, 'SYNC_SERVICE_SID');
  const liveKey = liveKeyFrom(context);
  return {
    twilio: {
      accountSid: account.accountSid,
      authToken: account.authToken,
      ...(account.apiBaseUrl ? { apiBaseUrl: account.apiBaseUrl } : {}),
      retryPolicy: retryPolicyFrom({
        TWILIO_REQUEST_TIMEOUT_MS: context.TWILIO_REQUEST_TIMEOUT_MS,
        TWILIO_RETRY_BASE_DELAY_MS: context.TWILIO_RETRY_BASE_DELAY_MS,
        TWILIO_RETRY_MAX_ATTEMPTS: context.TWILIO_RETRY_MAX_ATTEMPTS,
      }),
    },
    ...(syncServiceSid ? { syncServiceSid } : {}),
    ...functionsBaseUrlOf(context),
    ...(liveKey ? { liveKey } : {}),
  };
}

/** Pause events: the URL Twilio posts to, from the runtime's own DOMAIN_NAME (never from a request). */
function functionsBaseUrlOf(context: FunctionContext): Pick<FunctionsEnvironment, 'functionsBaseUrl'> {
  const domain = envString(context, 'DOMAIN_NAME');
  if (!domain) return {};
  if (!isRunningLocally(context)) return { functionsBaseUrl: `https://${domain}` };
  // twilio-run names itself `localhost:<port>` but listens on 127.0.0.1 here (the sandbox's preload): the
  // emulator must not resolve `localhost` to another address (::1) to deliver the pause's events.
  return { functionsBaseUrl: `http://${domain.replace(/^localhost(?=:|$)/, '127.0.0.1')}` };
}

/**
 * The live feed's API key, when both halves are set. One set without the other, or a SID that is no API key
 * SID, is a misconfiguration (500 naming the variable), never a token that Twilio would refuse later.
 */
export function liveKeyFrom(context: FunctionContext): { sid: string; secret: string } | undefined {
  const sid = envString(context, 'TWILIO_API_KEY');
  const secret = envString(context, 'TWILIO_API_SECRET');
  if (sid === undefined && secret === undefined) return undefined;
  if (!sid || !/^SK[0-9a-fA-F]{32}$/.test(sid))
    throw misconfigured('TWILIO_API_KEY must be set to an API key SID (SK…) when TWILIO_API_SECRET is set');
  if (!secret) throw misconfigured('TWILIO_API_SECRET must be set to the secret of TWILIO_API_KEY');
  return { sid, secret };
}

/** The Function's name (`pause`), for log lines: read first, so that even a misconfiguration names it. */
export function functionNameOf(context: FunctionContext): string {
  const path = typeof context.PATH === 'string' ? context.PATH : '';
  return (
    path
      .split('/')
      .pop()
      ?.replace(/\.(js|ts)$/, '') || 'function'
  );
}

export interface Account {
  accountSid: string;
  authToken: string;
  /** Set only when the Functions run locally against the emulator on this machine (see twilioBaseUrlFrom). */
  apiBaseUrl?: string;
}

/** The account's credentials and the emulator's base, checked before anything uses them. */
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

/** The Sync service (IS…) that holds the pause records, which only the Functions write. */
export function syncServiceSidFrom(environment: Pick<FunctionsEnvironment, 'syncServiceSid'>): string {
  const sid = environment.syncServiceSid;
  if (!sid || !/^IS[0-9a-fA-F]{32}$/.test(sid)) {
    throw misconfigured(
      'SYNC_SERVICE_SID must be set to the Sync service SID (IS…) that `npm run provision` printed',
    );
  }
  return sid;
}
