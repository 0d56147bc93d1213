import path from 'node:path';
import { handler as pauseHandler } from '../src/functions/pause';
import type { FunctionContext } from '../src/lib/http';
import { forgetCachedSettings } from '../src/lib/settings';
import { forgetAcceptedTokens } from '../src/lib/auth';
import { runtimeEvent, startBackend, type Backend } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const SOURCE_ROOT = path.resolve(__dirname, '../src');

/**
 * The runtime's `context` wrapped so that every read of one of its properties is put down to the module of
 * serverless/src that made it (the first such frame of the stack: ts-jest maps frames to the .ts sources).
 */
function countingContext(base: FunctionContext): { context: FunctionContext; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const context = new Proxy(base, {
    get(target, property, receiver) {
      const frames = new Error().stack?.split('\n').slice(2) ?? [];
      const frame = frames.find((line) => line.includes(SOURCE_ROOT));
      if (frame) {
        const file = /\((.*?):\d+:\d+\)$|at (.*?):\d+:\d+$/.exec(frame);
        const where = path.relative(SOURCE_ROOT, (file?.[1] ?? file?.[2] ?? '').trim());
        reads.set(where, (reads.get(where) ?? 0) + 1);
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { context, reads };
}

async function pauseCounting(): Promise<{ status: number; reads: Map<string, number> }> {
  const conversation = await backend.assignedConversation();
  const { context, reads } = countingContext({
    DOMAIN_NAME: '127.0.0.1',
    PATH: '/pause',
    ...backend.env,
    getTwilioClient: () => backend.client,
  });
  const event = runtimeEvent(await backend.actionEvent(conversation));
  const response = await new Promise<{ statusCode: number }>((resolve, reject) =>
    pauseHandler(context, event, (error, result) =>
      error ? reject(error) : resolve(result as { statusCode: number }),
    ).catch(reject),
  );
  return { status: response.statusCode, reads };
}

/**
 * The environment is read once, at the request's entry, into one typed value that each module is handed its
 * part of: no other module of the Functions looks at the runtime's `context`, cold instance or warm.
 */
test.each([
  ['a cold instance', true],
  ['a warm instance', false],
])('a Pause on %s reads the runtime context only where the request enters', async (_, cold) => {
  if (cold) {
    forgetCachedSettings();
    forgetAcceptedTokens();
  } else {
    // Warm the caches (settings, workspace, token) with a first Pause.
    expect((await pauseCounting()).status).toBe(200);
  }
  const { status, reads } = await pauseCounting();
  expect(status).toBe(200);
  expect([...reads.keys()]).toEqual(['lib/environment.ts']);
});
