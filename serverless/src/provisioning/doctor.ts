import type { TwilioClient } from '../lib/twilio-client';
import {
  EVENTS_WE_NEED,
  PAUSED_TASK_CHANNEL,
  ROUTE_BACK_WORKFLOW_NAME,
  TIMER_QUEUE_NAME,
  TIMER_WORKFLOW_NAME,
} from './provision';

export type Finding = { level: 'ok' | 'warn' | 'fail'; message: string };

export const HIPAA_WARNING =
  'Email, WhatsApp and Facebook Messenger in Flex are not HIPAA-eligible services and should not be used in ' +
  'workflows that are subject to HIPAA';

const NOT_HIPAA_ELIGIBLE: Record<string, string> = {
  email: 'Email',
  whatsapp: 'WhatsApp',
  messenger: 'Facebook Messenger',
};

export interface DoctorOptions {
  workspaceSid: string;
  functionsBaseUrl?: string;
}

/** An admin's health check of a real or emulated account: what Pause needs, and what to be careful with. */
export async function doctor(client: TwilioClient, options: DoctorOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const ok = (message: string) => findings.push({ level: 'ok', message });
  const warn = (message: string) => findings.push({ level: 'warn', message });
  const fail = (message: string) => findings.push({ level: 'fail', message });
  const workspace = client.taskrouter.v1.workspaces(options.workspaceSid);

  let workspaceInfo;
  try {
    workspaceInfo = await workspace.fetch();
    ok(`workspace ${workspaceInfo.friendlyName} (${options.workspaceSid}) found`);
  } catch (error) {
    fail(
      `workspace ${options.workspaceSid} cannot be read: ${error instanceof Error ? error.message : error}`,
    );
    return findings;
  }

  const channels = await workspace.taskChannels.list();
  const channelNames = new Set(channels.map((channel) => channel.uniqueName));
  if (channelNames.has(PAUSED_TASK_CHANNEL)) ok(`task channel "${PAUSED_TASK_CHANNEL}" exists`);
  else fail(`task channel "${PAUSED_TASK_CHANNEL}" is missing: run npm run provision`);
  for (const name of ['chat', 'sms', 'whatsapp', 'messenger', 'email']) {
    if (channelNames.has(name)) ok(`Conversations channel "${name}" can be left and paused`);
  }
  const riskyChannels = Object.keys(NOT_HIPAA_ELIGIBLE).filter((name) => channelNames.has(name));
  if (riskyChannels.length > 0) {
    warn(
      `${HIPAA_WARNING} (this workspace has: ${riskyChannels.map((name) => NOT_HIPAA_ELIGIBLE[name]).join(', ')})`,
    );
  }

  const queues = await workspace.taskQueues.list();
  const timerQueue = queues.find((queue) => queue.friendlyName === TIMER_QUEUE_NAME);
  if (!timerQueue) fail(`queue "${TIMER_QUEUE_NAME}" is missing: run npm run provision`);
  else if (timerQueue.targetWorkers !== '1==2') {
    fail(
      `queue "${TIMER_QUEUE_NAME}" targets workers (${timerQueue.targetWorkers}): timers would be offered to agents`,
    );
  } else ok(`queue "${TIMER_QUEUE_NAME}" matches no worker`);

  const workflows = await workspace.workflows.list();
  const timerWorkflow = workflows.find((workflow) => workflow.friendlyName === TIMER_WORKFLOW_NAME);
  if (timerWorkflow)
    ok(`workflow "${TIMER_WORKFLOW_NAME}" is ${timerWorkflow.sid} (PAUSE_TIMER_WORKFLOW_SID)`);
  else fail(`workflow "${TIMER_WORKFLOW_NAME}" is missing: run npm run provision`);
  const routeBack = workflows.find((workflow) => workflow.friendlyName === ROUTE_BACK_WORKFLOW_NAME);
  if (!routeBack) fail(`workflow "${ROUTE_BACK_WORKFLOW_NAME}" is missing: run npm run provision`);
  else {
    ok(`workflow "${ROUTE_BACK_WORKFLOW_NAME}" is ${routeBack.sid} (ROUTE_BACK_WORKFLOW_SID)`);
    const configuration = JSON.stringify(routeBack.configuration);
    const uncovered = queues.filter(
      (queue) => queue.sid !== timerQueue?.sid && !configuration.includes(queue.sid),
    );
    if (uncovered.length > 0) {
      warn(
        `resumed tasks from ${uncovered.map((queue) => `"${queue.friendlyName}"`).join(', ')} fall back to the ` +
          'default queue: run npm run provision again to add them',
      );
    }
  }

  const callback = workspaceInfo.eventCallbackUrl;
  const wanted = options.functionsBaseUrl
    ? `${options.functionsBaseUrl.replace(/\/$/, '')}/taskrouter-events`
    : null;
  if (!callback) fail('the workspace has no event callback URL: paused tasks would never be rerouted');
  else if (wanted && callback !== wanted) {
    warn(
      `workspace events go to ${callback}, not ${wanted}: make sure they are forwarded, or timers are lost`,
    );
  } else ok(`workspace events go to ${callback}`);
  const filter = (workspaceInfo.eventsFilter ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const filteredOut = filter.length === 0 ? [] : EVENTS_WE_NEED.filter((name) => !filter.includes(name));
  if (filteredOut.length > 0) fail(`the workspace events filter drops ${filteredOut.join(', ')}`);
  return findings;
}
