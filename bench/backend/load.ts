import { startBackend } from '../../serverless/tests/harness';
import type { SeedResult } from '../../emulator/src';
import type { TwilioClient } from '../../serverless/src/lib/twilio-client';
import { startRemoteBackend } from './remote-backend';

/**
 * Load: N simulated agents, each in a loop for a bounded time: a customer writes, the agent accepts the
 * conversation, pauses it, resumes it (the resumed task is auto-accepted by the workspace event) and leaves
 * it. Pause, resume and leave are timed over HTTP against the Functions (the harness's in-process host, or
 * `functionsUrl`), with the emulator standing in for Twilio. Only 127.0.0.1 is contacted.
 */
export interface LoadOptions {
  agents: 1 | 50;
  seconds: number;
  /** Another Functions host serving /pause, /resume and /leave, configured against this run's emulator. */
  functionsUrl?: string;
}

export interface ActionStats {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Twilio REST calls (IAM excluded) made while the action ran: measured with 1 agent only (NaN with 50). */
  restCallsPerAction: number;
}

export interface LoadResult {
  agents: number;
  seconds: number;
  actions: Record<'pause' | 'resume' | 'leave', ActionStats>;
}

type Action = keyof LoadResult['actions'];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** What a load run needs of its backend, whether the emulator runs in this process or in its own. */
interface LoadBackend {
  functionsUrl: string;
  client: TwilioClient;
  seed: SeedResult;
  issueToken(workerSid: string): Promise<string>;
  startConversation(body: string): Promise<{ taskSid: string }>;
  /** Twilio REST calls so far (IAM excluded); only the in-process emulator can say. */
  restCount?: () => number;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One agent runs in-process (the emulator's request log attributes REST calls to each action); 50 agents run
 * against an emulator in its own process, so that the measured latency is the Functions', not the cost of
 * simulating Twilio on the same event loop.
 */
async function startLoadBackend(separateEmulator: boolean): Promise<LoadBackend> {
  if (separateEmulator) return startRemoteBackend();
  const backend = await startBackend({ pause: true });
  return {
    functionsUrl: backend.functionsUrl,
    client: backend.client,
    seed: backend.seed,
    issueToken: async (workerSid) => backend.emulator.issueToken({ workerSid, ttlSeconds: 86_400 }).token,
    startConversation: (body) => backend.emulator.customer.start({ channelType: 'chat', body }),
    restCount: () => backend.emulator.requests.filter((r) => r.host !== 'iam').length,
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

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const backend = await startLoadBackend(options.agents > 1);
  const base = options.functionsUrl ?? backend.functionsUrl;
  const url = new URL(base);
  if (url.hostname !== '127.0.0.1') throw new Error('runLoad only talks to 127.0.0.1');
  const tr = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
  const workers = await addWorkers(backend, options.agents);
  const tokens = new Map<string, string>();
  for (const sid of workers) tokens.set(sid, await backend.issueToken(sid));

  const samples: Record<Action, number[]> = { pause: [], resume: [], leave: [] };
  const errors: Record<Action, number> = { pause: 0, resume: 0, leave: 0 };
  const restCalls: Record<Action, number> = { pause: 0, resume: 0, leave: 0 };
  const restCount = () => backend.restCount?.() ?? 0;

  const timed = async (action: Action, workerSid: string, taskSid: string) => {
    const calls = restCount();
    const started = performance.now();
    let body: Record<string, unknown> = {};
    try {
      const response = await fetch(`${base}/${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ Token: tokens.get(workerSid), TaskSid: taskSid }),
      });
      body = (await response.json()) as Record<string, unknown>;
      if (!response.ok) errors[action]++;
    } catch {
      errors[action]++;
    }
    samples[action].push(performance.now() - started);
    restCalls[action] += restCount() - calls;
    return body;
  };

  const deadline = Date.now() + options.seconds * 1000;
  const agentLoop = async (index: number) => {
    // Agents come online over the first second, as a shift does, rather than all in the same millisecond.
    await new Promise((resolve) => setTimeout(resolve, (index * 1000) / options.agents));
    while (Date.now() < deadline) {
      const started = await backend.startConversation(`load ${index}`);
      let reservation: { sid: string; workerSid: string } | undefined;
      for (let i = 0; i < 50 && !reservation && Date.now() < deadline; i++) {
        const [pending] = await tr.tasks(started.taskSid).reservations.list({ reservationStatus: 'pending' });
        if (pending) reservation = { sid: pending.sid, workerSid: pending.workerSid };
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!reservation) return;
      await tr.tasks(started.taskSid).reservations(reservation.sid).update({ reservationStatus: 'accepted' });
      await timed('pause', reservation.workerSid, started.taskSid);
      const resumed = await timed('resume', reservation.workerSid, started.taskSid);
      const next = typeof resumed.newTaskSid === 'string' ? resumed.newTaskSid : undefined;
      if (!next) continue;
      // The resumed task is accepted by the event callback; wait for it before leaving.
      let holder: string | undefined;
      for (let i = 0; i < 100 && !holder; i++) {
        const [accepted] = await tr.tasks(next).reservations.list({ reservationStatus: 'accepted' });
        holder = accepted?.workerSid;
        if (!holder) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (holder) await timed('leave', holder, next);
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
      restCallsPerAction: sorted.length && options.agents === 1 ? restCalls[action] / sorted.length : NaN,
    };
  };
  return {
    agents: options.agents,
    seconds: options.seconds,
    actions: { pause: stats('pause'), resume: stats('resume'), leave: stats('leave') },
  };
}

export function formatLoad(result: LoadResult): string[] {
  return Object.entries(result.actions).map(
    ([action, s]) =>
      `${action} p50 ${Math.round(s.p50Ms)} ms p99 ${Math.round(s.p99Ms)} ms (${result.agents} agent${
        result.agents > 1 ? 's' : ''
      }, ${s.count} calls, ${s.errors} errors${
        Number.isFinite(s.restCallsPerAction) ? `, ${s.restCallsPerAction.toFixed(1)} REST calls each` : ''
      })`,
  );
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const seconds = Number(arg('seconds') ?? 10);
  const agentsList = arg('agents') ? [Number(arg('agents')) as 1 | 50] : ([1, 50] as const);
  void (async () => {
    console.error = () => undefined;
    for (const agents of agentsList) {
      const result = await runLoad({ agents, seconds, functionsUrl: arg('functions-url') });
      for (const line of formatLoad(result)) console.log(line);
    }
  })();
}
