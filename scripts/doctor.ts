/**
 * npm run doctor -- [--sync-service IS…] [--workspace WS…]
 * Reads ACCOUNT_SID and AUTH_TOKEN (TWILIO_API_BASE_URL to aim at the emulator); exits 1 if anything fails.
 */
import { parseArgs } from 'node:util';
import { adminClient, runCommand } from './admin-cli';
import { doctor } from '../serverless/src/provisioning/doctor';

async function main() {
  const { values } = parseArgs({
    options: { 'sync-service': { type: 'string' }, workspace: { type: 'string' } },
  });
  const findings = await doctor(adminClient(), {
    syncServiceSid: values['sync-service'] ?? process.env.SYNC_SERVICE_SID,
    workspaceSid: values.workspace ?? process.env.TWILIO_WORKSPACE_SID,
  });
  for (const finding of findings) console.log(`${finding.level.padEnd(4)}  ${finding.message}`);
  if (findings.some((finding) => finding.level === 'fail')) process.exit(1);
}

runCommand(main);
