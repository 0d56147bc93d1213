import type { FunctionContext, FunctionEvent } from './http';
import { accountFrom, settingsFrom } from './settings';

/** Prefixes of the SIDs a TaskRouter event carries; ResourceSid's depends on ResourceType. */
const EVENT_SID_PREFIXES: Record<string, string> = {
  AccountSid: 'AC',
  WorkspaceSid: 'WS',
  TaskSid: 'WT',
  ReservationSid: 'WR',
  WorkerSid: 'WK',
  TaskQueueSid: 'WQ',
  WorkflowSid: 'WW',
  TaskChannelSid: 'TC',
  WorkerActivitySid: 'WA',
  WorkerPreviousActivitySid: 'WA',
};

const RESOURCE_PREFIXES: Record<string, string> = {
  task: 'WT',
  reservation: 'WR',
  worker: 'WK',
  workspace: 'WS',
  taskqueue: 'WQ',
  workflow: 'WW',
  activity: 'WA',
  taskchannel: 'TC',
};

const sidPattern = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

export interface IgnoredEvent {
  handled: 'ignored';
  why: string;
}

/**
 * A signed event is Twilio's, but its SIDs still go into URLs and its workspace may not be ours (one account,
 * several workspaces, one callback URL): before any handler sees it, every SID field must match its pattern,
 * and the account and workspace must be the configured ones. Such events are answered 200 "ignored" — a 4xx
 * would make TaskRouter report a failing callback for events that are simply not for us.
 */
export function screenTaskRouterEvent(context: FunctionContext, event: FunctionEvent): IgnoredEvent | null {
  for (const [field, prefix] of Object.entries(EVENT_SID_PREFIXES)) {
    const value = event[field];
    if (value !== undefined && !(typeof value === 'string' && sidPattern(prefix).test(value))) {
      return { handled: 'ignored', why: `${field} is not a ${prefix}… SID` };
    }
  }
  const resourceSid = event.ResourceSid;
  if (resourceSid !== undefined) {
    const type = typeof event.ResourceType === 'string' ? event.ResourceType.toLowerCase() : '';
    const pattern = sidPattern(RESOURCE_PREFIXES[type] ?? '[A-Z]{2}');
    if (typeof resourceSid !== 'string' || !pattern.test(resourceSid)) {
      return { handled: 'ignored', why: 'ResourceSid is not a SID of its ResourceType' };
    }
  }
  const { workspaceSid } = settingsFrom(context);
  if (event.WorkspaceSid !== workspaceSid) {
    return { handled: 'ignored', why: 'the event is for another workspace' };
  }
  if (event.AccountSid !== undefined && event.AccountSid !== accountFrom(context).accountSid) {
    return { handled: 'ignored', why: 'the event is for another account' };
  }
  return null;
}
