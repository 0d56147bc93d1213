// Long on purpose (issue 20): one state model — tasks, reservations, workers and their capacity change together
// in each transition; split, the invariants TaskRouter keeps across them would no longer be in one place.
import {
  parseAttributes,
  RoutingEngine,
  LIVE_STATUSES,
  validateWorkflowConfiguration,
} from '../routing/engine';
import { evaluateExpression, ExpressionError, validateExpression } from '../routing/expression';
import { Params } from '../params';
import { ApiError, badRequest, newSid, notFound, parseJsonObject } from '../util';
import type { Reservation, ReservationStatus, Task, TaskStatus, Worker } from './types';
import type { World } from './world';

export const DEFAULT_TASK_TIMEOUT = 86400;
const MAX_TASK_TIMEOUT = 1209600;

function checkJson(raw: string | undefined, name: string): void {
  if (raw !== undefined) parseJsonObject(raw, name);
}

function checkExpression(expr: string | undefined, name: string): void {
  if (expr === undefined) return;
  try {
    validateExpression(expr);
  } catch (e) {
    if (e instanceof ExpressionError) throw badRequest(`Invalid parameter ${name}: ${e.message}`);
    throw e;
  }
}

/** TaskRouter resources and task/reservation lifecycle. */
export class TaskRouterService {
  readonly engine: RoutingEngine;
  /** Flex's orchestration hook: called after a reservation is accepted. */
  onAccepted: (task: Task, worker: Worker, r: Reservation) => void = () => undefined;
  /** Called when a task reaches completed/canceled so Flex can react. */
  onTaskEnded: (task: Task) => void = () => undefined;

  constructor(private readonly world: World) {
    this.engine = new RoutingEngine(world);
    this.engine.onReservationTimeout = (r) => this.timeoutReservation(r);
  }

  ws(sid: string): NonNullable<World['workspace']> {
    const ws = this.world.workspace;
    if (!ws || ws.sid !== sid) throw notFound(`Workspace ${sid}`);
    return ws;
  }

  createWorkspace(friendlyName: string): NonNullable<World['workspace']> {
    const now = this.world.now();
    this.world.workspace = {
      sid: newSid('WS'),
      friendlyName,
      eventCallbackUrl: null,
      eventsFilter: null,
      defaultActivitySid: null,
      timeoutActivitySid: null,
      multiTaskEnabled: true,
      prioritizeQueueOrder: 'FIFO',
      dateCreated: now,
      dateUpdated: now,
    };
    return this.world.workspace;
  }

  updateWorkspace(sid: string, p: Params): NonNullable<World['workspace']> {
    const ws = this.ws(sid);
    if (p.has('EventCallbackUrl')) ws.eventCallbackUrl = p.str('EventCallbackUrl') || null;
    if (p.has('EventsFilter')) ws.eventsFilter = p.str('EventsFilter') || null;
    if (p.has('FriendlyName')) ws.friendlyName = p.str('FriendlyName') ?? ws.friendlyName;
    if (p.has('DefaultActivitySid'))
      ws.defaultActivitySid = this.activity(p.str('DefaultActivitySid') ?? '').sid;
    if (p.has('TimeoutActivitySid'))
      ws.timeoutActivitySid = this.activity(p.str('TimeoutActivitySid') ?? '').sid;
    if (p.has('MultiTaskEnabled')) ws.multiTaskEnabled = p.bool('MultiTaskEnabled') ?? true;
    if (p.has('PrioritizeQueueOrder'))
      ws.prioritizeQueueOrder = p.str('PrioritizeQueueOrder') === 'LIFO' ? 'LIFO' : 'FIFO';
    ws.dateUpdated = this.world.now();
    return ws;
  }

  activity(sid: string): NonNullable<ReturnType<World['activities']['get']>> {
    const a = this.world.activities.get(sid);
    if (!a) throw notFound(`Activity ${sid}`);
    return a;
  }

  createActivity(
    friendlyName: string,
    available: boolean,
  ): NonNullable<ReturnType<World['activities']['get']>> {
    if ([...this.world.activities.values()].some((a) => a.friendlyName === friendlyName)) {
      throw new ApiError(409, 35002, `Activity with FriendlyName ${friendlyName} already exists`);
    }
    const now = this.world.now();
    const a = { sid: newSid('WA'), friendlyName, available, dateCreated: now, dateUpdated: now };
    this.world.activities.set(a.sid, a);
    return a;
  }

  taskChannelByRef(ref: string): NonNullable<ReturnType<World['taskChannels']['get']>> {
    const byId = this.world.taskChannels.get(ref);
    if (byId) return byId;
    const byName = [...this.world.taskChannels.values()].find((c) => c.uniqueName === ref);
    if (!byName) throw notFound(`TaskChannel ${ref}`);
    return byName;
  }

  createTaskChannel(p: Params): NonNullable<ReturnType<World['taskChannels']['get']>> {
    const uniqueName = p.str('UniqueName') ?? '';
    if ([...this.world.taskChannels.values()].some((c) => c.uniqueName === uniqueName)) {
      throw new ApiError(409, 35002, `TaskChannel with UniqueName ${uniqueName} already exists`);
    }
    const now = this.world.now();
    const tc = {
      sid: newSid('TC'),
      uniqueName,
      friendlyName: p.str('FriendlyName') ?? uniqueName,
      channelOptimizedRouting: p.bool('ChannelOptimizedRouting') ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.taskChannels.set(tc.sid, tc);
    for (const w of this.world.workers.values()) this.addWorkerChannel(w.sid, tc.sid);
    return tc;
  }

  updateTaskChannel(ref: string, p: Params): NonNullable<ReturnType<World['taskChannels']['get']>> {
    const tc = this.taskChannelByRef(ref);
    if (p.has('FriendlyName')) tc.friendlyName = p.str('FriendlyName') ?? tc.friendlyName;
    if (p.has('ChannelOptimizedRouting'))
      tc.channelOptimizedRouting = p.bool('ChannelOptimizedRouting') ?? null;
    tc.dateUpdated = this.world.now();
    return tc;
  }

  private addWorkerChannel(workerSid: string, taskChannelSid: string): void {
    const now = this.world.now();
    const wc = {
      sid: newSid('WC'),
      workerSid,
      taskChannelSid,
      capacity: 1,
      available: true,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.workerChannels.set(wc.sid, wc);
  }

  queue(sid: string): NonNullable<ReturnType<World['queues']['get']>> {
    const q = this.world.queues.get(sid);
    if (!q) throw notFound(`TaskQueue ${sid}`);
    return q;
  }

  createQueue(p: Params): NonNullable<ReturnType<World['queues']['get']>> {
    checkExpression(p.str('TargetWorkers'), 'TargetWorkers');
    const now = this.world.now();
    const q = {
      sid: newSid('WQ'),
      friendlyName: p.str('FriendlyName') ?? '',
      targetWorkers: p.str('TargetWorkers') ?? '1==1',
      maxReservedWorkers: p.int('MaxReservedWorkers') ?? 1,
      taskOrder: (p.str('TaskOrder') === 'LIFO' ? 'LIFO' : 'FIFO') as 'FIFO' | 'LIFO',
      reservationActivitySid: p.str('ReservationActivitySid') ?? null,
      assignmentActivitySid: p.str('AssignmentActivitySid') ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.queues.set(q.sid, q);
    return q;
  }

  updateQueue(sid: string, p: Params): NonNullable<ReturnType<World['queues']['get']>> {
    const q = this.queue(sid);
    checkExpression(p.str('TargetWorkers'), 'TargetWorkers');
    if (p.has('FriendlyName')) q.friendlyName = p.str('FriendlyName') ?? q.friendlyName;
    if (p.has('TargetWorkers')) q.targetWorkers = p.str('TargetWorkers') || '1==1';
    if (p.has('MaxReservedWorkers')) q.maxReservedWorkers = p.int('MaxReservedWorkers') ?? 1;
    if (p.has('TaskOrder')) q.taskOrder = p.str('TaskOrder') === 'LIFO' ? 'LIFO' : 'FIFO';
    if (p.has('ReservationActivitySid')) q.reservationActivitySid = p.str('ReservationActivitySid') ?? null;
    if (p.has('AssignmentActivitySid')) q.assignmentActivitySid = p.str('AssignmentActivitySid') ?? null;
    q.dateUpdated = this.world.now();
    this.engine.route();
    return q;
  }

  workflow(sid: string): NonNullable<ReturnType<World['workflows']['get']>> {
    const wf = this.world.workflows.get(sid);
    if (!wf) throw notFound(`Workflow ${sid}`);
    return wf;
  }

  private checkWorkflowConfig(raw: string): void {
    try {
      validateWorkflowConfiguration(this.world, raw);
    } catch (e) {
      if (e instanceof ExpressionError) throw badRequest(`Invalid parameter Configuration: ${e.message}`);
      throw e;
    }
  }

  createWorkflow(p: Params): NonNullable<ReturnType<World['workflows']['get']>> {
    const configuration = p.str('Configuration') ?? '';
    this.checkWorkflowConfig(configuration);
    const now = this.world.now();
    const wf = {
      sid: newSid('WW'),
      friendlyName: p.str('FriendlyName') ?? '',
      configuration,
      assignmentCallbackUrl: p.str('AssignmentCallbackUrl') ?? null,
      fallbackAssignmentCallbackUrl: p.str('FallbackAssignmentCallbackUrl') ?? null,
      taskReservationTimeout: p.int('TaskReservationTimeout') ?? 120,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.workflows.set(wf.sid, wf);
    return wf;
  }

  updateWorkflow(sid: string, p: Params): NonNullable<ReturnType<World['workflows']['get']>> {
    const wf = this.workflow(sid);
    if (p.has('Configuration')) {
      this.checkWorkflowConfig(p.str('Configuration') ?? '');
      wf.configuration = p.str('Configuration') ?? wf.configuration;
    }
    if (p.has('FriendlyName')) wf.friendlyName = p.str('FriendlyName') ?? wf.friendlyName;
    if (p.has('AssignmentCallbackUrl')) wf.assignmentCallbackUrl = p.str('AssignmentCallbackUrl') || null;
    if (p.has('FallbackAssignmentCallbackUrl'))
      wf.fallbackAssignmentCallbackUrl = p.str('FallbackAssignmentCallbackUrl') || null;
    if (p.has('TaskReservationTimeout')) wf.taskReservationTimeout = p.int('TaskReservationTimeout') ?? 120;
    wf.dateUpdated = this.world.now();
    return wf;
  }

  /** TaskRouter refuses to delete a queue or workflow that open tasks still use, or a queue a workflow names. */
  private openTasks(match: (t: Task) => boolean): Task[] {
    return [...this.world.tasks.values()].filter(
      (t) => (t.assignmentStatus === 'pending' || LIVE_STATUSES.includes(t.assignmentStatus)) && match(t),
    );
  }

  deleteQueue(sid: string): void {
    const q = this.queue(sid);
    if (this.openTasks((t) => t.taskQueueSid === q.sid).length > 0)
      throw badRequest(`TaskQueue ${sid} has open tasks and cannot be deleted`);
    if ([...this.world.workflows.values()].some((w) => w.configuration.includes(q.sid)))
      throw badRequest(`TaskQueue ${sid} is used by a workflow and cannot be deleted`);
    this.world.queues.delete(q.sid);
  }

  deleteWorkflow(sid: string): void {
    const wf = this.workflow(sid);
    if (this.openTasks((t) => t.workflowSid === wf.sid).length > 0)
      throw badRequest(`Workflow ${sid} has open tasks and cannot be deleted`);
    this.world.workflows.delete(wf.sid);
  }

  deleteWorker(sid: string): void {
    const w = this.worker(sid);
    // Reserved, assigned or wrapping tasks keep a worker (reject its pending reservations first, for example
    // with an activity update's RejectPendingReservations).
    if (this.liveTasksOf(w.sid).length > 0)
      throw badRequest(`Worker ${sid} has tasks reserved or assigned and cannot be deleted`);
    for (const [k, wc] of this.world.workerChannels)
      if (wc.workerSid === w.sid) this.world.workerChannels.delete(k);
    this.world.workers.delete(w.sid);
    this.engine.route();
  }

  worker(sid: string): Worker {
    const w = this.world.workers.get(sid);
    if (!w) throw notFound(`Worker ${sid}`);
    return w;
  }

  createWorker(p: Params): Worker {
    const friendlyName = p.str('FriendlyName') ?? '';
    if ([...this.world.workers.values()].some((w) => w.friendlyName === friendlyName)) {
      throw new ApiError(409, 35002, `Worker with FriendlyName ${friendlyName} already exists`);
    }
    checkJson(p.str('Attributes'), 'Attributes');
    const activitySid =
      p.str('ActivitySid') ??
      this.world.workspace?.defaultActivitySid ??
      [...this.world.activities.values()].find((a) => !a.available)?.sid ??
      '';
    this.activity(activitySid);
    const now = this.world.now();
    const w: Worker = {
      sid: newSid('WK'),
      friendlyName,
      attributes: p.str('Attributes') ?? '{}',
      activitySid,
      dateCreated: now,
      dateUpdated: now,
      dateStatusChanged: now,
      lastReservedAt: 0,
      order: this.world.workerOrder++,
    };
    this.world.workers.set(w.sid, w);
    for (const tc of this.world.taskChannels.values()) this.addWorkerChannel(w.sid, tc.sid);
    this.engine.route();
    return w;
  }

  updateWorker(sid: string, p: Params): Worker {
    const w = this.worker(sid);
    checkJson(p.str('Attributes'), 'Attributes');
    const now = this.world.now();
    if (p.has('FriendlyName')) w.friendlyName = p.str('FriendlyName') ?? w.friendlyName;
    if (p.has('Attributes')) {
      w.attributes = p.str('Attributes') ?? '{}';
      this.world.emitEvent(
        'worker.attributes.update',
        `Worker ${w.friendlyName} updated attributes`,
        'worker',
        w.sid,
        this.engine.workerFields(w),
      );
    }
    if (p.has('ActivitySid')) {
      if (p.bool('RejectPendingReservations')) {
        for (const r of this.world.reservations.values()) {
          if (r.workerSid === w.sid && r.status === 'pending') this.rejectReservation(r);
        }
      }
      this.setActivity(w, p.str('ActivitySid') ?? '');
    }
    w.dateUpdated = now;
    this.engine.route();
    return w;
  }

  setActivity(w: Worker, activitySid: string): void {
    const act = this.activity(activitySid);
    if (act.sid === w.activitySid) return;
    const prev = this.world.activities.get(w.activitySid);
    const now = this.world.now();
    const inPrev = Math.floor((now - w.dateStatusChanged) / 1000);
    w.activitySid = act.sid;
    w.dateStatusChanged = now;
    w.dateUpdated = now;
    this.world.emitEvent(
      'worker.activity.update',
      `Worker ${w.friendlyName} updated to ${act.friendlyName} Activity`,
      'worker',
      w.sid,
      {
        ...this.engine.workerFields(w),
        WorkerPreviousActivitySid: prev?.sid ?? null,
        WorkerPreviousActivityName: prev?.friendlyName ?? null,
        WorkerTimeInPreviousActivity: inPrev,
        WorkerTimeInPreviousActivityMs: inPrev * 1000,
      },
    );
  }

  workerChannelByRef(
    workerSid: string,
    ref: string,
  ): NonNullable<ReturnType<World['workerChannels']['get']>> {
    this.worker(workerSid);
    for (const wc of this.world.workerChannels.values()) {
      if (wc.workerSid !== workerSid) continue;
      const tc = this.world.taskChannels.get(wc.taskChannelSid);
      if (wc.sid === ref || wc.taskChannelSid === ref || tc?.uniqueName === ref) return wc;
    }
    throw notFound(`WorkerChannel ${ref}`);
  }

  updateWorkerChannel(
    workerSid: string,
    ref: string,
    p: Params,
  ): NonNullable<ReturnType<World['workerChannels']['get']>> {
    const wc = this.workerChannelByRef(workerSid, ref);
    const w = this.worker(workerSid);
    const tc = this.world.taskChannels.get(wc.taskChannelSid);
    const fields = (): Record<string, string | number | boolean | null> => ({
      ...this.engine.workerFields(w),
      WorkerChannelCapacity: wc.capacity,
      WorkerChannelAvailable: wc.available,
      WorkerChannelTaskCount: this.engine.usedCapacity(w.sid, wc.taskChannelSid),
      TaskChannelSid: wc.taskChannelSid,
      TaskChannelUniqueName: tc?.uniqueName ?? null,
    });
    const capacity = p.int('Capacity');
    if (capacity !== undefined) {
      if (capacity < 0 || capacity > 50)
        throw badRequest(`Invalid parameter Capacity: ${capacity} must be between 0 and 50`);
      if (capacity !== wc.capacity) {
        const prev = wc.capacity;
        wc.capacity = capacity;
        this.world.emitEvent(
          'worker.capacity.update',
          `Worker ${w.friendlyName} capacity updated`,
          'workerchannel',
          wc.sid,
          {
            ...fields(),
            WorkerChannelPreviousCapacity: prev,
          },
        );
      }
    }
    const available = p.bool('Available');
    if (available !== undefined && available !== wc.available) {
      wc.available = available;
      this.world.emitEvent(
        'worker.channel.availability.update',
        `Worker ${w.friendlyName} channel availability updated`,
        'workerchannel',
        wc.sid,
        fields(),
      );
    }
    wc.dateUpdated = this.world.now();
    this.engine.route();
    return wc;
  }

  task(sid: string): Task {
    const t = this.world.tasks.get(sid);
    if (!t) throw notFound(`Task ${sid}`);
    return t;
  }

  private defaultWorkflowSid(): string | null {
    const all = [...this.world.workflows.values()];
    return all.length === 1 ? all[0].sid : null;
  }

  createTask(p: Params): Task {
    const w = this.world;
    const attributes = p.str('Attributes') ?? '{}';
    checkJson(attributes, 'Attributes');
    const timeout = p.int('Timeout') ?? DEFAULT_TASK_TIMEOUT;
    if (timeout < 1 || timeout > MAX_TASK_TIMEOUT) {
      throw badRequest(`Invalid parameter Timeout: ${timeout} must be between 1 and ${MAX_TASK_TIMEOUT}`);
    }
    const routingTarget = p.str('RoutingTarget') ?? null;
    if (routingTarget?.startsWith('WK')) this.worker(routingTarget);
    else if (routingTarget?.startsWith('WQ')) this.queue(routingTarget);
    else if (routingTarget)
      throw badRequest(`Invalid parameter RoutingTarget: ${routingTarget} is not a Worker or TaskQueue sid`);
    const taskQueueSid = p.str('TaskQueueSid') ?? null;
    if (taskQueueSid) this.queue(taskQueueSid);
    let workflowSid = p.str('WorkflowSid') ?? null;
    if (workflowSid) this.workflow(workflowSid);
    else if (!taskQueueSid && !routingTarget?.startsWith('WQ')) {
      workflowSid = this.defaultWorkflowSid();
      if (!workflowSid)
        throw badRequest('Missing required parameter WorkflowSid: the workspace has more than one workflow');
    }
    const channelRef = p.str('TaskChannel') ?? 'default';
    const channel = this.taskChannelByRef(channelRef);
    const now = w.now();
    const vst = p.str('VirtualStartTime');
    const ignore = p.str('IgnoreCapacity');
    if (ignore !== undefined && !/^(true|false)$/i.test(ignore)) {
      throw badRequest(`Invalid parameter IgnoreCapacity: '${ignore}' is not a boolean (true or false)`);
    }
    const task: Task = {
      sid: newSid('WT'),
      attributes,
      assignmentStatus: 'pending',
      priority: p.int('Priority') ?? 0,
      reason: null,
      taskChannelSid: channel.sid,
      taskQueueSid,
      workflowSid,
      timeout,
      dateCreated: now,
      dateUpdated: now,
      queueEnteredAt: null,
      ignoreCapacity: ignore?.toLowerCase() === 'true',
      routingTarget,
      virtualStartTime: vst ? Date.parse(vst) : now,
      revision: 0,
      workerSid: null,
      routing: null,
    };
    w.tasks.set(task.sid, task);
    task.ttlTimer = w.clock.schedule(now + timeout * 1000, () => this.onTtl(task));
    w.emitEvent('task.created', `Task ${task.sid} created`, 'task', task.sid, this.engine.taskFields(task));
    this.engine.start(task);
    this.engine.route();
    return task;
  }

  private onTtl(task: Task): void {
    task.ttlTimer = undefined;
    if (task.assignmentStatus !== 'pending' && task.assignmentStatus !== 'reserved') return;
    this.cancelTask(task, 'Task TTL Exceeded');
    this.engine.route();
  }

  checkIfMatch(task: Task, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '' || ifMatch === '*') return;
    const want = ifMatch.replace(/^W\//, '').replace(/"/g, '');
    if (want !== String(task.revision)) {
      throw new ApiError(
        412,
        20412,
        `Task ${task.sid} revision ${task.revision} does not match If-Match ${ifMatch}`,
      );
    }
  }

  updateTask(sid: string, p: Params, ifMatch?: string): Task {
    const w = this.world;
    const task = this.task(sid);
    this.checkIfMatch(task, ifMatch);
    checkJson(p.str('Attributes'), 'Attributes');
    const status = p.str('AssignmentStatus') as TaskStatus | undefined;
    if (status !== undefined && status !== task.assignmentStatus) {
      this.checkTransition(task, status);
    }
    const channel = p.has('TaskChannel') ? this.taskChannelByRef(p.str('TaskChannel') ?? '') : undefined;
    let changed = false;
    if (p.has('Attributes') && p.str('Attributes') !== task.attributes) {
      task.attributes = p.str('Attributes') ?? '{}';
      changed = true;
    }
    if (p.has('Priority')) {
      task.priority = p.int('Priority') ?? 0;
      changed = true;
    }
    if (channel && channel.sid !== task.taskChannelSid) {
      // Capacity use is derived from the task's channel, so moving the task frees the old channel at once.
      task.taskChannelSid = channel.sid;
      changed = true;
    }
    if (p.has('VirtualStartTime')) task.virtualStartTime = Date.parse(p.str('VirtualStartTime') ?? '');
    if (p.has('Reason') && status === undefined) task.reason = p.str('Reason') ?? null;
    if (changed) {
      task.dateUpdated = w.now();
      task.revision++;
      w.emitEvent('task.updated', `Task ${task.sid} updated`, 'task', task.sid, this.engine.taskFields(task));
    }
    if (status !== undefined && status !== task.assignmentStatus) {
      const reason = p.str('Reason') ?? null;
      if (status === 'canceled') this.cancelTask(task, reason);
      else if (status === 'wrapping') this.wrapTask(task, reason);
      else if (status === 'completed') this.completeTask(task, reason);
    }
    this.engine.route();
    return task;
  }

  private checkTransition(task: Task, to: TaskStatus): void {
    const from = task.assignmentStatus;
    const ok =
      (to === 'canceled' && (from === 'pending' || from === 'reserved')) ||
      (to === 'wrapping' && from === 'assigned') ||
      (to === 'completed' && (from === 'assigned' || from === 'wrapping'));
    if (!ok) {
      throw badRequest(
        `Invalid parameter AssignmentStatus: cannot move Task ${task.sid} from ${from} to ${to}`,
      );
    }
  }

  private liveReservation(task: Task): Reservation | undefined {
    return [...this.world.reservations.values()].find(
      (r) => r.taskSid === task.sid && ['pending', 'accepted', 'wrapping'].includes(r.status),
    );
  }

  private setReservation(r: Reservation, status: ReservationStatus): void {
    r.status = status;
    r.dateUpdated = this.world.now();
    if (status !== 'pending') {
      this.world.clock.cancel(r.timeoutTimer);
      r.timeoutTimer = undefined;
    }
  }

  private reservationEvent(
    type: string,
    r: Reservation,
    task: Task,
    extra: Record<string, string | null> = {},
  ): void {
    const worker = this.world.workers.get(r.workerSid);
    this.world.emitEvent(type, `Reservation ${r.sid} ${type.split('.')[1]}`, 'reservation', r.sid, {
      ...this.engine.taskFields(task),
      ...(worker ? this.engine.workerFields(worker) : {}),
      ReservationSid: r.sid,
      ...extra,
    });
  }

  cancelTask(task: Task, reason: string | null): void {
    const r = this.liveReservation(task);
    task.assignmentStatus = 'canceled';
    task.reason = reason;
    task.workerSid = null;
    task.dateUpdated = this.world.now();
    task.revision++;
    this.endTimers(task);
    if (r) {
      this.setReservation(r, 'canceled');
      this.reservationEvent('reservation.canceled', r, task);
    }
    this.world.emitEvent('task.canceled', `Task ${task.sid} canceled`, 'task', task.sid, {
      ...this.engine.taskFields(task),
      TaskCanceledReason: reason,
      Reason: reason,
    });
    this.onTaskEnded(task);
  }

  wrapTask(task: Task, reason: string | null): void {
    const r = this.liveReservation(task);
    task.assignmentStatus = 'wrapping';
    if (reason !== null) task.reason = reason;
    task.dateUpdated = this.world.now();
    task.revision++;
    this.world.emitEvent(
      'task.wrapup',
      `Task ${task.sid} wrapping up`,
      'task',
      task.sid,
      this.engine.taskFields(task),
    );
    if (r) {
      this.setReservation(r, 'wrapping');
      this.reservationEvent('reservation.wrapup', r, task);
    }
  }

  completeTask(task: Task, reason: string | null): void {
    const r = this.liveReservation(task);
    task.assignmentStatus = 'completed';
    task.reason = reason;
    task.dateUpdated = this.world.now();
    task.revision++;
    this.endTimers(task);
    this.world.emitEvent('task.completed', `Task ${task.sid} completed`, 'task', task.sid, {
      ...this.engine.taskFields(task),
      TaskCompletedReason: reason,
      Reason: reason,
      WorkerSid: task.workerSid,
    });
    if (r) {
      this.setReservation(r, 'completed');
      this.reservationEvent('reservation.completed', r, task);
    }
    task.workerSid = null;
    this.onTaskEnded(task);
  }

  private endTimers(task: Task): void {
    this.world.clock.cancel(task.ttlTimer);
    task.ttlTimer = undefined;
    this.engine.cancelTimers(task);
  }

  deleteTask(sid: string, ifMatch?: string): void {
    const task = this.task(sid);
    this.checkIfMatch(task, ifMatch);
    const r = this.liveReservation(task);
    if (r) this.setReservation(r, r.status === 'pending' ? 'canceled' : 'completed');
    this.endTimers(task);
    this.world.tasks.delete(sid);
    this.world.emitEvent(
      'task.deleted',
      `Task ${task.sid} deleted`,
      'task',
      task.sid,
      this.engine.taskFields(task),
    );
    this.engine.route();
  }

  reservation(sid: string, scope: { taskSid?: string; workerSid?: string }): Reservation {
    const r = this.world.reservations.get(sid);
    if (
      !r ||
      (scope.taskSid && r.taskSid !== scope.taskSid) ||
      (scope.workerSid && r.workerSid !== scope.workerSid)
    ) {
      throw notFound(`Reservation ${sid}`);
    }
    return r;
  }

  updateReservation(r: Reservation, p: Params): Reservation {
    const task = this.task(r.taskSid);
    const to = p.str('ReservationStatus') as ReservationStatus | undefined;
    if (to !== undefined && to !== r.status) {
      const from = r.status;
      const bad = (): never => {
        throw badRequest(
          `Invalid parameter ReservationStatus: cannot move Reservation ${r.sid} from ${from} to ${to}`,
        );
      };
      if (to === 'accepted') {
        if (from !== 'pending') bad();
        this.setReservation(r, 'accepted');
        task.assignmentStatus = 'assigned';
        task.dateUpdated = this.world.now();
        task.revision++;
        this.reservationEvent('reservation.accepted', r, task);
        const worker = this.world.workers.get(r.workerSid);
        if (worker) this.onAccepted(task, worker, r);
      } else if (to === 'rejected') {
        if (from !== 'pending') bad();
        this.rejectReservation(r);
      } else if (to === 'wrapping') {
        if (from !== 'accepted') bad();
        this.wrapTask(task, null);
      } else if (to === 'completed') {
        if (from !== 'accepted' && from !== 'wrapping') bad();
        this.completeTask(task, 'reservation completed');
      } else {
        bad();
      }
    }
    const activitySid = p.str('WorkerActivitySid');
    if (activitySid) this.setActivity(this.worker(r.workerSid), activitySid);
    this.engine.route();
    return r;
  }

  /**
   * Reserves a pending task for this worker (or takes the reservation routing already made for them) and
   * accepts it, as Flex's automatic accept does.
   */
  acceptFor(task: Task, worker: Worker): Reservation {
    let r = this.liveReservation(task);
    if (r && r.workerSid !== worker.sid) throw new Error(`Task ${task.sid} is reserved for another worker`);
    if (!r) {
      if (task.assignmentStatus !== 'pending')
        throw new Error(`Task ${task.sid} is ${task.assignmentStatus}`);
      this.engine.cancelTimers(task);
      r = this.engine.reserveNow(task, worker);
    }
    if (r.status === 'pending') this.updateReservation(r, Params.from({ ReservationStatus: 'accepted' }));
    return r;
  }

  private requeue(task: Task, workerSid: string): void {
    task.assignmentStatus = 'pending';
    task.workerSid = null;
    task.dateUpdated = this.world.now();
    task.revision++;
    task.routing?.skipWorkers.add(workerSid);
  }

  rejectReservation(r: Reservation): void {
    const task = this.task(r.taskSid);
    this.setReservation(r, 'rejected');
    this.requeue(task, r.workerSid);
    this.reservationEvent('reservation.rejected', r, task);
  }

  private timeoutReservation(r: Reservation): void {
    const task = this.task(r.taskSid);
    this.setReservation(r, 'timeout');
    this.requeue(task, r.workerSid);
    this.reservationEvent('reservation.timeout', r, task);
    this.engine.route();
  }

  /** Tasks matching the list filters of GET /Tasks. */
  listTasks(p: Params): Task[] {
    const statuses = p.all('AssignmentStatus').flatMap((s) => s.split(','));
    const evaluate = p.str('EvaluateTaskAttributes');
    return [...this.world.tasks.values()].filter((t) => {
      if (statuses.length && !statuses.includes(t.assignmentStatus)) return false;
      if (p.has('WorkflowSid') && t.workflowSid !== p.str('WorkflowSid')) return false;
      if (p.has('TaskQueueSid') && t.taskQueueSid !== p.str('TaskQueueSid')) return false;
      if (p.has('Priority') && t.priority !== p.int('Priority')) return false;
      if (p.has('RoutingTarget') && t.routingTarget !== p.str('RoutingTarget')) return false;
      if (evaluate) {
        const attrs = parseAttributes(t.attributes);
        try {
          if (!this.evaluate(evaluate, attrs)) return false;
        } catch (e) {
          if (e instanceof ExpressionError)
            throw badRequest(`Invalid parameter EvaluateTaskAttributes: ${e.message}`);
          throw e;
        }
      }
      return true;
    });
  }

  private evaluate(expr: string, attrs: Record<string, unknown>): boolean {
    return evaluateExpression(expr, { root: attrs, named: { task: attrs } });
  }

  liveTasksOf(workerSid: string): Task[] {
    return [...this.world.tasks.values()].filter(
      (t) => t.workerSid === workerSid && LIVE_STATUSES.includes(t.assignmentStatus),
    );
  }
}
