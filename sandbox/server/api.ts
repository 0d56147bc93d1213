import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelType, Emulator, Snapshot } from '../../emulator/src';
import type { TwilioClient } from '../../serverless/src/lib/twilio-client';
import { parseConfig, readHostedConfig } from '../../src/config';
import { answerRoute, routeFor, sendJson, type JsonRoutes } from './desk-http';
import { rolesOf } from './live';
import type { ConversationView, SandboxView, TaskView, WorkerView } from './view';

type SeedResult = Awaited<ReturnType<Emulator['seed']>>;
type Json = Record<string, unknown>;

export interface SandboxApiOptions {
  emulator: Emulator;
  seed: SeedResult;
  client: TwilioClient;
  page: string;
  indexHtml: string;
  config: { functionsUrl: string; emulatorUrl: string; leaveEnabled: boolean; pauseEnabled: boolean };
}

/** Pause reasons (issue 18): the demo's list, one without Spanish to show the fallback to English. */
/** What the emulator's Flex configuration holds: JSON all the way down. */
type FlexPatch = Parameters<Emulator['updateFlexConfiguration']>[0];
type JsonValue = FlexPatch[string];

export const SANDBOX_PAUSE_REASONS: JsonValue[] = [
  { code: 'waiting-docs', label: { en: 'Waiting for documents', es: 'Esperando documentos' } },
  { code: 'callback', label: { en: 'Customer asked for a callback', es: 'El cliente pidió que le llamen' } },
  { code: 'supervisor', label: { en: 'Checking with a supervisor' } },
];

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toView(snapshot: Snapshot, requestCount: number): SandboxView {
  const reservations = snapshot.reservations as Json[];
  const workers: WorkerView[] = snapshot.workers.map((worker) => ({
    sid: String(worker.sid),
    name: String(worker.friendly_name),
    available: worker.available === true,
    channels: (worker.channels as Json[]).map((channel) => ({
      name: String(channel.task_channel_unique_name),
      capacity: Number(channel.configured_capacity),
      used: Number(channel.assigned_tasks),
    })),
  }));
  const tasks: TaskView[] = (snapshot.tasks as Json[]).map((task) => {
    const attributes = (task.parsed_attributes ?? {}) as Json;
    const reservation = reservations
      .filter(
        (candidate) =>
          candidate.task_sid === task.sid &&
          ['pending', 'accepted'].includes(String(candidate.reservation_status)),
      )
      .at(-1);
    return {
      sid: String(task.sid),
      status: String(task.assignment_status),
      channel: String(task.task_channel_unique_name),
      queueName: str(task.task_queue_friendly_name),
      workerSid: str(task.worker_sid),
      reservationSid: str(reservation?.sid),
      reservationStatus: str(reservation?.reservation_status),
      conversationSid: str(attributes.conversationSid),
      customerName: str(attributes.customerName),
      attributes,
      createdAt: String(task.date_created),
    };
  });
  const channelOf = new Map<string, Json & { status_history: { status: string; at: string }[] }>();
  for (const interaction of snapshot.interactions) {
    for (const channel of interaction.channels) {
      if (channel.conversation_sid) channelOf.set(channel.conversation_sid, channel);
    }
  }
  const agentIdentities = new Set(
    snapshot.workers.map((worker) => {
      const attributes = JSON.parse(String(worker.attributes ?? '{}')) as Json;
      return String(attributes.contact_uri ?? '').replace(/^client:/, '');
    }),
  );
  const conversations: ConversationView[] = snapshot.conversations.map((conversation) => {
    const channel = channelOf.get(String(conversation.sid));
    return {
      sid: String(conversation.sid),
      state: String(conversation.state),
      channelType: String(channel?.type ?? ''),
      channelStatus: String(channel?.status ?? 'none'),
      channelHistory: channel?.status_history ?? [],
      messages: conversation.messages.map((message) => ({
        author: String(message.author),
        body: String(message.body ?? ''),
        at: String(message.date_created),
        fromCustomer: !agentIdentities.has(String(message.author)),
      })),
    };
  });
  return {
    now: snapshot.now,
    workers,
    tasks,
    conversations,
    customRouting: (snapshot.customRoutingLog as Json[])
      .filter((entry) => entry.path === 'studio' || entry.path === 'interactions-webhook')
      .map((entry) => ({
        target: String(entry.path),
        conversationSid: String(entry.conversationSid),
        at: str(entry.at) ?? undefined,
      })),
    twilioRequests: requestCount,
    violations: snapshot.violations.length,
  };
}

/** The page's two static files: its HTML and its script. */
function sendText(response: ServerResponse, body: string, type: string) {
  response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

/** The page's own backend: it plays Flex (accepting, ending) and the customer, through the emulator. */
export function createSandboxApi(options: SandboxApiOptions) {
  const { emulator, seed, client } = options;
  const workspace = client.taskrouter.v1.workspaces(seed.workspaceSid);

  const routes: JsonRoutes = {
    // Pause reasons (issue 18): read from the Flex configuration each time, so the admin's change shows.
    'GET /api/config': async () => {
      const { pause } = parseConfig(readHostedConfig(emulator.flexConfiguration), {
        backendUrl: options.config.functionsUrl,
      }).config;
      return { ...options.config, pauseReasons: pause.reasons ?? [], reasonNote: pause.reasonNote === true };
    },
    // The admin turns the demo's pause reasons on or off, as `npm run configure` would write them.
    'POST /api/admin/pause-reasons': async (body) => {
      const ui = (emulator.flexConfiguration.ui_attributes ?? {}) as FlexPatch;
      const custom = (ui.custom_data ?? {}) as FlexPatch;
      const leavePause = (custom.leavePause ?? {}) as FlexPatch;
      const pause = { ...((leavePause.pause ?? {}) as FlexPatch) };
      pause.reasons = body.on === true ? SANDBOX_PAUSE_REASONS : [];
      pause.reasonNote = body.on === true;
      emulator.updateFlexConfiguration({
        ui_attributes: { ...ui, custom_data: { ...custom, leavePause: { ...leavePause, pause } } },
      });
      return { ok: true };
    },
    'GET /api/state': async () => toView(emulator.snapshot(), emulator.requests.length),
    'POST /api/clock': async (body) => {
      await emulator.clock.advance(Number(body.seconds));
      await emulator.idle();
      return { now: emulator.clock.now().toISOString() };
    },
    'POST /api/customer/start': async (body) =>
      emulator.customer.start({
        channelType: String(body.channelType ?? 'chat') as ChannelType,
        customerName: String(body.customerName ?? 'Casey Customer'),
        body: String(body.body ?? 'Hello'),
      }),
    'POST /api/customer/message': async (body) =>
      emulator.customer.send(String(body.conversationSid), String(body.body)),
    'POST /api/agent/message': async (body) =>
      emulator.agent.send(String(body.conversationSid), String(body.workerSid), String(body.body)),
    'POST /api/accept': async (body) => {
      await workspace
        .tasks(String(body.taskSid))
        .reservations(String(body.reservationSid))
        .update({ reservationStatus: 'accepted' });
      return { ok: true };
    },
    'POST /api/complete': async (body) => {
      const task = await workspace.tasks(String(body.taskSid)).fetch();
      const attributes = JSON.parse(task.attributes) as Json;
      await client.flexApi.v1
        .interaction(String(attributes.flexInteractionSid))
        .channels(String(attributes.flexInteractionChannelSid))
        .update({ status: 'closed' });
      return { ok: true };
    },
    // The sandbox plays Flex's sign-in: the token carries the user's roles as SSO would give them (the worker's
    // `roles` attribute here), and the Functions read them back only through Twilio's token validation. Read
    // from the emulator's own state: signing in is no Twilio REST call, so the footer's count stays true.
    'POST /api/token': async (body) => {
      const workerSid = String(body.workerSid);
      const worker = emulator.world.workers.get(workerSid);
      const roles = rolesOf(worker ? (JSON.parse(worker.attributes) as Json) : {});
      return emulator.issueToken({ workerSid, roles, ttlSeconds: 86_400 * 30 });
    },
    // The customer ends the chat: the conversation is closed (Conversations API), as a web chat's end button does.
    'POST /api/customer/close': async (body) => {
      await client.conversations.v1.conversations(String(body.conversationSid)).update({ state: 'closed' });
      return { ok: true };
    },
    'POST /api/worker/availability': async (body) => {
      await workspace
        .workers(String(body.workerSid))
        .update({ activitySid: body.available ? seed.activities.available : seed.activities.offline });
      return { ok: true };
    },
  };

  return async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
      return sendText(response, options.indexHtml, 'text/html; charset=utf-8');
    }
    if (request.method === 'GET' && url.pathname === '/app.js') {
      return sendText(response, options.page, 'text/javascript; charset=utf-8');
    }
    const route = routeFor(routes, request);
    if (!route) return sendJson(response, 404, { error: `No route ${request.method} ${url.pathname}` });
    await answerRoute(route, request, response, { settle: () => emulator.idle(), failureStatus: 400 });
  };
}
