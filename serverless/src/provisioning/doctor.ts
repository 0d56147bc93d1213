import {
  customerMessagePolicyOf,
  detectNativeFeatures,
  LEAVE_ROUTING_RETIRED,
  returnToQueueHiddenBecause,
} from '../../../src/config';
import { fetchFlexConfiguration, leavePauseOf, parseLeavePause } from '../lib/settings';
import type { TwilioClient } from '../lib/twilio-client';
import { SYNC_SERVICE_NAME } from './provision';

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
  /** The SYNC_SERVICE_SID the Functions are given; found by name when absent. */
  syncServiceSid?: string;
  /** The Flex TaskRouter workspace, to list its channels (optional). */
  workspaceSid?: string;
  /** TWILIO_API_KEY and whether TWILIO_API_SECRET is set, as the Functions get them (the live feed's key). */
  liveKey?: { sid?: string; secretSet: boolean };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An admin's health check: the settings the Functions read (the same Flex configuration, the same parser),
 * where they disagree with Twilio's own Leave/Pause settings, and the Sync service the pause records live in.
 */
export async function doctor(client: TwilioClient, options: DoctorOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const ok = (message: string) => findings.push({ level: 'ok', message });
  const warn = (message: string) => findings.push({ level: 'warn', message });
  const fail = (message: string) => findings.push({ level: 'fail', message });

  let configuration: Record<string, unknown>;
  try {
    configuration = await fetchFlexConfiguration(client);
  } catch (error) {
    fail(`the Flex configuration cannot be read: ${messageOf(error)}`);
    return findings;
  }
  const raw = leavePauseOf(configuration);
  if (raw === undefined) {
    warn('ui_attributes.custom_data.leavePause is not set: Leave and Pause are off');
  }
  const { config, problems } = parseLeavePause(raw);
  for (const problem of problems) {
    // The retired key turns nothing off: a warning to act on, not a failure.
    if (problem === LEAVE_ROUTING_RETIRED) warn(`configuration: ${problem}`);
    else fail(`configuration: ${problem}`);
  }
  ok(
    `settings: Leave ${config.leave.enabled ? 'on' : 'off'}, ` +
      `Pause ${config.pause.enabled ? `on (limit ${config.pause.timeLimitMinutes} min)` : 'off'}, ` +
      `routing status ${config.routingStatus} (Pause; Leave always closes the task)`,
  );
  // Pause reasons (issue 18).
  if (config.pause.enabled && config.pause.reasons) {
    ok(
      `pause reasons: ${config.pause.reasons.map((reason) => reason.code).join(', ')}` +
        `${config.pause.reasonNote ? ', with a note' : ''}; the code goes into the task's ` +
        'conversations.conversation_label_10 for Flex Insights',
    );
  }
  if (config.routingStatus === 'wrapup') {
    warn(
      'routingStatus "wrapup" applies to Pause only: Leave always sends Routing.status "closed", the only value ' +
        'the public API allows with "inactive", so a left task is completed at once, without wrap-up',
    );
  }

  const native = detectNativeFeatures(configuration);
  for (const feature of ['leave', 'pause'] as const) {
    const name = feature === 'leave' ? 'Leave' : 'Pause';
    if (config[feature].enabled && native[feature]) {
      ok(
        `Twilio's own ${name} is on (${native.sources.join(', ')}): agents see Flex's ${name} button, the ` +
          "plugin's stays hidden; countdown, reminders and Paused work still come from the plugin",
      );
    } else if (config[feature].enabled && !native[feature]) {
      warn(
        `${name} is on in leavePause but off in Twilio's settings (agent_conv_end_methods): if Twilio refuses ` +
          `"${feature === 'leave' ? 'inactive' : 'pause'}", turn ${name} on in Console → Flex → General settings ` +
          '→ "Conversation tasks workflows"',
      );
    } else if (!config[feature].enabled && native[feature]) {
      warn(
        `Twilio's own ${name} is on (agent_conv_end_methods) but leavePause.${feature}.enabled is false: agents ` +
          `use Flex's ${name}; the plugin's Paused work and reminders ${feature === 'pause' ? 'are off' : 'do not apply'}`,
      );
    }
  }
  // Team view (issue 18 part 4): whether supervisors see Return to the queue, and why not.
  const hidden = returnToQueueHiddenBecause(config.returnToQueue);
  const evidence = config.returnToQueue.evidence;
  if (hidden) ok(`team view: ${hidden}`);
  else if (evidence)
    ok(
      `team view: Return to the queue is offered (live check run ${evidence.runId} at ${evidence.checkedAt} saw ` +
        `${evidence.liveCheck} hold); run the live check again after Twilio changes, and turn it off if it fails`,
    );
  ok(
    `team view: supervisors and admins ${config.supervisorsMayAct ? 'may' : 'may not'} Resume for an agent ` +
      '(supervisorsMayAct)',
  );
  if (config.pause.enabled && config.pause.timeLimitMinutes !== 14 * 24 * 60) {
    warn(
      `the pause limit is ${config.pause.timeLimitMinutes} minutes here: set the same limit in Console → ` +
        '"Conversation tasks workflows", which is what Twilio enforces; the plugin shows Twilio\'s deadline ' +
        'when Twilio gives it',
    );
  }

  if (config.pause.enabled) {
    // Pause events (issue 18 part 1): what a customer's message during a pause does.
    ok(
      customerMessagePolicyOf(config.pause) === 'resume'
        ? 'pause.onCustomerMessage "resume": a customer writing during a pause resumes it for the agent who ' +
            'paused it when their worker is available, else counts it for them (unread count, notification)'
        : 'pause.onCustomerMessage "notify": a customer writing during a pause is counted for the agent who ' +
            'paused it (unread count, one notification per burst); set "resume" to hand it back at once',
    );
  }

  try {
    const services = await client.sync.v1.services.list({ limit: 100 });
    const service = options.syncServiceSid
      ? services.find((candidate) => candidate.sid === options.syncServiceSid)
      : services.find((candidate) => candidate.friendlyName === SYNC_SERVICE_NAME);
    if (!service) {
      if (options.syncServiceSid)
        fail(`Sync service ${options.syncServiceSid} does not exist: run npm run provision`);
      else fail(`Sync service "${SYNC_SERVICE_NAME}" is missing: run npm run provision`);
    } else {
      ok(`Sync service ${service.friendlyName} is ${service.sid} (SYNC_SERVICE_SID)`);
      if (service.aclEnabled) ok("Sync ACLs are on: an agent's live token reads only their own feed");
      else
        fail(
          `Sync service ${service.sid} has ACLs off: a token for it could read every agent's pauses; run ` +
            'npm run provision (it turns AclEnabled on)',
        );
    }
  } catch (error) {
    fail(`Sync cannot be read: ${messageOf(error)}`);
  }

  if (options.liveKey) {
    const { sid, secretSet } = options.liveKey;
    if (!sid && !secretSet)
      warn(
        'TWILIO_API_KEY / TWILIO_API_SECRET are not set: Paused work is read at start-up and after the ' +
          'agent\'s own actions, not live (README, admin guide: "Live lists")',
      );
    else if (!sid || !/^SK[0-9a-fA-F]{32}$/.test(sid))
      fail('TWILIO_API_KEY must be an API key SID (SK…) when TWILIO_API_SECRET is set');
    else if (!secretSet) fail('TWILIO_API_SECRET is missing: set the secret of TWILIO_API_KEY');
    else ok(`live lists: agents get read-only Sync tokens signed with API key ${sid}`);
  }

  if (options.workspaceSid) {
    try {
      const channels = await client.taskrouter.v1.workspaces(options.workspaceSid).taskChannels.list();
      const names = new Set(channels.map((channel) => channel.uniqueName));
      const risky = Object.keys(NOT_HIPAA_ELIGIBLE).filter((name) => names.has(name));
      if (risky.length > 0) {
        warn(
          `${HIPAA_WARNING} (this workspace has: ${risky.map((name) => NOT_HIPAA_ELIGIBLE[name]).join(', ')})`,
        );
      }
    } catch (error) {
      fail(`workspace ${options.workspaceSid} cannot be read: ${messageOf(error)}`);
    }
  }
  return findings;
}
