import { randomBytes } from 'crypto';
import { Params } from './params';
import type { ConversationsService } from './state/conversations';
import { workerIdentity, type FlexService } from './state/flex';
import { defaultConfiguration } from './state/flex-configuration';
import type { SyncService } from './state/sync';
import type { TaskRouterService } from './state/taskrouter';
import type { World } from './state/world';
import { badRequest, isoDate, newSid, notFound } from './util';

export const CHANNEL_TYPES = ['chat', 'sms', 'whatsapp', 'messenger', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface SeedResult {
  accountSid: string;
  workspaceSid: string;
  workflowSid: string;
  queueSid: string;
  activities: { available: string; offline: string };
  workers: { alice: string; bob: string; sam: string };
  taskChannels: Record<string, string>;
  conversationsServiceSid: string;
  /** The account's default Sync service (also addressable as `default`). */
  syncServiceSid: string;
}

export interface CustomerStartInput {
  channelType: ChannelType;
  customerName?: string;
  body: string;
}

export interface CustomerStartResult {
  conversationSid: string;
  interactionSid: string;
  channelSid: string;
  taskSid: string;
}

export interface CustomerSendResult {
  messageSid: string;
  conversationSid: string;
  /**
   * What the platform did with the message: `active` (a live agent has it), `paused` (stored; the paused
   * channel stays paused and no task is made), `default` (an inactive channel reactivated with a new task),
   * `studio`/`interactions-webhook` (Console's "Use custom routing" after Leave sent it to the admin's Studio
   * flow or Interactions webhook instead; no task, the channel stays inactive), `new-conversation`, `none`.
   */
  path: 'active' | 'paused' | 'default' | 'studio' | 'interactions-webhook' | 'new-conversation' | 'none';
  taskSid?: string;
}

export interface TokenInput {
  workerSid: string;
  roles?: string[];
  ttlSeconds?: number;
}

export interface TokenValidation {
  valid: boolean;
  code: number;
  message: string | null;
  expiration?: string;
  realm_user_id?: string;
  identity?: string;
  roles?: string[];
  worker_sid?: string;
}

function customerAddress(type: ChannelType, name: string): string {
  const digits = String(Math.floor(1000000 + Math.random() * 8999999));
  switch (type) {
    case 'sms':
      return `+1555${digits}`;
    case 'whatsapp':
      return `whatsapp:+1555${digits}`;
    case 'messenger':
      return `messenger:${digits}`;
    case 'email':
      return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;
    default:
      return name.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'customer';
  }
}

/** What the Twilio platform and Flex do around the REST APIs: seeding, customers, agents, IAM tokens. */
export class Platform {
  seedResult: SeedResult | null = null;

  constructor(
    private readonly world: World,
    private readonly tr: TaskRouterService,
    private readonly flex: FlexService,
    private readonly conv: ConversationsService,
    private readonly sync: SyncService,
  ) {}

  seed(): SeedResult {
    const w = this.world;
    const ws = this.tr.createWorkspace('Flex Task Assignment');
    const offline = this.tr.createActivity('Offline', false);
    const available = this.tr.createActivity('Available', true);
    this.tr.createActivity('Unavailable', false);
    this.tr.createActivity('Break', false);
    ws.defaultActivitySid = offline.sid;
    ws.timeoutActivitySid = offline.sid;
    const taskChannels: Record<string, string> = {};
    for (const name of ['default', 'voice', 'chat', 'sms', 'whatsapp', 'messenger', 'email']) {
      const friendly = name === 'sms' ? 'SMS' : name.charAt(0).toUpperCase() + name.slice(1);
      taskChannels[name] = this.tr.createTaskChannel(
        Params.from({ UniqueName: name, FriendlyName: friendly }),
      ).sid;
    }
    const queue = this.tr.createQueue(Params.from({ FriendlyName: 'Everyone', TargetWorkers: '1==1' }));
    const workflow = this.tr.createWorkflow(
      Params.from({
        FriendlyName: 'Assign to Anyone',
        Configuration: JSON.stringify({
          task_routing: { filters: [], default_filter: { queue: queue.sid } },
        }),
        TaskReservationTimeout: 120,
      }),
    );
    const mk = (id: string, name: string, roles: string[], activity: string): string =>
      this.tr.createWorker(
        Params.from({
          FriendlyName: name,
          ActivitySid: activity,
          Attributes: JSON.stringify({
            contact_uri: `client:${id}`,
            full_name: name,
            roles,
            email: `${id}@example.com`,
          }),
        }),
      ).sid;
    const workers = {
      alice: mk('alice', 'Alice Agent', ['agent'], available.sid),
      bob: mk('bob', 'Bob Agent', ['agent'], available.sid),
      sam: mk('sam', 'Sam Supervisor', ['supervisor'], offline.sid),
    };
    // As `npm run provision` leaves it: ACLs on, so a client token reads only what it is granted (issue 18).
    const syncService = this.sync.createService(
      Params.from({ FriendlyName: 'Default Service', AclEnabled: 'true' }),
    );
    w.flexConfiguration = defaultConfiguration(w, {
      workspaceSid: ws.sid,
      workflowSid: workflow.sid,
      queueSid: queue.sid,
      offlineActivitySid: offline.sid,
      chatServiceSid: w.chatServiceSid,
    });
    this.seedResult = {
      accountSid: w.accountSid,
      workspaceSid: ws.sid,
      workflowSid: workflow.sid,
      queueSid: queue.sid,
      activities: { available: available.sid, offline: offline.sid },
      workers,
      taskChannels,
      conversationsServiceSid: w.chatServiceSid,
      syncServiceSid: syncService.sid,
    };
    return this.seedResult;
  }

  private requireSeed(): SeedResult {
    if (!this.seedResult || !this.world.workspace)
      throw badRequest('The emulator is not seeded: POST /_emulator/seed first');
    return this.seedResult;
  }

  customerStart(input: CustomerStartInput): CustomerStartResult {
    const seed = this.requireSeed();
    if (!CHANNEL_TYPES.includes(input.channelType)) {
      throw badRequest(`channelType must be one of ${CHANNEL_TYPES.join(', ')}`);
    }
    if (typeof input.body !== 'string' || input.body === '') throw badRequest('body is required');
    const name = input.customerName ?? 'Customer';
    const address = customerAddress(input.channelType, name);
    const c = this.conv.create(Params.from({ FriendlyName: name }));
    c.customerIdentity = address;
    if (input.channelType === 'sms' || input.channelType === 'whatsapp') {
      this.conv.addParticipant(c.sid, Params.from({ 'MessagingBinding.Address': address }));
    } else {
      this.conv.addParticipant(c.sid, Params.from({ Identity: address }));
    }
    this.conv.addMessage(c.sid, Params.from({ Author: address, Body: input.body }));
    const { interaction, task } = this.flex.createInteraction(
      { type: input.channelType, initiated_by: 'customer', properties: { media_channel_sid: c.sid } },
      {
        properties: {
          workspace_sid: seed.workspaceSid,
          workflow_sid: seed.workflowSid,
          task_channel_unique_name: input.channelType,
          attributes: {},
        },
      },
    );
    return {
      conversationSid: c.sid,
      interactionSid: interaction.sid,
      channelSid: interaction.channelSid,
      taskSid: task.sid,
    };
  }

  customerSend(conversationSid: string, body: string): CustomerSendResult {
    const c = this.conv.conversation(conversationSid);
    const author = c.customerIdentity ?? 'customer';
    if (c.state === 'closed') {
      const started = this.customerStart({
        channelType: (c.channelType ?? 'chat') as ChannelType,
        customerName: c.friendlyName ?? undefined,
        body,
      });
      c.successorSid = started.conversationSid;
      const first = this.conv.messages(this.conv.conversation(started.conversationSid))[0];
      this.world.customRoutingLog.push({
        at: this.world.nowIso(),
        conversationSid: c.sid,
        messageSid: first.sid,
        path: 'new-conversation',
        newConversationSid: started.conversationSid,
        taskSid: started.taskSid,
      });
      return {
        messageSid: first.sid,
        conversationSid: started.conversationSid,
        path: 'new-conversation',
        taskSid: started.taskSid,
      };
    }
    const msg = this.conv.addMessage(c.sid, Params.from({ Author: author, Body: body }));
    const ch = c.channelSid ? this.world.interactionChannels.get(c.channelSid) : undefined;
    if (!ch) return { messageSid: msg.sid, conversationSid: c.sid, path: 'none' };
    if (ch.status === 'pause') {
      // Twilio keeps a paused channel paused: the message waits for the agent's Resume or the time limit.
      this.world.customRoutingLog.push({
        at: this.world.nowIso(),
        conversationSid: c.sid,
        messageSid: msg.sid,
        path: 'paused',
      });
      return { messageSid: msg.sid, conversationSid: c.sid, path: 'paused' };
    }
    if (ch.status !== 'inactive') return { messageSid: msg.sid, conversationSid: c.sid, path: 'active' };
    // Console's "Use custom routing" (Flex → Conversations) decides, for every Leave: the admin's Studio flow or
    // own logic on Interactions events gets the reply, and no task is made; the channel stays inactive until
    // that logic acts (an invite, for instance). Conversation-scoped webhooks do not take part: nothing in
    // Twilio's docs says they keep Flex from routing the reply, so here they never do.
    const routing = this.world.settings.leaveRouting;
    if (routing.kind !== 'default') {
      const entry = { at: this.world.nowIso(), conversationSid: c.sid, messageSid: msg.sid };
      if (routing.kind === 'studio') {
        this.world.studioExecutions.push({ ...entry, flowSid: routing.flowSid });
        this.world.customRoutingLog.push({ ...entry, path: 'studio', flowSid: routing.flowSid });
      } else {
        // The event Interactions webhooks carry for a channel (event name and SID fields as Twilio's "Subscribe
        // to Interactions events" lists them); the emulator does not claim the exact payload of a real one.
        this.world.deliveries.enqueue(
          routing.url,
          'onChannelStatusUpdated',
          {
            EventType: 'onChannelStatusUpdated',
            AccountSid: this.world.accountSid,
            InteractionSid: ch.interactionSid,
            ChannelSid: ch.sid,
            MediaChannelSid: c.sid,
            Status: ch.status,
          },
          entry.at,
        );
        this.world.customRoutingLog.push({ ...entry, path: 'interactions-webhook', url: routing.url });
      }
      return { messageSid: msg.sid, conversationSid: c.sid, path: routing.kind };
    }
    const task = this.flex.reactivate(ch);
    this.world.customRoutingLog.push({
      at: this.world.nowIso(),
      conversationSid: c.sid,
      messageSid: msg.sid,
      path: 'default',
      taskSid: task.sid,
    });
    return { messageSid: msg.sid, conversationSid: c.sid, path: 'default', taskSid: task.sid };
  }

  agentSend(conversationSid: string, workerSid: string, body: string): { messageSid: string } {
    const worker = this.tr.worker(workerSid);
    const msg = this.conv.addMessage(
      conversationSid,
      Params.from({ Author: workerIdentity(worker), Body: body }),
    );
    return { messageSid: msg.sid };
  }

  issueToken(input: TokenInput): { token: string; expiration: string } {
    const worker = this.world.workers.get(input.workerSid);
    if (!worker) throw notFound(`Worker ${input.workerSid}`);
    const ttl = input.ttlSeconds ?? 3600;
    const token = `emu.${randomBytes(24).toString('hex')}`;
    const expiresAt = this.world.now() + ttl * 1000;
    this.world.tokens.set(token, {
      token,
      workerSid: worker.sid,
      identity: workerIdentity(worker),
      roles: input.roles ?? ['agent'],
      expiresAt,
    });
    return { token, expiration: isoDate(new Date(expiresAt)) };
  }

  validateToken(token: unknown): TokenValidation {
    const t = typeof token === 'string' ? this.world.tokens.get(token) : undefined;
    if (!t) return { valid: false, code: 20003, message: 'Invalid token' };
    if (t.expiresAt <= this.world.now()) return { valid: false, code: 20003, message: 'Token expired' };
    return {
      valid: true,
      code: 0,
      message: null,
      expiration: isoDate(new Date(t.expiresAt)),
      realm_user_id: newSid('US'),
      identity: t.identity,
      roles: t.roles,
      worker_sid: t.workerSid,
    };
  }
}
