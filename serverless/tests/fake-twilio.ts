import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioClient, type TwilioClient } from '../src/lib/twilio-client';

/**
 * A bare HTTP server on 127.0.0.1 that plays Twilio for the tests of one module at a time (the mutation tests):
 * each request is answered from a script, so a test can give exactly the answer a branch needs — a lost
 * answer, a 200 that says the change failed — which the emulator gives only through its fault injection.
 */
export type FakeAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop'; // the connection is reset before any answer: ECONNRESET

export interface SeenRequest {
  method: string;
  /** Path and query, as received (with the emulator base's host prefix, e.g. `/flex-api/v1/…`). */
  path: string;
}

export interface FakeTwilio {
  base: string;
  seen: SeenRequest[];
  /** The raw bodies, in the order of `seen`. */
  bodies: string[];
  /** The request headers (names in lower case), in the order of `seen`: a conditional update's If-Match. */
  headers: http.IncomingHttpHeaders[];
  /**
   * Answers in order, the last one repeating; or one answer chosen per request (a promise holds the answer back
   * until it settles: what a test of requests made side by side needs).
   */
  script: FakeAnswer[] | ((request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>);
  close(): Promise<void>;
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const fake = {
    seen: [] as SeenRequest[],
    bodies: [] as string[],
    headers: [] as http.IncomingHttpHeaders[],
    script: [] as FakeTwilio['script'],
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = { method: request.method ?? '', path: request.url ?? '' };
      fake.seen.push(seen);
      fake.bodies.push(Buffer.concat(chunks).toString('utf8'));
      fake.headers.push(request.headers);
      const script = fake.script;
      const chosen =
        typeof script === 'function'
          ? script(seen)
          : (script[Math.min(fake.seen.length - 1, script.length - 1)] ?? { status: 200 });
      void Promise.resolve(chosen).then((answer) => {
        if (answer === 'drop') {
          request.socket.destroy();
          return;
        }
        response.writeHead(answer.status, { 'Content-Type': 'application/json', ...(answer.headers ?? {}) });
        response.end(JSON.stringify(answer.body ?? {}));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/**
 * The Functions' Twilio client pointed at `fake`, one attempt per request and no waiting: each test scripts every
 * answer itself, so a retry would only consume the next scripted answer.
 */
export function oneAttemptClient(fake: FakeTwilio, accountSid = 'AC' + 'a'.repeat(32)): TwilioClient {
  return createTwilioClient(
    { ACCOUNT_SID: accountSid, AUTH_TOKEN: 'secret', TWILIO_API_BASE_URL: fake.base },
    { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, requestTimeoutMs: 10_000 },
  );
}
