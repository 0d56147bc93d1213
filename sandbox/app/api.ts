import type { PauseReason } from '../../src/config';
import type { DeskView } from '../server/live';
import type { InvitesWhilePaused, RecordedTeamAction, ReturnToQueueStatus } from '../server/return-evidence';

export interface SandboxConfig {
  functionsUrl: string;
  emulatorUrl: string;
  pauseEnabled: boolean;
  leaveEnabled: boolean;
  /** Pause reasons (issue 18): the admin's list as the Flex configuration holds it now, and the note switch. */
  pauseReasons?: PauseReason[];
  reasonNote?: boolean;
}

/** The sandbox server answers at once; anything slower than this is a fault worth showing. */
const SANDBOX_TIMEOUT_MS = 8000;

/** The live check's step waits for Twilio (here the emulator) to route a task: up to its own 10 s. */
const LIVE_CHECK_TIMEOUT_MS = 30_000;

async function call<T>(path: string, body?: unknown, timeoutMs = SANDBOX_TIMEOUT_MS): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

export type JumpTarget = '24h' | '1h' | 'past';
export type LeaveRoutingKind = DeskView['leaveRouting'];

export const sandboxApi = {
  config: () => call<SandboxConfig>('/api/config'),
  /** Pause reasons (issue 18): the admin turns the demo's reasons on or off in the Flex configuration. */
  setPauseReasons: (on: boolean) => call('/api/admin/pause-reasons', { on }),
  state: () => call<DeskView>('/api/desk/state'),
  advanceClock: (seconds: number) => call<{ now: string }>('/api/clock', { seconds }),
  jump: (to: JumpTarget, conversationSid?: string) =>
    call<{ conversationSid: string; now: string }>('/api/desk/jump', { to, conversationSid }),
  setNextAgent: (workerSid: string | null) => call('/api/desk/next-agent', { workerSid }),
  /** Console's "Use custom routing" for the reply after Leave, as the emulator models it. */
  setLeaveRouting: (kind: LeaveRoutingKind) => call('/api/desk/leave-routing', { kind }),
  startCustomer: (channelType: string, customerName: string, body: string) =>
    call<{ conversationSid: string; taskSid: string }>('/api/desk/customer/start', {
      channelType,
      customerName,
      body,
    }),
  /** The customer ends the chat: the conversation closes (issue 18: its pause ends with it). */
  customerCloses: (conversationSid: string) => call('/api/customer/close', { conversationSid }),
  customerSays: (conversationSid: string, body: string) =>
    call<{ conversationSid: string }>('/api/customer/message', { conversationSid, body }),
  agentSays: (conversationSid: string, workerSid: string, body: string) =>
    call('/api/agent/message', { conversationSid, workerSid, body }),
  accept: (taskSid: string, reservationSid: string) => call('/api/accept', { taskSid, reservationSid }),
  complete: (taskSid: string) => call('/api/complete', { taskSid }),
  token: (workerSid: string) => call<{ token: string }>('/api/token', { workerSid }),
  setAvailable: (workerSid: string, available: boolean) =>
    call('/api/worker/availability', { workerSid, available }),
  // Return to the queue (issue 18): its evidence, from the live check's step run against the emulator.
  returnToQueue: () => call<ReturnToQueueStatus>('/api/admin/return-to-queue'),
  setEmulatorInvitesWhilePaused: (plays: InvitesWhilePaused) =>
    call<ReturnToQueueStatus>('/api/admin/return-to-queue/emulator-plays', { plays }),
  runReturnToQueueCheck: () =>
    call<ReturnToQueueStatus>('/api/admin/return-to-queue/live-check', {}, LIVE_CHECK_TIMEOUT_MS),
  teamActions: () => call<{ actions: RecordedTeamAction[] }>('/api/team-actions'),
};
