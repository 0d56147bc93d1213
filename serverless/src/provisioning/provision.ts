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
 * pause limit and the reroute at it. Only the Functions write this service; an agent's token (/live-token) reads
 * only that agent's feed document, which the service's ACLs (turned on here) enforce.
 */
export async function provision(client: TwilioClient): Promise<ProvisionResult> {
  const changes: string[] = [];
  const services = await client.sync.v1.services.list({ limit: 100 });
  let service = services.find((candidate) => candidate.friendlyName === SYNC_SERVICE_NAME);
  // With ACLs on, a client token reads only what its identity is granted: an agent's live-feed token then
  // reads that agent's feed document and nothing else of this service (issue 18; lib/live-feed.ts).
  if (!service) {
    service = await client.sync.v1.services.create({ friendlyName: SYNC_SERVICE_NAME, aclEnabled: true });
    changes.push(`created Sync service "${SYNC_SERVICE_NAME}" (${service.sid})`);
  } else if (!service.aclEnabled) {
    // A service provisioned before the live feed has them off.
    service = await client.sync.v1.services(service.sid).update({ aclEnabled: true });
    changes.push(`turned ACLs on for Sync service "${SYNC_SERVICE_NAME}"`);
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
