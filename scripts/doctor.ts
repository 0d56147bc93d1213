/**
 * npm run doctor -- --workspace WS… [--functions-url https://….twil.io]
 * Reads ACCOUNT_SID and AUTH_TOKEN (TWILIO_API_BASE_URL to aim at the emulator); exits 1 if anything fails.
 */
import { parseArgs } from 'node:util';
import { adminContext, runCommand } from './admin-cli';
import { doctor } from '../serverless/src/provisioning/doctor';

async function main() {
  const { values } = parseArgs({
    options: { workspace: { type: 'string' }, 'functions-url': { type: 'string' } },
  });
  const { workspaceSid, client } = adminContext(values.workspace);
  const findings = await doctor(client, { workspaceSid, functionsBaseUrl: values['functions-url'] });
  for (const finding of findings) console.log(`${finding.level.padEnd(4)}  ${finding.message}`);
  if (findings.some((finding) => finding.level === 'fail')) process.exit(1);
}

runCommand(main);
