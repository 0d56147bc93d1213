import type http from 'node:http';
import type { SyncDocuments } from '../state/sync-documents';
import { ApiError } from '../util';

/** What the client path needs of the emulator. */
export interface SyncClientHost {
  readonly syncDocuments: Pick<SyncDocuments, 'clientRead'>;
  readonly serializer: { syncDocument(doc: ReturnType<SyncDocuments['clientRead']>): object };
  onChange(listener: () => void): () => void;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization',
};

function bearer(req: http.IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

function refuse(res: http.ServerResponse, error: unknown): void {
  if (!(error instanceof ApiError)) throw error;
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', ...CORS });
  res.end(JSON.stringify({ code: error.code, message: error.message, status: error.status }));
}

/**
 * The Sync SDK's side, which speaks a websocket to Twilio rather than REST, stands here as two emulator paths
 * checked exactly as Twilio checks a client: the Access Token in `Authorization: Bearer`, its identity's Read
 * permission when the service has ACLs on (403 otherwise, whether or not the document exists).
 *
 * - `GET /_emulator/sync-client/Services/{IS}/Documents/{name}`: the document (what `client.document()` opens);
 * - `GET …/Documents/{name}/events`: a server-sent event stream, `updated` with the document each time its
 *   revision changes (what `document.on('updated')` delivers), re-checking the token and permission each time.
 *
 * Answers true when the path was one of these.
 */
export function handleSyncClient(
  host: SyncClientHost,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  segments: string[],
): boolean {
  // segments: _emulator, sync-client, Services, IS…, Documents, name[, events]
  if (segments[1] !== 'sync-client') return false;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return true;
  }
  const [, , services, serviceSid, documents, name, events] = segments;
  if (services !== 'Services' || documents !== 'Documents' || !name || (events && events !== 'events')) {
    refuse(res, new ApiError(404, 20404, 'Unknown sync-client path'));
    return true;
  }
  const token = bearer(req);
  const read = () => host.serializer.syncDocument(host.syncDocuments.clientRead(token, serviceSid, name));
  let first: object;
  try {
    first = read();
  } catch (error) {
    refuse(res, error);
    return true;
  }
  if (!events) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...CORS });
    res.end(JSON.stringify(first));
    return true;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    ...CORS,
  });
  let revision = (first as { revision?: string }).revision;
  res.write(`event: updated\ndata: ${JSON.stringify(first)}\n\n`);
  const stop = host.onChange(() => {
    try {
      const doc = read();
      const next = (doc as { revision?: string }).revision;
      if (next === revision) return;
      revision = next;
      res.write(`event: updated\ndata: ${JSON.stringify(doc)}\n\n`);
    } catch (error) {
      // The permission went, the document was removed or the token expired: the subscription ends, as the
      // SDK's does, with the reason.
      const body = error instanceof ApiError ? { code: error.code, status: error.status } : { status: 500 };
      res.write(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
      stop();
      res.end();
    }
  });
  req.on('close', stop);
  return true;
}
