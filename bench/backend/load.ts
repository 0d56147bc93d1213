import { randomUUID } from 'node:crypto';
import type { SeedResult } from '../../emulator/src';
import { forgetAcceptedTokens } from '../../serverless/src/lib/auth';
import { forgetCachedSettings } from '../../serverless/src/lib/settings';
import type { TwilioClient } from '../../serverless/src/lib/twilio-client';
import { provision } from '../../serverless/src/provisioning/provision';
import { startBackend } from '../../serverless/tests/harness';
import { startRemoteBackend } from './remote-backend';

/**
 * Load: N simulated agents, each in a loop for a bounded time: a customer writes, the agent accepts the
 * conversation (as Flex does), pauses it, resumes it (Twilio's new task is auto-accepted for the same agent) and
 * leaves it. Pause, resume and leave are timed from the click to the confirming answer, over HTTP against the
 * Functions, with the emulator standing in for Twilio (optionally adding latency to every Twilio answer). Only
 * 127.0.0.1 is contacted.
 */
export interface LoadOptions {
  agents: number;
  seconds: number;
  /** Milliseconds the emulator adds to every Twilio answer (IAM, Flex, Sync, TaskRouter, Conversations). */
  latencyMs?: number;
}

export interface ActionStats {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadResult {
  agents: number;
  seconds: number;
  latencyMs: number;
  actions: Record<Action, ActionStats>;
  /** "action status code" → how many, for the answers that were not 2xx. */
  errorCodes: Record<string, number>;
}

type Action = 'pause' | 'resume' | 'leave';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface LoadBackend {
  functionsUrl: string;
  client: TwilioClient;
  seed: SeedResult;
  issueToken(workerSid: string): Promise<string>;
  startConversation(body: string): Promise<{ taskSid: string; conversationSid: string }>;
  /** Twilio calls so far, token validation included; only the in-process emulator can say. */
  twilioCount?: () => number;
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function startLoadBackend(separateEmulator: boolean, latencyMs: number): Promise<LoadBackend> {
  if (separateEmulator) return startRemoteBackend({ latencyMs });
  const backend = await startBackend();
  const { syncServiceSid } = await provision(backend.client);
  backend.env.SYNC_SERVICE_SID = syncServiceSid;
  backend.emulator.configure({ latencyMs });
  return {
    functionsUrl: backend.functionsUrl,
    client: backend.client,
    seed: backend.seed,
    issueToken: async (workerSid) => backend.emulator.issueToken({ workerSid, ttlSeconds: 86_400 }).token,
    startConversation: (body) => backend.emulator.customer.start({ channelType: 'chat', body }),
    twilioCount: () => backend.emulator.requests.length,
    idle: () => backend.emulator.idle(),
    close: () => backend.close(),
  };
}

async function addWorkers(backend: LoadBackend, count: number): Promise<string[]> {
  const tr = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
  const sids = Object.values(backend.seed.workers);
  for (let i = sids.length; i < count; i++) {
    const worker = await tr.workers.create({
      friendlyName: `load-agent-${i}`,
      attributes: JSON.stringify({ contact_uri: `client:load-agent-${i}`, full_name: `Load Agent ${i}` }),
    });
    sids.push(worker.sid);
  }
  for (const sid of sids.slice(0, count))
    await tr.workers(sid).update({ activitySid: backend.seed.activities.available });
  for (const sid of sids.slice(count))
    await tr.workers(sid).update({ activitySid: backend.seed.activities.offline });
  return sids.slice(0, count);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The task Twilio created on Resume and accepted for the agent, with Flex's interaction channel. */
async function resumedTask(
  backend: LoadBackend,
  workerSid: string,
  paused: { taskSid: string; conversationSid: string },
  deadline: number,
) {
  const tr = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
  while (Date.now() < deadline) {
    const held = await tr.workers(workerSid).reservations.list({ reservationStatus: 'accepted', limit: 20 });
    for (const next of held.filter((reservation) => reservation.taskSid !== paused.taskSid)) {
      const task = await tr.tasks(next.taskSid).fetch();
      const attributes = JSON.parse(task.attributes) as Record<string, string>;
      // Another simulated agent's conversation on the same worker is not this one's to leave.
      if (task.assignmentStatus === 'assigned' && attributes.conversationSid === paused.conversationSid) {
        return {
          TaskSid: task.sid,
          InteractionSid: attributes.flexInteractionSid,
          ChannelSid: attributes.flexInteractionChannelSid,
        };
      }
    }
    // Polled gently: 50 agents polling fast would measure the load generator, not the Functions.
    await sleep(100);
  }
  return undefined;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencyMs = options.latencyMs ?? 0;
  const backend = await startLoadBackend(options.agents > 1, latencyMs);
  const base = backend.functionsUrl;
  if (new URL(base).hostname !== '127.0.0.1') throw new Error('runLoad only talks to 127.0.0.1');
  const tr = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
  const workers = await addWorkers(backend, options.agents);
  const tokens = new Map<string, string>();
  for (const sid of workers) tokens.set(sid, await backend.issueToken(sid));

  const samples: Record<Action, number[]> = { pause: [], resume: [], leave: [] };
  const errors: Record<Action, number> = { pause: 0, resume: 0, leave: 0 };
  const errorCodes = new Map<string, number>();
  const timed = async (action: Action, workerSid: string, fields: Record<string, string>) => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}/${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Token: tokens.get(workerSid), ...fields }),
      });
      const body = (await response.json()) as { error?: { code?: string } };
      if (!response.ok) {
        errors[action]++;
        const code = `${action} ${response.status} ${body.error?.code ?? ''}`;
        errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
      }
    } catch {
      errors[action]++;
      errorCodes.set(`${action} network`, (errorCodes.get(`${action} network`) ?? 0) + 1);
    }
    samples[action].push(performance.now() - started);
  };

  const deadline = Date.now() + options.seconds * 1000;
  const agentLoop = async (index: number) => {
    // Agents come online over the first second, as a shift does, rather than all in the same millisecond.
    await sleep((index * 1000) / options.agents);
    while (Date.now() < deadline) {
      const started = await backend.startConversation(`load ${index}`);
      let reservation: { sid: string; workerSid: string } | undefined;
      for (let i = 0; i < 100 && !reservation && Date.now() < deadline; i++) {
        const [pending] = await tr.tasks(started.taskSid).reservations.list({ reservationStatus: 'pending' });
        if (pending) reservation = { sid: pending.sid, workerSid: pending.workerSid };
        else await sleep(20);
      }
      if (!reservation) return;
      await tr.tasks(started.taskSid).reservations(reservation.sid).update({ reservationStatus: 'accepted' });
      const task = await tr.tasks(started.taskSid).fetch();
      const attributes = JSON.parse(task.attributes) as Record<string, string>;
      await timed('pause', reservation.workerSid, {
        TaskSid: started.taskSid,
        InteractionSid: attributes.flexInteractionSid,
        ChannelSid: attributes.flexInteractionChannelSid,
      });
      await timed('resume', reservation.workerSid, { TaskSid: started.taskSid });
      const resumed = await resumedTask(backend, reservation.workerSid, started, deadline);
      if (resumed) await timed('leave', reservation.workerSid, resumed);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.agents }, (_, i) => agentLoop(i)));
    await backend.idle();
  } finally {
    await backend.close();
  }

  const stats = (action: Action): ActionStats => {
    const sorted = [...samples[action]].sort((a, b) => a - b);
    return {
      count: sorted.length,
      errors: errors[action],
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    };
  };
  return {
    agents: options.agents,
    seconds: options.seconds,
    latencyMs,
    actions: { pause: stats('pause'), resume: stats('resume'), leave: stats('leave') },
    errorCodes: Object.fromEntries(errorCodes),
  };
}

export interface CallCounts {
  cold: Record<Action, number>;
  warm: Record<Action, number>;
  /** Sequential round trips to Twilio per action: the calls on the longest chain, parallel ones counted once. */
  roundTrips: { cold: Record<Action, number>; warm: Record<Action, number> };
}

/**
 * Every Twilio answer is delayed by this much while counting. Calls made side by side then end within a few ms
 * of each other, and a call made after another's answer ends at least this much later: the number of groups
 * of answers is the number of round trips the action waited for one after the other. (Timing the whole action
 * instead would count the shared machine's pauses.)
 */
export const ROUND_TRIP_PROBE_MS = 300;

/** Answer times → the number of groups separated by at least half the probe latency. */
export function sequentialRoundTrips(answeredAtMs: number[]): number {
  return answeredAtMs.filter((at, i) => i === 0 || at - answeredAtMs[i - 1] >= ROUND_TRIP_PROBE_MS / 2)
    .length;
}

/**
 * Twilio calls per action, token validation and the settings read included: cold (a new Function instance: no
 * validated token, no settings cached) and warm (the same agent again within the caches' lifetime); and the
 * sequential round trips among them.
 */
export async function countTwilioCalls(): Promise<CallCounts> {
  const backend = await startBackend();
  try {
    const { syncServiceSid } = await provision(backend.client);
    backend.env.SYNC_SERVICE_SID = syncServiceSid;
    const counts: CallCounts = {
      cold: { pause: 0, resume: 0, leave: 0 },
      warm: { pause: 0, resume: 0, leave: 0 },
      roundTrips: {
        cold: { pause: 0, resume: 0, leave: 0 },
        warm: { pause: 0, resume: 0, leave: 0 },
      },
    };
    // When each Twilio answer went out: the emulator logs a request as it answers it.
    const answeredAt: number[] = [];
    const log = backend.emulator.requests;
    const logAnswer = log.push.bind(log);
    log.push = (...entries) => {
      for (let i = 0; i < entries.length; i++) answeredAt.push(performance.now());
      return logAnswer(...entries);
    };
    for (const mode of ['cold', 'warm'] as const) {
      const conversation = await backend.assignedConversation();
      const token = await backend.tokenFor(conversation.workerSid);
      if (mode === 'warm') {
        // The instance has seen this agent's token and read the settings: the agent's earlier list or action.
        await fetch(`${backend.functionsUrl}/paused`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ Token: token }),
        });
      }
      const run = async (action: Action, fields: Record<string, string>) => {
        if (mode === 'cold') {
          forgetAcceptedTokens();
          forgetCachedSettings();
        }
        const before = backend.emulator.requests.length;
        const firstAnswer = answeredAt.length;
        backend.emulator.configure({ latencyMs: ROUND_TRIP_PROBE_MS });
        const response = await fetch(`${backend.functionsUrl}/${action}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          // As the plugin sends it: one key per user action, kept by the Functions for a repeat (issue 19).
          body: JSON.stringify({ Token: token, IdempotencyKey: randomUUID(), ...fields }),
        });
        backend.emulator.configure({ latencyMs: 0 });
        if (!response.ok) throw new Error(`${action} answered ${response.status}: ${await response.text()}`);
        counts[mode][action] = backend.emulator.requests.length - before;
        counts.roundTrips[mode][action] = sequentialRoundTrips(answeredAt.slice(firstAnswer));
        await backend.emulator.idle();
      };
      await run('pause', {
        TaskSid: conversation.taskSid,
        InteractionSid: conversation.interactionSid,
        ChannelSid: conversation.channelSid,
      });
      await run('resume', { TaskSid: conversation.taskSid });
      const tasks = await backend.client.taskrouter.v1
        .workspaces(backend.seed.workspaceSid)
        .tasks.list({ assignmentStatus: ['assigned'] });
      const resumed = tasks.find(
        (task) => JSON.parse(task.attributes).conversationSid === conversation.conversationSid,
      );
      if (!resumed) throw new Error('the resumed task was not found');
      await run('leave', {
        TaskSid: resumed.sid,
        InteractionSid: conversation.interactionSid,
        ChannelSid: conversation.channelSid,
      });
    }
    return counts;
  } finally {
    await backend.close();
  }
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  void (async () => {
    console.error = () => undefined;
    const result = await runLoad({
      agents: Number(arg('agents') ?? 50),
      seconds: Number(arg('seconds') ?? 10),
      latencyMs: Number(arg('latency') ?? 150),
    });
    for (const [action, s] of Object.entries(result.actions)) {
      console.log(
        `${action} p50 ${Math.round(s.p50Ms)} ms p99 ${Math.round(s.p99Ms)} ms (${result.agents} agents, ` +
          `${result.latencyMs} ms per Twilio call, ${s.count} calls, ${s.errors} errors)`,
      );
    }
  })();
}
