import type { Platform, SeedResult } from './platform';
import { parseAttributes } from './routing/engine';
import type { Serializer } from './serialize';
import type { ConversationsService } from './state/conversations';
import type { FlexService } from './state/flex';
import type { SyncService } from './state/sync';
import type { StatusChange } from './state/types';
import type { World } from './state/world';
import type { JsonObject } from './util';

/**
 * What a snapshot is read from: the emulator's state and the services that render it. Declared here, not
 * taken from the Emulator class, so that emulator.ts (which takes snapshots) is the only one of the two that
 * imports the other.
 */
export interface SnapshotSource {
  world: World;
  serializer: Serializer;
  flexService: FlexService;
  platform: Pick<Platform, 'seedResult'>;
  conv: ConversationsService;
  sync: SyncService;
}

export interface Snapshot {
  now: string;
  seed: SeedResult | null;
  workspace: JsonObject | null;
  activities: JsonObject[];
  taskChannels: JsonObject[];
  queues: JsonObject[];
  workflows: JsonObject[];
  workers: (JsonObject & { channels: JsonObject[] })[];
  tasks: JsonObject[];
  reservations: JsonObject[];
  interactions: (JsonObject & {
    channels: (JsonObject & {
      conversation_sid: string | null;
      status_history: StatusChange[];
      participants: JsonObject[];
    })[];
  })[];
  conversations: (JsonObject & {
    messages: JsonObject[];
    participants: JsonObject[];
    webhooks: JsonObject[];
  })[];
  deliveries: JsonObject[];
  customRoutingLog: JsonObject[];
  channelLog: JsonObject[];
  studioExecutions: JsonObject[];
  violations: JsonObject[];
  specExceptions: JsonObject[];
  settings: JsonObject;
  sync: (JsonObject & { maps: (JsonObject & { items: JsonObject[] })[] })[];
  pendingTimers: number;
}

export function buildSnapshot(emu: SnapshotSource): Snapshot {
  const w = emu.world;
  const ser = emu.serializer;
  const flex = emu.flexService;
  return {
    now: w.nowIso(),
    seed: emu.platform.seedResult,
    workspace: w.workspace ? ser.workspace(w.workspace) : null,
    activities: [...w.activities.values()].map((a) => ser.activity(a)),
    taskChannels: [...w.taskChannels.values()].map((c) => ser.taskChannel(c)),
    queues: [...w.queues.values()].map((q) => ser.queue(q)),
    workflows: [...w.workflows.values()].map((x) => ser.workflow(x)),
    workers: [...w.workers.values()].map((wk) => ({
      ...ser.worker(wk),
      channels: [...w.workerChannels.values()]
        .filter((c) => c.workerSid === wk.sid)
        .map((c) => ser.workerChannel(c)),
    })),
    tasks: [...w.tasks.values()].map((t) => ({
      ...ser.task(t),
      revision: t.revision,
      worker_sid: t.workerSid,
      parsed_attributes: parseAttributes(t.attributes) as JsonObject,
    })),
    reservations: [...w.reservations.values()].map((r) => ser.reservation(r)),
    interactions: [...w.interactions.values()].map((i) => ({
      ...ser.interaction(i),
      channels: [...w.interactionChannels.values()]
        .filter((c) => c.interactionSid === i.sid)
        .map((c) => ({
          ...ser.interactionChannel(c),
          conversation_sid: c.conversationSid,
          status_history: c.history.map((h) => ({ status: h.status, at: h.at })),
          participants: flex.participantsOf(c).map((p) => ser.interactionParticipant(p)),
        })),
    })),
    conversations: [...w.conversations.values()].map((c) => ({
      ...ser.conversation(c),
      interaction_sid: c.interactionSid,
      channel_sid: c.channelSid,
      channel_type: c.channelType,
      successor_sid: c.successorSid,
      messages: emu.conv.messages(c).map((m) => ser.message(m)),
      participants: emu.conv.participants(c).map((p) => ser.participant(p)),
      webhooks: emu.conv.webhooks(c).map((h) => ser.webhook(h)),
    })),
    deliveries: w.deliveries.log.map((d) => ({ ...d })),
    customRoutingLog: w.customRoutingLog.map((e) => ({ ...e })),
    channelLog: w.channelLog.map((e) => ({ ...e })),
    studioExecutions: w.studioExecutions.map((e) => ({ ...e })),
    violations: w.violations.map((v) => ({ ...v })),
    specExceptions: w.specExceptions.map((e) => ({ ...e })),
    settings: { ...w.settings },
    sync: emu.sync.services().map((svc) => ({
      ...ser.syncService(svc),
      maps: emu.sync.maps(svc).map((m) => ({
        ...ser.syncMap(m),
        items: [...w.syncItems.values()].filter((i) => i.mapSid === m.sid).map((i) => ser.syncMapItem(i)),
      })),
    })),
    pendingTimers: w.clock.pendingTimers(),
  };
}
