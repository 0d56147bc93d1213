/**
 * What the played agent has, derived from the pushed state alone: their live tasks, the conversations they
 * paused, and their reservations as the plugin's Resume follow-up reads them. Pure functions: every piece of the
 * desk reads the agent's world from here, so no two pieces can disagree about it.
 */
import type { ArrivingReservation } from '../../../src/resume';
import type { DeskConversation, DeskTask, DeskView } from '../../server/live';

const LIVE_TASK_STATUSES = new Set(['reserved', 'assigned', 'wrapping']);

/** A conversation the agent paused: on the new engine the channel is `pause`; on the old one a task is. */
export interface PausedEntry {
  conversationSid: string;
  /** What Resume names: the paused task. */
  taskSid: string;
  customerName: string;
  channel: string;
  pausedAt?: Date;
  reassignAt: Date;
}

interface LegacyPause {
  state?: string;
  pausedAt?: string;
  reassignAt?: string;
  originalTaskChannel?: string;
}

const legacyPauseOf = (task: DeskTask): LegacyPause => (task.attributes.leavePause ?? {}) as LegacyPause;
const isLegacyPaused = (task: DeskTask) => legacyPauseOf(task).state === 'paused';

export interface AgentDesk {
  liveTasks: DeskTask[];
  paused: PausedEntry[];
  conversation: (sid: string | null | undefined) => DeskConversation | undefined;
  liveTaskOn: (conversationSid: string) => DeskTask | undefined;
  pausedOn: (conversationSid: string) => PausedEntry | undefined;
}

export function deskFor(view: DeskView, workerSid: string): AgentDesk {
  const conversations = new Map(view.conversations.map((conversation) => [conversation.sid, conversation]));
  const mine = view.tasks
    .filter((task) => task.workerSid === workerSid)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const liveTasks = mine.filter((task) => LIVE_TASK_STATUSES.has(task.status) && !isLegacyPaused(task));
  const paused: PausedEntry[] = [];
  for (const conversation of view.conversations) {
    if (conversation.pausedBy !== workerSid || !conversation.statusTimeout) continue;
    const pausedTask = mine.filter((task) => task.conversationSid === conversation.sid).at(-1);
    const pausedAt = [...conversation.channelHistory].reverse().find((entry) => entry.status === 'pause');
    paused.push({
      conversationSid: conversation.sid,
      taskSid: pausedTask?.sid ?? '',
      customerName: conversation.customerName,
      channel: conversation.channelType,
      pausedAt: pausedAt ? new Date(pausedAt.at) : undefined,
      reassignAt: new Date(conversation.statusTimeout),
    });
  }
  for (const task of mine) {
    const record = legacyPauseOf(task);
    if (
      task.status !== 'assigned' ||
      record.state !== 'paused' ||
      !record.reassignAt ||
      !task.conversationSid
    )
      continue;
    paused.push({
      conversationSid: task.conversationSid,
      taskSid: task.sid,
      customerName: conversations.get(task.conversationSid)?.customerName ?? task.customerName ?? '',
      channel: record.originalTaskChannel ?? task.channel,
      pausedAt: record.pausedAt ? new Date(record.pausedAt) : undefined,
      reassignAt: new Date(record.reassignAt),
    });
  }
  paused.sort((a, b) => a.reassignAt.getTime() - b.reassignAt.getTime());
  return {
    liveTasks,
    paused,
    conversation: (sid) => (sid ? conversations.get(sid) : undefined),
    liveTaskOn: (sid) => liveTasks.filter((task) => task.conversationSid === sid).at(-1),
    pausedOn: (sid) => paused.find((entry) => entry.conversationSid === sid),
  };
}

/** The worker's reservations as the plugin's Resume follow-up reads them (Flex's store, in the plugin). */
export function reservationsOf(view: DeskView, workerSid: string): ArrivingReservation[] {
  return view.tasks.flatMap((task) =>
    task.workerSid === workerSid && task.reservationSid && task.reservationStatus
      ? [
          {
            reservationSid: task.reservationSid,
            taskSid: task.sid,
            status: task.reservationStatus,
            conversationSid: task.conversationSid ?? undefined,
            channelSid:
              typeof task.attributes.flexInteractionChannelSid === 'string'
                ? task.attributes.flexInteractionChannelSid
                : undefined,
          },
        ]
      : [],
  );
}
