/** The desk routes' small HTTP helpers: a JSON body read, a JSON answer, and the error that picks its status. */
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
