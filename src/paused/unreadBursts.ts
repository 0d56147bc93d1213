/**
 * Pause events (issue 18 part 1): ONE Flex notification per burst of customer messages during a pause, not one
 * per message. Pure: it decides from the previous and the next list (however they arrive: today's refresh, a
 * live feed later) and what it remembers of its own earlier notifications.
 */

/** What the decision needs of a paused item: which pause, and how many messages the customer wrote in it. */
export interface CountedPause {
  taskSid: string;
  unread?: { count: number };
}

/** Per paused task: when the last notification went out, and whether the agent has looked since. */
export interface BurstMemory {
  [taskSid: string]: { notifiedAt: number; seen: boolean };
}

/** A burst ends after this much quiet since the notification: a later message starts a new one. */
export const BURST_QUIET_MS = 5 * 60_000;

function countOf(item: CountedPause | undefined): number {
  return item?.unread?.count ?? 0;
}

/**
 * Which paused items get a notification now. A count that grows starts a new burst when nothing was notified
 * for that pause yet, when the agent has seen it since the last notification, or when `quietMs` have passed
 * since; otherwise it belongs to the burst already notified. The first list of a page (`previous` undefined)
 * notifies nothing: those messages came before this page and show as counts.
 */
export function decideUnreadNotifications<T extends CountedPause>(
  previous: readonly CountedPause[] | undefined,
  next: readonly T[],
  memory: BurstMemory,
  now: number,
  quietMs = BURST_QUIET_MS,
): { notify: T[]; memory: BurstMemory } {
  const before = new Map((previous ?? []).map((item) => [item.taskSid, item]));
  const remembered: BurstMemory = {};
  const notify: T[] = [];
  for (const item of next) {
    const last = memory[item.taskSid];
    // A pause no longer listed is forgotten: its task SID never comes back (Resume makes a new task).
    if (last) remembered[item.taskSid] = last;
    if (previous === undefined || countOf(item) <= countOf(before.get(item.taskSid))) continue;
    if (!last || last.seen || now - last.notifiedAt >= quietMs) {
      notify.push(item);
      remembered[item.taskSid] = { notifiedAt: now, seen: false };
    }
  }
  return { notify, memory: remembered };
}

/** The agent looked at this paused conversation: the next message starts a new burst. */
export function markUnreadSeen(memory: BurstMemory, taskSid: string): BurstMemory {
  const last = memory[taskSid];
  return last ? { ...memory, [taskSid]: { ...last, seen: true } } : memory;
}
