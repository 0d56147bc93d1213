/**
 * npm run doctor -- [--sync-service IS…] [--workspace WS…]
 * npm run doctor -- --live [--workspace WS…] [--report file.json] [--wait-seconds 30]   (on a TEST account: creates and removes
 *                                                                   its own throwaway resources)
 *                        [--sync-service IS…] [--public-url https://… --listen-port 8787]   (live-feed-acl, pause-events-webhook)
 *                        [--only invite-while-paused]   (that one step: Return to the queue's evidence, nothing else)
 * npm run doctor -- --cleanup [--workspace WS…] [--sync-service IS…]  (removes what a live check left behind)
 * Reads ACCOUNT_SID and AUTH_TOKEN (TWILIO_API_BASE_URL to aim at the emulator); exits 1 if anything fails.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { adminClient, runCommand } from './admin-cli';
import { doctor } from '../serverless/src/provisioning/doctor';
import { formatLine, OPTIONAL_BEHAVIOURS } from '../serverless/src/provisioning/live/behaviours';
import { findLeftovers, removeCreated } from '../serverless/src/provisioning/live/resources';
import { ONLY_INVITE_WHILE_PAUSED, runLiveCheck } from '../serverless/src/provisioning/live/run';
import { fetchFlexConfiguration } from '../serverless/src/lib/settings';

const DEFAULT_REPORT = 'leave-pause-live-check.json';

async function workspaceOf(option: string | undefined): Promise<string> {
  if (option) return option;
  const configuration = await fetchFlexConfiguration(adminClient());
  const sid = configuration.taskrouter_workspace_sid;
  if (typeof sid !== 'string')
    throw new Error('the Flex configuration names no workspace: pass --workspace WS…');
  return sid;
}

interface LiveExtras {
  syncServiceSid?: string;
  eventsReceiver?: { publicUrl: string; port: number };
  only?: typeof ONLY_INVITE_WHILE_PAUSED;
}

/**
 * `live-feed-acl`'s client read where there is one: the emulator's stand-in for the Sync SDK's websocket
 * (`/_emulator/sync-client/…`, the same checks a client meets). A real account's Sync clients speak only the
 * SDK, which the check does not carry: there the line reports the REST side and skips the client read.
 */
function syncClientReadFor(baseUrl: string | undefined) {
  if (!baseUrl) return undefined;
  return async (token: string, serviceSid: string, document: string): Promise<number> => {
    const url = new URL(
      `/_emulator/sync-client/Services/${serviceSid}/Documents/${encodeURIComponent(document)}`,
      baseUrl,
    );
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  };
}

async function live(
  workspace: string | undefined,
  reportFile: string,
  waitSeconds: number | undefined,
  extras: LiveExtras,
) {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    console.log('interrupted: removing what this run created (Ctrl-C again to quit at once)…');
    controller.abort();
  });
  console.log(
    extras.only
      ? `Live contract check, ${extras.only} only: a walk on throwaway resources named leave-pause-live-check-…`
      : 'Live contract check: a probe, then a walk on throwaway resources named leave-pause-live-check-…',
  );
  const report = await runLiveCheck(adminClient(), {
    workspaceSid: workspace,
    waitSeconds,
    ...extras,
    apiKey:
      process.env.TWILIO_API_KEY && process.env.TWILIO_API_SECRET
        ? { sid: process.env.TWILIO_API_KEY, secret: process.env.TWILIO_API_SECRET }
        : undefined,
    syncClientRead: syncClientReadFor(process.env.TWILIO_API_BASE_URL),
    signal: controller.signal,
    onLine: (line) => console.log(formatLine(line)),
    onNote: (text) => console.log(`note           ${text}`),
  });
  const skipped = report.lines.filter((line) => line.verdict === 'skipped').map((line) => line.id);
  if (skipped.length > 0) console.log(`\nnot walked on this run (nothing proven): ${skipped.join(', ')}`);
  if (report.stopped) console.log(`\nstopped: ${report.stopped}`);
  if (report.joinedThrough.length > 0)
    console.log(`\nthe test worker joined through: ${report.joinedThrough.join(', ')}`);
  for (const removal of report.cleanup) {
    console.log(
      `removed  ${removal.kind.padEnd(13)} ${removal.sid} ${removal.name}: ${removal.result}${removal.detail ? ` (${removal.detail})` : ''}`,
    );
  }
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report written to ${reportFile}`);
  const clean = report.cleanup.every((removal) => removal.result !== 'failed');
  if (!clean) console.log('some resources could not be removed: run npm run doctor -- --cleanup');
  // An optional feature's line that fails is an answer about the account (the feature stays hidden); a
  // skipped line proves nothing and is listed, but is not a failure.
  const broken = report.lines.some(
    (line) =>
      line.verdict !== 'holds' &&
      line.verdict !== 'skipped' &&
      !(line.verdict === 'fails' && OPTIONAL_BEHAVIOURS.has(line.id)),
  );

  if (report.stopped || !clean || broken) process.exit(1);
}

async function cleanup(workspace: string | undefined, syncServiceSid: string | undefined) {
  const client = adminClient();
  const leftovers = await findLeftovers(client, await workspaceOf(workspace), syncServiceSid);
  if (leftovers.created.length === 0) console.log('nothing named leave-pause-live-check-… is left');
  const removals = await removeCreated(client, leftovers);
  for (const removal of removals) {
    console.log(
      `removed  ${removal.kind.padEnd(13)} ${removal.sid} ${removal.name}: ${removal.result}${removal.detail ? ` (${removal.detail})` : ''}`,
    );
  }
  if (removals.some((removal) => removal.result === 'failed')) process.exit(1);
}

async function main() {
  const { values } = parseArgs({
    options: {
      'sync-service': { type: 'string' },
      workspace: { type: 'string' },
      live: { type: 'boolean' },
      cleanup: { type: 'boolean' },
      report: { type: 'string' },
      'wait-seconds': { type: 'string' },
      'public-url': { type: 'string' },
      'listen-port': { type: 'string' },
      only: { type: 'string' },
    },
  });
  if (values.only !== undefined && values.only !== ONLY_INVITE_WHILE_PAUSED)
    throw new Error(`--only takes one step: ${ONLY_INVITE_WHILE_PAUSED}`);
  const workspace = values.workspace ?? process.env.TWILIO_WORKSPACE_SID;
  const wait = values['wait-seconds'] === undefined ? undefined : Number(values['wait-seconds']);
  if (wait !== undefined && !(Number.isFinite(wait) && wait > 0 && wait <= 600))
    throw new Error('--wait-seconds must be a number of seconds from 1 to 600');
  const port = Number(values['listen-port'] ?? 8787);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536))
    throw new Error('--listen-port must be a port number');
  if (values['public-url'] !== undefined && !/^https?:\/\//.test(values['public-url']))
    throw new Error('--public-url must be an http(s) URL that forwards to --listen-port on this machine');
  if (values.live)
    return live(workspace, values.report ?? DEFAULT_REPORT, wait, {
      syncServiceSid: values['sync-service'] ?? process.env.SYNC_SERVICE_SID,
      eventsReceiver: values['public-url'] ? { publicUrl: values['public-url'], port } : undefined,
      only: values.only === ONLY_INVITE_WHILE_PAUSED ? ONLY_INVITE_WHILE_PAUSED : undefined,
    });
  if (values.cleanup) return cleanup(workspace, values['sync-service'] ?? process.env.SYNC_SERVICE_SID);
  const findings = await doctor(adminClient(), {
    syncServiceSid: values['sync-service'] ?? process.env.SYNC_SERVICE_SID,
    workspaceSid: workspace,
    liveKey: { sid: process.env.TWILIO_API_KEY, secretSet: Boolean(process.env.TWILIO_API_SECRET) },
  });
  for (const finding of findings) console.log(`${finding.level.padEnd(4)}  ${finding.message}`);
  if (findings.some((finding) => finding.level === 'fail')) process.exit(1);
}

runCommand(main);
