import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Response as RuntimeResponse } from 'twilio-run/dist/runtime/internal/response';
import { startEmulator, type ChannelType, type Emulator } from '../../emulator/src';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as leaveReplyHandler } from '../src/functions/leave-reply.protected';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { handler as serverTimeHandler } from '../src/functions/server-time';
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
  '/leave-reply': leaveReplyHandler,
  '/server-time': serverTimeHandler,
};

/** Both features on, default routing, closed tasks: what most tests run with. */
export const DEFAULT_LEAVE_PAUSE = {
  leave: { enabled: true, routing: { kind: 'default' } },
  pause: { enabled: true },
  routingStatus: 'closed',
};

export interface Backend {
  functionsUrl: string;
  emulator: Emulator;
  seed: Awaited<ReturnType<Emulator['seed']>>;
  client: TwilioClient;
  env: Record<string, string>;
  invoke(handler: Handler, event: FunctionEvent, env?: Record<string, string>): Promise<Invocation>;
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
 * Serves the handlers over HTTP the way the Functions runtime does (event = request headers + fields), so the
 * emulator's signed workspace events reach the real handler code.
 */
export function startFunctionsHost(contextFor: (path: string) => FunctionContext): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const handler = ROUTES[url.pathname];
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      if (!handler) {
        response.writeHead(404).end();
        return;
      }
      let fields: Record<string, unknown>;
      try {
        const parsed: unknown = (request.headers['content-type'] ?? '').includes('json')
          ? JSON.parse(raw || '{}')
          : Object.fromEntries(new URLSearchParams(raw));
        fields =
          parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as typeof fields) : {};
      } catch {
        response.writeHead(400).end('bad body');
        return;
      }
      // Like the runtime: the request's own headers are set last, so a body field named "request" cannot
      // stand in for them.
      const event: FunctionEvent = {
        ...Object.fromEntries(url.searchParams),
        ...fields,
        request: { headers: request.headers as Record<string, string> },
      };
      void handler(contextFor(url.pathname), event, (error, result) => {
        const reply = result as
          { statusCode: number; body: unknown; headers: Record<string, string> } | undefined;
        if (error || !reply) {
          response.writeHead(500).end(String(error));
          return;
        }
        response.writeHead(reply.statusCode, {
          'Content-Type': 'application/json',
          'Access-Control-Allow-Origin': '*',
        });
        response.end(JSON.stringify(reply.body));
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
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
  const contextFor = (path: string, extraEnv: Record<string, string> = {}): FunctionContext => ({
    ...env,
    ...extraEnv,
    DOMAIN_NAME: '127.0.0.1',
    PATH: path,
    getTwilioClient: () => client,
  });
  const host = await startFunctionsHost((path) => contextFor(path));
  const functionsUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  env.WEBHOOK_BASE_URL = functionsUrl;

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

  const invoke: Backend['invoke'] = async (handler, event, extraEnv = {}) => {
    const context = contextFor('/test', extraEnv);
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
    await client.taskrouter.v1
      .workspaces(seed.workspaceSid)
      .tasks(started.taskSid)
      .reservations(reservations[0].sid)
      .update({ reservationStatus: 'accepted' });
    await emulator.idle();
    return {
      taskSid: started.taskSid,
      workerSid,
      conversationSid: started.conversationSid,
      interactionSid: started.interactionSid,
      channelSid: started.channelSid,
    };
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
