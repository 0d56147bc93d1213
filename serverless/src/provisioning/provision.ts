import type { TwilioClient } from '../lib/twilio-client';

export const PAUSED_TASK_CHANNEL = 'paused';
export const TIMER_QUEUE_NAME = 'Leave & Pause: pause timers';
export const TIMER_WORKFLOW_NAME = 'Leave & Pause: pause timers';
export const ROUTE_BACK_WORKFLOW_NAME = 'Leave & Pause: route back';
export const EVENTS_WE_NEED = ['task.canceled', 'reservation.created'];

export interface ProvisionOptions {
  workspaceSid: string;
  /** The deployed Functions base URL; the event callback is `${functionsBaseUrl}/taskrouter-events`. */
  functionsBaseUrl?: string;
  /** Replace a workspace event callback that points somewhere else (off by default: it may be someone's). */
  replaceEventCallback?: boolean;
  /** Seconds the known agent is waited for before the original queue takes the resumed task. */
  knownAgentWaitSeconds?: number;
}

export interface ProvisionResult {
  pausedTaskChannelSid: string;
  timerQueueSid: string;
  timerWorkflowSid: string;
  routeBackWorkflowSid: string;
  eventCallbackUrl: string | null;
  changes: string[];
  warnings: string[];
}

interface QueueRef {
  sid: string;
  friendlyName: string;
}

/** One filter per queue, so a resumed task falls back to the queue it came from, not to a catch-all. */
export function routeBackConfiguration(queues: QueueRef[], fallbackQueueSid: string, waitSeconds: number) {
  return {
    task_routing: {
      filters: queues.map((queue) => ({
        filter_friendly_name: `Resume to the same agent, else ${queue.friendlyName}`,
        expression: `leavePause.originalQueueSid == "${queue.sid}"`,
        targets: [
          {
            queue: queue.sid,
            expression: 'worker.sid == task.leavePause.resumeWorkerSid',
            skip_if: 'workers.available == 0',
            timeout: waitSeconds,
          },
          { queue: queue.sid },
        ],
      })),
      default_filter: { queue: fallbackQueueSid },
    },
  };
}

/**
 * Creates what Pause needs in a TaskRouter workspace, and only what is missing: running it twice changes
 * nothing the second time. Existing resources are found by their names.
 */
export async function provision(client: TwilioClient, options: ProvisionOptions): Promise<ProvisionResult> {
  const workspace = client.taskrouter.v1.workspaces(options.workspaceSid);
  const changes: string[] = [];
  const warnings: string[] = [];

  const channels = await workspace.taskChannels.list();
  let pausedChannel = channels.find((channel) => channel.uniqueName === PAUSED_TASK_CHANNEL);
  if (!pausedChannel) {
    pausedChannel = await workspace.taskChannels.create({
      uniqueName: PAUSED_TASK_CHANNEL,
      friendlyName: 'Paused conversations',
    });
    changes.push(`created task channel "${PAUSED_TASK_CHANNEL}"`);
  }

  const queues = await workspace.taskQueues.list();
  let timerQueue = queues.find((queue) => queue.friendlyName === TIMER_QUEUE_NAME);
  if (!timerQueue) {
    // No worker ever matches, so a timer task stays pending until its Timeout fires.
    timerQueue = await workspace.taskQueues.create({ friendlyName: TIMER_QUEUE_NAME, targetWorkers: '1==2' });
    changes.push(`created queue "${TIMER_QUEUE_NAME}"`);
  } else if (timerQueue.targetWorkers !== '1==2') {
    await workspace.taskQueues(timerQueue.sid).update({ targetWorkers: '1==2' });
    changes.push(`reset queue "${TIMER_QUEUE_NAME}" to match no worker`);
  }

  const routableQueues = queues
    .filter((queue) => queue.sid !== timerQueue.sid)
    .map((queue) => ({ sid: queue.sid, friendlyName: queue.friendlyName }));
  if (routableQueues.length === 0) throw new Error('The workspace has no queue to route resumed tasks to');
  const fallbackQueue =
    routableQueues.find((queue) => queue.friendlyName === 'Everyone') ?? routableQueues[0];

  const workflows = await workspace.workflows.list();
  const timerConfiguration = JSON.stringify({
    task_routing: { filters: [], default_filter: { queue: timerQueue.sid } },
  });
  const routeBackConfigurationJson = JSON.stringify(
    routeBackConfiguration(routableQueues, fallbackQueue.sid, options.knownAgentWaitSeconds ?? 60),
  );

  const ensureWorkflow = async (friendlyName: string, configuration: string) => {
    const existing = workflows.find((workflow) => workflow.friendlyName === friendlyName);
    if (!existing) {
      const created = await workspace.workflows.create({ friendlyName, configuration });
      changes.push(`created workflow "${friendlyName}"`);
      return created.sid;
    }
    if (JSON.stringify(JSON.parse(existing.configuration)) !== configuration) {
      await workspace.workflows(existing.sid).update({ configuration });
      changes.push(`updated workflow "${friendlyName}"`);
    }
    return existing.sid;
  };
  const timerWorkflowSid = await ensureWorkflow(TIMER_WORKFLOW_NAME, timerConfiguration);
  const routeBackWorkflowSid = await ensureWorkflow(ROUTE_BACK_WORKFLOW_NAME, routeBackConfigurationJson);

  let eventCallbackUrl: string | null = null;
  if (options.functionsBaseUrl) {
    eventCallbackUrl = await ensureEventCallback(client, options, changes, warnings);
  } else {
    warnings.push('No --functions-url given: the workspace event callback was not checked');
  }

  return {
    pausedTaskChannelSid: pausedChannel.sid,
    timerQueueSid: timerQueue.sid,
    timerWorkflowSid,
    routeBackWorkflowSid,
    eventCallbackUrl,
    changes,
    warnings,
  };
}

async function ensureEventCallback(
  client: TwilioClient,
  options: ProvisionOptions,
  changes: string[],
  warnings: string[],
): Promise<string | null> {
  const workspace = client.taskrouter.v1.workspaces(options.workspaceSid);
  const wanted = `${(options.functionsBaseUrl ?? '').replace(/\/$/, '')}/taskrouter-events`;
  const current = await workspace.fetch();
  const filter = (current.eventsFilter ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (current.eventCallbackUrl && current.eventCallbackUrl !== wanted && !options.replaceEventCallback) {
    warnings.push(
      `The workspace already sends its events to ${current.eventCallbackUrl}; left as it is. Forward task.canceled ` +
        `and reservation.created to ${wanted}, or run again with --replace-event-callback`,
    );
    return current.eventCallbackUrl;
  }
  const missingEvents = filter.length === 0 ? [] : EVENTS_WE_NEED.filter((name) => !filter.includes(name));
  if (current.eventCallbackUrl === wanted && missingEvents.length === 0) return wanted;
  await workspace.update({
    eventCallbackUrl: wanted,
    ...(missingEvents.length > 0 ? { eventsFilter: [...filter, ...missingEvents].join(',') } : {}),
  });
  changes.push(`workspace events now go to ${wanted}`);
  return wanted;
}
