import type { CustomerStartResult } from '../src';
import { control, raw, setup, type Harness } from './helpers';

/**
 * Random sequences of agent, customer and clock events over a few conversations, checking after every step
 * that each channel is in exactly one consistent state and that every refused request changed nothing.
 * Seeded, so a failure names a reproducible sequence.
 */

type Json = Record<string, unknown>;

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPEN = ['pending', 'reserved', 'assigned'];

const ACTIONS = [
  ...Array<string>(3).fill('accept'),
  ...Array<string>(3).fill('pause'),
  ...Array<string>(2).fill('resume'),
  'leave',
  ...Array<string>(2).fill('message'),
  ...Array<string>(2).fill('clock'),
  'complete',
];

describe('channel state model under random sequences', () => {
  let h: Harness;
  const covered = new Set<string>();
  beforeEach(async () => {
    h = await setup();
    h.emu.configure({ pauseLimitSeconds: 3600 });
    // Room for two chats each, so a Resume finds the agent sometimes free and sometimes full.
    for (const worker of [h.seed.workers.alice, h.seed.workers.bob]) {
      await h.ws.workers(worker).workerChannels('chat').update({ capacity: 2 });
    }
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  /** The state a refused request must leave untouched. */
  function stateOf(): string {
    const snap = h.emu.snapshot();
    return JSON.stringify({
      tasks: snap.tasks,
      reservations: snap.reservations,
      interactions: snap.interactions,
      conversations: snap.conversations,
      pendingTimers: snap.pendingTimers,
    });
  }

  function checkInvariants(context: string): void {
    const snap = h.emu.snapshot();
    for (const interaction of snap.interactions) {
      for (const ch of interaction.channels) {
        const tasks = snap.tasks.filter(
          (t) => (t.parsed_attributes as Json).flexInteractionChannelSid === ch.sid,
        );
        const open = tasks.filter((t) => OPEN.includes(String(t.assignment_status)));
        const agents = ch.participants.filter((p) => p.type === 'agent');
        const where = `${context}: channel ${String(ch.sid)} ${String(ch.status)}`;
        if (ch.status === 'active') {
          expect({ where, open: open.length }).toEqual({ where, open: 1 });
          expect({ where, timeout: ch.status_timeout }).toEqual({ where, timeout: null });
        } else if (ch.status === 'pause') {
          expect({ where, open: open.length }).toEqual({ where, open: 0 });
          expect({ where, hasTimeout: typeof ch.status_timeout === 'string' }).toEqual({
            where,
            hasTimeout: true,
          });
          // The pausing agent still reads the conversation.
          expect({ where, agents: agents.length }).toEqual({ where, agents: 1 });
          const conv = snap.conversations.find((c) => c.sid === ch.conversation_sid);
          const identities = conv?.participants.map((p) => p.identity) ?? [];
          expect({ where, reads: identities.length }).toEqual({ where, reads: 2 });
        } else if (ch.status === 'inactive') {
          expect({ where, open: open.length, agents: agents.length }).toEqual({ where, open: 0, agents: 0 });
        }
        // An agent participant always names a task Twilio gave that worker.
        for (const a of agents) {
          const props = (a.routing_properties ?? {}) as Json;
          const task = snap.tasks.find((t) => t.sid === props.task_sid);
          const reservation = snap.reservations.find(
            (r) => r.task_sid === props.task_sid && r.sid === props.reservation_sid,
          );
          expect({ where, task: Boolean(task), worker: reservation?.worker_sid }).toEqual({
            where,
            task: true,
            worker: props.worker_sid,
          });
          // On an active channel an agent is there only while their task is live.
          if (ch.status === 'active')
            expect({ where, agentTask: task?.assignment_status }).toEqual({
              where,
              agentTask: expect.stringMatching(/^(assigned|wrapping)$/),
            });
        }
      }
    }
  }

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`seed ${seed}: every step leaves each channel consistent; refusals change nothing`, async () => {
      const random = rng(seed);
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
      const convs: CustomerStartResult[] = [];
      for (const name of ['Ann', 'Ben', 'Cat', 'Dee', 'Eve']) {
        convs.push(await h.emu.customer.start({ channelType: 'chat', customerName: name, body: 'hello' }));
      }
      const path = (c: CustomerStartResult): string =>
        `/flex-api/v1/Interactions/${c.interactionSid}/Channels/${c.channelSid}`;

      for (let step = 0; step < 50; step++) {
        const c = pick(convs);
        // Weighted so that pauses, resumes and time limits happen often, not just leaves.
        const action = pick(ACTIONS);
        const context = `seed ${seed} step ${step} ${action}`;
        if (action === 'accept') {
          const pending = h.emu.snapshot().reservations.filter((r) => r.reservation_status === 'pending');
          if (pending.length > 0) {
            const r = pick(pending);
            await h.ws
              .tasks(String(r.task_sid))
              .reservations(String(r.sid))
              .update({ reservationStatus: 'accepted' });
          }
        } else if (action === 'pause' || action === 'resume' || action === 'leave') {
          const body: Record<string, string> =
            action === 'resume'
              ? { Status: 'active' }
              : {
                  Status: action === 'pause' ? 'pause' : 'inactive',
                  Routing: JSON.stringify({ status: pick(['closed', 'wrapup']) }),
                };
          const before = stateOf();
          const res = await raw(h.emu, 'POST', path(c), body);
          expect({ context, status: [200, 409].includes(res.status) }).toEqual({ context, status: true });
          if (res.status === 409) expect({ context, state: stateOf() }).toEqual({ context, state: before });
        } else if (action === 'message') {
          await h.emu.customer.send(c.conversationSid, `step ${step}`);
        } else if (action === 'clock') {
          await h.emu.clock.advance(Math.floor(random() * 2400));
        } else {
          const wrapping = h.emu.snapshot().tasks.filter((t) => t.assignment_status === 'wrapping');
          // The agent finishes a wrap-up, as Flex's Complete button does.
          if (wrapping.length > 0)
            await control(h.emu, 'POST', '/agent/complete', { taskSid: pick(wrapping).sid });
        }
        checkInvariants(context);
      }
      for (const e of h.emu.channelLog) covered.add(e.event + (e.outcome ? `:${e.outcome}` : ''));
    });
  }

  test('the sequences reached every platform action', () => {
    expect([...covered].sort()).toEqual([
      'left',
      'paused',
      'rerouted',
      'resumed:auto-accepted',
      'resumed:routed',
    ]);
  });
});
