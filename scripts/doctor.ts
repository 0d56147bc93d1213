/**
 * npm run doctor -- --workspace WS… [--functions-url https://….twil.io]
 * Reads ACCOUNT_SID and AUTH_TOKEN (TWILIO_API_BASE_URL to aim at the emulator); exits 1 if anything fails.
 */
import { parseArgs } from 'node:util';
import { createTwilioClient } from '../serverless/src/lib/twilio-client';
import { doctor } from '../serverless/src/provisioning/doctor';

async function main() {
  const { values } = parseArgs({
    options: { workspace: { type: 'string' }, 'functions-url': { type: 'string' } },
  });
  const workspaceSid = values.workspace ?? process.env.TWILIO_WORKSPACE_SID;
  if (!workspaceSid || !/^WS[0-9a-fA-F]{32}$/.test(workspaceSid)) {
    throw new Error('Pass --workspace WS… (your Flex TaskRouter workspace SID) or set TWILIO_WORKSPACE_SID');
  }
  const client = createTwilioClient({
    ACCOUNT_SID: process.env.ACCOUNT_SID ?? process.env.TWILIO_ACCOUNT_SID,
    AUTH_TOKEN: process.env.AUTH_TOKEN ?? process.env.TWILIO_AUTH_TOKEN,
    TWILIO_API_BASE_URL: process.env.TWILIO_API_BASE_URL,
  });
  const findings = await doctor(client, { workspaceSid, functionsBaseUrl: values['functions-url'] });
  for (const finding of findings) console.log(`${finding.level.padEnd(4)}  ${finding.message}`);
  if (findings.some((finding) => finding.level === 'fail')) process.exit(1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
