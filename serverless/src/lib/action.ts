import { authenticate, type FlexIdentity } from './auth';
import { ActionError } from './errors';
import type { FunctionContext, FunctionEvent } from './http';
import { parseInput, type SID_PATTERNS } from './input';
import { settingsFor, type Settings } from './settings';
import { createTwilioClient, type TwilioClient } from './twilio-client';

export interface AgentAction<F extends keyof typeof SID_PATTERNS> {
  input: { token: string } & Record<F, string>;
  caller: FlexIdentity;
  client: TwilioClient;
  settings: Settings;
}

/**
 * The common start of every agent-facing action, cheapest failure first: the input, the caller's token (who
 * calls), then the admin's settings (both cached on a warm instance).
 */
export async function beginAgentAction<F extends keyof typeof SID_PATTERNS>(
  context: FunctionContext,
  event: FunctionEvent,
  sids: readonly F[],
): Promise<AgentAction<F>> {
  const input = parseInput(event, sids);
  const caller = await authenticate(context, input.token);
  const client = createTwilioClient(context);
  const settings = await settingsFor(context, client);
  return { input, caller, client, settings };
}

export function requireEnabled(settings: Settings, feature: 'leave' | 'pause'): void {
  if (!settings[feature].enabled) {
    throw new ActionError(
      409,
      'feature_off',
      `${feature === 'leave' ? 'Leave' : 'Pause'} is turned off in the Flex configuration (ui_attributes.custom_data.leavePause.${feature}.enabled)`,
    );
  }
}
