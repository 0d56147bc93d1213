/**
 * The sandbox server's small HTTP helpers, shared by its three route tables (the page's API, the desk's live
 * routes, Return to the queue's evidence): a JSON body read, a JSON answer, the error that picks its status,
 * and one way to answer a request from a table of routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { obj, type Json } from './desk-view';

export async function readJson(request: IncomingMessage): Promise<Json> {
  let raw = '';
  for await (const chunk of request) raw += chunk;
  if (!raw) return {};
  try {
    return obj(JSON.parse(raw));
  } catch {
    throw new DeskError(400, 'The body must be JSON.');
  }
}

export class DeskError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** A table of JSON routes keyed `METHOD /path`; each gets the request's JSON body (empty for GET). */
export type JsonRoutes = Record<string, (body: Json) => Promise<unknown>>;

/** The route answering this request, or undefined when the table has none for its method and path. */
export function routeFor(routes: JsonRoutes, request: IncomingMessage) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  return routes[`${request.method} ${url.pathname}`];
}

/**
 * Answers one request with its route: the body read (POST only), the route run, then `settle` (what must be
 * done before the page reads the answer, such as the emulator going idle), and 200 with the result. A failure
 * answers a DeskError's own status, else `failureStatus`, with the error's words.
 */
export async function answerRoute(
  route: JsonRoutes[string],
  request: IncomingMessage,
  response: ServerResponse,
  options: { settle: () => unknown; failureStatus: number },
): Promise<void> {
  try {
    const body = request.method === 'POST' ? await readJson(request) : {};
    const result = await route(body);
    await options.settle();
    sendJson(response, 200, result);
  } catch (error) {
    const status = error instanceof DeskError ? error.status : options.failureStatus;
    sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
