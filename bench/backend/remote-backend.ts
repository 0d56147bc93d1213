import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { SeedResult } from '../../emulator/src';
import { DEFAULT_AUTH_TOKEN } from '../../emulator/src/emulator';
import type { FunctionContext } from '../../serverless/src/lib/http';
import { createTwilioClient, type TwilioClient } from '../../serverless/src/lib/twilio-client';
import { provision } from '../../serverless/src/provisioning/provision';
import { startFunctionsHost } from '../../serverless/tests/harness';

/**
 * The load run's backend with the emulator in a process of its own, as Twilio is elsewhere in production:
 * on a 2-core machine the Functions and the simulated agents then get one core and the emulator the other,
 * instead of all sharing one event loop. Driven through the emulator's control API.
 */
export interface RemoteBackend {
  functionsUrl: string;
  client: TwilioClient;
  seed: SeedResult;
  issueToken(workerSid: string): Promise<string>;
  startConversation(body: string): Promise<{ taskSid: string; conversationSid: string }>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const main = path.resolve(__dirname, '../../emulator/src/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`emulator process exited with ${code}`)));
  });
  child.stdout?.resume();
  return { url, child };
}

export async function startRemoteBackend(options: { latencyMs?: number } = {}): Promise<RemoteBackend> {
  const { url, child } = await startEmulatorProcess();
  const control = async <T>(route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/_emulator/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) throw new Error(`emulator ${route}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  const seed = await control<SeedResult>('seed');
  const env: Record<string, string> = {
    ACCOUNT_SID: seed.accountSid,
    AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
    TWILIO_API_BASE_URL: url,
  };
  const client = createTwilioClient(env);
  env.SYNC_SERVICE_SID = (await provision(client)).syncServiceSid;
  await control('flex/configuration', {
    ui_attributes: { custom_data: { leavePause: { leave: { enabled: true }, pause: { enabled: true } } } },
  });
  // Set last: the setup above is not what is measured.
  await control('settings', { latencyMs: options.latencyMs ?? 0 });
  const contextFor = (functionPath: string): FunctionContext => ({
    ...env,
    DOMAIN_NAME: '127.0.0.1',
    PATH: functionPath,
    getTwilioClient: () => client,
  });
  const host = await startFunctionsHost(contextFor);
  const functionsUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

  return {
    functionsUrl,
    client,
    seed,
    issueToken: async (workerSid) =>
      (await control<{ token: string }>('tokens', { workerSid, ttlSeconds: 86_400 })).token,
    startConversation: (body) =>
      control<{ taskSid: string; conversationSid: string }>('customer/start', { channelType: 'chat', body }),
    idle: async () => void (await control('idle')),
    close: async () => {
      host.close();
      child.kill('SIGTERM');
    },
  };
}
