import type { TwilioClient } from '../../lib/twilio-client';
import { call, describe, listAll, ok } from './exchange';

/** Every resource the live check creates carries this prefix in its name; nothing without it is ever touched. */
export const LIVE_CHECK_PREFIX = 'leave-pause-live-check';

/** `sync-document`: the test worker's live feed (`leavePause-feed-{WK}`) in the admin's Sync service. */
export type ResourceKind = 'worker' | 'queue' | 'workflow' | 'conversation' | 'sync-document';

export interface Created {
  kind: ResourceKind;
  sid: string;
  name: string;
  /** The Sync service of a `sync-document`. */
  serviceSid?: string;
}

export interface Removal extends Created {
  result: 'deleted' | 'already gone' | 'failed';
  detail?: string;
}

const TASKROUTER = 'https://taskrouter.twilio.com/v1/Workspaces';
const CONVERSATIONS = 'https://conversations.twilio.com/v1/Conversations';
const SYNC = 'https://sync.twilio.com/v1/Services';

/**
 * What this run created, in order, so it can be removed in reverse order whatever happens (a failed step, an
 * injected fault, Ctrl-C). Only SIDs Twilio answered for our own creates are ever in it.
 */
export class Registry {
  readonly created: Created[] = [];

  constructor(readonly workspaceSid: string) {}

  add(kind: ResourceKind, sid: string, name: string, serviceSid?: string): void {
    this.created.push({ kind, sid, name, ...(serviceSid ? { serviceSid } : {}) });
  }

  sidsOf(kind: ResourceKind): string[] {
    return this.created.filter((entry) => entry.kind === kind).map((entry) => entry.sid);
  }
}

function uriOf(workspaceSid: string, entry: Created): string {
  switch (entry.kind) {
    case 'worker':
      return `${TASKROUTER}/${workspaceSid}/Workers/${entry.sid}`;
    case 'queue':
      return `${TASKROUTER}/${workspaceSid}/TaskQueues/${entry.sid}`;
    case 'workflow':
      return `${TASKROUTER}/${workspaceSid}/Workflows/${entry.sid}`;
    case 'conversation':
      return `${CONVERSATIONS}/${entry.sid}`;
    case 'sync-document':
      return `${SYNC}/${entry.serviceSid ?? ''}/Documents/${entry.sid}`;
  }
}

async function removeOne(client: TwilioClient, workspaceSid: string, entry: Created): Promise<Removal> {
  try {
    if (entry.kind === 'conversation') {
      // Closing the conversation is what closes its interaction channel and ends its tasks (Flex Conversations);
      // the delete then removes the conversation and its messages.
      const closed = await call(client, 'post', uriOf(workspaceSid, entry), { State: 'closed' });
      if (closed.status === 404) return { ...entry, result: 'already gone' };
    }
    if (entry.kind === 'workflow') {
      // TaskRouter keeps a workflow that open tasks use: the tasks this run caused go first.
      const tasks = await listAll(
        client,
        `${TASKROUTER}/${workspaceSid}/Tasks?WorkflowSid=${entry.sid}&PageSize=100`,
        'tasks',
      );
      for (const task of tasks) {
        await call(client, 'delete', `${TASKROUTER}/${workspaceSid}/Tasks/${String(task.sid)}`);
      }
    }
    if (entry.kind === 'worker') {
      // Unavailable first, rejecting what it was offered: a task of the account's own queues that reached the
      // test worker goes back to its queue at once instead of waiting for the reservation to time out.
      const activities = await listAll(
        client,
        `${TASKROUTER}/${workspaceSid}/Activities?Available=false&PageSize=50`,
        'activities',
      );
      if (activities[0]) {
        await call(client, 'post', uriOf(workspaceSid, entry), {
          ActivitySid: String(activities[0].sid),
          RejectPendingReservations: 'true',
        });
      }
    }
    const answer = await call(client, 'delete', uriOf(workspaceSid, entry));
    if (answer.status === 404) return { ...entry, result: 'already gone' };
    if (!ok(answer)) return { ...entry, result: 'failed', detail: describe(answer) };
    return { ...entry, result: 'deleted' };
  } catch (error) {
    return { ...entry, result: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The cleanup order: the feed document, conversations (ending their tasks), then workflows (with their tasks),
 * queues, workers.
 */
const ORDER: ResourceKind[] = ['sync-document', 'conversation', 'workflow', 'queue', 'worker'];

/** Removes what the registry lists, newest first within each kind, and each kind after those that use it. */
export async function removeCreated(client: TwilioClient, registry: Registry): Promise<Removal[]> {
  const removals: Removal[] = [];
  const newestFirst = [...registry.created].reverse();
  for (const kind of ORDER) {
    for (const entry of newestFirst.filter((candidate) => candidate.kind === kind)) {
      removals.push(await removeOne(client, registry.workspaceSid, entry));
    }
  }
  return removals;
}

/**
 * This run's own resources that are not in its registry: creates whose answer was lost, or that the transport
 * sent twice (it retries a POST whose answer timed out). Found by their exact names, cheaply: TaskRouter's
 * FriendlyName filters, and each conversation by its UniqueName.
 */
export async function findRunStrays(
  client: TwilioClient,
  registry: Registry,
  runName: string,
  conversationNames: string[],
): Promise<Registry> {
  if (!runName.startsWith(`${LIVE_CHECK_PREFIX}-`)) throw new Error(`not a live-check name: ${runName}`);
  const strays = new Registry(registry.workspaceSid);
  const known = new Set(registry.created.map((entry) => entry.sid));
  const base = `${TASKROUTER}/${registry.workspaceSid}`;
  const byName = `FriendlyName=${encodeURIComponent(runName)}&PageSize=50`;
  const lists: [ResourceKind, string, string][] = [
    ['worker', `${base}/Workers?${byName}`, 'workers'],
    ['queue', `${base}/TaskQueues?${byName}`, 'task_queues'],
    ['workflow', `${base}/Workflows?${byName}`, 'workflows'],
  ];
  for (const [kind, uri, key] of lists) {
    for (const item of await listAll(client, uri, key)) {
      if (item.friendly_name === runName && !known.has(String(item.sid)))
        strays.add(kind, String(item.sid), runName);
    }
  }
  for (const name of conversationNames) {
    const found = await call(client, 'get', `${CONVERSATIONS}/${encodeURIComponent(name)}`);
    if (ok(found) && found.body.unique_name === name && !known.has(String(found.body.sid)))
      strays.add('conversation', String(found.body.sid), name);
  }
  return strays;
}

/**
 * `--cleanup`: finds what earlier runs left (by the prefix of its name: workers, queues and workflows by
 * FriendlyName, conversations by FriendlyName or UniqueName; with the Sync service, each leftover worker's feed
 * document by its exact name) and removes it. Anything else is never touched.
 */
export async function findLeftovers(
  client: TwilioClient,
  workspaceSid: string,
  syncServiceSid?: string,
): Promise<Registry> {
  const named = (value: unknown): value is string =>
    typeof value === 'string' && value.startsWith(`${LIVE_CHECK_PREFIX}-`);
  const registry = new Registry(workspaceSid);
  const base = `${TASKROUTER}/${workspaceSid}`;
  const lists: [ResourceKind, string, string][] = [
    ['worker', `${base}/Workers?PageSize=200`, 'workers'],
    ['queue', `${base}/TaskQueues?PageSize=200`, 'task_queues'],
    ['workflow', `${base}/Workflows?PageSize=200`, 'workflows'],
  ];
  for (const [kind, uri, key] of lists) {
    for (const item of await listAll(client, uri, key)) {
      if (named(item.friendly_name)) registry.add(kind, String(item.sid), item.friendly_name);
    }
  }
  // A leftover test worker's live feed (`live-feed-acl`) is named after its SID, not the prefix: looked up by
  // that exact name, so nothing else in the service is touched.
  if (syncServiceSid) {
    for (const worker of registry.sidsOf('worker')) {
      const name = `leavePause-feed-${worker}`;
      const found = await call(client, 'get', `${SYNC}/${syncServiceSid}/Documents/${name}`);
      if (ok(found) && found.body.unique_name === name && typeof found.body.sid === 'string')
        registry.add('sync-document', found.body.sid, name, syncServiceSid);
    }
  }
  // Every conversation of the account is looked at (up to 100,000): a leftover may be old.
  for (const item of await listAll(client, `${CONVERSATIONS}?PageSize=100`, 'conversations', 1000)) {
    const name = named(item.friendly_name)
      ? item.friendly_name
      : named(item.unique_name)
        ? item.unique_name
        : null;
    if (name) registry.add('conversation', String(item.sid), name);
  }
  return registry;
}
