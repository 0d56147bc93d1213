import twilio from 'twilio';
import type { TwilioClient } from '../../lib/twilio-client';

/** One request of the live check and what Twilio answered: the evidence each report line cites. */
export interface Exchange {
  method: string;
  /** Host and path, e.g. `flex-api /v1/Interactions/KD…/Channels/UO…`; never the query's values or a body. */
  path: string;
  status: number;
  errorCode: number | null;
  message: string | null;
  body: Record<string, unknown>;
}

type RequestOptions = Parameters<TwilioClient['request']>[0];

function parseBody(raw: unknown): Record<string, unknown> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      // An empty or unreadable body is none.
      return {};
    }
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function hostAndPath(uri: string): string {
  const url = new URL(uri);
  return `${url.hostname.replace(/\.twilio\.com$/, '')} ${url.pathname}`;
}

/** Twilio's error code of an answer: a 4xx/5xx `code`, or a 2xx body's non-zero `error_code`. */
function errorCodeOf(status: number, body: Record<string, unknown>): number | null {
  if (typeof body.error_code === 'number' && body.error_code !== 0) return body.error_code;
  if (status >= 400 && typeof body.code === 'number') return body.code;
  return null;
}

function messageOf(body: Record<string, unknown>): string | null {
  if (typeof body.message === 'string') return body.message;
  if (typeof body.error_message === 'string') return body.error_message;
  return null;
}

export function exchangeOf(options: RequestOptions, status: number, rawBody: unknown): Exchange {
  const body = parseBody(rawBody);
  return {
    method: String(options.method ?? 'get').toUpperCase(),
    path: hostAndPath(String(options.uri ?? '')),
    status,
    errorCode: errorCodeOf(status, body),
    message: messageOf(body),
    body,
  };
}

/**
 * Where twilio-node caches the domains it builds on a client: each domain getter of its client class
 * (rest/Twilio.js: `get conversations() { return this._conversations ?? (this._conversations = new
 * Conversations(this)); }`) keeps its domain in `_<name>`, and the domain sends every request through the client
 * it was built on. The class's other members (the shortcuts `calls`, `messages`; the constructor) name caches
 * that are never set, which costs nothing. The base class's own caches (`_httpClient`: the transport, with its
 * retries) are not domains and stay the client's.
 */
const DOMAIN_CACHES: ReadonlySet<PropertyKey> = new Set(
  Object.getOwnPropertyNames(twilio.Twilio.prototype).map((name) => `_${name}`),
);

/**
 * The same client, with every request's answer written to `log`: the engine's own functions (moveChannel,
 * fetchParticipants, fetchChannel) run unchanged on it, and the report shows what Twilio answered them.
 * It keeps its own domain caches: a domain the plain client (or another recorder) built sends its requests
 * through that client, not this one, so a domain read through this recorder is built anew on it. Each recorder
 * so logs all its own requests and only those, whatever was read before; the rest (credentials, the transport)
 * is the client's, read and set there.
 */
export function recordingClient(client: TwilioClient, log: Exchange[]): TwilioClient {
  const ownDomains = new Map<PropertyKey, unknown>();
  const recordedRequest = async (options: RequestOptions) => {
    const response = await client.request(options);
    log.push(exchangeOf(options, response.statusCode, response.body));
    return response;
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'request') return recordedRequest;
      // The getter runs with this proxy as `this`: it reads and sets its cache here, and builds the domain on it.
      if (DOMAIN_CACHES.has(property)) return ownDomains.get(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
    set(target, property, value, receiver) {
      if (!DOMAIN_CACHES.has(property)) return Reflect.set(target, property, value, receiver);
      ownDomains.set(property, value);
      return true;
    },
  });
}

/** A raw request through the account's client (its transport: retries, time-outs, the emulator rewrite). */
export async function call(
  client: TwilioClient,
  method: 'get' | 'post' | 'delete',
  uri: string,
  data?: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  const options: RequestOptions = {
    method,
    uri,
    ...(data ? { data, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } } : {}),
  };
  const response = await client.request(options);
  return exchangeOf(options, response.statusCode, response.body);
}

export const ok = (exchange: Exchange): boolean => exchange.status >= 200 && exchange.status < 300;

/** Every item of a Twilio list, following `meta.next_page_url`. */
export async function listAll(
  client: TwilioClient,
  uri: string,
  key: string,
  maxPages = 50,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let next: string | null = uri;
  for (let page = 0; next && page < maxPages; page++) {
    const answer = await call(client, 'get', next);
    if (!ok(answer)) throw new Error(`${answer.method} ${answer.path} answered ${describe(answer)}`);
    const list = answer.body[key];
    if (Array.isArray(list)) items.push(...(list as Record<string, unknown>[]));
    const meta = answer.body.meta as { next_page_url?: unknown } | undefined;
    next = typeof meta?.next_page_url === 'string' ? meta.next_page_url : null;
  }
  return items;
}

/** `HTTP 404, error 20404 ("…")`: what the report prints for an answer. */
export function describe(exchange: Exchange): string {
  const parts = [`HTTP ${exchange.status}`];
  if (exchange.errorCode !== null) parts.push(`error ${exchange.errorCode}`);
  if (exchange.message) parts.push(`"${exchange.message.slice(0, 100)}"`);
  return parts.join(', ');
}
