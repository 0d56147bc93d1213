/** TaskRouter's routes: workspace, activities, channels, queues, workflows, workers, tasks, reservations. */
import type { TaskRouterService } from '../../state/taskrouter';
import {
  header,
  noContent,
  ok,
  page,
  type AddRoute,
  type RouteContext,
  type RouteResult,
  type Services,
} from '../route-kit';

export function addTaskRouterRoutes(add: AddRoute, s: Services): void {
  const { world, tr, ser } = s;
  const W = '/v1/Workspaces/{WorkspaceSid}';
  const ws = (ctx: RouteContext): void => {
    tr.ws(ctx.params.WorkspaceSid);
  };
  const taskResult = (t: ReturnType<TaskRouterService['task']>, status = 200): RouteResult =>
    ok(ser.task(t), status, { ETag: `"${t.revision}"` });

  add('taskrouter', 'GET', '/v1/Workspaces/{Sid}', (c) => ok(ser.workspace(tr.ws(c.params.Sid))));
  add('taskrouter', 'POST', '/v1/Workspaces/{Sid}', (c) =>
    ok(ser.workspace(tr.updateWorkspace(c.params.Sid, c.body))),
  );
  add('taskrouter', 'GET', '/v1/Workspaces', (c) =>
    page(c, 'workspaces', world.workspace ? [ser.workspace(world.workspace)] : []),
  );
  add('taskrouter', 'GET', `${W}/Activities`, (c) => {
    ws(c);
    const name = c.query.str('FriendlyName');
    const avail = c.query.str('Available');
    const list = [...world.activities.values()].filter(
      (a) =>
        (!name || a.friendlyName === name) &&
        (avail === undefined || String(a.available) === avail.toLowerCase()),
    );
    return page(
      c,
      'activities',
      list.map((a) => ser.activity(a)),
    );
  });
  add(
    'taskrouter',
    'GET',
    `${W}/Activities/{Sid}`,
    (c) => (ws(c), ok(ser.activity(tr.activity(c.params.Sid)))),
  );
  add('taskrouter', 'POST', `${W}/Activities`, (c) => {
    ws(c);
    return ok(
      ser.activity(tr.createActivity(c.body.str('FriendlyName') ?? '', c.body.bool('Available') ?? true)),
      201,
    );
  });

  add(
    'taskrouter',
    'GET',
    `${W}/TaskChannels`,
    (c) => (
      ws(c),
      page(
        c,
        'channels',
        [...world.taskChannels.values()].map((x) => ser.taskChannel(x)),
      )
    ),
  );
  add(
    'taskrouter',
    'POST',
    `${W}/TaskChannels`,
    (c) => (ws(c), ok(ser.taskChannel(tr.createTaskChannel(c.body)), 201)),
  );
  add(
    'taskrouter',
    'GET',
    `${W}/TaskChannels/{Sid}`,
    (c) => (ws(c), ok(ser.taskChannel(tr.taskChannelByRef(c.params.Sid)))),
  );
  add(
    'taskrouter',
    'POST',
    `${W}/TaskChannels/{Sid}`,
    (c) => (ws(c), ok(ser.taskChannel(tr.updateTaskChannel(c.params.Sid, c.body)))),
  );

  add('taskrouter', 'GET', `${W}/TaskQueues`, (c) => {
    ws(c);
    const name = c.query.str('FriendlyName');
    return page(
      c,
      'task_queues',
      [...world.queues.values()].filter((q) => !name || q.friendlyName === name).map((q) => ser.queue(q)),
    );
  });
  add('taskrouter', 'POST', `${W}/TaskQueues`, (c) => (ws(c), ok(ser.queue(tr.createQueue(c.body)), 201)));
  add(
    'taskrouter',
    'DELETE',
    `${W}/TaskQueues/{Sid}`,
    (c) => (ws(c), tr.deleteQueue(c.params.Sid), noContent()),
  );
  add('taskrouter', 'GET', `${W}/TaskQueues/{Sid}`, (c) => (ws(c), ok(ser.queue(tr.queue(c.params.Sid)))));
  add(
    'taskrouter',
    'POST',
    `${W}/TaskQueues/{Sid}`,
    (c) => (ws(c), ok(ser.queue(tr.updateQueue(c.params.Sid, c.body)))),
  );

  add('taskrouter', 'GET', `${W}/Workflows`, (c) => {
    ws(c);
    const name = c.query.str('FriendlyName');
    return page(
      c,
      'workflows',
      [...world.workflows.values()]
        .filter((w) => !name || w.friendlyName === name)
        .map((w) => ser.workflow(w)),
    );
  });
  add(
    'taskrouter',
    'POST',
    `${W}/Workflows`,
    (c) => (ws(c), ok(ser.workflow(tr.createWorkflow(c.body)), 201)),
  );
  add(
    'taskrouter',
    'DELETE',
    `${W}/Workflows/{Sid}`,
    (c) => (ws(c), tr.deleteWorkflow(c.params.Sid), noContent()),
  );
  add(
    'taskrouter',
    'GET',
    `${W}/Workflows/{Sid}`,
    (c) => (ws(c), ok(ser.workflow(tr.workflow(c.params.Sid)))),
  );
  add(
    'taskrouter',
    'POST',
    `${W}/Workflows/{Sid}`,
    (c) => (ws(c), ok(ser.workflow(tr.updateWorkflow(c.params.Sid, c.body)))),
  );

  add('taskrouter', 'GET', `${W}/Workers`, (c) => {
    ws(c);
    const q = c.query;
    const list = [...world.workers.values()].filter((w) => {
      const act = world.activities.get(w.activitySid);
      if (q.has('ActivitySid') && w.activitySid !== q.str('ActivitySid')) return false;
      if (q.has('ActivityName') && act?.friendlyName !== q.str('ActivityName')) return false;
      if (q.has('Available') && String(act?.available ?? false) !== (q.str('Available') ?? '').toLowerCase())
        return false;
      if (q.has('FriendlyName') && w.friendlyName !== q.str('FriendlyName')) return false;
      return true;
    });
    return page(
      c,
      'workers',
      list.map((w) => ser.worker(w)),
    );
  });
  add('taskrouter', 'POST', `${W}/Workers`, (c) => (ws(c), ok(ser.worker(tr.createWorker(c.body)), 201)));
  add(
    'taskrouter',
    'DELETE',
    `${W}/Workers/{Sid}`,
    (c) => (ws(c), tr.deleteWorker(c.params.Sid), noContent()),
  );
  add('taskrouter', 'GET', `${W}/Workers/{Sid}`, (c) => (ws(c), ok(ser.worker(tr.worker(c.params.Sid)))));
  add(
    'taskrouter',
    'POST',
    `${W}/Workers/{Sid}`,
    (c) => (ws(c), ok(ser.worker(tr.updateWorker(c.params.Sid, c.body)))),
  );
  add('taskrouter', 'GET', `${W}/Workers/{WorkerSid}/Channels`, (c) => {
    ws(c);
    tr.worker(c.params.WorkerSid);
    const list = [...world.workerChannels.values()].filter((x) => x.workerSid === c.params.WorkerSid);
    return page(
      c,
      'channels',
      list.map((x) => ser.workerChannel(x)),
    );
  });
  add(
    'taskrouter',
    'GET',
    `${W}/Workers/{WorkerSid}/Channels/{Sid}`,
    (c) => (ws(c), ok(ser.workerChannel(tr.workerChannelByRef(c.params.WorkerSid, c.params.Sid)))),
  );
  add(
    'taskrouter',
    'POST',
    `${W}/Workers/{WorkerSid}/Channels/{Sid}`,
    (c) => (ws(c), ok(ser.workerChannel(tr.updateWorkerChannel(c.params.WorkerSid, c.params.Sid, c.body)))),
  );

  add(
    'taskrouter',
    'GET',
    `${W}/Tasks`,
    (c) => (
      ws(c),
      page(
        c,
        'tasks',
        tr.listTasks(c.query).map((t) => ser.task(t)),
      )
    ),
  );
  add('taskrouter', 'POST', `${W}/Tasks`, (c) => (ws(c), taskResult(tr.createTask(c.body), 201)));
  add('taskrouter', 'GET', `${W}/Tasks/{Sid}`, (c) => (ws(c), taskResult(tr.task(c.params.Sid))));
  add(
    'taskrouter',
    'POST',
    `${W}/Tasks/{Sid}`,
    (c) => (ws(c), taskResult(tr.updateTask(c.params.Sid, c.body, header(c, 'If-Match')))),
  );
  add('taskrouter', 'DELETE', `${W}/Tasks/{Sid}`, (c) => {
    ws(c);
    tr.deleteTask(c.params.Sid, header(c, 'If-Match'));
    return noContent();
  });

  const listReservations = (
    c: RouteContext,
    scope: { taskSid?: string; workerSid?: string },
  ): RouteResult => {
    ws(c);
    if (scope.taskSid) tr.task(scope.taskSid);
    if (scope.workerSid) tr.worker(scope.workerSid);
    const status = c.query.str('ReservationStatus');
    const workerSid = c.query.str('WorkerSid');
    const list = [...world.reservations.values()].filter(
      (r) =>
        (!scope.taskSid || r.taskSid === scope.taskSid) &&
        (!scope.workerSid || r.workerSid === scope.workerSid) &&
        (!status || r.status === status) &&
        (!workerSid || r.workerSid === workerSid),
    );
    return page(
      c,
      'reservations',
      list.map((r) => ser.reservation(r)),
    );
  };
  add('taskrouter', 'GET', `${W}/Tasks/{TaskSid}/Reservations`, (c) =>
    listReservations(c, { taskSid: c.params.TaskSid }),
  );
  add('taskrouter', 'GET', `${W}/Workers/{WorkerSid}/Reservations`, (c) =>
    listReservations(c, { workerSid: c.params.WorkerSid }),
  );
  add(
    'taskrouter',
    'GET',
    `${W}/Tasks/{TaskSid}/Reservations/{Sid}`,
    (c) => (ws(c), ok(ser.reservation(tr.reservation(c.params.Sid, { taskSid: c.params.TaskSid })))),
  );
  add(
    'taskrouter',
    'GET',
    `${W}/Workers/{WorkerSid}/Reservations/{Sid}`,
    (c) => (ws(c), ok(ser.reservation(tr.reservation(c.params.Sid, { workerSid: c.params.WorkerSid })))),
  );
  const updateReservation = (
    c: RouteContext,
    scope: { taskSid?: string; workerSid?: string },
  ): RouteResult => {
    ws(c);
    const r = tr.reservation(c.params.Sid, scope);
    return ok(ser.reservation(tr.updateReservation(r, c.body)));
  };
  add('taskrouter', 'POST', `${W}/Tasks/{TaskSid}/Reservations/{Sid}`, (c) =>
    updateReservation(c, { taskSid: c.params.TaskSid }),
  );
  add('taskrouter', 'POST', `${W}/Workers/{WorkerSid}/Reservations/{Sid}`, (c) =>
    updateReservation(c, { workerSid: c.params.WorkerSid }),
  );
}
