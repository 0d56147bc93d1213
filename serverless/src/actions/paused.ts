import { beginAgentAction } from '../lib/action';
import { twilioNow } from '../lib/clock';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { PauseStore, type PauseRecord } from '../lib/pause-store';
import { syncServiceSidFrom } from '../lib/settings';

export interface PausedResult {
  paused: PauseRecord[];
}

/**
 * The calling agent's paused conversations, from the server-owned Sync records only (never from task
 * attributes), soonest deadline first. A record past its deadline is left out: Twilio has rerouted it.
 */
export async function listPaused(context: FunctionContext, event: FunctionEvent): Promise<PausedResult> {
  const { caller, client } = await beginAgentAction(context, event, [], undefined, false);
  const store = new PauseStore(client, syncServiceSidFrom(context));
  const records = await store.list(caller.workerSid);
  const now = twilioNow().getTime();
  return {
    paused: records
      .filter((record) => Date.parse(record.reassignAt) > now)
      .sort((a, b) => Date.parse(a.reassignAt) - Date.parse(b.reassignAt)),
  };
}
