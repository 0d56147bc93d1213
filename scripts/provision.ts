/**
 * npm run provision
 * Uses ACCOUNT_SID and AUTH_TOKEN from the environment (TWILIO_API_BASE_URL to aim at the emulator).
 */
import { provision } from '../serverless/src/provisioning/provision';
import { adminClient, runCommand } from './admin-cli';

async function main() {
  const result = await provision(adminClient());
  for (const change of result.changes) console.log(`changed: ${change}`);
  if (result.changes.length === 0) console.log('nothing to change: already provisioned');
  console.log('\nSet this in the Functions environment (serverless/.env):');
  console.log(`SYNC_SERVICE_SID=${result.syncServiceSid}`);
}

runCommand(main);
