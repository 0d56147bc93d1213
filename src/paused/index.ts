/** Reads the backend's leavePause attributes off Flex tasks, for the badge, the list and the reminders. */
import { isPausedTask, pausedAt, type LeavePauseTask } from '../actions';

export interface PausedWorkItem {
  taskSid: string;
  customerName: string;
  /** The conversation's own channel (chat, sms…), not the 'paused' parking channel. */
  channel: string;
  pausedAt?: Date;
  reassignAt: Date;
}

function leavePauseOf(task: LeavePauseTask): Record<string, unknown> {
  const attributes = typeof task.attributes === 'object' && task.attributes !== null ? task.attributes : {};
  const state = (attributes as Record<string, unknown>).leavePause;
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
}

/** The absolute deadline the backend stamped, if present and valid. */
export function reassignAt(task: LeavePauseTask): Date | undefined {
  const at = leavePauseOf(task).reassignAt;
  if (typeof at !== 'string') return undefined;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

/** Conversations tasks name the customer differently per channel and per Studio flow; take the first found. */
export function customerNameOf(task: LeavePauseTask & { defaultFrom?: unknown }): string | undefined {
  const a = typeof task.attributes === 'object' && task.attributes !== null ? task.attributes : {};
  const customers = (a as { customers?: { name?: unknown } }).customers;
  return firstString(
    a.customerName,
    typeof customers === 'object' && customers !== null ? customers.name : undefined,
    a.name,
    a.from,
    task.defaultFrom,
  );
}

export function channelOf(task: LeavePauseTask): string {
  return firstString(leavePauseOf(task).originalTaskChannel) ?? task.taskChannelUniqueName;
}

/** A paused task with a deadline, as a list row; undefined for anything else. */
export function toPausedWorkItem(task: LeavePauseTask, unknownCustomer = ''): PausedWorkItem | undefined {
  if (!isPausedTask(task)) return undefined;
  const deadline = reassignAt(task);
  if (!deadline) return undefined;
  return {
    taskSid: task.taskSid,
    customerName: customerNameOf(task) ?? unknownCustomer,
    channel: channelOf(task),
    pausedAt: pausedAt(task),
    reassignAt: deadline,
  };
}

/** Paused items sorted by deadline, soonest first: the order in which they need the agent. */
export function pausedWorkItems(tasks: Iterable<LeavePauseTask>, unknownCustomer = ''): PausedWorkItem[] {
  const items: PausedWorkItem[] = [];
  for (const task of tasks) {
    const item = toPausedWorkItem(task, unknownCustomer);
    if (item) items.push(item);
  }
  return items.sort((a, b) => a.reassignAt.getTime() - b.reassignAt.getTime());
}
