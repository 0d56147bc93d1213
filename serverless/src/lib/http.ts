import { twilioNow } from './clock';
import { functionNameOf, readEnvironment, type FunctionsEnvironment } from './environment';
import { ActionError, misconfigured } from './errors';
import { describeFailure, logFailure } from './log';
import type { FunctionCallback, FunctionContext, FunctionEvent } from './runtime';
import { withFailureJournal } from './twilio-client';

// Their old home: the runtime's shapes are in lib/runtime.ts.
export type { FunctionCallback, FunctionContext, FunctionEvent } from './runtime';

export interface RuntimeResponse {
  setStatusCode(code: number): void;
  setBody(body: unknown): void;
  appendHeader(name: string, value: string): void;
}

declare const Twilio: { Response: new () => RuntimeResponse };

const CORS_HEADERS: Record<string, string> = {
  // The plugin runs on flex.twilio.com and calls the Functions domain.
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'OPTIONS, POST',
  'Access-Control-Allow-Headers': 'Content-Type',
};

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): RuntimeResponse {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', 'application/json');
  for (const [name, value] of Object.entries({ ...CORS_HEADERS, ...headers })) {
    response.appendHeader(name, value);
  }
  response.setBody(body);
  return response;
}

export function errorBody(error: ActionError) {
  return {
    ok: false,
    error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
  };
}

export interface HandlerOptions {
  /**
   * `post` (the default): only a POST with a JSON or form body acts, every field from the body. `any`: an
   * endpoint that reads no input and changes nothing (server-time) answers every method. `twilio-webhook`: a
   * webhook Twilio posts (pause-events), whose URL carries its own query; the endpoint checks Twilio's
   * signature over URL and body before reading anything.
   */
  accepts?: 'post' | 'any' | 'twilio-webhook';
}

/** Largest body, in bytes, an endpoint takes (413 above): a Flex token (≤ 8192) and SIDs, with room to spare. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The endpoint's own work, handed the environment read at the entry (never the runtime's `context`) and the
 * event after the request checks: `request` is the runtime's own.
 */
type Run = (
  environment: FunctionsEnvironment,
  event: FunctionEvent,
) => Promise<{ status?: number; body: Record<string, unknown> }>;

/**
 * The request pipeline every Function goes through, in this order: the request itself (method, body, size,
 * no field from the URL, no `request` field), the environment, read here once (500 misconfigured when a
 * secret is missing, or when TWILIO_API_BASE_URL may not be used here), then the endpoint's own work, handed
 * that environment. Every outcome is a JSON answer: our
 * ActionErrors keep their status; anything else (a Twilio failure that outlived the retries) is a 502 naming
 * the failed request by method and path, logged the same way — never the error object, which can carry the
 * account's Authorization header.
 */
export function defineHandler(run: Run, options: HandlerOptions = {}) {
  const accepts = options.accepts ?? 'post';
  return async (
    context: FunctionContext,
    event: FunctionEvent,
    callback: FunctionCallback,
  ): Promise<void> => {
    const name = functionNameOf(context);
    const answer = (status: number, body: Record<string, unknown>, headers?: Record<string, string>) =>
      callback(null, jsonResponse(status, { ...body, serverTime: twilioNow().toISOString() }, headers));
    await withFailureJournal(async () => {
      try {
        if (accepts === 'post') {
          const verdict = screenRequest(event, MAX_BODY_BYTES);
          if (verdict === 'preflight') {
            callback(null, preflightResponse());
            return;
          }
        }
        const environment = readEnvironment(context);
        const { status = 200, body } = await run(environment, event);
        answer(status, { ok: true, ...body });
      } catch (error) {
        if (error instanceof ActionError) {
          // 5xx are for the admin to see (a setting, Twilio failing); 4xx are the caller's and not logged.
          if (error.status >= 500) logFailure(`${name} answered ${error.status}`, error);
          answer(
            error.status,
            errorBody(error),
            error.status === 405 ? { Allow: 'OPTIONS, POST' } : undefined,
          );
          return;
        }
        if (refusedCredentials(error)) {
          // Twilio refusing the account's own credentials is the admin's to fix, whichever call met it first
          // (token validation may have been skipped for a token this instance remembers).
          const fault = misconfigured(
            `Twilio refused the account's credentials (${describeFailure(error)}): check ACCOUNT_SID and AUTH_TOKEN`,
          );
          logFailure(`${name} answered 500`, fault);
          answer(500, errorBody(fault));
          return;
        }
        logFailure(`${name} failed`, error);
        const wrapped = new ActionError(
          502,
          'twilio_error',
          `A Twilio request failed: ${describeFailure(error)}`,
        );
        answer(502, errorBody(wrapped));
      }
    });
  };
}

/** HTTP 401 from Twilio, or its error 20003 ("Authenticate"): the account's credentials, not the caller's. */
function refusedCredentials(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const status = 'status' in error ? error.status : undefined;
  const code = 'code' in error ? error.code : undefined;
  return status === 401 || code === 20003;
}

function preflightResponse(): RuntimeResponse {
  const response = new Twilio.Response();
  response.setStatusCode(204);
  for (const [name, value] of Object.entries({ ...CORS_HEADERS, 'Access-Control-Max-Age': '600' })) {
    response.appendHeader(name, value);
  }
  response.setBody('');
  return response;
}

type HeaderMap = Record<string, string | string[] | undefined>;

function header(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * The runtime builds `event` as `{ request: { headers, cookies }, ...query, ...body }`
 * (@twilio/runtime-handler 2.1.0, dev-runtime/route.js `constructEvent`): a body field named `request`
 * replaces the runtime's. Anything but the runtime's shape is that field, refused like any unknown field.
 */
function runtimeHeadersOf(event: FunctionEvent): HeaderMap {
  const request: unknown = event.request;
  if (request === undefined) {
    throw misconfigured(
      'the runtime passed no request headers: deploy with @twilio/runtime-handler 1.2.0 or later',
    );
  }
  const runtimeShaped =
    isPlainObject(request) &&
    Object.keys(request).every((key) => key === 'headers' || key === 'cookies') &&
    isPlainObject(request.headers) &&
    isPlainObject(request.cookies) &&
    Object.values(request.headers).every(
      (value) =>
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string')),
    ) &&
    Object.values(request.cookies).every((value) => typeof value === 'string');
  if (!runtimeShaped) {
    throw new ActionError(
      400,
      'unknown_field',
      'Unknown field request: it is reserved for the runtime, send only the fields this endpoint takes',
      'request',
    );
  }
  return request.headers as HeaderMap;
}

const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;

/**
 * What the Function can know of the HTTP request: its headers. The runtime passes every method to the
 * Function and does not say which it was, so "a POST" is read from what only a POST with a body has — a JSON
 * or form `Content-Type` and a `Content-Length` — and "every field from the body" from the length: the
 * runtime merges the URL's query string into the event, and a field that came from the URL makes the body
 * shorter than the fields the event holds could ever be written in.
 */
function screenRequest(event: FunctionEvent, maxBodyBytes: number): 'preflight' | 'ok' {
  const headers = runtimeHeadersOf(event);
  const mediaType = (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  const bodyType = BODY_TYPES.find((type) => type === mediaType);
  if (!bodyType) {
    // A CORS preflight (OPTIONS) has no body and names the method it asks for.
    if (header(headers, 'access-control-request-method')) return 'preflight';
    throw new ActionError(
      405,
      'method_not_allowed',
      'Only POST with a JSON or form body is accepted (OPTIONS answers CORS)',
    );
  }
  const declared = header(headers, 'content-length');
  const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : NaN;
  if (!Number.isFinite(length)) {
    throw new ActionError(411, 'length_required', 'Send the body with a Content-Length header');
  }
  if (length > maxBodyBytes) {
    throw new ActionError(
      413,
      'payload_too_large',
      `The body is ${length} bytes: this endpoint takes at most ${maxBodyBytes}`,
    );
  }
  const fields = Object.entries(event).filter(([key]) => key !== 'request');
  if (leastBodyBytes(bodyType, fields) > length) {
    throw new ActionError(
      400,
      'field_in_url',
      'Send every field in the POST body, none in the URL: a Token in a URL ends up in access logs',
    );
  }
  return 'ok';
}

/**
 * The fewest bytes a body of this type can hold these fields in: JSON.stringify's output for strings (it
 * escapes nothing it need not), a key and at least one byte for any other value (never walked, so a deeply
 * nested value costs nothing), and for a form `key=value` pairs whose raw characters are at least one byte.
 */
function leastBodyBytes(type: (typeof BODY_TYPES)[number], fields: [string, unknown][]): number {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const pairs = fields.map(
      ([key, value]) => bytes(key) + 1 + (typeof value === 'string' ? bytes(value) : 0),
    );
    return pairs.reduce((sum, pair) => sum + pair, 0) + Math.max(0, fields.length - 1);
  }
  // body-parser also takes a JSON array, which the runtime spreads into the event as fields "0", "1", …
  const isArray = fields.length > 0 && fields.every(([key], index) => key === String(index));
  if (isArray) {
    const items = fields.map(([, value]) => (typeof value === 'string' ? bytes(JSON.stringify(value)) : 1));
    return 2 + items.reduce((sum, item) => sum + item, 0) + fields.length - 1;
  }
  const members = fields.map(
    ([key, value]) =>
      bytes(JSON.stringify(key)) + 1 + (typeof value === 'string' ? bytes(JSON.stringify(value)) : 1),
  );
  return 2 + members.reduce((sum, member) => sum + member, 0) + Math.max(0, fields.length - 1);
}
