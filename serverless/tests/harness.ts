import http from 'node:http';
import type { AddressInfo } from 'node:net';
// The package's `exports` hide its internals; these are the very files twilio-run's local server runs.
import { Response as RuntimeResponse } from '../../node_modules/@twilio/runtime-handler/dist/dev-runtime/internal/response';
import {
  constructEvent,
  handleError,
  handleSuccess,
} from '../../node_modules/@twilio/runtime-handler/dist/dev-runtime/route';
import { createRequire } from 'node:module';
import bodyParser from 'body-parser';
import express, { type RequestHandler } from 'express';
import { startEmulator, type ChannelType, type Emulator } from '../../emulator/src';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as liveTokenHandler } from '../src/functions/live-token';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pauseEventsHandler } from '../src/functions/pause-events';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { handler as serverTimeHandler } from '../src/functions/server-time';
import { handler as teamPausedHandler } from '../src/functions/team-paused';
import { handler as teamResumeHandler } from '../src/functions/team-resume';
import { handler as teamReturnHandler } from '../src/functions/team-return';
import { forgetAcceptedTokens } from '../src/lib/auth';
import type { FunctionContext, FunctionEvent } from '../src/lib/http';
import { forgetCachedSettings } from '../src/lib/settings';
import { createTwilioClient, type TwilioClient } from '../src/lib/twilio-client';

type Handler = (
  context: FunctionContext,
  event: FunctionEvent,
  callback: (e: unknown, r?: unknown) => void,
) => unknown;

export interface Invocation {
  status: number;
  body: {
    ok: boolean;
    error?: { code: string; message: string; field?: string };
    serverTime?: string;
    [key: string]: unknown;
  };
}

// The Functions runtime provides Twilio.Response as a global; tests install the runtime's own class.
(globalThis as unknown as { Twilio: unknown }).Twilio = { Response: RuntimeResponse };

export const ROUTES: Record<string, Handler> = {
  '/leave': leaveHandler,
  '/pause': pauseHandler,
  '/resume': resumeHandler,
  '/paused': pausedHandler,
  '/pause-events': pauseEventsHandler,
  '/server-time': serverTimeHandler,
  // Team view (issue 18 part 4).
  '/team-paused': teamPausedHandler,
  '/team-resume': teamResumeHandler,
  '/team-return': teamReturnHandler,
  // Live lists (issue 18 part 2).
  '/live-token': liveTokenHandler,
};

/** Both features on, closed tasks: what most tests run with. */
export const DEFAULT_LEAVE_PAUSE = {
  leave: { enabled: true },
  pause: { enabled: true },
  routingStatus: 'closed',
};

export interface Backend {
  functionsUrl: string;
  emulator: Emulator;
  seed: Awaited<ReturnType<Emulator['seed']>>;
  client: TwilioClient;
  env: Record<string, string>;
  /**
   * Calls a handler in-process with the event the runtime builds for a JSON POST of `fields` (see
   * runtimeEvent): `headers` are added to the request's own; a `request` among the fields is a body field,
   * replacing the runtime's as it does in twilio-run.
   */
  invoke(
    handler: Handler,
    fields: FunctionEvent,
    env?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Invocation>;
  /** Sets the admin's settings in the Flex configuration (the one source) and drops the Functions' cache. */
  configure(leavePause: unknown, extra?: Record<string, unknown>): Promise<void>;
  /** POSTs an emulator control call. */
  control(path: string, body: unknown): Promise<unknown>;
  /** The event of a leave or pause of this conversation by this agent (or another token). */
  actionEvent(conversation: AssignedConversation, token?: string): Promise<Record<string, string>>;
  tokenFor(workerSid: string, roles?: string[]): Promise<string>;
  assignedConversation(options?: {
    channelType?: ChannelType;
    workerSid?: string;
    /** false: leave the agent's reservation pending (a task reserved, not yet accepted). Default true. */
    accept?: boolean;
  }): Promise<AssignedConversation>;
  close(): Promise<void>;
}

export interface AssignedConversation {
  taskSid: string;
  workerSid: string;
  conversationSid: string;
  interactionSid: string;
  channelSid: string;
}

/**
 * Serves the handlers over HTTP the way twilio-run does: the same express middleware as
 * @twilio/runtime-handler 2.1.0's LocalDevelopmentServer (form with `extended: false` and JSON, 6 MB each,
 * cookies), its own answer to OPTIONS, its own `constructEvent` (`{ request: { headers, cookies }, ...query,
 * ...body }`, so a body field named `request` replaces the runtime's) and its own success and error answers
 * (HTML or JSON stack traces). What a test sees here is what twilio-run does with the same request.
 */
export function startFunctionsHost(contextFor: (path: string) => FunctionContext): Promise<http.Server> {
  const app = express();
  app.use(expressUseragent.express());
  app.use(bodyParser.urlencoded({ extended: false, limit: RUNTIME_BODY_LIMIT }));
  app.use(bodyParser.json({ limit: RUNTIME_BODY_LIMIT }));
  app.use(cookieParser());
  app.all('/*', (req, res) => {
    const handler = ROUTES[req.path];
    if (!handler) {
      res.status(404).send('Could not find requested resource');
      return;
    }
    if (req.method === 'OPTIONS') {
      // The runtime answers a preflight itself, before any Function runs.
      res.set(RUNTIME_PREFLIGHT_HEADERS).status(204).end();
      return;
    }
    const event = constructEvent(req) as FunctionEvent;
    const callback = (error: unknown, payload?: unknown) => {
      if (error) handleError(error as Error, req, res, req.path);
      else handleSuccess(payload as object, res);
    };
    try {
      void Promise.resolve(handler(contextFor(req.path), event, callback)).catch((error: unknown) =>
        callback(error),
      );
    } catch (error) {
      callback(error);
    }
  });
  const server = http.createServer(app);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Untyped middleware of the runtime's local server, typed as far as it is used here.
const runtimeRequire = createRequire(__filename);
const cookieParser = runtimeRequire('cookie-parser') as () => RequestHandler;
const expressUseragent = runtimeRequire('express-useragent') as { express(): RequestHandler };

/** @twilio/runtime-handler 2.1.0's body limit (DEFAULT_BODY_SIZE_LAMBDA) and its answer to OPTIONS. */
const RUNTIME_BODY_LIMIT = '6mb';
const RUNTIME_PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, User-Agent',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'ETag',
  'access-control-max-age': '86400',
  'content-type': 'text/plain; charset=UTF-8',
  'content-length': '0',
};

/**
 * The event the runtime builds for a JSON POST of `fields` from a browser, for tests that call a handler
 * directly: the runtime's `request` (headers with the body's type and length, no cookies) and the fields.
 * A `request` among the fields replaces it, as in the runtime.
 */
export function runtimeEvent(
  fields: Record<string, unknown>,
  headers: Record<string, string> = {},
): FunctionEvent {
  const body = JSON.stringify(fields);
  return {
    request: {
      headers: {
        host: '127.0.0.1',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
      },
      cookies: {},
    },
    ...fields,
  };
}

export interface BackendOptions {
  env?: Record<string, string>;
  /** ui_attributes.custom_data.leavePause; DEFAULT_LEAVE_PAUSE when not given. */
  leavePause?: unknown;
}

export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const emulator = await startEmulator({ port: 0 });
  const seed = await emulator.seed();
  const env: Record<string, string> = {
    ACCOUNT_SID: emulator.accountSid,
    AUTH_TOKEN: emulator.authToken,
    TWILIO_API_BASE_URL: emulator.url,
    SYNC_SERVICE_SID: seed.syncServiceSid,
    // Tests keep retries quick; the policy itself is the production one.
    TWILIO_RETRY_BASE_DELAY_MS: '20',
    TWILIO_REQUEST_TIMEOUT_MS: '1000',
    ...options.env,
  };
  const client = createTwilioClient(env);
  // Local, as twilio-run runs the Functions (DOMAIN_NAME `host:port`, which the pause's webhook URL is made
  // of); a test may still pass another DOMAIN_NAME (a deployed one).
  let domainName = '127.0.0.1';
  const contextFor = (path: string, extraEnv: Record<string, string> = {}): FunctionContext => ({
    DOMAIN_NAME: domainName,
    PATH: path,
    ...env,
    ...extraEnv,
    getTwilioClient: () => client,
  });
  const host = await startFunctionsHost((path) => contextFor(path));
  const functionsUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  domainName = `127.0.0.1:${(host.address() as AddressInfo).port}`;

  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${emulator.url}/_emulator${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`control ${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  const configure: Backend['configure'] = async (leavePause, extra = {}) => {
    await control('/flex/configuration', {
      ui_attributes: { custom_data: { leavePause } },
      ...extra,
    });
    forgetCachedSettings();
  };
  // Each backend is a new account as far as the Functions' per-instance caches are concerned.
  forgetCachedSettings();
  forgetAcceptedTokens();
  await configure(options.leavePause ?? DEFAULT_LEAVE_PAUSE);

  const invoke: Backend['invoke'] = async (handler, fields, extraEnv = {}, headers = {}) => {
    const context = contextFor('/test', extraEnv);
    // Tests pass the request's fields; the handler gets the event the runtime would build from them.
    const event = runtimeEvent(fields, headers);
    const response = await new Promise<unknown>((resolve, reject) => {
      Promise.resolve(
        handler(context, event, (error, result) => (error ? reject(error) : resolve(result))),
      ).catch(reject);
    });
    const runtimeResponse = response as { statusCode: number; body: Invocation['body'] };
    return { status: runtimeResponse.statusCode, body: runtimeResponse.body };
  };

  const tokenFor = async (workerSid: string, roles?: string[]) =>
    // Tests jump the simulated clock past a 14-day pause limit: the token must outlive the jump.
    (await emulator.issueToken({ workerSid, roles, ttlSeconds: 40 * 86_400 })).token;

  const assignedConversation: Backend['assignedConversation'] = async (options = {}) => {
    const workerSid = options.workerSid ?? seed.workers.alice;
    // Only the chosen agent is available, so the new task can go nowhere else.
    const others = Object.values(seed.workers).filter((sid) => sid !== workerSid);
    for (const sid of others) {
      await client.taskrouter.v1
        .workspaces(seed.workspaceSid)
        .workers(sid)
        .update({ activitySid: seed.activities.offline });
    }
    await client.taskrouter.v1
      .workspaces(seed.workspaceSid)
      .workers(workerSid)
      .update({ activitySid: seed.activities.available });
    const started = await emulator.customer.start({
      channelType: options.channelType ?? 'chat',
      customerName: 'Casey Customer',
      body: 'Hello, my order has not arrived',
    });
    await emulator.idle();
    const reservations = await client.taskrouter.v1
      .workspaces(seed.workspaceSid)
      .tasks(started.taskSid)
      .reservations.list({ reservationStatus: 'pending' });
    if (reservations.length !== 1)
      throw new Error(`expected one pending reservation, saw ${reservations.length}`);
    const conversation = {
      taskSid: started.taskSid,
      workerSid,
      conversationSid: started.conversationSid,
      interactionSid: started.interactionSid,
      channelSid: started.channelSid,
    };
    if (options.accept === false) return conversation;
    await client.taskrouter.v1
      .workspaces(seed.workspaceSid)
      .tasks(started.taskSid)
      .reservations(reservations[0].sid)
      .update({ reservationStatus: 'accepted' });
    await emulator.idle();
    return conversation;
  };

  const actionEvent: Backend['actionEvent'] = async (conversation, token) => ({
    Token: token ?? (await tokenFor(conversation.workerSid)),
    TaskSid: conversation.taskSid,
    InteractionSid: conversation.interactionSid,
    ChannelSid: conversation.channelSid,
  });

  return {
    functionsUrl,
    emulator,
    seed,
    client,
    env,
    invoke,
    configure,
    control,
    actionEvent,
    tokenFor,
    assignedConversation,
    close: async () => {
      host.close();
      await emulator.close();
    },
  };
}
