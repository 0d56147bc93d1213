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
import type { JsonObject } from './util';
import { ConversationsJson } from './serialize/conversations';
import { FlexJson } from './serialize/flex';
import { SyncJson } from './serialize/sync';
import { TaskRouterJson } from './serialize/taskrouter';

/**
 * Renders state as Twilio's JSON (snake_case, every schema property present). One file per product under
 * serialize/; this class keeps the one flat API the routes and the snapshot call.
 */
export class Serializer {
  private readonly taskrouter: TaskRouterJson;
  private readonly flex: FlexJson;
  private readonly sync: SyncJson;
  private readonly conversations: ConversationsJson;

  constructor(w: World) {
    this.taskrouter = new TaskRouterJson(w);
    this.flex = new FlexJson(w, this.taskrouter);
    this.sync = new SyncJson(w);
    this.conversations = new ConversationsJson(w);
  }

  workspace(ws: Workspace): JsonObject {
    return this.taskrouter.workspace(ws);
  }

  activity(a: Activity): JsonObject {
    return this.taskrouter.activity(a);
  }

  taskChannel(c: TaskChannel): JsonObject {
    return this.taskrouter.taskChannel(c);
  }

  queue(q: TaskQueue): JsonObject {
    return this.taskrouter.queue(q);
  }

  workflow(wf: Workflow): JsonObject {
    return this.taskrouter.workflow(wf);
  }

  worker(wk: Worker): JsonObject {
    return this.taskrouter.worker(wk);
  }

  workerChannel(wc: WorkerChannel): JsonObject {
    return this.taskrouter.workerChannel(wc);
  }

  task(t: Task): JsonObject {
    return this.taskrouter.task(t);
  }

  reservation(r: Reservation): JsonObject {
    return this.taskrouter.reservation(r);
  }

  interaction(i: Interaction): JsonObject {
    return this.flex.interaction(i);
  }

  interactionChannel(c: InteractionChannel): JsonObject {
    return this.flex.interactionChannel(c);
  }

  invite(i: Invite): JsonObject {
    return this.flex.invite(i);
  }

  interactionParticipant(p: InteractionParticipant): JsonObject {
    return this.flex.interactionParticipant(p);
  }

  syncService(s: SyncService): JsonObject {
    return this.sync.syncService(s);
  }

  syncMap(m: SyncMap): JsonObject {
    return this.sync.syncMap(m);
  }

  syncDocument(doc: SyncDocument): JsonObject {
    return this.sync.syncDocument(doc);
  }

  syncDocumentPermission(x: SyncDocumentPermission): JsonObject {
    return this.sync.syncDocumentPermission(x);
  }

  syncMapItem(i: SyncMapItem): JsonObject {
    return this.sync.syncMapItem(i);
  }

  conversation(c: Conversation): JsonObject {
    return this.conversations.conversation(c);
  }

  message(m: Message): JsonObject {
    return this.conversations.message(m);
  }

  participant(p: ConvParticipant): JsonObject {
    return this.conversations.participant(p);
  }

  webhook(h: ScopedWebhook): JsonObject {
    return this.conversations.webhook(h);
  }
}
