/** Talks to the Leave & Pause Twilio Functions. Every call proves the agent's identity with the Flex token. */

export type BackendOperation =
  | 'leave'
  | 'pause'
  | 'resume'
  | 'paused'
  // Team view (issue 18 part 4).
  | 'team-paused'
  | 'team-resume'
  | 'team-return'
  // Live lists (issue 18 part 2).
  | 'live-token';

/**
 * Team view (issue 18 part 4): one paused conversation of the contact centre, as /team-paused answers it. The
 * optional fields other parts add to the record (an unread count, a reason) pass through as they are.
 */
export type TeamPausedRow = PausedRecord & { agentName: string } & Record<string, unknown>;

export interface TeamPausedAnswer {
  rows: TeamPausedRow[];
  actions: { resumeForAgent: boolean; returnToQueue: boolean };
}

/** /live-token's answer: a read-only Sync token for the agent's own feed, or `live: false` (no API key set). */
export type LiveTokenAnswer =
  | { live: true; token: string; identity: string; serviceSid: string; document: string; ttlSeconds: number }
  | { live: false };

/**
 * A task and the interaction channel Flex put in its attributes (flexInteractionSid,
 * flexInteractionChannelSid). The server checks them against Twilio's own records before acting.
 */
export interface ChannelTaskRef {
  taskSid: string;
  interactionSid: string;
  channelSid: string;
}

/** A paused conversation as the server records it (Twilio Sync, written only by the Functions). */
export interface PausedRecord {
  taskSid: string;
  pausedBy: string;
  pausedAt: string;
  /** Twilio's `status_timeout` when its answer carried it, else pausedAt + the configured limit. */
  reassignAt: string;
  deadlineSource: 'twilio' | 'configured-limit';
  interactionSid: string;
  channelSid: string;
  conversationSid: string | null;
  taskChannel: string;
  customer: string;
  // Pause reasons (issue 18): optional, absent when no reason was picked.
  /** The reason the agent picked, with its labels as the admin worded them at the time, and their note. */
  reason?: PausedReason;
  // Pause events (issue 18 part 1): written only by the Functions' pause-events handler and Pause.
  /** The conversation-scoped webhook reporting the customer's messages during this pause (absent: none). */
  eventsWebhookSid?: string;
  /** The customer's messages since the pause; absent until the first one. */
  unread?: PausedUnread;
  /** MessageSids already counted (the latest few), so a replayed event counts once. */
  countedMessageSids?: string[];
  /** The pausing agent's Conversations identity (their validated Flex token's): their own messages never count. */
  agentIdentity?: string;
  // Team view (issue 18 part 4), from Twilio's task at Pause (TaskRouter, which agents cannot write): optional,
  // absent on records written before it or when the task could not be read.
  queueSid?: string;
  queueName?: string;
  workflowSid?: string;
}

/** Pause reasons (issue 18): what a pause record keeps of the agent's choice. */
export interface PausedReason {
  code: string;
  label: { en: string; es?: string };
  note?: string;
}

/** Pause events: the customer's messages during a pause, as the pausing agent is told of them. */
export interface PausedUnread {
  count: number;
  /** When the latest one arrived (Twilio's time, ISO 8601). */
  lastMessageAt: string;
  /** The start of the latest one, trimmed, at most PREVIEW_MAX_CHARS characters. */
  preview: string;
}

export interface BackendSuccess {
  ok: true;
  serverTime: string;
  [detail: string]: unknown;
}

export class BackendError extends Error {
  /** HTTP status, or 0 when no response arrived at all. */
  readonly status: number;
  /** The server's machine-readable code, or 'network' / 'timeout' / 'bad_response' from the client. */
  readonly code: string;
  readonly field?: string;

  constructor(init: { status: number; code: string; message: string; field?: string }) {
    super(init.message);
    this.name = 'BackendError';
    this.status = init.status;
    this.code = init.code;
    if (init.field !== undefined) this.field = init.field;
  }
}

export interface BackendClientOptions {
  baseUrl: string;
  getToken: () => string;
  fetchImpl?: typeof fetch;
  /** A request that hangs would keep the agent's button busy forever; give up after this long. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * One key per user action: a retry of the same action (after a time-out) sends the same key, and the Functions
 * answer it with the first outcome instead of acting twice (serverless/src/lib/idempotency.ts).
 */
export function newIdempotencyKey(): string {
  // Typed by hand: the Functions' build (no DOM library) also reads this file for the record's type.
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

export interface BackendClient {
  leave(ref: ChannelTaskRef, idempotencyKey?: string): Promise<BackendSuccess>;
  /** Pause reasons (issue 18): `reason` is the agent's pick, sent as Reason (and ReasonNote). */
  pause(
    ref: ChannelTaskRef,
    idempotencyKey?: string,
    reason?: { code: string; note?: string },
  ): Promise<BackendSuccess>;
  /** The paused task's SID, as the paused list names it. */
  resume(taskSid: string, idempotencyKey?: string): Promise<BackendSuccess>;
  /** The calling agent's paused conversations, soonest deadline first. */
  paused(): Promise<PausedRecord[]>;
  // Team view (issue 18 part 4): for supervisors and admins (the Functions check the role from the token).
  teamPaused(): Promise<TeamPausedAnswer>;
  teamResume(taskSid: string, workerSid: string): Promise<BackendSuccess>;
  teamReturn(taskSid: string, workerSid: string): Promise<BackendSuccess>;
  /** A Sync token for the agent's live feed (issue 18); optional so that older stubs still type-check. */
  liveToken?(): Promise<LiveTokenAnswer>;
  /** serverTime − local time from the latest response; 0 until one arrives. */
  getServerTimeOffsetMs(): number;
  /** Learns the server's time without acting (at start-up); true when it did. Never throws. */
  syncServerTime(): Promise<boolean>;
}

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createBackendClient(options: BackendClientOptions): BackendClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let offsetMs = 0;

  function recordServerTime(serverTime: unknown, sentAt: number, receivedAt: number) {
    if (typeof serverTime !== 'string') return;
    const parsed = Date.parse(serverTime);
    if (Number.isNaN(parsed)) return;
    // The server stamped its time somewhere in the round trip; the midpoint halves the error.
    offsetMs = parsed - (sentAt + receivedAt) / 2;
  }

  async function call(operation: BackendOperation, fields: Record<string, string>): Promise<BackendSuccess> {
    // Resolved per call so a test stub or polyfill installed after start-up is still used.
    const fetchImpl = options.fetchImpl ?? globalThis.fetch;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    const sentAt = now();
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}/${operation}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Token: options.getToken(), ...fields }),
        signal: controller?.signal,
      });
    } catch {
      const aborted = controller?.signal.aborted === true;
      throw new BackendError({
        status: 0,
        code: aborted ? 'timeout' : 'network',
        // People read these: never the browser's own text ("Failed to fetch"), which says nothing to an agent.
        message: aborted
          ? 'The Leave & Pause service has not answered yet.'
          : "The Leave & Pause service can't be reached.",
      });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    const receivedAt = now();

    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }

    if (isDict(body)) recordServerTime(body.serverTime, sentAt, receivedAt);

    if (response.ok && isDict(body) && body.ok === true && typeof body.serverTime === 'string') {
      return body as BackendSuccess;
    }
    const error = isDict(body) && isDict(body.error) ? body.error : undefined;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new BackendError({
        status: response.status,
        code: error.code,
        message: error.message,
        field: typeof error.field === 'string' ? error.field : undefined,
      });
    }
    throw new BackendError({
      status: response.status,
      code: 'bad_response',
      message: response.ok
        ? 'The Leave & Pause service sent an answer the plugin does not understand.'
        : "The Leave & Pause service can't be reached right now.",
    });
  }

  async function syncServerTime(): Promise<boolean> {
    const fetchImpl = options.fetchImpl ?? globalThis.fetch;
    const sentAt = now();
    try {
      const response = await fetchImpl(`${baseUrl}/server-time`, { method: 'GET' });
      const receivedAt = now();
      const body: unknown = await response.json();
      if (!response.ok || !isDict(body) || typeof body.serverTime !== 'string') return false;
      recordServerTime(body.serverTime, sentAt, receivedAt);
      return true;
    } catch {
      // The badges fall back to the local clock until the first action answers.
      return false;
    }
  }

  return {
    syncServerTime,
    leave: (ref, key = newIdempotencyKey()) => call('leave', { ...channelFields(ref), IdempotencyKey: key }),
    pause: (ref, key = newIdempotencyKey(), reason) =>
      call('pause', {
        ...channelFields(ref),
        IdempotencyKey: key,
        ...(reason ? { Reason: reason.code, ...(reason.note ? { ReasonNote: reason.note } : {}) } : {}),
      }),
    resume: (taskSid, key = newIdempotencyKey()) => call('resume', { TaskSid: taskSid, IdempotencyKey: key }),
    paused: async () => {
      const answer = await call('paused', {});
      return Array.isArray(answer.paused) ? answer.paused.filter(isPausedRecord) : [];
    },
    teamPaused: async () => {
      const answer = await call('team-paused', {});
      const actions = isDict(answer.actions) ? answer.actions : {};
      return {
        rows: Array.isArray(answer.paused)
          ? answer.paused.filter(
              (row: unknown): row is TeamPausedRow => isPausedRecord(row) && typeof row.pausedBy === 'string',
            )
          : [],
        actions: {
          resumeForAgent: actions.resumeForAgent === true,
          returnToQueue: actions.returnToQueue === true,
        },
      };
    },
    teamResume: (taskSid, workerSid) => call('team-resume', { TaskSid: taskSid, WorkerSid: workerSid }),
    teamReturn: (taskSid, workerSid) => call('team-return', { TaskSid: taskSid, WorkerSid: workerSid }),
    liveToken: async (): Promise<LiveTokenAnswer> => {
      const answer = await call('live-token', {});
      const { token, identity, serviceSid, document, ttlSeconds } = answer;
      if (
        answer.live === true &&
        typeof token === 'string' &&
        typeof identity === 'string' &&
        typeof serviceSid === 'string' &&
        typeof document === 'string' &&
        typeof ttlSeconds === 'number'
      )
        return { live: true, token, identity, serviceSid, document, ttlSeconds };
      return { live: false };
    },
    getServerTimeOffsetMs: () => offsetMs,
  };
}

function channelFields(ref: ChannelTaskRef): Record<string, string> {
  return { TaskSid: ref.taskSid, InteractionSid: ref.interactionSid, ChannelSid: ref.channelSid };
}

export function isPausedRecord(value: unknown): value is PausedRecord {
  return (
    isDict(value) &&
    typeof value.taskSid === 'string' &&
    typeof value.channelSid === 'string' &&
    typeof value.reassignAt === 'string' &&
    !Number.isNaN(Date.parse(value.reassignAt))
  );
}
