import { SimClock } from '../clock';
import { isoDate, newSid, type JsonObject } from '../util';
import { DeliveryQueue } from '../webhooks';
import type {
  Activity,
  ConvParticipant,
  Conversation,
  Interaction,
  InteractionChannel,
  InteractionParticipant,
  Invite,
  IssuedToken,
  Message,
  Reservation,
  ScopedWebhook,
  SyncMap,
  SyncMapItem,
  SyncDocument,
  SyncDocumentPermission,
  ApiKey,
  SyncService,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from './types';

export interface CustomRoutingEntry {
  at: string;
  conversationSid: string;
  messageSid: string;
  /**
   * What the platform did with a customer message on a conversation that had no live agent: `default` routed a
   * new task, `studio`/`interactions-webhook` went to the admin's custom routing after Leave (Console's "Use
   * custom routing", the `leaveRouting` setting) instead (no task), `paused` was stored on a paused channel (no
   * task, no reactivation), `new-conversation` started over after the close.
   */
  path: 'studio' | 'interactions-webhook' | 'default' | 'new-conversation' | 'paused';
  flowSid?: string;
  url?: string;
  newConversationSid?: string;
  taskSid?: string;
}

/** What Twilio did to an interaction channel and why (the platform's side of Leave, Pause, Resume, the limit). */
/** Which interaction channel (and invite, if any) Flex created a task for. */
export interface ChannelTaskLink {
  interactionSid: string;
  channelSid: string;
  inviteSid: string | null;
}

export interface ChannelLogEntry {
  at: string;
  interactionSid: string;
  channelSid: string;
  conversationSid: string | null;
  event: 'left' | 'paused' | 'resumed' | 'rerouted' | 'closed' | 'invited-while-paused';
  routingStatus?: 'closed' | 'wrapup';
  /** The pausing agent (paused, resumed, rerouted) or the agents removed (left). */
  workerSid?: string;
  /** The task Leave or Pause ended. */
  taskSid?: string;
  /** The task Resume or the limit created. */
  newTaskSid?: string;
  /** Resume: the pausing agent got it at once, or TaskRouter routed it (agent at capacity). */
  outcome?: 'auto-accepted' | 'reserved' | 'routed';
  /** Pause: the reroute deadline; rerouted: the deadline it fired for. */
  statusTimeout?: string;
}

export interface StudioExecution {
  flowSid: string;
  conversationSid: string;
  messageSid: string;
  at: string;
}

export interface Violation {
  method: string;
  path: string;
  message: string;
}

/** A request the public spec would refuse but that Twilio accepts, allowed by a listed exception. */
export interface SpecExceptionUse {
  exception: string;
  method: string;
  path: string;
  parameter: string;
  value: string;
}

/**
 * Console → Flex → Conversations, "Use custom routing" (Twilio's documented option): where a customer's reply to
 * a left (inactive) conversation goes, for every Leave — Flex's own and ours alike. `default`: a new task with
 * the same conversation. `studio`: the admin's Studio flow, no task. `interactions-webhook`: the admin's own
 * logic on Interactions events, no task.
 */
export type LeaveRouting =
  { kind: 'default' } | { kind: 'studio'; flowSid: string } | { kind: 'interactions-webhook'; url: string };

/** Account-level behaviour the emulator lets tests and the bench set. */
export interface EmulatorSettings {
  /** Console's "Conversation tasks workflows" pause limit: seconds from Pause to the reroute. */
  pauseLimitSeconds: number;
  /** Added before every Twilio API answer (not the control API), in real milliseconds. */
  latencyMs: number;
  /**
   * Which Status values the channel update takes: `flex-client` also `pause` and `active` (what Flex's own client
   * sends; the listed spec exception), `public-spec` only the public spec's `closed|inactive`, refusing the others
   * with a 400 as a real account might (the live check's refusal path is tested with it).
   */
  channelUpdateEnum: 'flex-client' | 'public-spec';
  /** Console's "Use custom routing" for a reply after Leave. */
  leaveRouting: LeaveRouting;
  /**
   * How Resume's new task reaches the agent who resumed, which Twilio does not document: `accepted` (the
   * invite accepted for them, what the emulator always did) or `pending` (reserved to them, left for their
   * Flex to accept). The plugin handles both; the live check tells which one an account does.
   */
  resumeArrives: 'accepted' | 'pending';
  /**
   * Whether channel answers carry `status_timeout` (not in the public schema; Flex reads it only from its
   * private paused list). With `false` the Functions fall back to the configured limit, as an estimate.
   */
  reportStatusTimeout: boolean;
  /**
   * Team view (issue 18 part 4): what an invite through the original workflow does on a paused channel, which
   * Twilio does not document. `refused` (409, what the emulator always did: the channel belongs to the pausing
   * agent until Resume or the limit) or `routed` (the pause ends as at the limit: the pausing agent leaves, the
   * channel is active again and the invite's task is routed). The live check's `invite-while-paused` line tells
   * which one an account does.
   */
  invitesWhilePaused: 'refused' | 'routed';
}

export const DEFAULT_PAUSE_LIMIT_SECONDS = 14 * 24 * 3600;

export function defaultSettings(): EmulatorSettings {
  return {
    pauseLimitSeconds: DEFAULT_PAUSE_LIMIT_SECONDS,
    latencyMs: 0,
    channelUpdateEnum: 'flex-client',
    leaveRouting: { kind: 'default' },
    resumeArrives: 'accepted',
    reportStatusTimeout: true,
    invitesWhilePaused: 'refused',
  };
}

export interface RequestLogEntry {
  method: string;
  host: string;
  path: string;
  status: number;
  at: string;
}

/** All in-memory state. Services mutate it; the HTTP layer only reads through services. */
export class World {
  workspace: Workspace | null = null;
  activities = new Map<string, Activity>();
  taskChannels = new Map<string, TaskChannel>();
  queues = new Map<string, TaskQueue>();
  workflows = new Map<string, Workflow>();
  workers = new Map<string, Worker>();
  workerChannels = new Map<string, WorkerChannel>();
  tasks = new Map<string, Task>();
  reservations = new Map<string, Reservation>();
  interactions = new Map<string, Interaction>();
  interactionChannels = new Map<string, InteractionChannel>();
  interactionParticipants = new Map<string, InteractionParticipant>();
  invites = new Map<string, Invite>();
  /** Task SID → the channel (and invite) Flex created it for: Flex's own record, which agents cannot edit. */
  channelTaskLinks = new Map<string, ChannelTaskLink>();
  conversations = new Map<string, Conversation>();
  messages = new Map<string, Message>();
  convParticipants = new Map<string, ConvParticipant>();
  webhooks = new Map<string, ScopedWebhook>();
  tokens = new Map<string, IssuedToken>();
  syncServices = new Map<string, SyncService>();
  syncMaps = new Map<string, SyncMap>();
  /** Keyed by `${mapSid}|${key}`. */
  syncItems = new Map<string, SyncMapItem>();
  syncDocuments = new Map<string, SyncDocument>();
  /** Keyed by `${documentSid}|${identity}`. */
  syncDocumentPermissions = new Map<string, SyncDocumentPermission>();
  apiKeys = new Map<string, ApiKey>();
  /** The account's Flex Configuration resource (Twilio's JSON shape); set by the platform seed. */
  flexConfiguration: JsonObject | null = null;
  settings: EmulatorSettings = defaultSettings();
  specExceptions: SpecExceptionUse[] = [];
  chatServiceSid = newSid('IS');
  customRoutingLog: CustomRoutingEntry[] = [];
  channelLog: ChannelLogEntry[] = [];
  studioExecutions: StudioExecution[] = [];
  violations: Violation[] = [];
  requests: RequestLogEntry[] = [];
  workerOrder = 0;

  readonly deliveries: DeliveryQueue;

  constructor(
    readonly clock: SimClock,
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    this.deliveries = new DeliveryQueue(() => this.authToken);
  }

  now(): number {
    return this.clock.nowMillis();
  }

  nowIso(): string {
    return isoDate(this.clock.now());
  }

  clear(): void {
    this.workspace = null;
    for (const m of [
      this.activities,
      this.taskChannels,
      this.queues,
      this.workflows,
      this.workers,
      this.workerChannels,
      this.tasks,
      this.reservations,
      this.interactions,
      this.interactionChannels,
      this.interactionParticipants,
      this.invites,
      this.channelTaskLinks,
      this.conversations,
      this.messages,
      this.convParticipants,
      this.webhooks,
      this.tokens,
      this.syncServices,
      this.syncMaps,
      this.syncItems,
      this.syncDocuments,
      this.syncDocumentPermissions,
      this.apiKeys,
    ] as Map<string, unknown>[]) {
      m.clear();
    }
    this.chatServiceSid = newSid('IS');
    this.flexConfiguration = null;
    this.settings = defaultSettings();
    // Arrays are cleared in place because tests hold references to them.
    this.customRoutingLog.length = 0;
    this.channelLog.length = 0;
    this.studioExecutions.length = 0;
    this.violations.length = 0;
    this.requests.length = 0;
    this.specExceptions.length = 0;
    this.deliveries.clear();
  }

  /** Queues a workspace event callback if the workspace has one and its EventsFilter lets the event through. */
  emitEvent(
    eventType: string,
    description: string,
    resourceType: string,
    resourceSid: string,
    fields: Record<string, string | number | boolean | null | undefined>,
  ): void {
    const ws = this.workspace;
    if (!ws?.eventCallbackUrl) return;
    if (ws.eventsFilter) {
      const allowed = ws.eventsFilter.split(',').map((s) => s.trim());
      if (!allowed.includes(eventType)) return;
    }
    const params: Record<string, string> = {
      EventType: eventType,
      EventDescription: description,
      AccountSid: this.accountSid,
      WorkspaceSid: ws.sid,
      WorkspaceName: ws.friendlyName,
      ResourceType: resourceType,
      ResourceSid: resourceSid,
      Sid: newSid('EV'),
      Timestamp: String(Math.floor(this.now() / 1000)),
      TimestampMs: String(this.now()),
    };
    for (const [k, v] of Object.entries(fields)) {
      if (v !== undefined && v !== null) params[k] = String(v);
    }
    this.deliveries.enqueue(ws.eventCallbackUrl, eventType, params, this.nowIso());
  }
}
