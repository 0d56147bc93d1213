import { SimClock } from '../clock';
import { isoDate, newSid } from '../util';
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
  path: 'studio' | 'webhook' | 'default' | 'new-conversation';
  webhookSid?: string;
  flowSid?: string;
  url?: string;
  newConversationSid?: string;
  taskSid?: string;
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
  conversations = new Map<string, Conversation>();
  messages = new Map<string, Message>();
  convParticipants = new Map<string, ConvParticipant>();
  webhooks = new Map<string, ScopedWebhook>();
  tokens = new Map<string, IssuedToken>();
  chatServiceSid = newSid('IS');
  customRoutingLog: CustomRoutingEntry[] = [];
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
      this.conversations,
      this.messages,
      this.convParticipants,
      this.webhooks,
      this.tokens,
    ]) {
      m.clear();
    }
    this.chatServiceSid = newSid('IS');
    // Arrays are cleared in place because tests hold references to them.
    this.customRoutingLog.length = 0;
    this.studioExecutions.length = 0;
    this.violations.length = 0;
    this.requests.length = 0;
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
