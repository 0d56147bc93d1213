import * as http from 'http';
import { handleSyncClient, type SyncClientHost } from './sync-client';
import { handleControl, type ControlledEmulator } from '../control';
import { FAILED_CHANGE, FAULT_CODES, type FaultInjector } from '../faults';
import { Params } from '../params';
import type { Platform } from '../platform';
import type { ApiHost, SpecValidator } from '../spec/validator';
import type { World } from '../state/world';
import { ApiError, twilioErrorBody } from '../util';
import type { RouteHandler, RouteResult } from './routes';

/**
 * What the HTTP server serves: the control API's emulator plus the state, checks and routes behind Twilio's
 * API. Declared here rather than imported from emulator.ts, which starts this server: the Emulator class
 * implements it, and the imports run one way only.
 */
export interface ServedEmulator extends ControlledEmulator {
  readonly accountSid: string;
  readonly authToken: string;
  readonly world: World;
  readonly validator: SpecValidator;
  readonly faultInjector: FaultInjector;
  readonly platform: Pick<Platform, 'validateToken'>;
  readonly routes: Map<string, RouteHandler>;
  delay(ms: number): Promise<void>;
  notifyChange(): void;
  onChange(listener: () => void): () => void;
  readonly syncDocuments: SyncClientHost['syncDocuments'] & ControlledEmulator['syncDocuments'];
  readonly serializer: ControlledEmulator['serializer'];
}

const API_HOSTS: ApiHost[] = ['flex-api', 'taskrouter', 'conversations', 'sync'];
const PUBLIC_HOST: Record<ApiHost, string> = {
  'flex-api': 'https://flex-api.twilio.com',
  taskrouter: 'https://taskrouter.twilio.com',
  conversations: 'https://conversations.twilio.com',
  sync: 'https://sync.twilio.com',
};

function isJson(req: http.IncomingMessage): boolean {
  return /^application\/json\b/i.test(req.headers['content-type'] ?? '');
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, If-Match, X-Twilio-Webhook-Enabled',
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toMap(search: URLSearchParams): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of search) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === null || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function authorized(req: http.IncomingMessage, accountSid: string, authToken: string): boolean {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i > 0 && decoded.slice(0, i) === accountSid && decoded.slice(i + 1) === authToken;
}

export function createHttpServer(emu: ServedEmulator): http.Server {
  return http.createServer((req, res) => {
    // Reads change nothing; every other request (API or control) may have.
    if (req.method !== 'GET' && req.method !== 'OPTIONS') res.on('close', () => emu.notifyChange());
    handle(emu, req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) send(res, 500, twilioErrorBody(500, 20500, `Emulator error: ${message}`));
      else res.destroy();
    });
  });
}

async function handle(
  emu: ServedEmulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const segments = url.pathname.split('/').filter(Boolean);
  const first = segments[0] ?? '';
  const raw = await readBody(req);
  // Twilio's Date header is the platform's time; here that is the simulated clock, so a backend that reads
  // "now" from Twilio agrees with the timers the emulator fires.
  res.setHeader('Date', emu.clock.now().toUTCString());

  if (first === '_emulator' && handleSyncClient(emu, req, res, segments)) return;
  if (first === '_emulator') {
    if (method === 'OPTIONS') return send(res, 204, null, CORS);
    const { status, body } = await handleControl(
      emu,
      method,
      '/' + segments.slice(1).join('/'),
      raw,
      url.searchParams,
    );
    return send(res, status, body, CORS);
  }

  // Injected latency stands for the network and Twilio's own processing; it comes before the work, so the
  // order in which racing requests take effect is the order in which they arrive plus the delay.
  if (emu.world.settings.latencyMs > 0) await emu.delay(emu.world.settings.latencyMs);

  const log = (host: string, status: number): void => {
    emu.world.requests.push({
      method,
      host,
      path: url.pathname + url.search,
      status,
      at: emu.world.nowIso(),
    });
  };

  if (first === 'iam') {
    const m = /^\/iam\/v1\/Accounts\/(AC[0-9a-fA-F]{32})\/Tokens\/validate$/.exec(url.pathname);
    if (!m || method !== 'POST') {
      log('iam', 404);
      return send(
        res,
        404,
        twilioErrorBody(404, 20404, `The requested resource ${url.pathname} was not found`),
      );
    }
    if (!authorized(req, emu.accountSid, emu.authToken) || m[1] !== emu.accountSid) {
      log('iam', 401);
      return send(res, 401, twilioErrorBody(401, 20003, 'Authenticate'));
    }
    let token: unknown;
    try {
      token = (JSON.parse(raw) as { token?: unknown }).token;
    } catch {
      token = undefined;
    }
    // Faults apply to token validation too: it is a Twilio request like any other, and its body is a token.
    const fault = emu.faultInjector.take(method, url.pathname);
    if (fault?.mode === 'drop') {
      log('iam', 0);
      req.socket.destroy();
      return;
    }
    if (fault?.mode === 'before' || fault?.mode === 'after') {
      const [code, message] = FAULT_CODES[fault.status];
      log('iam', fault.status);
      return send(res, fault.status, twilioErrorBody(fault.status, code, message));
    }
    const verdict = emu.platform.validateToken(token);
    if (fault?.mode === 'timeout') {
      log('iam', 0);
      await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
      if (res.destroyed || res.writableEnded) return;
    } else {
      log('iam', 200);
    }
    return send(res, 200, verdict);
  }

  if (!(API_HOSTS as string[]).includes(first)) {
    emu.world.violations.push({ method, path: url.pathname, message: `Unknown host prefix /${first}` });
    log(first, 404);
    return send(
      res,
      404,
      twilioErrorBody(404, 20404, `The requested resource ${url.pathname} was not found`),
    );
  }
  const host = first as ApiHost;
  const subPath = '/' + segments.slice(1).join('/');

  if (!authorized(req, emu.accountSid, emu.authToken)) {
    log(host, 401);
    return send(res, 401, twilioErrorBody(401, 20003, 'Authenticate'));
  }

  const fault = emu.faultInjector.take(method, url.pathname);
  if (fault?.mode === 'drop') {
    log(host, 0);
    req.socket.destroy();
    return;
  }
  const faultResponse = (): void => {
    const [code, msg] = FAULT_CODES[fault?.status ?? 500];
    log(host, fault?.status ?? 500);
    send(res, fault?.status ?? 500, twilioErrorBody(fault?.status ?? 500, code, msg));
  };
  if (fault?.mode === 'before') return faultResponse();

  const query = toMap(url.searchParams);
  let json: unknown;
  if (method === 'POST' && isJson(req) && raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      emu.world.violations.push({ method, path: url.pathname, message: 'Invalid JSON body' });
      log(host, 400);
      return send(res, 400, twilioErrorBody(400, 20001, 'Invalid JSON body'));
    }
  }
  const body =
    method === 'POST' && json === undefined ? toMap(new URLSearchParams(raw)) : new Map<string, string[]>();
  const v = emu.validator.validate({ host, method, path: subPath, query, body, headers: req.headers, json });
  if (!v.ok) {
    emu.world.violations.push({ method, path: url.pathname, message: v.message });
    log(host, v.status);
    return send(res, v.status, twilioErrorBody(v.status, v.code, v.message));
  }
  const unlisted = v.exceptions.find((hit) => hit.exception === 'interaction-channel-pause-active');
  if (unlisted && emu.world.settings.channelUpdateEnum === 'public-spec') {
    // An account answering as the public spec reads: the value is refused, naming the parameter.
    log(host, 400);
    return send(
      res,
      400,
      twilioErrorBody(
        400,
        20001,
        `Invalid parameter Status: ${unlisted.value} is not one of closed, inactive`,
      ),
    );
  }
  for (const hit of v.exceptions) {
    emu.world.specExceptions.push({
      exception: hit.exception,
      method,
      path: url.pathname,
      parameter: hit.parameter,
      value: hit.value,
    });
  }
  const handler = emu.routes.get(`${host} ${method} ${v.template}`);
  if (!handler) {
    const message = `${method} ${v.template} is valid per the spec but not modelled by the emulator`;
    emu.world.violations.push({ method, path: url.pathname, message });
    log(host, 404);
    return send(res, 404, twilioErrorBody(404, 20404, message));
  }
  if (fault?.mode === 'failed') {
    // A change Twilio could not make, answered as its spec's examples show: 200, the resource as it is, with
    // `"status": "failed"` and an error code. Nothing changes.
    const read = emu.routes.get(`${host} GET ${v.template}`);
    let current: unknown = {};
    try {
      current = read
        ? read({
            host,
            params: v.params,
            query: new Params(new Map()),
            body: new Params(new Map()),
            json: undefined,
            headers: req.headers,
            publicUrl: PUBLIC_HOST[host] + subPath,
          }).body
        : {};
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
    log(host, 200);
    return send(res, 200, {
      ...(current && typeof current === 'object' ? current : {}),
      status: 'failed',
      error_code: FAILED_CHANGE.errorCode,
      error_message: FAILED_CHANGE.errorMessage,
    });
  }
  let result: RouteResult;
  try {
    result = handler({
      host,
      params: v.params,
      query: new Params(query),
      body: new Params(body),
      json,
      headers: req.headers,
      publicUrl: PUBLIC_HOST[host] + subPath,
    });
  } catch (err) {
    if (err instanceof ApiError) {
      log(host, err.status);
      return send(res, err.status, twilioErrorBody(err.status, err.code, err.message));
    }
    throw err;
  }
  if (fault?.mode === 'after') return faultResponse();
  if (fault?.mode === 'timeout') {
    // The work is done; the answer comes too late for the client, which has given up (or it never comes
    // when the client closes the connection first).
    log(host, 0);
    await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
    if (res.destroyed || res.writableEnded) return;
    return send(res, result.status, result.body, result.headers);
  }
  log(host, result.status);
  send(res, result.status, result.body, result.headers);
}
