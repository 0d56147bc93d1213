/**
 * npm run provision -- --workspace WS… [--functions-url https://….twil.io] [--replace-event-callback]
 * Uses ACCOUNT_SID and AUTH_TOKEN from the environment (TWILIO_API_BASE_URL to aim at the emulator).
 */
import { parseArgs } from 'node:util';
import { provision } from '../serverless/src/provisioning/provision';
import { adminContext, runCommand } from './admin-cli';

async function main() {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      'functions-url': { type: 'string' },
      'replace-event-callback': { type: 'boolean', default: false },
    },
  });
  const { workspaceSid, client } = adminContext(values.workspace);
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

runCommand(main);
