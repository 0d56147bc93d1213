import { fetchFlexConfiguration, parseLeavePause } from '../lib/settings';
import type { TwilioClient } from '../lib/twilio-client';

export interface ConfigureResult {
  /** What `ui_attributes.custom_data.leavePause` held before (undefined when unset). */
  previous: unknown;
  /** What it holds now. */
  current: Record<string, unknown>;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Writes the admin's settings into the one place the plugin and the Functions read them,
 * `ui_attributes.custom_data.leavePause` of the Flex configuration. The settings are checked first with the
 * parser both read them with, so a typo is refused here instead of silently turning a feature off for every
 * agent, and so is a key that is no longer read (`leave.routing`), which would only mislead. Everything else
 * in `ui_attributes` (other plugins' `custom_data`, Flex's own keys) is read and written back unchanged: the
 * update merges, it never overwrites what others stored.
 */
export async function configureLeavePause(
  client: TwilioClient,
  settings: Record<string, unknown>,
): Promise<ConfigureResult> {
  const { problems } = parseLeavePause(settings);
  if (problems.length > 0) {
    throw new Error(`these settings need a change, nothing was written:\n- ${problems.join('\n- ')}`);
  }
  const configuration = await fetchFlexConfiguration(client);
  const ui = asObject(configuration.ui_attributes);
  const custom = asObject(ui.custom_data);
  const previous = custom.leavePause;
  const uiAttributes = { ...ui, custom_data: { ...custom, leavePause: settings } };
  await client.flexApi.v1.configuration().update({
    account_sid: typeof configuration.account_sid === 'string' ? configuration.account_sid : undefined,
    ui_attributes: uiAttributes,
  });
  const after = asObject(asObject((await fetchFlexConfiguration(client)).ui_attributes).custom_data);
  return { previous, current: asObject(after.leavePause) };
}
