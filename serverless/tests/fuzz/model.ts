import { REROUTE_RETRY_SECONDS } from '../../src/actions/taskrouter-events';
import { startBackend, type Backend } from '../harness';
import { post } from '../support';

/**
 * Model-based fuzzing of the backend against the emulator: random sequences of agent actions (with double
 * clicks), customer messages, admin changes, workers coming and going, clock jumps and injected Twilio faults,
 * with the conversation invariants checked after every step. Each sequence is reproducible from its seed.
 */
export interface FuzzOptions {
  sequences: number;
  seed: number;
  maxSteps: number;
  /** Called after each sequence (progress output of the soak run). */
  onSequence?: (index: number, violations: number) => void;
}

export interface Violation {
  seed: number;
  path: string;
  message: string;
}

export interface FuzzResult {
  sequencesRun: number;
  steps: number;
  violations: Violation[];
}

/** Small, fast, seedable PRNG (mulberry32): a failing seed replays the same sequence. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

const LIVE = new Set(['pending', 'reserved', 'assigned', 'wrapping']);
const FAULT_TARGETS = ['Tasks/WT', 'Tasks$', 'Invites$', 'Channels/', 'Reservations/', '/Tasks'] as const;

interface World {
  backend: Backend;
  rng: Rng;
  /** Customer messages sent, per conversation: all must stay in the conversation. */
  sent: Map<string, string[]>;
  limitMinutes: number;
  faulted: boolean;
}

type TaskRow = {
  sid: string;
  status: string;
  attributes: Record<string, unknown> & { leavePause?: Record<string, unknown> };
};

function tasksByConversation(world: World): Map<string, TaskRow[]> {
  const snapshot = world.backend.emulator.snapshot();
  const map = new Map<string, TaskRow[]>();
  for (const task of snapshot.tasks) {
    const attributes = task.parsed_attributes as TaskRow['attributes'];
    const conversationSid = attributes.conversationSid;
    if (typeof conversationSid !== 'string') continue;
    const rows = map.get(conversationSid) ?? [];
    rows.push({ sid: String(task.sid), status: String(task.assignment_status), attributes });
    map.set(conversationSid, rows);
  }
  return map;
}

function injectFault(world: World): string {
  const { rng, backend } = world;
  const mode = rng.pick(['before', 'before', 'after', 'drop', 'timeout'] as const);
  const status = rng.pick([429, 500, 503] as const);
  const pathPattern = rng.pick(FAULT_TARGETS);
  const times = rng.int(1, 3);
  backend.emulator.faults.add({ method: 'POST', pathPattern, status, mode, times, holdMs: 400 });
  world.faulted = true;
  return `fault(${mode} ${status} ${pathPattern} x${times})`;
}

async function agentAction(world: World, kind: 'leave' | 'pause' | 'resume'): Promise<string> {
  const { backend, rng } = world;
  const snapshot = backend.emulator.snapshot();
  const candidates = snapshot.tasks.filter((task) => {
    const ours = (task.parsed_attributes as TaskRow['attributes']).leavePause;
    const paused = ours?.state === 'paused';
    return task.assignment_status === 'assigned' && (kind === 'resume' ? paused : !paused);
  });
  if (candidates.length === 0) return `${kind}(none)`;
  const task = rng.pick(candidates);
  const ours = (task.parsed_attributes as TaskRow['attributes']).leavePause;
  const owner = String(kind === 'resume' ? ours?.pausedBy : task.worker_sid);
  const token = (await backend.emulator.issueToken({ workerSid: owner })).token;
  const double = rng.chance(0.2);
  const calls = double ? 2 : 1;
  const results = await Promise.all(
    Array.from({ length: calls }, () => post(backend, `/${kind}`, { Token: token, TaskSid: task.sid })),
  );
  for (const result of results) {
    if (result.status >= 500 && !world.faulted && result.status !== 502) {
      throw new Error(`${kind} answered ${result.status} with no fault: ${JSON.stringify(result.body)}`);
    }
    if (result.status >= 500 && !world.faulted) {
      throw new Error(`${kind} failed with no fault injected: ${JSON.stringify(result.body)}`);
    }
  }
  return `${kind}${double ? 'x2' : ''}(${String(task.sid).slice(-4)})→${results.map((r) => r.status).join('/')}`;
}

async function step(world: World): Promise<string> {
  const { backend, rng } = world;
  const tr = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
  const faultNote = rng.chance(0.3) ? injectFault(world) + ' ' : '';
  const choice = rng.int(0, 11);
  switch (choice) {
    case 0: {
      if (world.sent.size >= 4) return faultNote + 'start(skip)';
      const body = `hello ${world.sent.size}`;
      const started = await backend.emulator.customer.start({
        channelType: rng.pick(['chat', 'sms'] as const),
        body,
      });
      world.sent.set(started.conversationSid, [body]);
      return faultNote + 'start';
    }
    case 1: {
      const conversations = [...world.sent.keys()];
      if (conversations.length === 0) return faultNote + 'message(none)';
      const sid = rng.pick(conversations);
      const body = `message ${rng.int(0, 1e9)}`;
      await backend.emulator.customer.send(sid, body);
      world.sent.get(sid)?.push(body);
      return faultNote + 'message';
    }
    case 2:
    case 3: {
      const pending = backend.emulator
        .snapshot()
        .reservations.filter((r) => r.reservation_status === 'pending');
      if (pending.length === 0) return faultNote + 'accept(none)';
      const reservation = rng.pick(pending);
      await tr
        .tasks(String(reservation.task_sid))
        .reservations(String(reservation.sid))
        .update({ reservationStatus: 'accepted' })
        .catch(() => undefined);
      return faultNote + 'accept';
    }
    case 4: {
      const worker = rng.pick(Object.values(backend.seed.workers));
      const available = rng.chance(0.7);
      await tr
        .workers(worker)
        .update({
          activitySid: available ? backend.seed.activities.available : backend.seed.activities.offline,
        })
        .catch(() => undefined);
      return faultNote + (available ? 'available' : 'offline');
    }
    case 5:
      return faultNote + (await agentAction(world, 'leave'));
    case 6:
    case 7:
      return faultNote + (await agentAction(world, 'pause'));
    case 8:
      return faultNote + (await agentAction(world, 'resume'));
    case 9: {
      const seconds = rng.int(1, 90);
      await backend.emulator.clock.advance(seconds);
      return faultNote + `advance(${seconds}s)`;
    }
    case 10: {
      const seconds = world.limitMinutes * 60 + rng.int(1, 120);
      await backend.emulator.clock.advance(seconds);
      return faultNote + `advance(${seconds}s past limit)`;
    }
    default: {
      world.limitMinutes = rng.int(1, 10);
      backend.env.PAUSE_TIME_LIMIT_MINUTES = String(world.limitMinutes);
      return faultNote + `limit(${world.limitMinutes}m)`;
    }
  }
}

/** The invariants, checked between steps with no fault pending. */
function check(world: World, final: boolean): string[] {
  const problems: string[] = [];
  const { emulator } = world.backend;
  const snapshot = emulator.snapshot();
  const now = Date.parse(snapshot.now);
  const byConversation = tasksByConversation(world);
  const pendingTimers = new Map(
    snapshot.tasks
      .filter(
        (t) =>
          t.assignment_status === 'pending' &&
          (t.parsed_attributes as TaskRow['attributes']).leavePause?.timerFor,
      )
      .map((t) => [String(t.sid), t]),
  );
  const channelStatus = new Map<string, string>();
  for (const interaction of snapshot.interactions)
    for (const channel of interaction.channels)
      if (channel.conversation_sid) channelStatus.set(channel.conversation_sid, String(channel.status));

  for (const [conversationSid, bodies] of world.sent) {
    const conversation = snapshot.conversations.find((c) => c.sid === conversationSid);
    const messages = new Set((conversation?.messages ?? []).map((m) => m.body));
    for (const body of bodies)
      if (!messages.has(body)) problems.push(`${conversationSid}: message "${body}" lost`);
    const open = (byConversation.get(conversationSid) ?? []).filter((t) => LIVE.has(t.status));
    const paused = open.filter((t) => t.attributes.leavePause?.state === 'paused');
    const live = open.filter((t) => t.attributes.leavePause?.state !== 'paused');
    const inactive = channelStatus.get(conversationSid) === 'inactive';
    if (live.length > 1) problems.push(`${conversationSid}: ${live.length} live tasks`);
    if (live.length + paused.length > 1)
      problems.push(`${conversationSid}: ${live.length} live and ${paused.length} paused tasks`);
    if (live.length + paused.length === 0 && !inactive)
      problems.push(
        `${conversationSid}: no task and the channel is ${channelStatus.get(conversationSid)}, not awaiting the customer`,
      );
    for (const task of paused) {
      const ours = task.attributes.leavePause ?? {};
      const timer = pendingTimers.get(String(ours.timerTaskSid));
      if (!timer) problems.push(`${conversationSid}: paused task ${task.sid} has no pending timer`);
      if (typeof ours.reassignAt !== 'string')
        problems.push(`${conversationSid}: paused task ${task.sid} has no reassignAt`);
      const deadline = Date.parse(String(ours.reassignAt));
      if (timer && now > deadline) {
        // Past the limit only a retry timer may be pending, and it must fire soon.
        const due = Date.parse(String(timer.date_created)) + Number(timer.timeout) * 1000;
        if (due - now > (REROUTE_RETRY_SECONDS + 1) * 1000)
          problems.push(`${conversationSid}: paused task ${task.sid} past its limit with no retry due soon`);
      }
      if (final)
        problems.push(`${conversationSid}: paused task ${task.sid} still paused well past its limit`);
    }
  }
  for (const violation of emulator.violations)
    problems.push(`emulator: ${violation.method} ${violation.path}: ${violation.message}`);
  return problems;
}

async function runSequence(seed: number, maxSteps: number): Promise<Violation[]> {
  const backend = await startBackend({
    pause: true,
    env: { PAUSE_TIME_LIMIT_MINUTES: '5', TWILIO_REQUEST_TIMEOUT_MS: '250', TWILIO_RETRY_BASE_DELAY_MS: '5' },
  });
  const world: World = { backend, rng: prng(seed), sent: new Map(), limitMinutes: 5, faulted: false };
  const path: string[] = [];
  const violations: Violation[] = [];
  try {
    const steps = world.rng.int(Math.min(5, maxSteps), maxSteps);
    for (let i = 0; i < steps && violations.length === 0; i++) {
      world.faulted = false;
      try {
        path.push(await step(world));
      } catch (error) {
        path.push('error');
        violations.push({
          seed,
          path: path.join(' → '),
          message: error instanceof Error ? error.message : String(error),
        });
      }
      backend.emulator.faults.clear();
      await backend.emulator.idle();
      for (const message of check(world, false)) violations.push({ seed, path: path.join(' → '), message });
    }
    if (violations.length === 0) {
      // Quiesce: no faults, past every limit (and its retries): nothing may stay paused.
      await backend.emulator.clock.advance(10 * 60 + 2 * REROUTE_RETRY_SECONDS);
      await backend.emulator.idle();
      path.push('quiesce');
      for (const message of check(world, true)) violations.push({ seed, path: path.join(' → '), message });
    }
  } finally {
    await backend.close();
  }
  return violations;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const violations: Violation[] = [];
  let steps = 0;
  for (let i = 0; i < options.sequences; i++) {
    const found = await runSequence(options.seed + i, options.maxSteps);
    steps += options.maxSteps;
    violations.push(...found);
    options.onSequence?.(i, found.length);
  }
  return { sequencesRun: options.sequences, steps, violations };
}
