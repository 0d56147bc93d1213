/**
 * npm run configure -- --file leavePause.json [--live-report leave-pause-live-check.json]
 * Writes the Leave & Pause settings into the Flex configuration (ui_attributes.custom_data.leavePause), after
 * checking them with the parser the plugin and the Functions use, keeping every other key. Reads ACCOUNT_SID
 * and AUTH_TOKEN (TWILIO_API_BASE_URL to aim at the emulator). `returnToQueue: {"enabled": true}` needs the report
 * of a live check (npm run doctor -- --live) in which invite-while-paused holds.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configureLeavePause, type LiveReportEvidence } from '../serverless/src/provisioning/configure';
import { adminClient, runCommand } from './admin-cli';

async function main() {
  const { values } = parseArgs({
    options: { file: { type: 'string' }, 'live-report': { type: 'string' } },
  });
  if (!values.file) throw new Error('Pass --file <path to a JSON file with the leavePause settings>');
  const settings: unknown = JSON.parse(readFileSync(values.file, 'utf8'));
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new Error(`${values.file} must hold one JSON object: the leavePause settings`);
  }
  const report = values['live-report']
    ? (JSON.parse(readFileSync(values['live-report'], 'utf8')) as LiveReportEvidence)
    : undefined;
  const result = await configureLeavePause(adminClient(), settings as Record<string, unknown>, report);
  console.log(`before: ${JSON.stringify(result.previous ?? null)}`);
  console.log(`now:    ${JSON.stringify(result.current)}`);
}

runCommand(main);
