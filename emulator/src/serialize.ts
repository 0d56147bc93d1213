import { LIVE_STATUSES } from './routing/engine';
import type { World } from './state/world';
import type {
  Activity,
  ConvParticipant,
  Conversation,
  Interaction,
  InteractionChannel,
  InteractionParticipant,
  Invite,
  Message,
  Reservation,
  ScopedWebhook,
  SyncMap,
  SyncMapItem,
  SyncDocument,
  SyncDocumentPermission,
  SyncService,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from './state/types';
import { isoDate, type Json, type JsonObject } from './util';

const TR = 'https://taskrouter.twilio.com/v1';
const FLEX = 'https://flex-api.twilio.com/v1';
const CONV = 'https://conversations.twilio.com/v1';
const SYNC = 'https://sync.twilio.com/v1';

function d(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : isoDate(new Date(ms));
}

/** Renders state as Twilio's JSON (snake_case, every schema property present). */
export class Serializer {
  constructor(private readonly w: World) {}

  private get ws(): string {
    return this.w.workspace?.sid ?? '';
  }

  workspace(ws: Workspace): JsonObject {
    const url = `${TR}/Workspaces/${ws.sid}`;
    const def = ws.defaultActivitySid ? this.w.activities.get(ws.defaultActivitySid) : undefined;
    const to = ws.timeoutActivitySid ? this.w.activities.get(ws.timeoutActivitySid) : undefined;
    return {
      account_sid: this.w.accountSid,
      date_created: d(ws.dateCreated),
      date_updated: d(ws.dateUpdated),
      default_activity_name: def?.friendlyName ?? null,
      default_activity_sid: def?.sid ?? null,
      event_callback_url: ws.eventCallbackUrl,
      events_filter: ws.eventsFilter,
      friendly_name: ws.friendlyName,
      multi_task_enabled: ws.multiTaskEnabled,
      sid: ws.sid,
      timeout_activity_name: to?.friendlyName ?? null,
      timeout_activity_sid: to?.sid ?? null,
      prioritize_queue_order: ws.prioritizeQueueOrder,
      url,
      links: {
        activities: `${url}/Activities`,
        assignment_activity: null,
        events: `${url}/Events`,
        statistics: `${url}/Statistics`,
        task_channels: `${url}/TaskChannels`,
        task_queues: `${url}/TaskQueues`,
        tasks: `${url}/Tasks`,
        workers: `${url}/Workers`,
        workflows: `${url}/Workflows`,
      },
    };
  }

  activity(a: Activity): JsonObject {
    const url = `${TR}/Workspaces/${this.ws}/Activities/${a.sid}`;
    return {
      account_sid: this.w.accountSid,
      available: a.available,
      date_created: d(a.dateCreated),
      date_updated: d(a.dateUpdated),
      friendly_name: a.friendlyName,
      sid: a.sid,
      workspace_sid: this.ws,
      url,
      links: { workspace: `${TR}/Workspaces/${this.ws}` },
    };
  }

  taskChannel(c: TaskChannel): JsonObject {
    const url = `${TR}/Workspaces/${this.ws}/TaskChannels/${c.sid}`;
    return {
      account_sid: this.w.accountSid,
      date_created: d(c.dateCreated),
      date_updated: d(c.dateUpdated),
      friendly_name: c.friendlyName,
      sid: c.sid,
      unique_name: c.uniqueName,
      workspace_sid: this.ws,
      channel_optimized_routing: c.channelOptimizedRouting,
      url,
      links: { workspace: `${TR}/Workspaces/${this.ws}` },
    };
  }

  queue(q: TaskQueue): JsonObject {
    const url = `${TR}/Workspaces/${this.ws}/TaskQueues/${q.sid}`;
    const ra = q.reservationActivitySid ? this.w.activities.get(q.reservationActivitySid) : undefined;
    const aa = q.assignmentActivitySid ? this.w.activities.get(q.assignmentActivitySid) : undefined;
    return {
      account_sid: this.w.accountSid,
      assignment_activity_sid: aa?.sid ?? null,
      assignment_activity_name: aa?.friendlyName ?? null,
      date_created: d(q.dateCreated),
      date_updated: d(q.dateUpdated),
      friendly_name: q.friendlyName,
      max_reserved_workers: q.maxReservedWorkers,
      reservation_activity_sid: ra?.sid ?? null,
      reservation_activity_name: ra?.friendlyName ?? null,
      sid: q.sid,
      target_workers: q.targetWorkers,
      task_order: q.taskOrder,
      url,
      workspace_sid: this.ws,
      links: {
        assignment_activity: aa ? `${TR}/Workspaces/${this.ws}/Activities/${aa.sid}` : null,
        cumulative_statistics: `${url}/CumulativeStatistics`,
        real_time_statistics: `${url}/RealTimeStatistics`,
        reservation_activity: ra ? `${TR}/Workspaces/${this.ws}/Activities/${ra.sid}` : null,
        statistics: `${url}/Statistics`,
        workspace: `${TR}/Workspaces/${this.ws}`,
      },
    };
  }

  workflow(wf: Workflow): JsonObject {
    const url = `${TR}/Workspaces/${this.ws}/Workflows/${wf.sid}`;
    return {
      account_sid: this.w.accountSid,
      assignment_callback_url: wf.assignmentCallbackUrl,
      configuration: wf.configuration,
      date_created: d(wf.dateCreated),
      date_updated: d(wf.dateUpdated),
      document_content_type: 'application/json',
      fallback_assignment_callback_url: wf.fallbackAssignmentCallbackUrl,
      friendly_name: wf.friendlyName,
      sid: wf.sid,
      task_reservation_timeout: wf.taskReservationTimeout,
      workspace_sid: this.ws,
      url,
      links: {
        statistics: `${url}/Statistics`,
        real_time_statistics: `${url}/RealTimeStatistics`,
        cumulative_statistics: `${url}/CumulativeStatistics`,
        workspace: `${TR}/Workspaces/${this.ws}`,
      },
    };
  }

  worker(wk: Worker): JsonObject {
    const url = `${TR}/Workspaces/${this.ws}/Workers/${wk.sid}`;
    const act = this.w.activities.get(wk.activitySid);
    return {
      account_sid: this.w.accountSid,
      activity_name: act?.friendlyName ?? null,
      activity_sid: wk.activitySid,
      attributes: wk.attributes,
      available: act?.available ?? false,
      date_created: d(wk.dateCreated),
      date_status_changed: d(wk.dateStatusChanged),
      date_updated: d(wk.dateUpdated),
      friendly_name: wk.friendlyName,
      sid: wk.sid,
      workspace_sid: this.ws,
      url,
      links: {
        channels: `${url}/Channels`,
        reservations: `${url}/Reservations`,
        statistics: `${url}/Statistics`,
        activity: `${TR}/Workspaces/${this.ws}/Activities/${wk.activitySid}`,
        workspace: `${TR}/Workspaces/${this.ws}`,
      },
    };
  }

  workerChannel(wc: WorkerChannel): JsonObject {
    const tc = this.w.taskChannels.get(wc.taskChannelSid);
    let used = 0;
    for (const t of this.w.tasks.values()) {
      if (
        t.workerSid === wc.workerSid &&
        t.taskChannelSid === wc.taskChannelSid &&
        LIVE_STATUSES.includes(t.assignmentStatus)
      )
        used++;
    }
    const pct = wc.capacity > 0 ? Math.max(0, Math.round(((wc.capacity - used) / wc.capacity) * 100)) : 0;
    return {
      account_sid: this.w.accountSid,
      assigned_tasks: used,
      available: wc.available,
      available_capacity_percentage: wc.available ? pct : 0,
      configured_capacity: wc.capacity,
      date_created: d(wc.dateCreated),
      date_updated: d(wc.dateUpdated),
      sid: wc.sid,
      task_channel_sid: wc.taskChannelSid,
      task_channel_unique_name: tc?.uniqueName ?? null,
      worker_sid: wc.workerSid,
      workspace_sid: this.ws,
      url: `${TR}/Workspaces/${this.ws}/Workers/${wc.workerSid}/Channels/${wc.sid}`,
    };
  }

  task(t: Task): JsonObject {
    const url = `${TR}/Workspaces/${this.ws}/Tasks/${t.sid}`;
    const q = t.taskQueueSid ? this.w.queues.get(t.taskQueueSid) : undefined;
    const tc = this.w.taskChannels.get(t.taskChannelSid);
    const wf = t.workflowSid ? this.w.workflows.get(t.workflowSid) : undefined;
    return {
      account_sid: this.w.accountSid,
      age: Math.floor((this.w.now() - t.dateCreated) / 1000),
      assignment_status: t.assignmentStatus,
      attributes: t.attributes,
      addons: '{}',
      date_created: d(t.dateCreated),
      date_updated: d(t.dateUpdated),
      task_queue_entered_date: d(t.queueEnteredAt),
      priority: t.priority,
      reason: t.reason,
      sid: t.sid,
      task_queue_sid: t.taskQueueSid,
      task_queue_friendly_name: q?.friendlyName ?? null,
      task_channel_sid: t.taskChannelSid,
      task_channel_unique_name: tc?.uniqueName ?? null,
      timeout: t.timeout,
      workflow_sid: t.workflowSid,
      workflow_friendly_name: wf?.friendlyName ?? null,
      workspace_sid: this.ws,
      url,
      links: {
        task_queue: q ? `${TR}/Workspaces/${this.ws}/TaskQueues/${q.sid}` : null,
        workflow: wf ? `${TR}/Workspaces/${this.ws}/Workflows/${wf.sid}` : null,
        workspace: `${TR}/Workspaces/${this.ws}`,
        reservations: `${url}/Reservations`,
      },
      virtual_start_time: d(t.virtualStartTime),
      ignore_capacity: t.ignoreCapacity,
      routing_target: t.routingTarget,
    };
  }

  reservation(r: Reservation): JsonObject {
    const wk = this.w.workers.get(r.workerSid);
    return {
      account_sid: this.w.accountSid,
      date_created: d(r.dateCreated),
      date_updated: d(r.dateUpdated),
      reservation_status: r.status,
      sid: r.sid,
      task_sid: r.taskSid,
      worker_name: wk?.friendlyName ?? null,
      worker_sid: r.workerSid,
      workspace_sid: this.ws,
      url: `${TR}/Workspaces/${this.ws}/Tasks/${r.taskSid}/Reservations/${r.sid}`,
      links: {
        task: `${TR}/Workspaces/${this.ws}/Tasks/${r.taskSid}`,
        worker: `${TR}/Workspaces/${this.ws}/Workers/${r.workerSid}`,
        workspace: `${TR}/Workspaces/${this.ws}`,
      },
    };
  }

  /** Task properties as Flex embeds them in interaction/invite routing (epoch seconds, queue_* names). */
  private routingTask(t: Task): JsonObject {
    const s = this.task(t);
    return {
      account_sid: s.account_sid,
      workspace_sid: s.workspace_sid,
      sid: t.sid,
      date_created: Math.floor(t.dateCreated / 1000),
      date_updated: Math.floor(t.dateUpdated / 1000),
      task_queue_entered_date: t.queueEnteredAt !== null ? Math.floor(t.queueEnteredAt / 1000) : null,
      attributes: t.attributes,
      assignment_status: t.assignmentStatus,
      workflow_sid: t.workflowSid,
      workflow_name: s.workflow_friendly_name,
      queue_sid: t.taskQueueSid,
      queue_name: s.task_queue_friendly_name,
      priority: t.priority,
      age: s.age,
      age_in_queue: s.age,
      reason: t.reason ?? '',
      timeout: t.timeout,
      assignmentCounter: 0,
      task_channel_sid: t.taskChannelSid,
      task_channel_unique_name: s.task_channel_unique_name,
      routing_target: t.routingTarget,
    };
  }

  interaction(i: Interaction): JsonObject {
    const url = `${FLEX}/Interactions/${i.sid}`;
    const task = i.firstTaskSid ? this.w.tasks.get(i.firstTaskSid) : undefined;
    return {
      sid: i.sid,
      channel: { ...i.channel, sid: i.channelSid },
      routing: {
        reservation: null,
        properties: task ? this.routingTask(task) : (i.routingProperties as Json),
      },
      url,
      links: { channels: `${url}/Channels` },
      interaction_context_sid: i.interactionContextSid,
      webhook_ttid: i.webhookTtid,
    };
  }

  interactionChannel(c: InteractionChannel): JsonObject {
    const url = `${FLEX}/Interactions/${c.interactionSid}/Channels/${c.sid}`;
    return {
      sid: c.sid,
      interaction_sid: c.interactionSid,
      type: c.type,
      status: c.status,
      // Not in the public schema, but Twilio keeps them on the channel and Flex 2.17.1 reads both for its paused
      // list (BasePauseListItem / PauseTimerLabel: status_timeout, date_updated).
      status_timeout: d(c.statusTimeout),
      date_updated: d(c.dateUpdated),
      error_code: null,
      error_message: null,
      url,
      links: {
        participants: `${url}/Participants`,
        invites: `${url}/Invites`,
        transfers: `${url}/Transfers`,
      },
    };
  }

  invite(i: Invite): JsonObject {
    const task = this.w.tasks.get(i.taskSid);
    return {
      sid: i.sid,
      interaction_sid: i.interactionSid,
      channel_sid: i.channelSid,
      routing: { reservation: null, properties: task ? this.routingTask(task) : (i.routing as Json) },
      url: `${FLEX}/Interactions/${i.interactionSid}/Channels/${i.channelSid}/Invites/${i.sid}`,
    };
  }

  interactionParticipant(p: InteractionParticipant): JsonObject {
    return {
      sid: p.sid,
      type: p.type,
      interaction_sid: p.interactionSid,
      channel_sid: p.channelSid,
      url: `${FLEX}/Interactions/${p.interactionSid}/Channels/${p.channelSid}/Participants/${p.sid}`,
      routing_properties: p.routingProperties,
      // Not in the public read schema (its update takes `closed` | `wrapup`): the status set on the participant,
      // null while the agent is in the channel. Whether Twilio answers it is for the live check to tell; the
      // Functions do not depend on it (the reservation's state says the same).
      status: p.status,
      // Not in the public schema; Flex 2.17.1's InteractionParticipant model reads it from these answers.
      media_properties: p.mediaProperties,
    };
  }

  syncService(s: SyncService): JsonObject {
    const url = `${SYNC}/Services/${s.sid}`;
    return {
      sid: s.sid,
      unique_name: s.uniqueName,
      account_sid: this.w.accountSid,
      friendly_name: s.friendlyName,
      date_created: d(s.dateCreated),
      date_updated: d(s.dateUpdated),
      url,
      webhook_url: s.webhookUrl,
      webhooks_from_rest_enabled: s.webhooksFromRestEnabled,
      reachability_webhooks_enabled: s.reachabilityWebhooksEnabled,
      acl_enabled: s.aclEnabled,
      reachability_debouncing_enabled: s.reachabilityDebouncingEnabled,
      reachability_debouncing_window: s.reachabilityDebouncingWindow,
      links: {
        documents: `${url}/Documents`,
        lists: `${url}/Lists`,
        maps: `${url}/Maps`,
        streams: `${url}/Streams`,
      },
    };
  }

  syncMap(m: SyncMap): JsonObject {
    const url = `${SYNC}/Services/${m.serviceSid}/Maps/${m.sid}`;
    return {
      sid: m.sid,
      unique_name: m.uniqueName,
      account_sid: this.w.accountSid,
      service_sid: m.serviceSid,
      url,
      links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
      revision: String(m.revision),
      date_expires: d(m.dateExpires),
      date_created: d(m.dateCreated),
      date_updated: d(m.dateUpdated),
      created_by: 'system',
    };
  }

  syncDocument(doc: SyncDocument): JsonObject {
    const url = `${SYNC}/Services/${doc.serviceSid}/Documents/${doc.sid}`;
    return {
      sid: doc.sid,
      unique_name: doc.uniqueName,
      account_sid: this.w.accountSid,
      service_sid: doc.serviceSid,
      url,
      links: { permissions: `${url}/Permissions` },
      revision: String(doc.revision),
      data: JSON.parse(doc.data) as Json,
      date_expires: d(doc.dateExpires),
      date_created: d(doc.dateCreated),
      date_updated: d(doc.dateUpdated),
      created_by: 'system',
    };
  }

  syncDocumentPermission(x: SyncDocumentPermission): JsonObject {
    return {
      account_sid: this.w.accountSid,
      service_sid: x.serviceSid,
      document_sid: x.documentSid,
      identity: x.identity,
      read: x.read,
      write: x.write,
      manage: x.manage,
      url: `${SYNC}/Services/${x.serviceSid}/Documents/${x.documentSid}/Permissions/${encodeURIComponent(x.identity)}`,
    };
  }

  syncMapItem(i: SyncMapItem): JsonObject {
    return {
      key: i.key,
      account_sid: this.w.accountSid,
      service_sid: i.serviceSid,
      map_sid: i.mapSid,
      url: `${SYNC}/Services/${i.serviceSid}/Maps/${i.mapSid}/Items/${encodeURIComponent(i.key)}`,
      revision: String(i.revision),
      data: JSON.parse(i.data) as Json,
      date_expires: d(i.dateExpires),
      date_created: d(i.dateCreated),
      date_updated: d(i.dateUpdated),
      created_by: 'system',
    };
  }

  conversation(c: Conversation): JsonObject {
    const url = `${CONV}/Conversations/${c.sid}`;
    const timers: JsonObject = {};
    if (c.dateInactive !== null) timers.date_inactive = d(c.dateInactive);
    if (c.dateClosed !== null) timers.date_closed = d(c.dateClosed);
    return {
      account_sid: this.w.accountSid,
      chat_service_sid: c.chatServiceSid,
      messaging_service_sid: c.messagingServiceSid,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      state: c.state,
      date_created: d(c.dateCreated),
      date_updated: d(c.dateUpdated),
      timers,
      url,
      links: {
        participants: `${url}/Participants`,
        messages: `${url}/Messages`,
        webhooks: `${url}/Webhooks`,
      },
      bindings: null,
    };
  }

  message(m: Message): JsonObject {
    const url = `${CONV}/Conversations/${m.conversationSid}/Messages/${m.sid}`;
    return {
      account_sid: this.w.accountSid,
      conversation_sid: m.conversationSid,
      sid: m.sid,
      index: m.index,
      author: m.author,
      body: m.body,
      media: null,
      attributes: m.attributes,
      participant_sid: m.participantSid,
      date_created: d(m.dateCreated),
      date_updated: d(m.dateUpdated),
      url,
      delivery: null,
      links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
      content_sid: null,
    };
  }

  participant(p: ConvParticipant): JsonObject {
    return {
      account_sid: this.w.accountSid,
      conversation_sid: p.conversationSid,
      sid: p.sid,
      identity: p.identity,
      attributes: p.attributes,
      messaging_binding: p.messagingBinding,
      role_sid: p.roleSid,
      date_created: d(p.dateCreated),
      date_updated: d(p.dateUpdated),
      url: `${CONV}/Conversations/${p.conversationSid}/Participants/${p.sid}`,
      last_read_message_index: p.lastReadMessageIndex,
      last_read_timestamp: p.lastReadTimestamp,
    };
  }

  webhook(h: ScopedWebhook): JsonObject {
    const configuration: JsonObject = { method: h.method, filters: h.filters };
    if (h.url !== null) configuration.url = h.url;
    if (h.triggers.length) configuration.triggers = h.triggers;
    if (h.flowSid !== null) configuration.flow_sid = h.flowSid;
    if (h.replayAfter !== null) configuration.replay_after = h.replayAfter;
    return {
      sid: h.sid,
      account_sid: this.w.accountSid,
      conversation_sid: h.conversationSid,
      target: h.target,
      url: `${CONV}/Conversations/${h.conversationSid}/Webhooks/${h.sid}`,
      configuration,
      date_created: d(h.dateCreated),
      date_updated: d(h.dateUpdated),
    };
  }
}
