import { badRequest, isObject, isoDate, newSid, type Json, type JsonObject } from '../util';
import type { World } from './world';

export interface ConfigurationSeed {
  workspaceSid: string;
  workflowSid: string;
  queueSid: string;
  offlineActivitySid: string;
  chatServiceSid: string;
}

/**
 * The account's Flex Configuration (`GET flex-api/v1/Configuration`), every property of the spec's
 * `flex.v1.configuration` schema present. Leave/Pause is off by default, as on a new account:
 * `agent_conv_end_methods.enabled` is where Console's "Conversation tasks workflows" stores it (the spec's
 * example shows `{"enabled": ["Leave"]}`; Flex UI 2.17.1 reads `enabled` containing `Leave` / `Pause`).
 */
export function defaultConfiguration(world: World, seed: ConfigurationSeed): JsonObject {
  const now = isoDate(world.clock.now());
  return {
    account_sid: world.accountSid,
    date_created: now,
    date_updated: now,
    attributes: {},
    status: 'ok',
    taskrouter_workspace_sid: seed.workspaceSid,
    taskrouter_target_workflow_sid: seed.workflowSid,
    taskrouter_target_taskqueue_sid: seed.queueSid,
    taskrouter_taskqueues: [{ sid: seed.queueSid, targettable: true }],
    taskrouter_skills: [],
    taskrouter_worker_channels: {},
    taskrouter_worker_attributes: {},
    taskrouter_offline_activity_sid: seed.offlineActivitySid,
    runtime_domain: 'https://emulator.twil.io',
    messaging_service_instance_sid: newSid('MG'),
    chat_service_instance_sid: seed.chatServiceSid,
    flex_service_instance_sid: seed.chatServiceSid,
    flex_instance_sid: newSid('GO'),
    ui_language: 'en',
    ui_attributes: {},
    ui_dependencies: {},
    ui_version: '2.17.1',
    service_version: '1.0',
    call_recording_enabled: false,
    call_recording_webhook_url: null,
    crm_enabled: false,
    crm_type: 'custom',
    crm_callback_url: null,
    crm_fallback_url: null,
    crm_attributes: {},
    public_attributes: {},
    plugin_service_enabled: true,
    plugin_service_attributes: {},
    integrations: [],
    outbound_call_flows: {},
    serverless_service_sids: [],
    queue_stats_configuration: {},
    notifications: {},
    markdown: {},
    url: 'https://flex-api.twilio.com/v1/Configuration',
    flex_insights_hr: {},
    flex_insights_drilldown: false,
    flex_url: 'https://flex.twilio.com',
    channel_configs: [],
    debugger_integration: {},
    flex_ui_status_report: {},
    agent_conv_end_methods: { enabled: [], dateUpdated: new Date(world.now()).toISOString() },
    citrix_voice_vdi: {},
    offline_config: {},
  };
}

/** Objects merge key by key (a `null` value removes the key); anything else replaces. */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = deepMerge(out[k] as JsonObject, v as JsonObject);
    else out[k] = v as Json;
  }
  return out;
}

/** Fields the account owns that no update may change. */
const READ_ONLY = ['account_sid', 'date_created', 'date_updated', 'url'];

export function mergeConfiguration(world: World, current: JsonObject, patch: unknown): JsonObject {
  if (!isObject(patch)) throw badRequest('The Configuration update must be a JSON object');
  const clean: JsonObject = {};
  for (const [k, v] of Object.entries(patch)) {
    if (READ_ONLY.includes(k)) continue;
    if (!(k in current)) throw badRequest(`Invalid parameter ${k}: not a property of the Flex Configuration`);
    clean[k] = v as Json;
  }
  const merged = deepMerge(current, clean);
  merged.date_updated = isoDate(world.clock.now());
  return merged;
}
