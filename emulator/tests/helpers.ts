import * as http from 'http';
import type { AddressInfo } from 'net';
import type twilio from 'twilio';
import { startEmulator, type Emulator, type SeedResult } from '../src';
import { createEmulatorTwilioClient } from '../src/testing/twilio-client';

export interface Harness {
  emu: Emulator;
  seed: SeedResult;
  client: twilio.Twilio;
  ws: ReturnType<twilio.Twilio['taskrouter']['v1']['workspaces']>;
}

export async function setup(): Promise<Harness> {
  const emu = await startEmulator({ startTime: new Date('2026-11-25T12:00:00Z') });
  const seed = emu.seed();
  const client = createEmulatorTwilioClient(emu.url, emu.accountSid, emu.authToken);
  return { emu, seed, client, ws: client.taskrouter.v1.workspaces(seed.workspaceSid) };
}

export interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A local webhook target that records form-encoded POSTs. */
export async function startReceiver(path = '/events'): Promise<Receiver> {
  const received: Received[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      received.push({ url: base + (req.url ?? ''), headers: req.headers, params });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base + path,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export async function raw(
  emu: Emulator,
  method: string,
  path: string,
  body?: Record<string, string | string[]>,
  auth: string | null = `${emu.accountSid}:${emu.authToken}`,
): Promise<{ status: number; json: Record<string, unknown> | null; headers: Headers }> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body ?? {}))
    for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (auth) headers.Authorization = 'Basic ' + Buffer.from(auth).toString('base64');
  const res = await fetch(emu.url + path, {
    method,
    headers,
    body: method === 'GET' ? undefined : form.toString(),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    headers: res.headers,
  };
}

export async function control(
  emu: Emulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}
