import type { Params } from '../params';
import type { Serializer } from '../serialize';
import type { ApiHost } from '../spec/validator';
import type { ConversationsService } from '../state/conversations';
import type { FlexService } from '../state/flex';
import type { SyncService } from '../state/sync';
import type { SyncDocuments } from '../state/sync-documents';
import type { TaskRouterService } from '../state/taskrouter';
import type { World } from '../state/world';
import { badRequest, parseJsonObject, type JsonObject } from '../util';

export interface RouteContext {
  host: ApiHost;
  /** Path params named as in the spec template. */
  params: Record<string, string>;
  query: Params;
  body: Params;
  /** The parsed JSON body, for operations whose spec body is application/json. */
  json?: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Public Twilio URL of this request without query, for list meta. */
  publicUrl: string;
}

export interface RouteResult {
  status: number;
  body: JsonObject | null;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult;

export interface Services {
  world: World;
  tr: TaskRouterService;
  flex: FlexService;
  conv: ConversationsService;
  sync: SyncService;
  syncDocuments: SyncDocuments;
  ser: Serializer;
  /** The platform's handling of a customer's message (Flex's routing of a reply), for REST-sent ones. */
  customerMessage?: (conversationSid: string, body: string) => { messageSid: string };
}

const ok = (body: JsonObject, status = 200, headers?: Record<string, string>): RouteResult => ({
  status,
  body,
  headers,
});
const noContent = (): RouteResult => ({ status: 204, body: null });

/** Twilio's paged list shape; twilio-node reads the list from `meta.key`. */
export function page(ctx: RouteContext, key: string, items: JsonObject[]): RouteResult {
  const size = Math.min(Math.max(ctx.query.int('PageSize') ?? 50, 1), 1000);
  const index = Math.max(ctx.query.int('Page') ?? 0, 0);
  const slice = items.slice(index * size, (index + 1) * size);
  const extra = new URLSearchParams();
  for (const [k, vs] of ctx.query.map) {
    if (['PageSize', 'Page', 'PageToken'].includes(k)) continue;
    for (const v of vs) extra.append(k, v);
  }
  const pageUrl = (i: number): string => {
    const q = new URLSearchParams(extra);
    q.set('PageSize', String(size));
    q.set('Page', String(i));
    if (i > 0) q.set('PageToken', `PT${i}`);
    return `${ctx.publicUrl}?${q.toString()}`;
  };
  return ok({
    [key]: slice,
    meta: {
      page: index,
      page_size: size,
      first_page_url: pageUrl(0),
      previous_page_url: index > 0 ? pageUrl(index - 1) : null,
      next_page_url: (index + 1) * size < items.length ? pageUrl(index + 1) : null,
      url: pageUrl(index),
      key,
    },
  });
}

function header(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function buildRoutes(s: Services): Map<string, RouteHandler> {
  const { world, tr, flex, conv, sync, syncDocuments: docs, ser } = s;
  const routes = new Map<string, RouteHandler>();
  const add = (host: ApiHost, method: string, template: string, h: RouteHandler): void => {
    routes.set(`${host} ${method} ${template}`, h);
  };
  const W = '/v1/Workspaces/{WorkspaceSid}';
  const ws = (ctx: RouteContext): void => {
    tr.ws(ctx.params.WorkspaceSid);
  };
  // A channel as the API answers it: without `status_timeout` when the account is set to omit it (Twilio's
  // public schema does not have it), so the Functions' fallback to the configured limit can be exercised.
  const channelAnswer = (x: Parameters<typeof ser.interactionChannel>[0]) => {
    const body = ser.interactionChannel(x);
    if (!world.settings.reportStatusTimeout) delete body.status_timeout;
    return body;
  };
  const taskResult = (t: ReturnType<TaskRouterService['task']>, status = 200): RouteResult =>
    ok(ser.task(t), status, { ETag: `"${t.revision}"` });

  // --- TaskRouter ---
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

  // --- Flex Interactions ---
  const I = '/v1/Interactions/{InteractionSid}/Channels';
  add('flex-api', 'POST', '/v1/Interactions', (c) => {
    const channel = parseJsonObject(c.body.str('Channel'), 'Channel');
    const routing = parseJsonObject(c.body.str('Routing'), 'Routing');
    if (!c.body.has('Routing')) throw badRequest('Missing required parameter Routing');
    return ok(ser.interaction(flex.createInteraction(channel, routing, c.body).interaction));
  });
  add('flex-api', 'GET', '/v1/Interactions/{Sid}', (c) =>
    ok(ser.interaction(flex.interaction(c.params.Sid))),
  );
  add('flex-api', 'GET', I, (c) =>
    page(c, 'channels', flex.channelsOf(c.params.InteractionSid).map(channelAnswer)),
  );
  add('flex-api', 'GET', `${I}/{Sid}`, (c) =>
    ok(channelAnswer(flex.channel(c.params.InteractionSid, c.params.Sid))),
  );
  add('flex-api', 'POST', `${I}/{Sid}`, (c) =>
    ok(channelAnswer(flex.updateChannel(c.params.InteractionSid, c.params.Sid, c.body))),
  );
  // Twilio answers an invite create with 200 (the spec's only response code for it), not 201.
  add('flex-api', 'POST', `${I}/{ChannelSid}/Invites`, (c) =>
    ok(ser.invite(flex.createInvite(c.params.InteractionSid, c.params.ChannelSid, c.body))),
  );
  add('flex-api', 'GET', `${I}/{ChannelSid}/Invites`, (c) =>
    page(
      c,
      'invites',
      flex.invitesOf(c.params.InteractionSid, c.params.ChannelSid).map((x) => ser.invite(x)),
    ),
  );
  add('flex-api', 'GET', `${I}/{ChannelSid}/Participants`, (c) => {
    const ch = flex.channel(c.params.InteractionSid, c.params.ChannelSid);
    return page(
      c,
      'participants',
      flex.participantsOf(ch).map((x) => ser.interactionParticipant(x)),
    );
  });
  add('flex-api', 'POST', `${I}/{ChannelSid}/Participants`, (c) =>
    ok(
      ser.interactionParticipant(
        flex.createParticipant(c.params.InteractionSid, c.params.ChannelSid, c.body),
      ),
      201,
    ),
  );
  add('flex-api', 'POST', `${I}/{ChannelSid}/Participants/{Sid}`, (c) =>
    ok(
      ser.interactionParticipant(
        flex.updateParticipant(c.params.InteractionSid, c.params.ChannelSid, c.params.Sid, c.body),
      ),
    ),
  );

  add('flex-api', 'GET', '/v1/Configuration', () => ok(flex.configuration()));
  add('flex-api', 'POST', '/v1/Configuration', (c) => ok(flex.updateConfiguration(c.json ?? {})));

  // --- Conversations ---
  const C = '/v1/Conversations/{ConversationSid}';
  add('conversations', 'GET', '/v1/Conversations', (c) => {
    const state = c.query.str('State');
    const list = [...world.conversations.values()].filter((x) => !state || x.state === state);
    return page(
      c,
      'conversations',
      list.map((x) => ser.conversation(x)),
    );
  });
  add('conversations', 'POST', '/v1/Conversations', (c) => ok(ser.conversation(conv.create(c.body)), 201));
  add('conversations', 'GET', '/v1/Conversations/{Sid}', (c) =>
    ok(ser.conversation(conv.conversation(c.params.Sid))),
  );
  add('conversations', 'POST', '/v1/Conversations/{Sid}', (c) =>
    ok(ser.conversation(conv.update(c.params.Sid, c.body))),
  );
  add('conversations', 'DELETE', '/v1/Conversations/{Sid}', (c) => (conv.delete(c.params.Sid), noContent()));
  add('conversations', 'GET', `${C}/Messages`, (c) => {
    const list = conv.messages(conv.conversation(c.params.ConversationSid));
    if (c.query.str('Order') === 'desc') list.reverse();
    return page(
      c,
      'messages',
      list.map((m) => ser.message(m)),
    );
  });
  add('conversations', 'POST', `${C}/Messages`, (c) => {
    const target = conv.conversation(c.params.ConversationSid);
    const author = c.body.str('Author');
    // The customer's own message, sent through the REST API with webhooks enabled (Conversations fires none for
    // a REST-created message without X-Twilio-Webhook-Enabled), reaches Flex as one from their device would (a
    // reply on an inactive channel routes a new task): the live check replies as its test customer this way.
    if (
      s.customerMessage &&
      header(c, 'X-Twilio-Webhook-Enabled') === 'true' &&
      target.channelSid &&
      target.state !== 'closed' &&
      author !== undefined &&
      author === target.customerIdentity &&
      [...c.body.map.keys()].every((key) => key === 'Author' || key === 'Body')
    ) {
      const sent = s.customerMessage(target.sid, c.body.str('Body') ?? '');
      return ok(ser.message(conv.message(target, sent.messageSid)), 201);
    }
    return ok(
      ser.message(
        conv.addMessage(c.params.ConversationSid, c.body, header(c, 'X-Twilio-Webhook-Enabled') === 'true'),
      ),
      201,
    );
  });
  add('conversations', 'GET', `${C}/Messages/{Sid}`, (c) =>
    ok(ser.message(conv.message(conv.conversation(c.params.ConversationSid), c.params.Sid))),
  );
  add('conversations', 'GET', `${C}/Participants`, (c) =>
    page(
      c,
      'participants',
      conv.participants(conv.conversation(c.params.ConversationSid)).map((p) => ser.participant(p)),
    ),
  );
  add('conversations', 'POST', `${C}/Participants`, (c) =>
    ok(ser.participant(conv.addParticipant(c.params.ConversationSid, c.body)), 201),
  );
  add('conversations', 'GET', `${C}/Participants/{Sid}`, (c) =>
    ok(ser.participant(conv.participant(conv.conversation(c.params.ConversationSid), c.params.Sid))),
  );
  add('conversations', 'POST', `${C}/Participants/{Sid}`, (c) =>
    ok(ser.participant(conv.updateParticipant(c.params.ConversationSid, c.params.Sid, c.body))),
  );
  add(
    'conversations',
    'DELETE',
    `${C}/Participants/{Sid}`,
    (c) => (conv.removeParticipant(c.params.ConversationSid, c.params.Sid), noContent()),
  );
  add('conversations', 'GET', `${C}/Webhooks`, (c) =>
    page(
      c,
      'webhooks',
      conv.webhooks(conv.conversation(c.params.ConversationSid)).map((h) => ser.webhook(h)),
    ),
  );
  add('conversations', 'POST', `${C}/Webhooks`, (c) =>
    ok(ser.webhook(conv.addWebhook(c.params.ConversationSid, c.body)), 201),
  );
  add('conversations', 'GET', `${C}/Webhooks/{Sid}`, (c) =>
    ok(ser.webhook(conv.webhook(conv.conversation(c.params.ConversationSid), c.params.Sid))),
  );
  add('conversations', 'POST', `${C}/Webhooks/{Sid}`, (c) =>
    ok(ser.webhook(conv.updateWebhook(c.params.ConversationSid, c.params.Sid, c.body))),
  );
  add(
    'conversations',
    'DELETE',
    `${C}/Webhooks/{Sid}`,
    (c) => (conv.deleteWebhook(c.params.ConversationSid, c.params.Sid), noContent()),
  );

  // --- Sync ---
  const S = '/v1/Services/{ServiceSid}';
  const M = `${S}/Maps/{MapSid}`;
  const itemResult = (i: ReturnType<SyncService['item']>, status = 200): RouteResult =>
    ok(ser.syncMapItem(i), status, { ETag: `"${i.revision}"` });
  add('sync', 'GET', '/v1/Services', (c) =>
    page(
      c,
      'services',
      sync.services().map((x) => ser.syncService(x)),
    ),
  );
  add('sync', 'POST', '/v1/Services', (c) => ok(ser.syncService(sync.createService(c.body)), 201));
  add('sync', 'GET', '/v1/Services/{Sid}', (c) => ok(ser.syncService(sync.service(c.params.Sid))));
  add('sync', 'POST', '/v1/Services/{Sid}', (c) =>
    ok(ser.syncService(sync.updateService(c.params.Sid, c.body))),
  );
  add('sync', 'DELETE', '/v1/Services/{Sid}', (c) => (sync.deleteService(c.params.Sid), noContent()));
  add('sync', 'GET', `${S}/Maps`, (c) =>
    page(
      c,
      'maps',
      sync.maps(sync.service(c.params.ServiceSid)).map((m) => ser.syncMap(m)),
    ),
  );
  add('sync', 'POST', `${S}/Maps`, (c) => ok(ser.syncMap(sync.createMap(c.params.ServiceSid, c.body)), 201));
  add('sync', 'GET', `${S}/Maps/{Sid}`, (c) => ok(ser.syncMap(sync.map(c.params.ServiceSid, c.params.Sid))));
  add('sync', 'POST', `${S}/Maps/{Sid}`, (c) =>
    ok(ser.syncMap(sync.updateMap(c.params.ServiceSid, c.params.Sid, c.body))),
  );
  add(
    'sync',
    'DELETE',
    `${S}/Maps/{Sid}`,
    (c) => (sync.deleteMap(c.params.ServiceSid, c.params.Sid), noContent()),
  );
  add('sync', 'GET', `${M}/Items`, (c) =>
    page(
      c,
      'items',
      sync.items(c.params.ServiceSid, c.params.MapSid, c.query).map((i) => ser.syncMapItem(i)),
    ),
  );
  add('sync', 'POST', `${M}/Items`, (c) =>
    itemResult(sync.createItem(c.params.ServiceSid, c.params.MapSid, c.body), 201),
  );
  add('sync', 'GET', `${M}/Items/{Key}`, (c) =>
    itemResult(sync.item(c.params.ServiceSid, c.params.MapSid, c.params.Key)),
  );
  add('sync', 'POST', `${M}/Items/{Key}`, (c) =>
    itemResult(
      sync.updateItem(c.params.ServiceSid, c.params.MapSid, c.params.Key, c.body, header(c, 'If-Match')),
    ),
  );
  add('sync', 'DELETE', `${M}/Items/{Key}`, (c) => {
    sync.deleteItem(c.params.ServiceSid, c.params.MapSid, c.params.Key, header(c, 'If-Match'));
    return noContent();
  });

  // Documents and their per-identity permissions (the agents' live feeds, issue 18).
  const D = `${S}/Documents`;
  const documentResult = (doc: ReturnType<SyncDocuments['document']>, status = 200): RouteResult =>
    ok(ser.syncDocument(doc), status, { ETag: `"${doc.revision}"` });
  add('sync', 'GET', D, (c) =>
    page(
      c,
      'documents',
      docs.documents(c.params.ServiceSid).map((doc) => ser.syncDocument(doc)),
    ),
  );
  add('sync', 'POST', D, (c) => documentResult(docs.createDocument(c.params.ServiceSid, c.body), 201));
  add('sync', 'GET', `${D}/{Sid}`, (c) => documentResult(docs.document(c.params.ServiceSid, c.params.Sid)));
  add('sync', 'POST', `${D}/{Sid}`, (c) =>
    documentResult(docs.updateDocument(c.params.ServiceSid, c.params.Sid, c.body, header(c, 'If-Match'))),
  );
  add(
    'sync',
    'DELETE',
    `${D}/{Sid}`,
    (c) => (docs.deleteDocument(c.params.ServiceSid, c.params.Sid), noContent()),
  );
  const P = `${D}/{DocumentSid}/Permissions`;
  add('sync', 'GET', P, (c) =>
    page(
      c,
      'permissions',
      docs.permissions(c.params.ServiceSid, c.params.DocumentSid).map((x) => ser.syncDocumentPermission(x)),
    ),
  );
  add('sync', 'GET', `${P}/{Identity}`, (c) =>
    ok(
      ser.syncDocumentPermission(
        docs.permission(c.params.ServiceSid, c.params.DocumentSid, c.params.Identity),
      ),
    ),
  );
  add('sync', 'POST', `${P}/{Identity}`, (c) =>
    ok(
      ser.syncDocumentPermission(
        docs.setPermission(c.params.ServiceSid, c.params.DocumentSid, c.params.Identity, c.body),
      ),
    ),
  );
  add(
    'sync',
    'DELETE',
    `${P}/{Identity}`,
    (c) => (docs.deletePermission(c.params.ServiceSid, c.params.DocumentSid, c.params.Identity), noContent()),
  );

  return routes;
}
