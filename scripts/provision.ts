/**
 * npm run provision -- --workspace WS… [--functions-url https://….twil.io] [--replace-event-callback]
 * Uses ACCOUNT_SID and AUTH_TOKEN from the environment (TWILIO_API_BASE_URL to aim at the emulator).
 */
import { parseArgs } from 'node:util';
import { provision } from '../serverless/src/provisioning/provision';
import { createTwilioClient } from '../serverless/src/lib/twilio-client';

async function main() {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      'functions-url': { type: 'string' },
      'replace-event-callback': { type: 'boolean', default: false },
    },
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
  const result = await provision(client, {
    workspaceSid,
    functionsBaseUrl: values['functions-url'],
    replaceEventCallback: values['replace-event-callback'],
  });
  for (const change of result.changes) console.log(`changed: ${change}`);
  if (result.changes.length === 0) console.log('nothing to change: already provisioned');
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  console.log('\nSet these in the Functions environment (serverless/.env):');
  console.log(`TWILIO_WORKSPACE_SID=${workspaceSid}`);
  console.log(`PAUSE_TIMER_WORKFLOW_SID=${result.timerWorkflowSid}`);
  console.log(`ROUTE_BACK_WORKFLOW_SID=${result.routeBackWorkflowSid}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
