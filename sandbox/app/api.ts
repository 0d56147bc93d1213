import type { SandboxView } from '../server/view';

export interface SandboxConfig {
  functionsUrl: string;
  emulatorUrl: string;
  pauseEnabled: boolean;
  leaveEnabled: boolean;
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

export const sandboxApi = {
  config: () => call<SandboxConfig>('/api/config'),
  state: () => call<SandboxView>('/api/state'),
  advanceClock: (seconds: number) => call<{ now: string }>('/api/clock', { seconds }),
  startCustomer: (channelType: string, customerName: string, body: string) =>
    call<{ conversationSid: string }>('/api/customer/start', { channelType, customerName, body }),
  customerSays: (conversationSid: string, body: string) =>
    call('/api/customer/message', { conversationSid, body }),
  agentSays: (conversationSid: string, workerSid: string, body: string) =>
    call('/api/agent/message', { conversationSid, workerSid, body }),
  accept: (taskSid: string, reservationSid: string) => call('/api/accept', { taskSid, reservationSid }),
  complete: (taskSid: string) => call('/api/complete', { taskSid }),
  token: (workerSid: string) => call<{ token: string }>('/api/token', { workerSid }),
  setAvailable: (workerSid: string, available: boolean) =>
    call('/api/worker/availability', { workerSid, available }),
};
