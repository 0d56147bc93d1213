/**
 * The desk's live state. The page never polls: the emulator (Twilio's state as the sandbox knows it) says when
 * it changed, and this module pushes the changed view to the page as a server-sent event, so what the agent
 * sees follows Twilio within one render. It also serves the desk's demo controls that need the
 * server's truth (jumps relative to a pause deadline, the agent who gets the next conversation) and the
 * favicon.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ChannelType, Emulator, LeaveRouting, Snapshot } from '../../emulator/src';
import type { TwilioClient } from '../../serverless/src/lib/twilio-client';

type SeedResult = Awaited<ReturnType<Emulator['seed']>>;
type Json = Record<string, unknown>;
type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

export const CHANNEL_TYPES: readonly ChannelType[] = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];

export interface DeskWorker {
  sid: string;
  name: string;
  /** The chat identity Flex gives the agent (`client:alice` → `alice`): messages are authored with it. */
  identity: string;
  available: boolean;
  /** Flex's roles for this user (the worker's `roles` attribute, as SSO sets it): the team view is shown by it. */
  roles: string[];
  channels: { name: string; capacity: number; used: number }[];
}

export interface DeskTask {
  sid: string;
  status: string;
  channel: string;
  workerSid: string | null;
  reservationSid: string | null;
  reservationStatus: string | null;
  conversationSid: string | null;
  customerName: string | null;
  createdAt: string;
  attributes: Json;
}

export interface DeskMessage {
  sid: string;
  author: string;
  body: string;
  at: string;
  /** The worker who wrote it, or null for the customer (and anyone else). */
  workerSid: string | null;
}

export interface DeskConversation {
  sid: string;
  state: string;
  channelType: string;
  customerName: string;
  interactionSid: string | null;
  channelSid: string | null;
  /** The interaction channel's status: active, inactive, pause, closed. */
  channelStatus: string;
  /** While paused: Twilio's deadline, after which the conversation goes back to its queue. */
  statusTimeout: string | null;
  channelHistory: { status: string; at: string }[];
  /** Workers who are interaction participants now (a paused channel keeps the agent who paused). */
  agentWorkerSids: string[];
  /** While paused: the worker who paused (the agent participant). */
  pausedBy: string | null;
  /** A reply to a closed conversation opens a new one; the customer's side follows it there. */
  successorSid: string | null;
  messages: DeskMessage[];
  /** Replies after Leave that Console's "Use custom routing" sent to the admin's flow or webhook (no task). */
  customRouted: DeskCustomRouted[];
}

/** One reply after Leave that went to the admin's Studio flow or Interactions webhook instead of a new task. */
export interface DeskCustomRouted {
  messageSid: string;
  target: 'studio' | 'interactions-webhook';
  /** The Studio flow (FW…) or the webhook URL. */
  destination: string;
  at: string;
}

/** The sandbox's Studio flow, standing for the admin's (the emulator records its executions). */
export const SANDBOX_STUDIO_FLOW_SID = 'FW' + '5a4d0b0e'.repeat(4);
/** Where the emulator posts Interactions events when the desk picks that option: this server's own route. */
const INTERACTIONS_EVENTS_PATH = '/api/desk/interactions-events';

/** Something that happened to an agent while they may not have been looking; shown only to that agent. */
export interface DeskNotice {
  id: string;
  workerSid: string;
  kind: 'time-limit';
  conversationSid: string;
  customerName: string;
  at: string;
}

export interface DeskView {
  /** Increments with every change pushed. */
  version: number;
  /** The emulator's clock: Twilio's "now". */
  now: string;
  /** Server epoch ms when this change was noticed (diagnostics; the browser test measures on its own). */
  noticedAt: number;
  pauseLimitSeconds: number | null;
  /** Console's "Use custom routing" for the reply after Leave, as the emulator models it. */
  leaveRouting: LeaveRouting['kind'];
  nextAgentSid: string | null;
  workers: DeskWorker[];
  tasks: DeskTask[];
  conversations: DeskConversation[];
  notices: DeskNotice[];
  twilioRequests: number;
  violations: number;
  /** Changes whenever a Sync item (the Functions' pause records) changes: the page re-reads its paused list. */
  syncRevision: string;
}

/** The emulator says when it changed; this slow look is only a safety net for what it might not announce. */
const SAFETY_WATCH_MS = 1000;
const KEEPALIVE_MS = 15_000;

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

function parseJson(value: unknown): Json {
  if (typeof value !== 'string') return obj(value);
  try {
    return obj(JSON.parse(value));
  } catch {
    return {};
  }
}

/** A worker's Flex roles, from its attributes (Flex gives every user without a role `agent`). */
export function rolesOf(attributes: Json): string[] {
  const roles = Array.isArray(attributes.roles)
    ? attributes.roles.filter((role): role is string => typeof role === 'string')
    : [];
  return roles.length > 0 ? roles : ['agent'];
}

/** The parts of the emulator's state the desk draws, without the sandbox's own bookkeeping. */
function buildView(
  snapshot: Snapshot,
): Omit<DeskView, 'version' | 'noticedAt' | 'nextAgentSid' | 'notices' | 'leaveRouting'> {
  const workerByIdentity = new Map<string, string>();
  const workers: DeskWorker[] = snapshot.workers.map((worker) => {
    const attributes = parseJson(worker.attributes);
    const identity = String(attributes.contact_uri ?? '').replace(/^client:/, '');
    workerByIdentity.set(identity, String(worker.sid));
    return {
      sid: String(worker.sid),
      name: String(worker.friendly_name),
      identity,
      available: worker.available === true,
      roles: rolesOf(attributes),
      channels: worker.channels.map((channel) => ({
        name: String(channel.task_channel_unique_name),
        capacity: Number(channel.configured_capacity),
        used: Number(channel.assigned_tasks),
      })),
    };
  });
  const reservations = snapshot.reservations;
  const tasks: DeskTask[] = snapshot.tasks.map((task) => {
    const attributes = obj(task.parsed_attributes);
    const ofTask = reservations.filter((candidate) => candidate.task_sid === task.sid);
    const reservation = ofTask
      .filter((candidate) =>
        ['pending', 'accepted', 'wrapping'].includes(String(candidate.reservation_status)),
      )
      .at(-1);
    // TaskRouter forgets the worker of an ended task; the reservation that was accepted still names them.
    const heldBy = ofTask
      .filter((candidate) =>
        ['accepted', 'wrapping', 'completed'].includes(String(candidate.reservation_status)),
      )
      .at(-1);
    return {
      sid: String(task.sid),
      status: String(task.assignment_status),
      channel: String(task.task_channel_unique_name),
      workerSid: str(task.worker_sid) ?? str(reservation?.worker_sid) ?? str(heldBy?.worker_sid),
      reservationSid: str(reservation?.sid),
      reservationStatus: str(reservation?.reservation_status),
      conversationSid: str(attributes.conversationSid),
      customerName: str(attributes.customerName) ?? str(attributes.name),
      createdAt: String(task.date_created),
      attributes,
    };
  });
  const channelOf = new Map<string, Snapshot['interactions'][number]['channels'][number]>();
  for (const interaction of snapshot.interactions) {
    for (const channel of interaction.channels) {
      if (channel.conversation_sid) channelOf.set(channel.conversation_sid, channel);
    }
  }
  const customRouted = new Map<string, DeskCustomRouted[]>();
  for (const entry of snapshot.customRoutingLog) {
    if (entry.path !== 'studio' && entry.path !== 'interactions-webhook') continue;
    const conversationSid = String(entry.conversationSid);
    customRouted.set(conversationSid, [
      ...(customRouted.get(conversationSid) ?? []),
      {
        messageSid: String(entry.messageSid),
        target: entry.path,
        destination: String(entry.path === 'studio' ? entry.flowSid : entry.url),
        at: String(entry.at),
      },
    ]);
  }
  const conversations: DeskConversation[] = snapshot.conversations.map((conversation) => {
    const channel = channelOf.get(String(conversation.sid));
    const channelStatus = String(channel?.status ?? 'none');
    const agentWorkerSids = (channel?.participants ?? [])
      .map((participant) => str(obj(participant.routing_properties).worker_sid))
      .filter((sid): sid is string => sid !== null);
    return {
      sid: String(conversation.sid),
      state: String(conversation.state),
      channelType: String(conversation.channel_type ?? channel?.type ?? 'chat'),
      customerName: String(conversation.friendly_name ?? 'Customer'),
      interactionSid: str(channel?.interaction_sid),
      channelSid: str(channel?.sid),
      channelStatus,
      statusTimeout: channelStatus === 'pause' ? str(channel?.status_timeout) : null,
      channelHistory: channel?.status_history ?? [],
      agentWorkerSids,
      pausedBy: channelStatus === 'pause' ? (agentWorkerSids[0] ?? null) : null,
      successorSid: str(conversation.successor_sid),
      messages: conversation.messages.map((message) => ({
        sid: String(message.sid),
        author: String(message.author),
        body: String(message.body ?? ''),
        at: String(message.date_created),
        workerSid: workerByIdentity.get(String(message.author)) ?? null,
      })),
      customRouted: customRouted.get(String(conversation.sid)) ?? [],
    };
  });
  return {
    now: snapshot.now,
    pauseLimitSeconds: null,
    workers,
    tasks,
    conversations,
    twilioRequests: 0,
    violations: snapshot.violations.length,
    // Older emulators have no Sync.
    syncRevision: (snapshot.sync ?? [])
      .flatMap((service) => service.maps.flatMap((map) => map.items))
      .map((item) => `${String(item.key)}@${String(item.revision)}`)
      .join(','),
  };
}

async function readJson(request: IncomingMessage): Promise<Json> {
  let raw = '';
  for await (const chunk of request) raw += chunk;
  if (!raw) return {};
  try {
    return obj(JSON.parse(raw));
  } catch {
    throw new DeskError(400, 'The body must be JSON.');
  }
}

class DeskError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

export interface LiveOptions {
  emulator: Emulator;
  seed: SeedResult;
  client: TwilioClient;
}

export function createLive({ emulator, seed, client }: LiveOptions) {
  const workspace = client.taskrouter.v1.workspaces(seed.workspaceSid);
  const favicon = readFileSync(path.resolve(__dirname, '../public/favicon.svg'));
  const streams = new Set<ServerResponse>();
  const notices: DeskNotice[] = [];
  let nextAgentSid: string | null = null;
  /** This server's own address as the page reaches it, for the emulator to post Interactions events to. */
  let ownUrl = 'http://127.0.0.1';
  let version = 0;
  let lastKey = '';
  let current: DeskView | null = null;
  /** Paused channels as last seen, to tell a time-limit handover (deadline reached) from a Resume. */
  let pausedSeen = new Map<string, { workerSid: string; deadline: number; customerName: string }>();

  function pauseLimitSeconds(): number | null {
    // The emulator's settings field arrives with the new engine; older emulators have none.
    const settings = (emulator as unknown as { settings?: { pauseLimitSeconds?: unknown } }).settings;
    return typeof settings?.pauseLimitSeconds === 'number' ? settings.pauseLimitSeconds : null;
  }

  function noticeHandovers(view: ReturnType<typeof buildView>) {
    const now = Date.parse(view.now);
    const stillPaused = new Map<string, { workerSid: string; deadline: number; customerName: string }>();
    for (const conversation of view.conversations) {
      if (conversation.channelStatus === 'pause' && conversation.pausedBy) {
        stillPaused.set(conversation.sid, {
          workerSid: conversation.pausedBy,
          deadline: Date.parse(conversation.statusTimeout ?? '') || Infinity,
          customerName: conversation.customerName,
        });
      }
    }
    for (const [conversationSid, seen] of pausedSeen) {
      if (stillPaused.has(conversationSid) || now < seen.deadline) continue;
      notices.push({
        id: `${conversationSid}:${seen.deadline}`,
        workerSid: seen.workerSid,
        kind: 'time-limit',
        conversationSid,
        customerName: seen.customerName,
        at: new Date(seen.deadline).toISOString(),
      });
    }
    pausedSeen = stillPaused;
  }

  function refresh(): DeskView {
    const built = buildView(emulator.snapshot());
    noticeHandovers(built);
    const partial = {
      ...built,
      pauseLimitSeconds: pauseLimitSeconds(),
      leaveRouting: emulator.settings.leaveRouting.kind,
      twilioRequests: emulator.requests.length,
      nextAgentSid,
      notices,
    };
    // The request count changes with every poll of anyone's; it alone is not worth a push.
    const key = JSON.stringify({ ...partial, twilioRequests: 0 });
    if (key !== lastKey || !current) {
      lastKey = key;
      version += 1;
      current = { ...partial, version, noticedAt: Date.now() };
      const frame = `event: state\ndata: ${JSON.stringify(current)}\n\n`;
      for (const stream of streams) stream.write(frame);
    }
    return current;
  }

  const watch = () => {
    try {
      refresh();
    } catch (error) {
      // A snapshot taken mid-reset can fail; the next change or look sees a consistent state.
      console.error('live: could not read the emulator state', error);
    }
  };
  // Every change the emulator makes (REST or control call, clock, in-process action) is pushed at once.
  const unsubscribe = emulator.onChange(watch);
  const watcher = setInterval(watch, SAFETY_WATCH_MS);
  const keepalive = setInterval(() => {
    for (const stream of streams) stream.write(': keepalive\n\n');
  }, KEEPALIVE_MS);

  function openStream(request: IncomingMessage, response: ServerResponse) {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // The browser reconnects on its own after a drop; half a second keeps a restart short.
    response.write(`retry: 500\nevent: state\ndata: ${JSON.stringify(refresh())}\n\n`);
    streams.add(response);
    request.on('close', () => streams.delete(response));
  }

  /** Flex's orchestration as the demo needs it: the picked agent gets the offer; the others decline it. */
  async function offerToPickedAgent(taskSid: string, pickedSid: string) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const pending = await workspace.tasks(taskSid).reservations.list({ reservationStatus: 'pending' });
      const other = pending.find((reservation) => reservation.workerSid !== pickedSid);
      if (!other) return;
      await workspace.tasks(taskSid).reservations(other.sid).update({ reservationStatus: 'rejected' });
      await emulator.idle();
    }
  }

  function deadlineOf(conversationSid: unknown): { sid: string; deadline: number } {
    const view = refresh();
    const paused = view.conversations
      .filter((conversation) => conversation.channelStatus === 'pause' && conversation.statusTimeout)
      .map((conversation) => ({ sid: conversation.sid, deadline: Date.parse(conversation.statusTimeout!) }))
      .sort((a, b) => a.deadline - b.deadline);
    if (paused.length === 0) throw new DeskError(409, 'No conversation is paused: pause one first.');
    if (conversationSid === undefined || conversationSid === null) return paused[0];
    const found = paused.find((candidate) => candidate.sid === conversationSid);
    if (!found) throw new DeskError(409, `Conversation ${String(conversationSid)} is not paused.`);
    return found;
  }

  const JUMPS: Record<string, number> = { '24h': -24 * 3600_000, '1h': -3600_000, past: 1000 };

  const routes: Record<string, (body: Json) => Promise<unknown>> = {
    'GET /api/desk/state': async () => refresh(),
    'POST /api/desk/next-agent': async (body) => {
      const sid = body.workerSid ?? null;
      if (sid !== null && !emulator.world.workers.has(String(sid))) {
        throw new DeskError(400, 'workerSid must be one of the workspace’s workers, or null for anyone.');
      }
      nextAgentSid = sid === null ? null : String(sid);
      return { nextAgentSid };
    },
    'POST /api/desk/customer/start': async (body) => {
      const channelType = String(body.channelType ?? 'chat') as ChannelType;
      if (!CHANNEL_TYPES.includes(channelType)) {
        throw new DeskError(400, `channelType must be one of ${CHANNEL_TYPES.join(', ')}.`);
      }
      const started = await emulator.customer.start({
        channelType,
        customerName: String(body.customerName || 'Casey Customer'),
        body: String(body.body || 'Hello, I need help'),
      });
      await emulator.idle();
      if (nextAgentSid) await offerToPickedAgent(started.taskSid, nextAgentSid);
      return started;
    },
    'POST /api/desk/leave-routing': async (body) => {
      // Console's "Use custom routing" (Flex → Conversations), which the emulator models for every Leave.
      const kind = body.kind;
      if (kind === 'default') emulator.configure({ leaveRouting: { kind } });
      else if (kind === 'studio')
        emulator.configure({ leaveRouting: { kind, flowSid: SANDBOX_STUDIO_FLOW_SID } });
      else if (kind === 'interactions-webhook') {
        emulator.configure({ leaveRouting: { kind, url: `${ownUrl}${INTERACTIONS_EVENTS_PATH}` } });
      } else throw new DeskError(400, 'kind must be one of default, studio, interactions-webhook.');
      return { leaveRouting: emulator.settings.leaveRouting };
    },
    'POST /api/desk/jump': async (body) => {
      const offset = JUMPS[String(body.to)];
      if (offset === undefined) throw new DeskError(400, 'to must be one of 24h, 1h, past.');
      const { sid, deadline } = deadlineOf(body.conversationSid);
      const target = deadline + offset;
      const now = emulator.clock.now().getTime();
      if (target <= now) {
        throw new DeskError(409, `The clock is already past that point for ${sid}; time only moves forward.`);
      }
      await emulator.clock.advanceTo(new Date(target));
      await emulator.idle();
      return { conversationSid: sid, now: emulator.clock.now().toISOString() };
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers.host) ownUrl = `http://${request.headers.host}`;
    if (request.method === 'POST' && url.pathname === INTERACTIONS_EVENTS_PATH) {
      // The admin's Interactions webhook, played by the sandbox: the emulator's log already says what arrived.
      request.resume();
      sendJson(response, 200, { ok: true });
      return true;
    }
    if (request.method === 'GET' && url.pathname === '/api/live') {
      openStream(request, response);
      return true;
    }
    if (request.method === 'GET' && (url.pathname === '/favicon.svg' || url.pathname === '/favicon.ico')) {
      response.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' });
      response.end(favicon);
      return true;
    }
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) return false;
    try {
      const body = request.method === 'POST' ? await readJson(request) : {};
      const result = await route(body);
      refresh();
      sendJson(response, 200, result);
    } catch (error) {
      const status = error instanceof DeskError ? error.status : 500;
      sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
    }
    return true;
  }

  return {
    /** The desk's routes first, then `fallback` (the sandbox API); any answered request pushes its effect at once. */
    wrap(fallback: Handler): Handler {
      return (request, response) => {
        response.on('finish', () => {
          try {
            refresh();
          } catch {
            // The watcher will try again within one interval.
          }
        });
        void handle(request, response).then((handled) => {
          if (!handled) return fallback(request, response);
        });
      };
    },
    close() {
      unsubscribe();
      clearInterval(watcher);
      clearInterval(keepalive);
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
