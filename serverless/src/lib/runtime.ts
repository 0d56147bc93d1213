/**
 * The shapes the Twilio Functions runtime hands every Function. Only lib/environment.ts reads `context` (once,
 * at the request's entry); only the request pipeline (lib/http.ts) and the input parser read `event`.
 */

/** What the Twilio runtime hands every Function: environment variables plus `getTwilioClient`. */
export interface FunctionContext {
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  DOMAIN_NAME?: string;
  PATH?: string;
  [env: string]: unknown;
}

/** The parsed request: form or JSON fields, and (on current runtimes) the request headers. */
export interface FunctionEvent {
  request?: { headers?: Record<string, string | string[] | undefined>; cookies?: Record<string, string> };
  [field: string]: unknown;
}

export type FunctionCallback = (error: unknown, response?: unknown) => void;
