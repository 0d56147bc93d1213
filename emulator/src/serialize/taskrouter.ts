import { LIVE_STATUSES } from '../routing/engine';
import type { World } from '../state/world';
import type {
  Activity,
  Reservation,
  Task,
  TaskChannel,
  TaskQueue,
  Worker,
  WorkerChannel,
  Workflow,
  Workspace,
} from '../state/types';
import type { JsonObject } from '../util';
import { d, TR } from './common';

/**
 * TaskRouter's resources as its API answers them: workspace, activities, channels, queues, workflows,
 * workers, tasks, reservations.
 */
export class TaskRouterJson {
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
}
