import type { Line } from '../src/provisioning/live/behaviours';
import { exchangeOf } from '../src/provisioning/live/exchange';
import type { LiveCheckOptions } from '../src/provisioning/live/options';
import { Registry } from '../src/provisioning/live/resources';
import { StepFailed } from '../src/provisioning/live/lines';
import { walkMainPath } from '../src/provisioning/live/walk/main-path';
import { Walk, type Opened } from '../src/provisioning/live/walk/walk';
import { parseLeavePause, type Settings } from '../src/lib/settings';
import type { TwilioClient } from '../src/lib/twilio-client';
import { FAST, startLiveCheckWorld, type LiveCheckWorld } from './live-check-world';

/**
 * What the tests of the live check's main sequence (walk/main-path.ts: join, Pause, Resume, Leave) and of what
 * follows Leave (walk/after-leave.ts) share (issue 20): each runs one step at a time against the emulator.
 * Answers the emulator does not give of itself (a participant without a status, a Pause answer without
 * status_timeout, no reservation after Resume) are edited on their way back by `tampering`, so every branch is
 * reached in milliseconds; live-check.test.ts walks whole runs. The tests: mutation-live-main-path*.test.ts,
 * mutation-live-after-leave.test.ts, mutation-live-reply-after-leave.test.ts.
 */

export type RequestOptions = Parameters<TwilioClient['request']>[0];
export type Response = Awaited<ReturnType<TwilioClient['request']>>;
export type Sent = {
  method: string;
  uri: string;
  data?: Record<string, string>;
  headers?: Record<string, string>;
};

/**
 * The client, with each answer handed to `edit` first (which may return another status and body) and every
 * request written to `sent`: what a step asked Twilio, and the answers no emulator setting plays.
 */
export function tampering(
  client: TwilioClient,
  sent: Sent[],
  edit: (
    request: Sent,
    status: number,
    body: Record<string, unknown>,
  ) => { status: number; body: unknown } | undefined,
  before: (request: Sent) => { status: number; body: unknown } | Error | undefined = () => undefined,
): TwilioClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'request') return Reflect.get(target, property, receiver) as unknown;
      return async (options: RequestOptions) => {
        const request: Sent = {
          method: String(options.method ?? 'get').toUpperCase(),
          uri: String(options.uri ?? ''),
          data: options.data as Record<string, string> | undefined,
          headers: options.headers as Record<string, string> | undefined,
        };
        sent.push(request);
        // An answer without the request reaching Twilio: a refusal, a 5xx, or a lost connection (an Error).
        const instead = before(request);
        if (instead instanceof Error) throw instead;
        if (instead)
          return { statusCode: instead.status, body: JSON.stringify(instead.body), headers: {} } as Response;
        const response = await target.request(options);
        const raw: unknown =
          typeof response.body === 'string' ? JSON.parse(response.body || '{}') : response.body;
        const changed = edit(request, response.statusCode, (raw ?? {}) as Record<string, unknown>);
        if (!changed) return response;
        return { ...response, statusCode: changed.status, body: JSON.stringify(changed.body) } as Response;
      };
    },
  });
}

export const SETTINGS: Settings = parseLeavePause({}).config;
/** Short waits: what the emulator does, it does at once, so a wait that runs out costs a third of a second. */
export const QUICK: LiveCheckOptions = { ...FAST, waitSeconds: 0.3, pollMs: 10 };

export let world: LiveCheckWorld;

/** A fresh emulator world for each test of the calling file, closed after it. */
export function emulatorPerTest(): void {
  beforeEach(async () => {
    world = await startLiveCheckWorld();
  });
  afterEach(async () => {
    await world.emulator.close();
  });
}

export interface Walked {
  walk: Walk;
  lines: Line[];
  sent: Sent[];
  byId: (id: string) => Line | undefined;
}

export interface WalkSetup {
  edit?: Parameters<typeof tampering>[2];
  before?: Parameters<typeof tampering>[3];
  settings?: Settings;
  /** The walk is interrupted (as by Ctrl-C) once this line is out: the steps after it are another test's. */
  stopAfter?: string;
}

export let runs = 0;

export function walkWith({
  edit = () => undefined,
  before,
  settings = SETTINGS,
  stopAfter,
}: WalkSetup = {}): Walked {
  const lines: Line[] = [];
  const sent: Sent[] = [];
  const client = tampering(world.client, sent, edit, before);
  const interrupt = new AbortController();
  runs += 1;
  const walk = new Walk(
    client,
    new Registry(world.seed.workspaceSid),
    settings,
    `cafe${String(runs).padStart(4, '0')}`,
    { ...QUICK, signal: interrupt.signal },
    (line) => {
      lines.push(line);
      if (line.id === stopAfter) interrupt.abort();
    },
  );
  return { walk, lines, sent, byId: (id) => lines.find((line) => line.id === id) };
}

/** walkMainPath up to its `stopAfter` line, or to its end. */
export async function walkUntilStopped(walk: Walk): Promise<void> {
  await walkMainPath(walk).catch((error: unknown) => {
    if (!(error instanceof StepFailed && error.message === 'interrupted (Ctrl-C)')) throw error;
  });
}

export const isChannel = (request: Sent) => /\/Channels\/UO[0-9a-f]{32}$/.test(request.uri);
export const isParticipantsRead = (request: Sent) =>
  request.method === 'GET' && /\/Channels\/UO[0-9a-f]{32}\/Participants/.test(request.uri);
export const isChannelRead = (request: Sent) => request.method === 'GET' && isChannel(request);
export const isTaskRead = (request: Sent) =>
  request.method === 'GET' && /\/Tasks\/WT[0-9a-f]{32}$/.test(request.uri);
export const isReservationsList = (request: Sent) =>
  request.method === 'GET' && request.uri.includes('/Reservations?');
export const isMove = (status: string) => (request: Sent) =>
  request.method === 'POST' && isChannel(request) && request.data?.Status === status;
export const pathOf = (uri: string) => {
  const url = new URL(uri);
  return `${url.hostname.replace(/\.twilio\.com$/, '')} ${url.pathname}`;
};

export type Edit = NonNullable<WalkSetup['edit']>;
export type Body = Record<string, unknown>;

/** An answer with another HTTP status, from a `change` of `firstAfter`. */
export class StatusAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * Edits the answers to the first `count` requests matching `target` from the first request matching `after`
 * on (that one included): `change` gets the body and returns the body sent back, or a StatusAnswer.
 */
export function firstAfter(
  after: (request: Sent) => boolean,
  target: (request: Sent) => boolean,
  change: (body: Body) => unknown,
  count = 1,
): Edit {
  let armed = false;
  let edited = 0;
  return (request, status, body) => {
    if (after(request)) armed = true;
    if (!armed || edited >= count || !target(request)) return undefined;
    edited += 1;
    const changed = change(body);
    return changed instanceof StatusAnswer ? changed : { status, body: changed };
  };
}

/** Every agent participant of every participants read, changed by `change`. */
export const agentsRead =
  (change: (agent: Body) => Body): Edit =>
  (request, status, body) =>
    isParticipantsRead(request)
      ? {
          status,
          body: {
            ...body,
            participants: (body.participants as Body[]).map((p) => (p.type === 'agent' ? change(p) : p)),
          },
        }
      : undefined;

export const MAIN_PATH_IDS = [
  'agent-joined',
  'routing-properties',
  'participant-status',
  'engine-ownership',
  'pause-accepted',
  'pause-ends-task',
  'task-attributes-insights',
  'pause-events-webhook',
  'status-timeout',
  'agent-listed-while-paused',
  'active-accepted',
  'resume-task-same-worker',
  'leave-inactive-closed',
  'refused-change-reported',
  'invite-while-paused',
  'leave-inactive-wrapup',
  'reply-after-leave-new-task',
  'live-feed-acl',
  'participant-removed-at-limit',
];

export const PLAIN_LEAVE = 'POST …/Channels/UO… HTTP 200, answer status=inactive; reads inactive';

/** A walk with its routing, and conversation a joined and left (closed), as the main path leaves it. */
export async function leftConversation(
  setup: WalkSetup = {},
): Promise<Walked & { a: Opened; firstTask: string }> {
  const walked = walkWith(setup);
  const { walk } = walked;
  await walk.createRouting();
  const a = await walk.openConversation('a');
  const reserved = await walk.nextReservation();
  if (!reserved) throw new Error('no reservation');
  await walk.join(a.ref, reserved);
  await walk.move(a.ref, 'inactive', 'closed');
  return { ...walked, a, firstTask: reserved.taskSid };
}

export const CHANNEL_PATH = 'flex-api /v1/Interactions/KD1/Channels/UO1';
export const answer = (status: number, body: Body) =>
  exchangeOf(
    { method: 'post', uri: 'https://flex-api.twilio.com/v1/Interactions/KD1/Channels/UO1' },
    status,
    body,
  );
export const channel = (status: string) => ({
  status,
  errorCode: null,
  statusTimeout: null,
  dateUpdated: null,
});

/** A Walk on `walk`'s client, registry and run, already interrupted (as by Ctrl-C), that reports nothing. */
export const interruptedLike = (walk: Walk): Walk =>
  new Walk(
    walk.client,
    walk.registry,
    SETTINGS,
    walk.runId,
    { ...QUICK, signal: AbortSignal.abort() },
    () => undefined,
  );
