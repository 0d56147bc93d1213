import { REQUEST_MAP_NAME } from '../lib/idempotency';
import { PAUSE_MAP_NAME } from '../lib/pause-store';
import type { TwilioClient } from '../lib/twilio-client';

export const SYNC_SERVICE_NAME = 'Leave & Pause';

export interface ProvisionResult {
  syncServiceSid: string;
  changes: string[];
}

/**
 * Creates what the engine needs, only where missing (found by name, so running it twice changes nothing):
 * the Sync service and map that hold the pause records. Everything else is Twilio's own: the channel states, the
 * pause limit and the reroute at it. Agents get no Sync token for this service: only the Functions write it.
 */
export async function provision(client: TwilioClient): Promise<ProvisionResult> {
  const changes: string[] = [];
  const services = await client.sync.v1.services.list({ limit: 100 });
  let service = services.find((candidate) => candidate.friendlyName === SYNC_SERVICE_NAME);
  if (!service) {
    service = await client.sync.v1.services.create({ friendlyName: SYNC_SERVICE_NAME });
    changes.push(`created Sync service "${SYNC_SERVICE_NAME}" (${service.sid})`);
  }
  const maps = client.sync.v1.services(service.sid).syncMaps;
  // The pause records, and the first outcome of each recent request (repeats are answered from it).
  for (const name of [PAUSE_MAP_NAME, REQUEST_MAP_NAME]) {
    try {
      await maps(name).fetch();
    } catch (error) {
      if (!(error && typeof error === 'object' && 'status' in error && error.status === 404)) throw error;
      await maps.create({ uniqueName: name });
      changes.push(`created Sync map "${name}"`);
    }
  }
  return { syncServiceSid: service.sid, changes };
}
