/**
 * What the sandbox page draws (the Desk* types) and how it is built from the emulator's snapshot (buildView):
 * pure data, no server. live.ts pushes it to the page; the page's code imports these types through live.ts.
 */
import type { LeaveRouting, Snapshot } from '../../emulator/src';

export type Json = Record<string, unknown>;

export interface DeskWorker {
  sid: string;
  name: string;
  /** The chat identity Flex gives the agent (`client:alice` → `alice`): messages are authored with it. */
  identity: string;
  available: boolean;
  /** Flex's roles for this user (the worker's `roles` attribute, as SSO sets it): the team view is shown by it. */
  roles: string[];
  channels: { name: string; capacity: number; used: number }[];
}

export interface DeskTask {
  sid: string;
  status: string;
  channel: string;
  workerSid: string | null;
  reservationSid: string | null;
  reservationStatus: string | null;
  conversationSid: string | null;
  customerName: string | null;
  createdAt: string;
  attributes: Json;
}

export interface DeskMessage {
  sid: string;
  author: string;
  body: string;
  at: string;
  /** The worker who wrote it, or null for the customer (and anyone else). */
  workerSid: string | null;
}

export interface DeskConversation {
  sid: string;
  state: string;
  channelType: string;
  customerName: string;
  interactionSid: string | null;
  channelSid: string | null;
  /** The interaction channel's status: active, inactive, pause, closed. */
  channelStatus: string;
  /** While paused: Twilio's deadline, after which the conversation goes back to its queue. */
  statusTimeout: string | null;
  channelHistory: { status: string; at: string }[];
  /** Workers who are interaction participants now (a paused channel keeps the agent who paused). */
  agentWorkerSids: string[];
  /** While paused: the worker who paused (the agent participant). */
  pausedBy: string | null;
  /** A reply to a closed conversation opens a new one; the customer's side follows it there. */
  successorSid: string | null;
  messages: DeskMessage[];
  /** Replies after Leave that Console's "Use custom routing" sent to the admin's flow or webhook (no task). */
  customRouted: DeskCustomRouted[];
}

/** One reply after Leave that went to the admin's Studio flow or Interactions webhook instead of a new task. */
export interface DeskCustomRouted {
  messageSid: string;
  target: 'studio' | 'interactions-webhook';
  /** The Studio flow (FW…) or the webhook URL. */
  destination: string;
  at: string;
}

/** Something that happened to an agent while they may not have been looking; shown only to that agent. */
export interface DeskNotice {
  id: string;
  workerSid: string;
  kind: 'time-limit';
  conversationSid: string;
  customerName: string;
  at: string;
}

export interface DeskView {
  /** Increments with every change pushed. */
  version: number;
  /** The emulator's clock: Twilio's "now". */
  now: string;
  /** Server epoch ms when this change was noticed (diagnostics; the browser test measures on its own). */
  noticedAt: number;
  pauseLimitSeconds: number | null;
  /** Console's "Use custom routing" for the reply after Leave, as the emulator models it. */
  leaveRouting: LeaveRouting['kind'];
  nextAgentSid: string | null;
  workers: DeskWorker[];
  tasks: DeskTask[];
  conversations: DeskConversation[];
  notices: DeskNotice[];
  twilioRequests: number;
  violations: number;
  /** Changes whenever a Sync item (the Functions' pause records) changes: the page re-reads its paused list. */
  syncRevision: string;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

function parseJson(value: unknown): Json {
  if (typeof value !== 'string') return obj(value);
  try {
    return obj(JSON.parse(value));
  } catch {
    return {};
  }
}

/** A worker's Flex roles, from its attributes (Flex gives every user without a role `agent`). */
export function rolesOf(attributes: Json): string[] {
  const roles = Array.isArray(attributes.roles)
    ? attributes.roles.filter((role): role is string => typeof role === 'string')
    : [];
  return roles.length > 0 ? roles : ['agent'];
}

/** The parts of the emulator's state the desk draws, without the sandbox's own bookkeeping. */
export function buildView(
  snapshot: Snapshot,
): Omit<DeskView, 'version' | 'noticedAt' | 'nextAgentSid' | 'notices' | 'leaveRouting'> {
  const workerByIdentity = new Map<string, string>();
  const workers: DeskWorker[] = snapshot.workers.map((worker) => {
    const attributes = parseJson(worker.attributes);
    const identity = String(attributes.contact_uri ?? '').replace(/^client:/, '');
    workerByIdentity.set(identity, String(worker.sid));
    return {
      sid: String(worker.sid),
      name: String(worker.friendly_name),
      identity,
      available: worker.available === true,
      roles: rolesOf(attributes),
      channels: worker.channels.map((channel) => ({
        name: String(channel.task_channel_unique_name),
        capacity: Number(channel.configured_capacity),
        used: Number(channel.assigned_tasks),
      })),
    };
  });
  const reservations = snapshot.reservations;
  const tasks: DeskTask[] = snapshot.tasks.map((task) => {
    const attributes = obj(task.parsed_attributes);
    const ofTask = reservations.filter((candidate) => candidate.task_sid === task.sid);
    const reservation = ofTask
      .filter((candidate) =>
        ['pending', 'accepted', 'wrapping'].includes(String(candidate.reservation_status)),
      )
      .at(-1);
    // TaskRouter forgets the worker of an ended task; the reservation that was accepted still names them.
    const heldBy = ofTask
      .filter((candidate) =>
        ['accepted', 'wrapping', 'completed'].includes(String(candidate.reservation_status)),
      )
      .at(-1);
    return {
      sid: String(task.sid),
      status: String(task.assignment_status),
      channel: String(task.task_channel_unique_name),
      workerSid: str(task.worker_sid) ?? str(reservation?.worker_sid) ?? str(heldBy?.worker_sid),
      reservationSid: str(reservation?.sid),
      reservationStatus: str(reservation?.reservation_status),
      conversationSid: str(attributes.conversationSid),
      customerName: str(attributes.customerName) ?? str(attributes.name),
      createdAt: String(task.date_created),
      attributes,
    };
  });
  const channelOf = new Map<string, Snapshot['interactions'][number]['channels'][number]>();
  for (const interaction of snapshot.interactions) {
    for (const channel of interaction.channels) {
      if (channel.conversation_sid) channelOf.set(channel.conversation_sid, channel);
    }
  }
  const customRouted = new Map<string, DeskCustomRouted[]>();
  for (const entry of snapshot.customRoutingLog) {
    if (entry.path !== 'studio' && entry.path !== 'interactions-webhook') continue;
    const conversationSid = String(entry.conversationSid);
    customRouted.set(conversationSid, [
      ...(customRouted.get(conversationSid) ?? []),
      {
        messageSid: String(entry.messageSid),
        target: entry.path,
        destination: String(entry.path === 'studio' ? entry.flowSid : entry.url),
        at: String(entry.at),
      },
    ]);
  }
  const conversations: DeskConversation[] = snapshot.conversations.map((conversation) => {
    const channel = channelOf.get(String(conversation.sid));
    const channelStatus = String(channel?.status ?? 'none');
    const agentWorkerSids = (channel?.participants ?? [])
      .map((participant) => str(obj(participant.routing_properties).worker_sid))
      .filter((sid): sid is string => sid !== null);
    return {
      sid: String(conversation.sid),
      state: String(conversation.state),
      channelType: String(conversation.channel_type ?? channel?.type ?? 'chat'),
      customerName: String(conversation.friendly_name ?? 'Customer'),
      interactionSid: str(channel?.interaction_sid),
      channelSid: str(channel?.sid),
      channelStatus,
      statusTimeout: channelStatus === 'pause' ? str(channel?.status_timeout) : null,
      channelHistory: channel?.status_history ?? [],
      agentWorkerSids,
      pausedBy: channelStatus === 'pause' ? (agentWorkerSids[0] ?? null) : null,
      successorSid: str(conversation.successor_sid),
      messages: conversation.messages.map((message) => ({
        sid: String(message.sid),
        author: String(message.author),
        body: String(message.body ?? ''),
        at: String(message.date_created),
        workerSid: workerByIdentity.get(String(message.author)) ?? null,
      })),
      customRouted: customRouted.get(String(conversation.sid)) ?? [],
    };
  });
  return {
    now: snapshot.now,
    pauseLimitSeconds: null,
    workers,
    tasks,
    conversations,
    twilioRequests: 0,
    violations: snapshot.violations.length,
    // Older emulators have no Sync.
    syncRevision: (snapshot.sync ?? [])
      .flatMap((service) => service.maps.flatMap((map) => map.items))
      .map((item) => `${String(item.key)}@${String(item.revision)}`)
      .join(','),
  };
}
