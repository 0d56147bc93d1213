import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { parseLeavePause } from '../src/lib/settings';
import type { TwilioClient } from '../src/lib/twilio-client';
import type { Line } from '../src/provisioning/live/behaviours';
import { exchangeOf, type Exchange } from '../src/provisioning/live/exchange';
import type { LiveCheckOptions } from '../src/provisioning/live/options';
import { LIVE_CHECK_PREFIX, Registry } from '../src/provisioning/live/resources';
import { Walk } from '../src/provisioning/live/walk/walk';
import { oneAttemptClient, startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';

/**
 * What the tests of the live check's steps for issue 18's and 19's behaviours share (issue 20): the scripted
 * Twilio on 127.0.0.1 (fake-twilio.ts) each step is driven against, the Walk built on it, the SIDs it answers
 * with, and the probes of the events receiver. The tests: mutation-live-pause-events-webhook.test.ts,
 * mutation-live-invite-while-paused.test.ts, mutation-live-feed-acl-insights.test.ts. live-check.test.ts walks
 * whole conversations against the emulator, far too slow to run once per planted bug.
 */

export const hex = (c: string) => c.repeat(32);
export const WS = `WS${hex('1')}`;
export const WK = `WK${hex('2')}`;
export const WW = `WW${hex('3')}`;
export const CH = `CH${hex('4')}`;
export const KD = `KD${hex('5')}`;
export const UO = `UO${hex('6')}`;
export const WH = `WH${hex('7')}`;
export const IM = `IM${hex('8')}`;
export const IS = `IS${hex('9')}`;
export const ET = `ET${hex('a')}`;
export const WR = `WR${hex('b')}`;
export const RUN = 'run1';
export const NAME = `${LIVE_CHECK_PREFIX}-${RUN}`;
export const AUTH_TOKEN = 'secret';
export const ACCOUNT = `AC${hex('a')}`;

export const EARLIER: Exchange = exchangeOf(
  { method: 'post', uri: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers` },
  201,
  '{}',
);

export type Handler = (body: URLSearchParams, path: string) => FakeAnswer | Promise<FakeAnswer>;
export type Route = [method: string, path: RegExp, handler: Handler];

export let fake: FakeTwilio;
let unrouted: string[];

/** A scripted Twilio for each test of the calling file; a test fails on any request it was not scripted for. */
export function fakeTwilioPerTest(): void {
  beforeEach(async () => {
    fake = await startFakeTwilio();
    unrouted = [];
  });
  afterEach(async () => {
    await fake.close();
    // Every request a test's Twilio was not scripted for is a request the step should not have made.
    expect(unrouted).toEqual([]);
  });
}

/** Answers each request by the first route matching its method and path (query included). */
export function routes(list: Route[]): void {
  fake.script = (request) => {
    const body = new URLSearchParams(fake.bodies[fake.bodies.length - 1]);
    const route = list.find(([method, path]) => method === request.method && path.test(request.path));
    if (!route) {
      unrouted.push(`${request.method} ${request.path}`);
      return { status: 404, body: { code: 20404, message: 'not scripted' } };
    }
    return route[2](body, request.path);
  };
}

export const answer =
  (status: number, body: unknown = {}): Handler =>
  () => ({ status, body });

export function walkOn(
  options: LiveCheckOptions = {},
  client: TwilioClient = oneAttemptClient(fake),
): { walk: Walk; lines: Line[] } {
  const lines: Line[] = [];
  const settings = parseLeavePause(undefined).config;
  // By default a client of its own per walk; a walk's recorder logs only its own requests even on a shared
  // client (recordingClient keeps its own domains), which the webhook's tests show with one.
  const walk = new Walk(
    client,
    new Registry(WS),
    settings,
    RUN,
    { waitSeconds: 0.3, pollMs: 5, ...options },
    (line) => lines.push(line),
  );
  walk.workerSid = WK;
  walk.workflowSid = WW;
  // An earlier step's request: a step's evidence is only what it sent itself.
  walk.log.push(EARLIER);
  return { walk, lines };
}

export const evidence = (method: string, path: string, status: number, errorCode: number | null = null) => ({
  method,
  path,
  status,
  errorCode,
});

export const seenPaths = () => fake.seen.map((s) => `${s.method} ${s.path}`);

export interface Delivered {
  status: number;
  contentType: string | null;
  text: string;
}

/** Twilio delivering an event to the check's receiver: a form POST, signed (or not) for `url`. */
export async function deliver(
  port: number,
  params: Record<string, string>,
  signature: string | null,
): Promise<Delivered> {
  const response = await fetch(`http://127.0.0.1:${port}/pause-events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(signature !== null ? { 'X-Twilio-Signature': signature } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

/**
 * The local addresses listening on `port`, read from the kernel's socket tables (Linux; the check is skipped
 * where they are not readable).
 */
export function listenersOn(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/);
      // 0A: LISTEN. IPv4 addresses are little-endian hex; anything else (0.0.0.0, ::) is named as it is.
      if (state !== '0A' || !local) continue;
      const [address, portHex] = local.split(':');
      if (parseInt(portHex, 16) !== port) continue;
      found.push(
        address.length === 8
          ? `${(address.match(/../g) ?? [])
              .reverse()
              .map((b) => parseInt(b, 16))
              .join('.')}:${port}`
          : `${address}:${port}`,
      );
    }
  }
  return found;
}

export async function canListen(port: number): Promise<boolean> {
  const server = http.createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise((resolve) => server.close(resolve));
  return bound;
}
