// Long on purpose (issue 20): one state model — the interaction channel's state machine (pause, resume, leave,
// invites, participants) and its invariants read together; split, each transition would lose sight of the others.
import { Params } from '../params';
import { LIVE_STATUSES } from '../routing/engine';
import {
  ApiError,
  badRequest,
  isObject,
  isoDate,
  newSid,
  notFound,
  parseJsonObject,
  type JsonObject,
} from '../util';
import type { ConversationsService } from './conversations';
import { mergeConfiguration } from './flex-configuration';
import type { TaskRouterService } from './taskrouter';
import type { Interaction, InteractionChannel, InteractionParticipant, Invite, Task, Worker } from './types';
import type { ChannelLogEntry, World } from './world';

export const CLOSE_AFTER_INACTIVE_MS = 90 * 24 * 3600 * 1000;

/** Flex's "Resource Conflict Error": the channel is not in a state that allows the change. */
export const CHANNEL_CONFLICT_CODE = 45007;

type RoutingStatus = 'closed' | 'wrapup';

type ResumeOutcome = NonNullable<ChannelLogEntry['outcome']>;

export function workerIdentity(worker: Worker): string {
  try {
    const attrs: unknown = JSON.parse(worker.attributes);
    if (isObject(attrs) && typeof attrs.contact_uri === 'string')
      return attrs.contact_uri.replace(/^client:/, '');
  } catch {
    // fall through to the friendly name
  }
  return worker.friendlyName;
}

/** Flex Interactions API plus the parts of Flex's orchestration that react to TaskRouter. */
export class FlexService {
  constructor(
    private readonly world: World,
    private readonly tr: TaskRouterService,
    private readonly conv: ConversationsService,
  ) {
    tr.onAccepted = (task, worker, r) => this.onAccepted(task, worker, r.sid);
    conv.onClosed = (c) => {
      const ch = c.channelSid ? this.world.interactionChannels.get(c.channelSid) : undefined;
      if (ch && ch.status !== 'closed') {
        this.clearPause(ch);
        this.setChannelStatus(ch, 'closed');
      }
    };
  }

  interaction(sid: string): Interaction {
    const i = this.world.interactions.get(sid);
    if (!i) throw notFound(`Interaction ${sid}`);
    return i;
  }

  channel(interactionSid: string, sid: string): InteractionChannel {
    this.interaction(interactionSid);
    const ch = this.world.interactionChannels.get(sid);
    if (!ch || ch.interactionSid !== interactionSid) throw notFound(`Interaction Channel ${sid}`);
    return ch;
  }

  channelsOf(interactionSid: string): InteractionChannel[] {
    this.interaction(interactionSid);
    return [...this.world.interactionChannels.values()].filter((c) => c.interactionSid === interactionSid);
  }

  private setChannelStatus(ch: InteractionChannel, status: string): void {
    ch.status = status;
    ch.dateUpdated = this.world.now();
    ch.history.push({ status, at: this.world.nowIso() });
  }

  private routingProperties(routing: JsonObject, param: string): JsonObject {
    const props = routing.properties;
    if (!isObject(props)) throw badRequest(`Invalid parameter ${param}: properties is required`);
    const ws = this.world.workspace;
    if (!ws || props.workspace_sid !== ws.sid) {
      throw badRequest(
        `Invalid parameter ${param}: properties.workspace_sid must be ${ws?.sid ?? 'a workspace sid'}`,
      );
    }
    return props as JsonObject;
  }

  /** Flex's standard conversation task attributes. */
  standardAttributes(ch: InteractionChannel, extra: JsonObject = {}): JsonObject {
    const c = ch.conversationSid ? this.world.conversations.get(ch.conversationSid) : undefined;
    const customerName = c?.friendlyName ?? c?.customerIdentity ?? 'Customer';
    const from = c?.customerIdentity ?? customerName;
    return {
      conversationSid: ch.conversationSid,
      flexInteractionSid: ch.interactionSid,
      flexInteractionChannelSid: ch.sid,
      channelType: ch.type,
      customerName,
      name: customerName,
      from,
      customerAddress: from,
      direction: 'inbound',
      initiatedBy: 'customer',
      customers: { name: customerName },
      conversations: {
        conversation_id: ch.interactionSid,
        initiated_by: 'customer',
        media: [{ type: 'ChatTranscript', sid: ch.conversationSid }],
      },
      ...extra,
    };
  }

  /**
   * Creates a task for the channel through a routing `properties` object, and records which channel (and
   * invite) the task was created for. That record, which only Flex writes, is what later joins the accepting
   * agent to the channel: never the task's attributes, which the agent can edit.
   */
  routeChannel(
    ch: InteractionChannel,
    props: JsonObject,
    extraAttrs: JsonObject = {},
    inviteSid: string | null = null,
  ): Task {
    const task = this.createChannelTask(ch, props, extraAttrs);
    this.world.channelTaskLinks.set(task.sid, {
      interactionSid: ch.interactionSid,
      channelSid: ch.sid,
      inviteSid,
    });
    return task;
  }

  private createChannelTask(ch: InteractionChannel, props: JsonObject, extraAttrs: JsonObject): Task {
    const attrs = isObject(props.attributes) ? (props.attributes as JsonObject) : {};
    const taskChannel =
      typeof props.task_channel_unique_name === 'string' ? props.task_channel_unique_name : ch.type;
    return this.tr.createTask(
      Params.from({
        Attributes: JSON.stringify({ ...this.standardAttributes(ch, extraAttrs), ...attrs }),
        WorkflowSid: typeof props.workflow_sid === 'string' ? props.workflow_sid : undefined,
        TaskQueueSid: typeof props.queue_sid === 'string' ? props.queue_sid : undefined,
        RoutingTarget: typeof props.worker_sid === 'string' ? props.worker_sid : undefined,
        TaskChannel: taskChannel,
        Priority: typeof props.priority === 'number' ? props.priority : undefined,
        Timeout: typeof props.timeout === 'number' ? props.timeout : undefined,
      }),
    );
  }

  createInteraction(
    channelJson: JsonObject,
    routing: JsonObject,
    p: Params = new Params(),
  ): { interaction: Interaction; task: Task } {
    const type = typeof channelJson.type === 'string' ? channelJson.type : '';
    const allowed = ['voice', 'sms', 'email', 'web', 'whatsapp', 'chat', 'messenger', 'gbm'];
    if (!allowed.includes(type))
      throw badRequest(`Invalid parameter Channel: type must be one of ${allowed.join(', ')}`);
    const props = this.routingProperties(routing, 'Routing');
    const chProps = isObject(channelJson.properties) ? channelJson.properties : {};
    let convSid = typeof chProps.media_channel_sid === 'string' ? chProps.media_channel_sid : null;
    if (convSid) {
      convSid = this.conv.conversation(convSid).sid;
    } else {
      const participants = Array.isArray(channelJson.participants) ? channelJson.participants : [];
      const first = participants.find((x): x is JsonObject => isObject(x));
      const c = this.conv.create(
        Params.from({ FriendlyName: typeof first?.name === 'string' ? first.name : undefined }),
      );
      const identity =
        typeof first?.identity === 'string'
          ? first.identity
          : typeof first?.address === 'string'
            ? first.address
            : 'customer';
      this.conv.addParticipant(c.sid, Params.from({ Identity: identity }));
      c.customerIdentity = identity;
      convSid = c.sid;
    }
    const conv = this.conv.conversation(convSid);
    const now = this.world.now();
    const interaction: Interaction = {
      sid: newSid('KD'),
      channelSid: newSid('UO'),
      channel: channelJson,
      routingProperties: props,
      interactionContextSid: p.str('InteractionContextSid') ?? null,
      webhookTtid: p.str('WebhookTtid') ?? null,
      firstTaskSid: null,
      dateCreated: now,
    };
    const ch: InteractionChannel = {
      sid: interaction.channelSid,
      interactionSid: interaction.sid,
      type,
      status: 'setup',
      conversationSid: conv.sid,
      history: [{ status: 'setup', at: this.world.nowIso() }],
      dateUpdated: now,
      statusTimeout: null,
      pause: null,
    };
    this.world.interactions.set(interaction.sid, interaction);
    this.world.interactionChannels.set(ch.sid, ch);
    conv.interactionSid = interaction.sid;
    conv.channelSid = ch.sid;
    conv.channelType = type;
    const customer = this.conv.participants(conv)[0];
    if (customer) {
      conv.customerIdentity =
        conv.customerIdentity ?? customer.identity ?? String(customer.messagingBinding?.address ?? '');
      this.addChannelParticipant(
        ch,
        'customer',
        {
          conversation_sid: conv.sid,
          participant_sid: customer.sid,
          address: conv.customerIdentity,
          name: conv.friendlyName ?? conv.customerIdentity,
        },
        null,
        customer.sid,
        null,
      );
    }
    this.setChannelStatus(ch, 'active');
    const task = this.routeChannel(ch, props);
    interaction.firstTaskSid = task.sid;
    return { interaction, task };
  }

  private addChannelParticipant(
    ch: InteractionChannel,
    type: string,
    media: JsonObject,
    routing: JsonObject | null,
    convParticipantSid: string | null,
    workerSid: string | null,
  ): InteractionParticipant {
    const part: InteractionParticipant = {
      sid: newSid('UT'),
      interactionSid: ch.interactionSid,
      channelSid: ch.sid,
      type,
      status: null,
      mediaProperties: media,
      routingProperties: routing,
      conversationParticipantSid: convParticipantSid,
      workerSid,
    };
    this.world.interactionParticipants.set(part.sid, part);
    return part;
  }

  participantsOf(ch: InteractionChannel): InteractionParticipant[] {
    return [...this.world.interactionParticipants.values()].filter((x) => x.channelSid === ch.sid);
  }

  /**
   * Flex's orchestrator: an accepted conversation task joins its worker to the conversation. Which channel is
   * decided by the routing record (or invite) that created the task, never by its attributes: an agent who
   * edits a reserved task's attributes to name another channel and then accepts joins nothing new.
   */
  private onAccepted(task: Task, worker: Worker, reservationSid: string): void {
    const link = this.world.channelTaskLinks.get(task.sid);
    const ch = link ? this.world.interactionChannels.get(link.channelSid) : undefined;
    if (!ch || !ch.conversationSid) return;
    const conv = this.world.conversations.get(ch.conversationSid);
    if (!conv || conv.state === 'closed') return;
    const identity = workerIdentity(worker);
    let cp = this.conv.participants(conv).find((x) => x.identity === identity);
    if (!cp) cp = this.conv.addParticipant(conv.sid, Params.from({ Identity: identity }));
    // Twilio's participant routing properties name the task that brought the agent in; the backend checks
    // ownership against them instead of task attributes, which agents can edit.
    const taskChannel = this.world.taskChannels.get(task.taskChannelSid);
    const routing: JsonObject = {
      workspace_sid: this.world.workspace?.sid ?? null,
      task_sid: task.sid,
      reservation_sid: reservationSid,
      worker_sid: worker.sid,
      queue_sid: task.taskQueueSid,
      workflow_sid: task.workflowSid,
      task_channel_sid: task.taskChannelSid,
      task_channel_unique_name: taskChannel?.uniqueName ?? null,
    };
    const existing = this.participantsOf(ch).find((x) => x.type === 'agent' && x.workerSid === worker.sid);
    if (existing) {
      existing.routingProperties = routing;
      existing.status = null;
      existing.conversationParticipantSid = cp.sid;
    } else {
      this.addChannelParticipant(
        ch,
        'agent',
        { conversation_sid: conv.sid, participant_sid: cp.sid, identity },
        routing,
        cp.sid,
        worker.sid,
      );
    }
  }

  /** The tasks Flex created for this channel (its routing record), whatever their attributes now say. */
  private channelTasks(ch: InteractionChannel): Task[] {
    return [...this.world.tasks.values()].filter(
      (t) => this.world.channelTaskLinks.get(t.sid)?.channelSid === ch.sid,
    );
  }

  private endTasks(ch: InteractionChannel, reason: string, routingStatus: RoutingStatus = 'closed'): void {
    for (const t of this.channelTasks(ch)) {
      if (t.assignmentStatus === 'pending' || t.assignmentStatus === 'reserved')
        this.tr.cancelTask(t, reason);
      else if (t.assignmentStatus === 'assigned' && routingStatus === 'wrapup') this.tr.wrapTask(t, reason);
      else if (LIVE_STATUSES.includes(t.assignmentStatus) && routingStatus === 'closed')
        this.tr.completeTask(t, reason);
    }
  }

  private removeParticipant(part: InteractionParticipant): void {
    if (part.conversationParticipantSid) this.conv.dropParticipant(part.conversationParticipantSid);
    this.world.interactionParticipants.delete(part.sid);
  }

  private removeAgents(ch: InteractionChannel, workerSid?: string): void {
    for (const part of this.participantsOf(ch)) {
      if (part.type !== 'agent' && part.type !== 'supervisor') continue;
      if (workerSid !== undefined && part.workerSid !== workerSid) continue;
      this.removeParticipant(part);
    }
  }

  private log(
    ch: InteractionChannel,
    entry: Omit<ChannelLogEntry, 'at' | 'interactionSid' | 'channelSid' | 'conversationSid'>,
  ): void {
    this.world.channelLog.push({
      at: this.world.nowIso(),
      interactionSid: ch.interactionSid,
      channelSid: ch.sid,
      conversationSid: ch.conversationSid,
      ...entry,
    });
  }

  private conflict(ch: InteractionChannel, to: string, why = ''): ApiError {
    return new ApiError(
      409,
      CHANNEL_CONFLICT_CODE,
      `Interaction Channel ${ch.sid} is ${ch.status}: cannot set it to ${to}${why ? ` (${why})` : ''}`,
    );
  }

  private routingStatus(routing: JsonObject | null, status: string, fallback?: RoutingStatus): RoutingStatus {
    const value = routing?.status;
    if (value === 'closed' || value === 'wrapup') return value;
    if (value === undefined && fallback) return fallback;
    throw badRequest(
      `Invalid parameter Routing: Status=${status} needs Routing={"status":"closed"} or {"status":"wrapup"}`,
    );
  }

  /**
   * Twilio's channel state machine (Flex UI 2.17.1's own client drives it: CbmSdkClient.leaveChannel,
   * pauseChannel, resumeChannel). Every check comes before any change, so a refused update changes nothing
   * and, of two racing updates, the second sees the first's state.
   */
  updateChannel(interactionSid: string, sid: string, p: Params): InteractionChannel {
    const ch = this.channel(interactionSid, sid);
    const status = p.str('Status') ?? '';
    const routing = p.has('Routing') ? parseJsonObject(p.str('Routing'), 'Routing') : null;
    if (ch.status === 'closed') throw this.conflict(ch, status, 'the channel is closed');
    if (status === 'inactive') {
      if (!routing) {
        throw badRequest(
          'Routing is required with Status=inactive: expected Routing={"status":"closed"} or {"status":"wrapup"}',
        );
      }
      const routingStatus = this.routingStatus(routing, status);
      if (ch.status !== 'active') throw this.conflict(ch, status, 'only an active channel can be left');
      this.leave(ch, routingStatus);
    } else if (status === 'pause') {
      // The spec's text: without Routing the tasks are set to wrapping.
      const routingStatus = this.routingStatus(routing, status, 'wrapup');
      if (ch.status !== 'active') throw this.conflict(ch, status, 'only an active channel can be paused');
      const task = this.agentTaskOf(ch);
      if (!task?.workerSid) throw this.conflict(ch, status, 'no agent has accepted a task on it');
      this.pause(ch, task, task.workerSid, routingStatus);
    } else if (status === 'active') {
      if (ch.status !== 'pause' || !ch.pause)
        throw this.conflict(ch, status, 'only a paused channel can resume');
      this.resume(ch);
    } else if (status === 'closed') {
      this.log(ch, { event: 'closed' });
      this.endTasks(ch, 'channel closed');
      this.clearPause(ch);
      this.setChannelStatus(ch, 'closed');
      const conv = ch.conversationSid ? this.world.conversations.get(ch.conversationSid) : undefined;
      if (conv && conv.state !== 'closed') this.conv.setState(conv, 'closed');
    }
    this.tr.engine.route();
    return ch;
  }

  /** The accepted agent task a Pause acts on: the newest assigned one on the channel. */
  private agentTaskOf(ch: InteractionChannel): Task | undefined {
    return this.channelTasks(ch)
      .filter((t) => t.assignmentStatus === 'assigned' && t.workerSid)
      .sort((a, b) => b.dateCreated - a.dateCreated)[0];
  }

  private leave(ch: InteractionChannel, routingStatus: RoutingStatus): void {
    const task = this.agentTaskOf(ch);
    this.log(ch, {
      event: 'left',
      routingStatus,
      taskSid: task?.sid,
      workerSid: task?.workerSid ?? undefined,
    });
    this.endTasks(ch, 'channel inactive', routingStatus);
    this.removeAgents(ch);
    this.setChannelStatus(ch, 'inactive');
    const conv = ch.conversationSid ? this.world.conversations.get(ch.conversationSid) : undefined;
    if (conv && conv.state !== 'closed')
      this.conv.scheduleClose(conv, this.world.now() + CLOSE_AFTER_INACTIVE_MS);
  }

  private pause(ch: InteractionChannel, task: Task, workerSid: string, routingStatus: RoutingStatus): void {
    // Capacity follows the task: completing it frees the agent's channel now; with `wrapup` it frees when the
    // agent's own wrap-up completes it (TaskRouter counts wrapping tasks). The agent stays a participant.
    this.endTasks(ch, 'channel paused', routingStatus);
    const now = this.world.now();
    const at = now + this.world.settings.pauseLimitSeconds * 1000;
    const timer = this.world.clock.schedule(at, () => this.onPauseLimit(ch, timer));
    ch.pause = { workerSid, taskSid: task.sid, routingStatus, pausedAt: now, timer };
    ch.statusTimeout = at;
    this.setChannelStatus(ch, 'pause');
    this.log(ch, {
      event: 'paused',
      routingStatus,
      workerSid,
      taskSid: task.sid,
      statusTimeout: isoDate(new Date(at)),
    });
  }

  private clearPause(ch: InteractionChannel): NonNullable<InteractionChannel['pause']> | null {
    const pause = ch.pause;
    if (pause) this.world.clock.cancel(pause.timer);
    ch.pause = null;
    ch.statusTimeout = null;
    return pause;
  }

  /** The time limit: Twilio takes the conversation back from the pausing agent and routes it again. */
  private onPauseLimit(ch: InteractionChannel, timer: number): void {
    if (ch.status !== 'pause' || ch.pause?.timer !== timer) return;
    const deadline = ch.statusTimeout;
    const pause = this.clearPause(ch);
    if (pause) this.removeAgents(ch, pause.workerSid);
    this.setChannelStatus(ch, 'active');
    const task = this.routeChannel(ch, this.interaction(ch.interactionSid).routingProperties);
    this.log(ch, {
      event: 'rerouted',
      workerSid: pause?.workerSid,
      taskSid: pause?.taskSid,
      newTaskSid: task.sid,
      statusTimeout: deadline !== null ? isoDate(new Date(deadline)) : undefined,
    });
  }

  /** The task channel a new task for this channel would be created on. */
  private taskChannelFor(ch: InteractionChannel, props: JsonObject): string {
    const name =
      typeof props.task_channel_unique_name === 'string' ? props.task_channel_unique_name : ch.type;
    return this.tr.taskChannelByRef(name).sid;
  }

  private hasCapacity(workerSid: string, taskChannelSid: string): boolean {
    const wc = this.tr.engine.workerChannel(workerSid, taskChannelSid);
    if (!wc || !wc.available) return false;
    return this.tr.engine.usedCapacity(workerSid, taskChannelSid) < wc.capacity;
  }

  /**
   * Resume: a new task for the same conversation. With room on the task channel it goes to the pausing agent
   * and is accepted the way Flex accepts conversation tasks (an invite accepted, which (re)joins the agent);
   * otherwise the pausing agent leaves the channel and TaskRouter routes the task through the original workflow.
   */
  private resume(ch: InteractionChannel): void {
    const pause = this.clearPause(ch);
    if (!pause) throw this.conflict(ch, 'active', 'only a paused channel can resume');
    const { task, outcome } = this.resumeTask(ch, pause);
    this.log(ch, {
      event: 'resumed',
      workerSid: pause.workerSid,
      taskSid: pause.taskSid,
      newTaskSid: task.sid,
      outcome,
    });
  }

  private resumeTask(
    ch: InteractionChannel,
    pause: NonNullable<InteractionChannel['pause']>,
  ): { task: Task; outcome: ResumeOutcome } {
    const interaction = this.interaction(ch.interactionSid);
    const props = interaction.routingProperties;
    this.setChannelStatus(ch, 'active');
    const worker = this.world.workers.get(pause.workerSid);
    if (!worker || !this.hasCapacity(worker.sid, this.taskChannelFor(ch, props))) {
      this.removeAgents(ch, pause.workerSid);
      return { task: this.routeChannel(ch, props), outcome: 'routed' };
    }
    const inviteSid = newSid('KG');
    const task = this.routeChannel(
      ch,
      { ...props, worker_sid: worker.sid },
      { flexChannelInviteSid: inviteSid },
      inviteSid,
    );
    this.world.invites.set(inviteSid, {
      sid: inviteSid,
      interactionSid: ch.interactionSid,
      channelSid: ch.sid,
      routing: { properties: { ...props, worker_sid: worker.sid } },
      taskSid: task.sid,
    });
    if (this.world.settings.resumeArrives === 'pending') {
      // Reserved to the agent who resumed and left pending: their Flex accepts it (through the invite).
      if (task.assignmentStatus === 'pending') {
        this.tr.engine.cancelTimers(task);
        this.tr.engine.reserveNow(task, worker);
      }
      return { task, outcome: 'reserved' };
    }
    this.tr.acceptFor(task, worker);
    return { task, outcome: 'auto-accepted' };
  }

  /** A customer reply on an inactive channel: back to active and routed like the original interaction. */
  reactivate(ch: InteractionChannel): Task {
    const interaction = this.interaction(ch.interactionSid);
    this.setChannelStatus(ch, 'active');
    const conv = ch.conversationSid ? this.world.conversations.get(ch.conversationSid) : undefined;
    if (conv) {
      this.world.clock.cancel(conv.closeTimer);
      conv.closeTimer = undefined;
      conv.dateClosed = null;
    }
    return this.routeChannel(ch, interaction.routingProperties);
  }

  createInvite(interactionSid: string, channelSid: string, p: Params): Invite {
    const ch = this.channel(interactionSid, channelSid);
    if (ch.status === 'closed') throw this.conflict(ch, 'invite', 'the channel is closed');
    // A paused channel belongs to the pausing agent until Resume or the limit; an invite would route a second
    // live task for it. Whether Twilio refuses it or ends the pause is undocumented: the emulator plays either
    // (settings.invitesWhilePaused), the live check's `invite-while-paused` line tells which an account does.
    const whilePaused = ch.status === 'pause';
    if (whilePaused && this.world.settings.invitesWhilePaused === 'refused')
      throw this.conflict(ch, 'invite', 'the channel is paused');
    const routing = parseJsonObject(p.str('Routing'), 'Routing');
    const props = this.routingProperties(routing, 'Routing');
    const sid = newSid('KG');
    if (whilePaused) {
      // As at the limit: the pausing agent leaves, the channel is active again, the invite's task is routed.
      const pause = this.clearPause(ch);
      if (pause) this.removeAgents(ch, pause.workerSid);
      this.setChannelStatus(ch, 'active');
      const task = this.routeChannel(ch, props, { flexChannelInviteSid: sid }, sid);
      this.log(ch, {
        event: 'invited-while-paused',
        workerSid: pause?.workerSid,
        taskSid: pause?.taskSid,
        newTaskSid: task.sid,
      });
      const invite: Invite = { sid, interactionSid, channelSid, routing, taskSid: task.sid };
      this.world.invites.set(sid, invite);
      this.tr.engine.route();
      return invite;
    }
    // A transfer (cold or warm) is such an invite on an active channel, naming the target worker or queue:
    // the target's accepted reservation joins them; the transferring agent stays until their own participant
    // is set `closed` (cold, right after the target joined) or `closed`/`wrapup` when they leave (warm).
    const task = this.routeChannel(ch, props, { flexChannelInviteSid: sid }, sid);
    if (ch.status === 'inactive') this.setChannelStatus(ch, 'active');
    const invite: Invite = { sid, interactionSid, channelSid, routing, taskSid: task.sid };
    this.world.invites.set(sid, invite);
    return invite;
  }

  /** The account's Flex Configuration resource. */
  configuration(): JsonObject {
    if (!this.world.flexConfiguration) throw notFound('Flex Configuration (seed the emulator first)');
    return this.world.flexConfiguration;
  }

  /** Twilio's `POST /v1/Configuration` (JSON body): merges what it names, keeps what others stored. */
  updateConfiguration(patch: unknown): JsonObject {
    if (isObject(patch) && patch.account_sid !== undefined && patch.account_sid !== this.world.accountSid)
      throw badRequest('Invalid parameter account_sid: not this account');
    this.world.flexConfiguration = mergeConfiguration(this.world, this.configuration(), patch);
    return this.world.flexConfiguration;
  }

  invitesOf(interactionSid: string, channelSid: string): Invite[] {
    this.channel(interactionSid, channelSid);
    return [...this.world.invites.values()].filter((i) => i.channelSid === channelSid);
  }

  createParticipant(interactionSid: string, channelSid: string, p: Params): InteractionParticipant {
    const ch = this.channel(interactionSid, channelSid);
    const media = parseJsonObject(p.str('MediaProperties'), 'MediaProperties');
    const routing = p.has('RoutingProperties')
      ? parseJsonObject(p.str('RoutingProperties'), 'RoutingProperties')
      : {};
    const type = p.str('Type') ?? 'unknown';
    if (type === 'agent' && typeof routing.reservation_sid === 'string')
      return this.joinThroughReservation(ch, routing, routing.reservation_sid);
    let cpSid: string | null = null;
    const conv = ch.conversationSid ? this.world.conversations.get(ch.conversationSid) : undefined;
    const identity = typeof media.identity === 'string' ? media.identity : null;
    if (conv && identity) {
      const existing = this.conv.participants(conv).find((x) => x.identity === identity);
      cpSid = (existing ?? this.conv.addParticipant(conv.sid, Params.from({ Identity: identity }))).sid;
    }
    const workerSid = typeof routing.worker_sid === 'string' ? routing.worker_sid : null;
    return this.addChannelParticipant(ch, type, media, routing, cpSid, workerSid);
  }

  /**
   * An agent participant created with `RoutingProperties {workspace_sid, reservation_sid}` accepts that pending
   * reservation of a task on this channel and joins its worker, as accepting the task in Flex does (the live
   * check uses it to bring its test worker in through a documented operation).
   */
  private joinThroughReservation(
    ch: InteractionChannel,
    routing: JsonObject,
    reservationSid: string,
  ): InteractionParticipant {
    if (routing.workspace_sid !== this.world.workspace?.sid)
      throw badRequest("Invalid parameter RoutingProperties: workspace_sid is not this account's workspace");
    const r = this.world.reservations.get(reservationSid);
    if (!r || !this.channelTasks(ch).some((t) => t.sid === r.taskSid))
      throw badRequest(
        `Invalid parameter RoutingProperties: no reservation ${reservationSid} on this channel`,
      );
    if (r.status !== 'pending')
      throw new ApiError(
        409,
        CHANNEL_CONFLICT_CODE,
        `Reservation ${reservationSid} is ${r.status}, not pending`,
      );
    this.tr.updateReservation(r, Params.from({ ReservationStatus: 'accepted' }));
    const joined = this.participantsOf(ch).find(
      (x) => x.type === 'agent' && x.routingProperties?.reservation_sid === reservationSid,
    );
    if (!joined)
      throw new ApiError(500, 20500, `Reservation ${reservationSid} was accepted but no agent joined`);
    return joined;
  }

  updateParticipant(
    interactionSid: string,
    channelSid: string,
    sid: string,
    p: Params,
  ): InteractionParticipant {
    const ch = this.channel(interactionSid, channelSid);
    const part = this.world.interactionParticipants.get(sid);
    if (!part || part.channelSid !== ch.sid) throw notFound(`Interaction Channel Participant ${sid}`);
    const status = p.str('Status') ?? null;
    const taskSid =
      typeof part.routingProperties?.task_sid === 'string' ? part.routingProperties.task_sid : null;
    const task = taskSid ? this.world.tasks.get(taskSid) : undefined;
    if (status === 'wrapup') {
      if (task?.assignmentStatus === 'assigned') this.tr.wrapTask(task, 'participant wrapup');
    } else if (status === 'closed') {
      if (task && (task.assignmentStatus === 'assigned' || task.assignmentStatus === 'wrapping')) {
        this.tr.completeTask(task, 'participant closed');
      }
      // The pausing agent finishing their wrap-up still keeps reading the paused conversation.
      const pausing = ch.status === 'pause' && ch.pause?.workerSid === part.workerSid;
      if (part.conversationParticipantSid && !pausing)
        this.conv.dropParticipant(part.conversationParticipantSid);
    }
    part.status = status;
    this.tr.engine.route();
    return part;
  }
}
