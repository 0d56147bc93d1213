/**
 * The desk's live state. The page never polls: the emulator (Twilio's state as the sandbox knows it) says when
 * it changed, and this module pushes the changed view to the page as a server-sent event, so what the agent
 * sees follows Twilio within one render. It also serves the desk's demo controls that need the
 * server's truth (jumps relative to a pause deadline, the agent who gets the next conversation) and the
 * favicon. What the page draws, and how it is read off the emulator, is desk-view.ts.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ChannelType, Emulator } from '../../emulator/src';
import type { TwilioClient } from '../../serverless/src/lib/twilio-client';
import { answerRoute, DeskError, routeFor, sendJson, type JsonRoutes } from './desk-http';
import { buildView, type DeskNotice, type DeskView } from './desk-view';

export type {
  DeskConversation,
  DeskCustomRouted,
  DeskMessage,
  DeskNotice,
  DeskTask,
  DeskView,
  DeskWorker,
} from './desk-view';
export { rolesOf } from './desk-view';

type SeedResult = Awaited<ReturnType<Emulator['seed']>>;
type Handler = (request: IncomingMessage, response: ServerResponse) => unknown;

export const CHANNEL_TYPES: readonly ChannelType[] = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];

/** The sandbox's Studio flow, standing for the admin's (the emulator records its executions). */
export const SANDBOX_STUDIO_FLOW_SID = 'FW' + '5a4d0b0e'.repeat(4);
/** Where the emulator posts Interactions events when the desk picks that option: this server's own route. */
const INTERACTIONS_EVENTS_PATH = '/api/desk/interactions-events';

/** The emulator says when it changed; this slow look is only a safety net for what it might not announce. */
const SAFETY_WATCH_MS = 1000;
const KEEPALIVE_MS = 15_000;

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

  const routes: JsonRoutes = {
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
    const route = routeFor(routes, request);
    if (!route) return false;
    await answerRoute(route, request, response, { settle: refresh, failureStatus: 500 });
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
