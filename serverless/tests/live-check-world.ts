import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '../../emulator/src';
import { LIVE_CHECK_PREFIX } from '../src/provisioning/live/resources';
import type { LiveCheckOptions } from '../src/provisioning/live/run';
import { createTwilioClient, type TwilioClient } from '../src/lib/twilio-client';

/*
 * What every test of the live check stands on: an emulator playing the account, the client the check drives
 * it with, and the readings of what the check left behind. live-check.test.ts walks whole conversations; the
 * mutation-live-*.test.ts files drive one step at a time on the same ground.
 */

export interface LiveCheckWorld {
  emulator: Emulator;
  client: TwilioClient;
  seed: ReturnType<Emulator['seed']>;
}

/** A fresh emulator, seeded, and a client with short retries so a lost answer costs milliseconds. */
export async function startLiveCheckWorld(): Promise<LiveCheckWorld> {
  const emulator = await startEmulator({ port: 0 });
  const seed = emulator.seed();
  const client = createTwilioClient({
    ACCOUNT_SID: emulator.accountSid,
    AUTH_TOKEN: emulator.authToken,
    TWILIO_API_BASE_URL: emulator.url,
    TWILIO_RETRY_BASE_DELAY_MS: '5',
    TWILIO_REQUEST_TIMEOUT_MS: '1000',
  });
  return { emulator, client, seed };
}

/** Waits and polls short enough for tests: the emulator answers at once. */
export const FAST: LiveCheckOptions = { waitSeconds: 2, pollMs: 20 };

/** A port free on 127.0.0.1 now: where the check's receiver listens, standing for a public URL's tunnel. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The emulator's stand-in for a Sync client (the SDK's websocket): the status a client token gets. */
export function emulatorClientRead(emulator: Emulator) {
  return async (token: string, serviceSid: string, document: string): Promise<number> => {
    const response = await fetch(
      `${emulator.url}/_emulator/sync-client/Services/${serviceSid}/Documents/${document}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    await response.arrayBuffer();
    return response.status;
  };
}

/**
 * Everything issue 18's lines need: a receiver the emulator delivers to, the Sync service with ACLs on (what
 * `npm run provision` does), an API key (Console's), a client reader.
 */
export async function issue18Means({ emulator, client, seed }: LiveCheckWorld): Promise<LiveCheckOptions> {
  await client.sync.v1.services(seed.syncServiceSid).update({ aclEnabled: true });
  const port = await freePort();
  return {
    eventsReceiver: { publicUrl: `http://127.0.0.1:${port}`, port },
    syncServiceSid: seed.syncServiceSid,
    apiKey: emulator.syncDocuments.createApiKey(),
    syncClientRead: emulatorClientRead(emulator),
  };
}

/** Everything in the emulator whose name carries the live check's prefix. */
export function leftovers(emulator: Emulator): string[] {
  const named = (value: string | null) => value !== null && value.startsWith(LIVE_CHECK_PREFIX);
  const world = emulator.world;
  return [
    ...[...world.workers.values()].filter((w) => named(w.friendlyName)).map((w) => w.sid),
    ...[...world.queues.values()].filter((q) => named(q.friendlyName)).map((q) => q.sid),
    ...[...world.workflows.values()].filter((w) => named(w.friendlyName)).map((w) => w.sid),
    ...[...world.conversations.values()]
      .filter((c) => named(c.friendlyName) || named(c.uniqueName))
      .map((c) => c.sid),
  ];
}

/** What the check must never touch: the seeded agents, queues, workflows and their states. */
export function othersOf(emulator: Emulator): string {
  const world = emulator.world;
  return JSON.stringify({
    workers: [...world.workers.values()]
      .filter((w) => !w.friendlyName.startsWith(LIVE_CHECK_PREFIX))
      .map((w) => [w.sid, w.activitySid, w.attributes]),
    queues: [...world.queues.values()]
      .filter((q) => !q.friendlyName.startsWith(LIVE_CHECK_PREFIX))
      .map((q) => [q.sid, q.targetWorkers]),
    workflows: [...world.workflows.values()]
      .filter((w) => !w.friendlyName.startsWith(LIVE_CHECK_PREFIX))
      .map((w) => [w.sid, w.configuration]),
  });
}
