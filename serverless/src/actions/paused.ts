import { beginAgentAction } from '../lib/action';
import { twilioNow } from '../lib/clock';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import type { FunctionEvent } from '../lib/runtime';
import { PauseStore, type PauseRecord } from '../lib/pause-store';

export interface PausedResult {
  paused: PauseRecord[];
}

/**
 * The calling agent's paused conversations, from the server-owned Sync records only (never from task
 * attributes), soonest deadline first. A record past its deadline is left out: Twilio has rerouted it.
 */
export async function listPaused(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
): Promise<PausedResult> {
  const { caller, client } = await beginAgentAction(environment, event, [], undefined, false);
  const store = new PauseStore(client, syncServiceSidFrom(environment));
  const records = await store.list(caller.workerSid);
  const now = twilioNow().getTime();
  return {
    paused: records
      .filter((record) => Date.parse(record.reassignAt) > now)
      .sort((a, b) => Date.parse(a.reassignAt) - Date.parse(b.reassignAt)),
  };
}
