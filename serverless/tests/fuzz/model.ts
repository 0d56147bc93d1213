import { startBackend, type Backend } from '../harness';
import { post, type HttpAnswer } from '../support';

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
/** Every Twilio call the engine makes can fail: the channel change, its read-back, the participants, Sync, settings. */
const FAULT_TARGETS = [
  ['POST', 'Channels/UO[0-9a-f]+$'],
  ['GET', 'Channels/UO[0-9a-f]+$'],
  ['GET', '/Participants'],
  ['POST', '/Items$'],
  ['GET', '/Items/WK'],
  ['DELETE', '/Items/WK'],
  ['GET', '/Configuration'],
] as const;

interface World {
  backend: Backend;
  rng: Rng;
  /** Customer messages sent, per conversation: all must stay in the conversation. */
  sent: Map<string, string[]>;
  faulted: boolean;
  /** Channels whose pause record may be stale: a Resume that answered 5xx (the agent would retry it). */
  uncertain: Set<string>;
}

interface Channel {
  sid: string;
  interactionSid: string;
  conversationSid: string | null;
  status: string;
  statusTimeout: string | null;
}

function channels(world: World): Channel[] {
  return world.backend.emulator.snapshot().interactions.flatMap((interaction) =>
    interaction.channels.map((channel) => ({
      sid: String(channel.sid),
      interactionSid: String(interaction.sid),
      conversationSid: channel.conversation_sid,
      status: String(channel.status),
      statusTimeout: typeof channel.status_timeout === 'string' ? channel.status_timeout : null,
    })),
  );
}

interface RecordRow {
  worker: string;
  taskSid: string;
  channelSid: string;
  reassignAt: string;
}

/** The pause records in Sync, as only the Functions write them. */
function records(world: World): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const service of world.backend.emulator.snapshot().sync) {
    for (const map of service.maps) {
      for (const item of map.items) {
        const data = (item.data ?? {}) as Record<string, unknown>;
        if (typeof data.pausedBy !== 'string') continue;
        rows.push({
          worker: data.pausedBy,
          taskSid: String(data.taskSid),
          channelSid: String(data.channelSid),
          reassignAt: String(data.reassignAt),
        });
      }
    }
  }
  return rows;
}

function injectFault(world: World): string {
  const { rng, backend } = world;
  const mode = rng.pick(['before', 'before', 'after', 'drop', 'timeout', 'failed'] as const);
  const status = rng.pick([429, 500, 503] as const);
  // Twilio answers 200 with "status": "failed" for a channel change it could not make (its spec's examples);
  // other resources fail with an error status.
  const [method, pathPattern] = mode === 'failed' ? FAULT_TARGETS[0] : rng.pick(FAULT_TARGETS);
  const times = rng.int(1, 5);
  backend.emulator.faults.add({ method, pathPattern, status, mode, times, holdMs: 400 });
  world.faulted = true;
  return `fault(${mode} ${status} ${method} ${pathPattern} x${times})`;
}

function checkAnswers(world: World, kind: string, results: HttpAnswer[], channelSid: string): void {
  for (const result of results) {
    if (result.status >= 500) {
      if (!world.faulted)
        throw new Error(`${kind} answered ${result.status} with no fault: ${JSON.stringify(result.body)}`);
      if (kind === 'resume') world.uncertain.add(channelSid);
    }
  }
}

async function agentAction(world: World, kind: 'leave' | 'pause'): Promise<string> {
  const { backend, rng } = world;
  const candidates = backend.emulator
    .snapshot()
    .tasks.filter((task) => task.assignment_status === 'assigned');
  if (candidates.length === 0) return `${kind}(none)`;
  const task = rng.pick(candidates);
  const attributes = task.parsed_attributes as Record<string, unknown>;
  const token = (await backend.emulator.issueToken({ workerSid: String(task.worker_sid) })).token;
  const fields = {
    Token: token,
    TaskSid: String(task.sid),
    InteractionSid: String(attributes.flexInteractionSid),
    ChannelSid: String(attributes.flexInteractionChannelSid),
  };
  const calls = rng.chance(0.2) ? 2 : 1;
  const results = await Promise.all(Array.from({ length: calls }, () => post(backend, `/${kind}`, fields)));
  checkAnswers(world, kind, results, fields.ChannelSid);
  return `${kind}${calls === 2 ? 'x2' : ''}(${fields.TaskSid.slice(-4)})→${results.map((r) => r.status).join('/')}`;
}

async function resumeAction(world: World): Promise<string> {
  const { backend, rng } = world;
  const candidates = records(world);
  if (candidates.length === 0) return 'resume(none)';
  const record = rng.pick(candidates);
  const token = (await backend.emulator.issueToken({ workerSid: record.worker })).token;
  const calls = rng.chance(0.2) ? 2 : 1;
  const results = await Promise.all(
    Array.from({ length: calls }, () => post(backend, '/resume', { Token: token, TaskSid: record.taskSid })),
  );
  checkAnswers(world, 'resume', results, record.channelSid);
  return `resume${calls === 2 ? 'x2' : ''}(${record.taskSid.slice(-4)})→${results.map((r) => r.status).join('/')}`;
}

/** Two different actions on one conversation at once: exactly one may win. */
async function raceAction(world: World): Promise<string> {
  const { backend, rng } = world;
  const candidates = backend.emulator
    .snapshot()
    .tasks.filter((task) => task.assignment_status === 'assigned');
  if (candidates.length === 0) return 'race(none)';
  const task = rng.pick(candidates);
  const attributes = task.parsed_attributes as Record<string, unknown>;
  const token = (await backend.emulator.issueToken({ workerSid: String(task.worker_sid) })).token;
  const fields = {
    Token: token,
    TaskSid: String(task.sid),
    InteractionSid: String(attributes.flexInteractionSid),
    ChannelSid: String(attributes.flexInteractionChannelSid),
  };
  const [pauseAnswer, leaveAnswer] = await Promise.all([
    post(backend, '/pause', fields),
    post(backend, '/leave', fields),
  ]);
  checkAnswers(world, 'race', [pauseAnswer, leaveAnswer], fields.ChannelSid);
  if (!world.faulted && pauseAnswer.status === 200 && leaveAnswer.status === 200) {
    throw new Error(`pause and leave both answered 200 for ${fields.TaskSid}`);
  }
  return `race(${fields.TaskSid.slice(-4)})→${pauseAnswer.status}/${leaveAnswer.status}`;
}

async function intruderAction(world: World): Promise<string> {
  const { backend, rng } = world;
  const candidates = backend.emulator
    .snapshot()
    .tasks.filter((task) => task.assignment_status === 'assigned');
  if (candidates.length === 0) return 'intrude(none)';
  const task = rng.pick(candidates);
  const attributes = task.parsed_attributes as Record<string, unknown>;
  const intruder = Object.values(backend.seed.workers).find((worker) => worker !== task.worker_sid) ?? '';
  const token = (await backend.emulator.issueToken({ workerSid: intruder })).token;
  const kind = rng.pick(['leave', 'pause'] as const);
  const answer = await post(backend, `/${kind}`, {
    Token: token,
    TaskSid: String(task.sid),
    InteractionSid: String(attributes.flexInteractionSid),
    ChannelSid: String(attributes.flexInteractionChannelSid),
  });
  if (answer.status === 200) throw new Error(`${kind} by another agent answered 200 for ${String(task.sid)}`);
  return `intrude-${kind}(${String(task.sid).slice(-4)})→${answer.status}`;
}

async function step(world: World): Promise<string> {
  const { backend, rng } = world;
  const tr = backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid);
  const faultNote = rng.chance(0.3) ? injectFault(world) + ' ' : '';
  const choice = rng.int(0, 12);
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
      return faultNote + (await agentAction(world, 'pause'));
    case 7:
      return faultNote + (await resumeAction(world));
    case 8:
      return faultNote + (await raceAction(world));
    case 9: {
      const seconds = rng.int(1, 90);
      await backend.emulator.clock.advance(seconds);
      return faultNote + `advance(${seconds}s)`;
    }
    case 10: {
      const seconds = backend.emulator.settings.pauseLimitSeconds + rng.int(1, 120);
      await backend.emulator.clock.advance(seconds);
      return faultNote + `advance(${seconds}s past limit)`;
    }
    case 11: {
      // Another agent's token on someone's conversation: must change nothing (checked by the invariants).
      return faultNote + (await intruderAction(world));
    }
    default: {
      // The admin changes Twilio's pause limit (Console); it applies to the next pause.
      const minutes = rng.int(1, 10);
      backend.emulator.settings.pauseLimitSeconds = minutes * 60;
      return faultNote + `limit(${minutes}m)`;
    }
  }
}

/**
 * The invariants, checked between steps with no fault pending: no customer message is lost, and every open
 * conversation has exactly one of a live task, Twilio's pause with our record, or an inactive channel awaiting
 * the customer. A pause record shown to an agent names a paused channel (unless a Resume answered 5xx: the
 * agent retries it), and nothing stays paused past its deadline.
 */
function check(world: World, final: boolean): string[] {
  const problems: string[] = [];
  const { emulator } = world.backend;
  const snapshot = emulator.snapshot();
  const now = Date.parse(snapshot.now);
  const liveByConversation = new Map<string, number>();
  for (const task of snapshot.tasks) {
    const conversationSid = (task.parsed_attributes as Record<string, unknown>).conversationSid;
    if (typeof conversationSid === 'string' && LIVE.has(String(task.assignment_status)))
      liveByConversation.set(conversationSid, (liveByConversation.get(conversationSid) ?? 0) + 1);
  }
  const pauseRecords = records(world);
  const byChannel = new Map(channels(world).map((channel) => [channel.sid, channel]));
  for (const [conversationSid, bodies] of world.sent) {
    const conversation = snapshot.conversations.find((c) => c.sid === conversationSid);
    const messages = new Set((conversation?.messages ?? []).map((m) => m.body));
    for (const body of bodies)
      if (!messages.has(body)) problems.push(`${conversationSid}: message "${body}" lost`);
    const channel = channels(world).find((c) => c.conversationSid === conversationSid);
    if (!channel || channel.status === 'closed' || conversation?.state === 'closed') continue;
    const live = liveByConversation.get(conversationSid) ?? 0;
    if (live > 1) problems.push(`${conversationSid}: ${live} live tasks`);
    if (channel.status === 'active' && live === 0)
      problems.push(`${conversationSid}: active with no live task`);
    if (channel.status === 'inactive' && live > 0)
      problems.push(`${conversationSid}: inactive yet ${live} live task(s)`);
    if (channel.status === 'pause') {
      if (live > 0) problems.push(`${conversationSid}: paused yet ${live} live task(s)`);
      if (!pauseRecords.some((r) => r.channelSid === channel.sid))
        problems.push(`${conversationSid}: paused with no pause record (invisible to the agent)`);
      if (channel.statusTimeout && Date.parse(channel.statusTimeout) < now)
        problems.push(`${conversationSid}: still paused past its deadline ${channel.statusTimeout}`);
      if (final) problems.push(`${conversationSid}: still paused well past every limit`);
    }
  }
  for (const record of pauseRecords) {
    const channel = byChannel.get(record.channelSid);
    const shown = Date.parse(record.reassignAt) > now;
    if (shown && channel?.status !== 'pause' && !world.uncertain.has(record.channelSid))
      problems.push(`record ${record.taskSid} is listed as paused but its channel is ${channel?.status}`);
  }
  for (const violation of emulator.violations)
    problems.push(`emulator: ${violation.method} ${violation.path}: ${violation.message}`);
  return problems;
}

async function runSequence(seed: number, maxSteps: number): Promise<Violation[]> {
  const backend = await startBackend({
    env: { TWILIO_REQUEST_TIMEOUT_MS: '250', TWILIO_RETRY_BASE_DELAY_MS: '5' },
  });
  backend.emulator.settings.pauseLimitSeconds = 300;
  const world: World = { backend, rng: prng(seed), sent: new Map(), faulted: false, uncertain: new Set() };
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
      // Quiesce: no faults, past every limit: nothing may stay paused.
      await backend.emulator.clock.advance(11 * 60);
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
