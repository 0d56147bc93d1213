import type { World } from '../state/world';
import type { Reservation, RoutingTarget, Task, Worker } from '../state/types';
import { isObject, newSid, parseJsonObject } from '../util';
import { evaluateExpression } from './expression';
import { attributesOf, parseAttributes } from './attributes';
import { toTarget, type FilterConfig } from './workflow-configuration';

export { parseAttributes } from './attributes';
export { validateWorkflowConfiguration } from './workflow-configuration';

export const LIVE_STATUSES = ['reserved', 'assigned', 'wrapping'];

/**
 * TaskRouter's assignment logic: workflow filters and targets, queue TargetWorkers, capacity per worker
 * channel, known-agent routing, target timeouts and skip_if, reservation timeouts.
 */
export class RoutingEngine {
  /** Capacity in use per worker and channel, counted once per routing pass instead of per candidate. */
  private capacityIndex: Map<string, number> | undefined;
  private membersIndex: Map<string, Worker[]> | undefined;
  private channelIndex: Map<string, ReturnType<World['workerChannels']['get']>> | undefined;
  private running = false;
  private again = false;
  onReservationCreated: (r: Reservation) => void = () => undefined;
  onReservationTimeout: (r: Reservation) => void = () => undefined;

  constructor(private readonly world: World) {}

  /** Decides the task's filter/targets and enters the first target. */
  start(task: Task): void {
    const w = this.world;
    let targets: RoutingTarget[] = [];
    let filterName: string | null = null;
    let isDefaultFilter = false;
    const fallbackQueue = (): string => {
      const wf = task.workflowSid ? w.workflows.get(task.workflowSid) : undefined;
      const def = wf ? this.defaultTarget(wf.configuration) : null;
      return def?.queue ?? [...w.queues.keys()][0] ?? '';
    };
    if (task.routingTarget?.startsWith('WK')) {
      targets = [{ queue: task.taskQueueSid ?? fallbackQueue(), knownWorkerSid: task.routingTarget }];
      filterName = 'Known Agent';
    } else if (task.routingTarget?.startsWith('WQ')) {
      targets = [{ queue: task.routingTarget }];
    } else if (task.taskQueueSid && !task.workflowSid) {
      targets = [{ queue: task.taskQueueSid }];
    } else if (task.workflowSid) {
      const wf = w.workflows.get(task.workflowSid);
      const cfg = wf ? parseJsonObject(wf.configuration, 'Configuration') : {};
      const tr = isObject(cfg.task_routing) ? cfg.task_routing : {};
      const attrs = parseAttributes(task.attributes);
      const filters = (Array.isArray(tr.filters) ? tr.filters : []) as FilterConfig[];
      const hit = filters.find((f) =>
        evaluateExpression(String(f.expression ?? '1==1'), {
          root: attrs,
          named: { task: { ...attrs, sid: task.sid } },
        }),
      );
      if (hit) {
        filterName = hit.filter_friendly_name ?? hit.friendly_name ?? null;
        targets = (hit.targets ?? []).map(toTarget);
      } else if (tr.default_filter !== undefined) {
        targets = [toTarget(tr.default_filter)];
        filterName = 'Default Filter';
        isDefaultFilter = true;
      }
    }
    task.routing = { filterName, isDefaultFilter, targets, index: 0, skipWorkers: new Set() };
    if (targets.length > 0) this.enterTarget(task, 0);
  }

  private defaultTarget(configuration: string): RoutingTarget | null {
    try {
      const cfg = parseJsonObject(configuration, 'Configuration');
      const tr = isObject(cfg.task_routing) ? cfg.task_routing : {};
      return tr.default_filter !== undefined ? toTarget(tr.default_filter) : null;
    } catch {
      return null;
    }
  }

  private enterTarget(task: Task, from: number): void {
    const w = this.world;
    const rs = task.routing;
    if (!rs) return;
    this.world.clock.cancel(rs.timer);
    rs.timer = undefined;
    let index = from;
    while (index < rs.targets.length - 1) {
      const t = rs.targets[index];
      if (!t.skipIf) break;
      const available = this.candidates(task, t, true).length;
      if (!evaluateExpression(t.skipIf, { named: { workers: { available } } })) break;
      index++;
    }
    rs.index = index;
    const target = rs.targets[index];
    const previousQueue = task.taskQueueSid;
    task.taskQueueSid = target.queue;
    task.queueEnteredAt = w.now();
    if (target.priority !== undefined) task.priority = target.priority;
    const q = w.queues.get(target.queue);
    const fields = { ...this.taskFields(task), TaskQueueTargetExpression: target.expression ?? null };
    w.emitEvent(
      'workflow.target-matched',
      `Task ${task.sid} matched a workflow target`,
      'workflow',
      task.workflowSid ?? '',
      {
        ...fields,
        WorkflowFilterName: rs.filterName,
        WorkflowFilterTargetQueueSid: target.queue,
      },
    );
    if (previousQueue && previousQueue !== target.queue) {
      w.emitEvent(
        'task-queue.moved',
        `Task ${task.sid} moved to ${q?.friendlyName}`,
        'taskqueue',
        target.queue,
        {
          ...fields,
          TaskQueueSid: target.queue,
          TaskQueueName: q?.friendlyName,
        },
      );
    }
    w.emitEvent(
      'task-queue.entered',
      `Task ${task.sid} entered TaskQueue ${q?.friendlyName}`,
      'taskqueue',
      target.queue,
      {
        ...fields,
        TaskQueueSid: target.queue,
        TaskQueueName: q?.friendlyName,
      },
    );
    if (target.timeout !== undefined) {
      const entered = index;
      rs.timer = w.clock.schedule(w.now() + target.timeout * 1000, () => this.onTargetTimeout(task, entered));
    }
  }

  private onTargetTimeout(task: Task, index: number): void {
    const rs = task.routing;
    if (!rs || rs.index !== index || task.assignmentStatus !== 'pending') return;
    rs.timer = undefined;
    this.world.emitEvent(
      'workflow.timeout',
      `Task ${task.sid} timed out of a workflow target`,
      'workflow',
      task.workflowSid ?? '',
      this.taskFields(task),
    );
    if (index + 1 < rs.targets.length) {
      this.enterTarget(task, index + 1);
    } else if (!rs.isDefaultFilter && task.workflowSid) {
      const wf = this.world.workflows.get(task.workflowSid);
      const def = wf ? this.defaultTarget(wf.configuration) : null;
      if (def) {
        rs.targets = [def];
        rs.isDefaultFilter = true;
        rs.filterName = 'Default Filter';
        this.enterTarget(task, 0);
      }
    }
    this.route();
  }

  cancelTimers(task: Task): void {
    this.world.clock.cancel(task.routing?.timer);
    if (task.routing) task.routing.timer = undefined;
  }

  workerAvailable(worker: Worker): boolean {
    return this.world.activities.get(worker.activitySid)?.available === true;
  }

  /** Tasks of this worker on this channel that occupy capacity. */
  usedCapacity(workerSid: string, taskChannelSid: string): number {
    if (this.capacityIndex) return this.capacityIndex.get(`${workerSid}|${taskChannelSid}`) ?? 0;
    let n = 0;
    for (const t of this.world.tasks.values()) {
      if (
        t.workerSid === workerSid &&
        t.taskChannelSid === taskChannelSid &&
        LIVE_STATUSES.includes(t.assignmentStatus)
      )
        n++;
    }
    return n;
  }

  workerChannel(workerSid: string, taskChannelSid: string): ReturnType<World['workerChannels']['get']> {
    if (this.channelIndex) return this.channelIndex.get(`${workerSid}|${taskChannelSid}`);
    for (const wc of this.world.workerChannels.values()) {
      if (wc.workerSid === workerSid && wc.taskChannelSid === taskChannelSid) return wc;
    }
    return undefined;
  }

  /** Workers that could take this task at this target, optionally requiring free capacity now. */
  /** Available workers a queue's TargetWorkers selects: the same for every task, so computed once per pass. */
  private queueMembers(queueSid: string): Worker[] {
    const cached = this.membersIndex?.get(queueSid);
    if (cached) return cached;
    const queue = this.world.queues.get(queueSid);
    const members = [...this.world.workers.values()].filter((worker) => {
      if (!this.workerAvailable(worker)) return false;
      if (!queue) return true;
      const attrs = attributesOf(worker.attributes);
      const workerScope = { ...attrs, sid: worker.sid, friendly_name: worker.friendlyName };
      return evaluateExpression(queue.targetWorkers || '1==1', {
        root: attrs,
        named: { worker: workerScope },
      });
    });
    this.membersIndex?.set(queueSid, members);
    return members;
  }

  candidates(task: Task, target: RoutingTarget, requireCapacity: boolean): Worker[] {
    const taskAttrs = { ...attributesOf(task.attributes), sid: task.sid };
    const out: Worker[] = [];
    for (const worker of this.queueMembers(target.queue)) {
      if (target.knownWorkerSid && worker.sid !== target.knownWorkerSid) continue;
      if (task.routing?.skipWorkers.has(worker.sid)) continue;
      const attrs = attributesOf(worker.attributes);
      const workerScope = { ...attrs, sid: worker.sid, friendly_name: worker.friendlyName };
      if (
        target.expression &&
        !evaluateExpression(target.expression, {
          root: attrs,
          named: { task: taskAttrs, worker: workerScope },
        })
      )
        continue;
      if (requireCapacity) {
        const wc = this.workerChannel(worker.sid, task.taskChannelSid);
        if (!wc || !wc.available) continue;
        if (!task.ignoreCapacity && this.usedCapacity(worker.sid, task.taskChannelSid) >= wc.capacity)
          continue;
      }
      out.push(worker);
    }
    return out.sort((a, b) => a.lastReservedAt - b.lastReservedAt || a.order - b.order);
  }

  /** Re-runs assignment for every pending task; re-entrant calls are coalesced into another pass. */
  route(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        this.capacityIndex = new Map();
        this.membersIndex = new Map();
        this.channelIndex = new Map();
        for (const wc of this.world.workerChannels.values()) {
          this.channelIndex.set(`${wc.workerSid}|${wc.taskChannelSid}`, wc);
        }
        for (const t of this.world.tasks.values()) {
          if (t.workerSid && LIVE_STATUSES.includes(t.assignmentStatus)) {
            const key = `${t.workerSid}|${t.taskChannelSid}`;
            this.capacityIndex.set(key, (this.capacityIndex.get(key) ?? 0) + 1);
          }
        }
        const pending = [...this.world.tasks.values()]
          .filter((t) => t.assignmentStatus === 'pending' && t.routing && t.routing.targets.length > 0)
          .sort((a, b) => b.priority - a.priority || a.dateCreated - b.dateCreated);
        for (const task of pending) {
          if (task.assignmentStatus !== 'pending' || !task.routing) continue;
          const target = task.routing.targets[task.routing.index];
          const worker = this.candidates(task, target, true)[0];
          if (worker) this.reserve(task, worker);
        }
      } while (this.again);
    } finally {
      this.running = false;
      this.capacityIndex = undefined;
      this.membersIndex = undefined;
      this.channelIndex = undefined;
    }
  }

  /** Reserves the task for this worker now, outside a routing pass (Twilio's own auto-accept on Resume). */
  reserveNow(task: Task, worker: Worker): Reservation {
    return this.reserve(task, worker);
  }

  private reserve(task: Task, worker: Worker): Reservation {
    const w = this.world;
    const now = w.now();
    const r: Reservation = {
      sid: newSid('WR'),
      taskSid: task.sid,
      workerSid: worker.sid,
      status: 'pending',
      dateCreated: now,
      dateUpdated: now,
    };
    w.reservations.set(r.sid, r);
    task.assignmentStatus = 'reserved';
    task.workerSid = worker.sid;
    if (this.capacityIndex) {
      const key = `${worker.sid}|${task.taskChannelSid}`;
      this.capacityIndex.set(key, (this.capacityIndex.get(key) ?? 0) + 1);
    }
    task.dateUpdated = now;
    task.revision++;
    worker.lastReservedAt = now;
    const wf = task.workflowSid ? w.workflows.get(task.workflowSid) : undefined;
    const timeout = wf?.taskReservationTimeout ?? 120;
    r.timeoutTimer = w.clock.schedule(now + timeout * 1000, () => this.handleReservationTimeout(r));
    w.emitEvent(
      'reservation.created',
      `Reservation ${r.sid} created for Worker ${worker.friendlyName}`,
      'reservation',
      r.sid,
      {
        ...this.taskFields(task),
        ...this.workerFields(worker),
        ReservationSid: r.sid,
      },
    );
    this.onReservationCreated(r);
    return r;
  }

  private handleReservationTimeout(r: Reservation): void {
    // The TaskRouter service owns the state change and its events.
    if (r.status === 'pending') this.onReservationTimeout(r);
  }

  taskFields(task: Task): Record<string, string | number | null> {
    const w = this.world;
    const ch = w.taskChannels.get(task.taskChannelSid);
    const q = task.taskQueueSid ? w.queues.get(task.taskQueueSid) : undefined;
    const wf = task.workflowSid ? w.workflows.get(task.workflowSid) : undefined;
    return {
      TaskSid: task.sid,
      TaskAttributes: task.attributes,
      TaskAge: Math.floor((w.now() - task.dateCreated) / 1000),
      TaskPriority: task.priority,
      TaskAssignmentStatus: task.assignmentStatus,
      TaskChannelSid: task.taskChannelSid,
      TaskChannelUniqueName: ch?.uniqueName ?? null,
      TaskQueueSid: task.taskQueueSid,
      TaskQueueName: q?.friendlyName ?? null,
      TaskQueueEnteredDate: task.queueEnteredAt !== null ? Math.floor(task.queueEnteredAt / 1000) : null,
      WorkflowSid: task.workflowSid,
      WorkflowName: wf?.friendlyName ?? null,
      TaskDateCreated: Math.floor(task.dateCreated / 1000),
      TaskTimeout: task.timeout,
      TaskVersion: task.revision,
      TaskRoutingTarget: task.routingTarget,
    };
  }

  workerFields(worker: Worker): Record<string, string | number | null> {
    const act = this.world.activities.get(worker.activitySid);
    return {
      WorkerSid: worker.sid,
      WorkerName: worker.friendlyName,
      WorkerAttributes: worker.attributes,
      WorkerActivitySid: worker.activitySid,
      WorkerActivityName: act?.friendlyName ?? null,
      WorkerVersion: null,
    };
  }
}
