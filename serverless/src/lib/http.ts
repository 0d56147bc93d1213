import { twilioNow } from './clock';
import { ActionError } from './errors';

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

export interface RuntimeResponse {
  setStatusCode(code: number): void;
  setBody(body: unknown): void;
  appendHeader(name: string, value: string): void;
}

declare const Twilio: { Response: new () => RuntimeResponse };

export function jsonResponse(status: number, body: unknown): RuntimeResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', 'application/json');
  // The plugin runs on flex.twilio.com and calls the Functions domain.
  response.appendHeader('Access-Control-Allow-Origin', '*');
  response.appendHeader('Access-Control-Allow-Methods', 'OPTIONS, POST');
  response.appendHeader('Access-Control-Allow-Headers', 'Content-Type');
  response.setBody(body);
  return response;
}

export function errorBody(error: ActionError) {
  return {
    ok: false,
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
  };
}

/**
 * Turns any failure into a JSON answer: our own ActionErrors keep their 4xx; anything else (a Twilio failure
 * that outlived the retries) is a 502 that says what failed, never a bare 500 page.
 */
export function defineHandler(
  run: (
    context: FunctionContext,
    event: FunctionEvent,
  ) => Promise<{ status?: number; body: Record<string, unknown> }>,
) {
  return async (
    context: FunctionContext,
    event: FunctionEvent,
    callback: FunctionCallback,
  ): Promise<void> => {
    try {
      const { status = 200, body } = await run(context, event);
      callback(null, jsonResponse(status, { ok: true, ...body, serverTime: twilioNow().toISOString() }));
    } catch (error) {
      if (error instanceof ActionError) {
        callback(
          null,
          jsonResponse(error.status, { ...errorBody(error), serverTime: twilioNow().toISOString() }),
        );
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      console.error('leave-pause function failed', error);
      const wrapped = new ActionError(502, 'twilio_error', `A Twilio request failed: ${message}`);
      callback(null, jsonResponse(502, { ...errorBody(wrapped), serverTime: twilioNow().toISOString() }));
    }
  };
}
