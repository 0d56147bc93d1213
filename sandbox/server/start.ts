/**
 * One command for the whole local flow: the Twilio emulator, the real Functions under twilio-run, and the
 * sandbox page, all on 127.0.0.1. Ports come from the environment so tests can run several side by side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { startEmulator } from '../../emulator/src';
import { createTwilioClient } from '../../serverless/src/lib/twilio-client';
import { createSandboxApi, SANDBOX_PAUSE_REASONS } from './api';
import { createLive } from './live';
import { createPausedFeed } from './paused-feed';
import { createReturnEvidence } from './return-evidence';

const repoRoot = path.resolve(__dirname, '../..');

function port(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function bundleSandboxPage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'sandbox/app/main.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: false,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

function buildFunctions(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/build-functions.mjs')], {
      stdio: 'inherit',
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`building functions exited ${code}`)),
    );
  });
}

function startFunctions(functionsPort: number, env: Record<string, string>): ChildProcess {
  const twilioRun = path.join(repoRoot, 'node_modules/twilio-run/bin/twilio-run.js');
  const child = spawn(
    process.execPath,
    [
      // twilio-run has no host option; this preload makes it listen on 127.0.0.1 only (see the file).
      '--require',
      path.join(repoRoot, 'sandbox/server/loopback-only.cjs'),
      twilioRun,
      'start',
      '--cwd',
      path.join(repoRoot, 'serverless/dist'),
      '--port',
      String(functionsPort),
      '--load-local-env',
      '--no-live',
      // Twilio runs a Function in a warm process, not one per request as twilio-run does by default; the
      // bench sets FUNCTIONS_FORK_PROCESS=off to time the Functions that way too (bench/customer-message-latency.ts).
      ...(process.env.FUNCTIONS_FORK_PROCESS === 'off' ? ['--no-fork-process'] : []),
      // A bench posting many events keeps its output to its figures.
      ...(process.env.FUNCTIONS_REQUEST_LOGS === 'off' ? ['--no-logs'] : []),
    ],
    // twilio-run runs each request in a forked process; one still answering when twilio-run is stopped would be
    // orphaned, spinning and holding our stdout open (a test runner waiting for it then never ends). A process
    // group of its own lets stopFunctions end twilio-run and every process it forked together.
    { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'], detached: true },
  );
  const stop = () => stopFunctions(child);
  // Detached, the group would outlive an abrupt exit of this process: end it then too.
  process.once('exit', stop);
  child.once('exit', () => process.removeListener('exit', stop));
  return child;
}

function stopFunctions(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // The group is gone already.
  }
}

/**
 * The sandbox's Flex configuration, from a few environment variables for convenience (a real account sets
 * `ui_attributes.custom_data.leavePause` through the Flex Configuration API instead).
 */
export function sandboxSettings(functionsUrl: string) {
  const env = process.env;
  const minutes = Number(env.PAUSE_TIME_LIMIT_MINUTES ?? 14 * 24 * 60);
  return {
    leavePause: {
      backendUrl: functionsUrl,
      leave: { enabled: env.SANDBOX_LEAVE !== 'off' },
      pause: {
        enabled: env.SANDBOX_PAUSE !== 'off',
        timeLimitMinutes: minutes,
        // Pause reasons (issue 18): SANDBOX_PAUSE_REASONS=on starts with the demo's reasons (the admin can also
        // turn them on and off from the page).
        ...(env.SANDBOX_PAUSE_REASONS === 'on' ? { reasons: SANDBOX_PAUSE_REASONS, reasonNote: true } : {}),
        // The customer writes during a pause (issue 18): SANDBOX_ON_CUSTOMER_MESSAGE=resume brings the
        // conversation back to the pausing agent; unset, Twilio's default, the agent is notified.
        ...(env.SANDBOX_ON_CUSTOMER_MESSAGE === 'resume' ? { onCustomerMessage: 'resume' } : {}),
      },
      routingStatus: env.LEAVE_PAUSE_ROUTING_STATUS === 'wrapup' ? 'wrapup' : 'closed',
      supervisorsMayAct: env.SUPERVISORS_MAY_ACT === 'true',
    },
    pauseLimitSeconds: minutes * 60,
  };
}

export async function startSandbox() {
  const emulatorPort = port('EMULATOR_PORT', 4010);
  const functionsPort = port('FUNCTIONS_PORT', 3000);
  const sandboxPort = port('SANDBOX_PORT', 8080);

  const emulator = await startEmulator({ port: emulatorPort });
  const seed = await emulator.seed();
  const apiKey = emulator.syncDocuments.createApiKey();
  const functionsUrl = `http://127.0.0.1:${functionsPort}`;
  const functionsEnv: Record<string, string> = {
    ACCOUNT_SID: emulator.accountSid,
    AUTH_TOKEN: emulator.authToken,
    TWILIO_API_BASE_URL: emulator.url,
    // The pause records' store: the emulator seeds a Sync service (npm run provision makes one on an account).
    SYNC_SERVICE_SID: seed.syncServiceSid,
    // The key that signs the agents' live-feed tokens (an admin creates one in Console; the emulator here).
    TWILIO_API_KEY: apiKey.sid,
    TWILIO_API_SECRET: apiKey.secret,
  };
  const client = createTwilioClient(functionsEnv);
  const { leavePause, pauseLimitSeconds } = sandboxSettings(functionsUrl);
  // The admin's settings live in the Flex configuration, where the Functions read them; Twilio's own pause
  // limit (Console's "Conversation tasks workflows") is the emulator's setting.
  emulator.updateFlexConfiguration({ ui_attributes: { custom_data: { leavePause } } });
  emulator.configure({ pauseLimitSeconds });
  // Return to the queue (issue 18): what the emulator plays for an invite on a paused channel, which Twilio does
  // not document. The team view offers the action only after the live check's step saw it hold (demo controls).
  if (process.env.SANDBOX_INVITES_WHILE_PAUSED === 'routed')
    emulator.configure({ invitesWhilePaused: 'routed' });

  await buildFunctions();
  const functions = startFunctions(functionsPort, functionsEnv);
  await waitForHttp(`${functionsUrl}/leave`, 30_000);

  const page = await bundleSandboxPage();
  const api = createSandboxApi({
    emulator,
    seed,
    client,
    page,
    indexHtml: readFileSync(path.join(repoRoot, 'sandbox/public/index.html'), 'utf8'),
    config: {
      functionsUrl,
      emulatorUrl: emulator.url,
      leaveEnabled: process.env.SANDBOX_LEAVE !== 'off',
      pauseEnabled: process.env.SANDBOX_PAUSE !== 'off',
    },
  });
  // The desk's live state and demo controls (sandbox/server/live.ts) answer first; the rest is the API above.
  const live = createLive({ emulator, seed, client });
  const pausedFeed = createPausedFeed({ functionsUrl, emulatorUrl: emulator.url });
  const returnEvidence = createReturnEvidence({
    emulator,
    client,
    syncServiceSid: seed.syncServiceSid,
    functionsUrl,
  });
  const desk = live.wrap(api);
  const server = http.createServer((request, response) => {
    if (!pausedFeed.handle(request, response) && !returnEvidence.handle(request, response))
      desk(request, response);
  });
  await new Promise<void>((resolve) => server.listen(sandboxPort, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : sandboxPort}`;

  const stop = async () => {
    stopFunctions(functions);
    live.close();
    pausedFeed.close();
    server.close();
    await emulator.close();
  };
  // The emulator object too, for the benches that time what it sees (its request log, its webhook deliveries).
  return { url, functionsUrl, emulatorUrl: emulator.url, emulator, stop };
}

if (require.main === module) {
  startSandbox()
    .then(({ url, functionsUrl, emulatorUrl, stop }) => {
      console.log(
        `\nSandbox ready: ${url}\n  functions (twilio-run): ${functionsUrl}\n  Twilio emulator: ${emulatorUrl}\n`,
      );
      const shutdown = () => void stop().then(() => process.exit(0));
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
