import { randomUUID } from 'node:crypto';
import { provision } from '../../serverless/src/provisioning/provision';
import { DEFAULT_LEAVE_PAUSE, startBackend } from '../../serverless/tests/harness';
import { ROUND_TRIP_PROBE_MS, sequentialRoundTrips } from './load';

/** Pause events (issue 18 part 1): the Twilio calls the pause-events Function makes per event it handles. */
export interface PauseEventCalls {
  /** A customer message counted (policy `notify`), warm instance. */
  counted: { calls: number; roundTrips: number };
  /** A customer message with policy `resume`, the agent available: resumed for them. */
  resumedByPolicy: { calls: number; roundTrips: number };
  /** The conversation closed: the record and the webhook dropped. */
  ended: { calls: number; roundTrips: number };
}

/**
 * Counts, with every Twilio answer delayed by the round-trip probe, the calls made while the emulator delivers
 * one event to the pause-events Function (what the emulator logs is only the Functions' own Twilio calls: the
 * customer's message is sent through the emulator's control, not its REST API).
 */
export async function countPauseEventCalls(): Promise<PauseEventCalls> {
  const backend = await startBackend();
  try {
    const { syncServiceSid } = await provision(backend.client);
    backend.env.SYNC_SERVICE_SID = syncServiceSid;
    const answeredAt: number[] = [];
    const log = backend.emulator.requests;
    const logAnswer = log.push.bind(log);
    log.push = (...entries) => {
      for (let i = 0; i < entries.length; i++) answeredAt.push(performance.now());
      return logAnswer(...entries);
    };
    const paused = async () => {
      const conversation = await backend.assignedConversation();
      const token = await backend.tokenFor(conversation.workerSid);
      const response = await fetch(`${backend.functionsUrl}/pause`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          Token: token,
          IdempotencyKey: randomUUID(),
          TaskSid: conversation.taskSid,
          InteractionSid: conversation.interactionSid,
          ChannelSid: conversation.channelSid,
        }),
      });
      if (!response.ok) throw new Error(`pause answered ${response.status}`);
      await backend.emulator.idle();
      return conversation;
    };
    const measure = async (cause: () => Promise<unknown>) => {
      const before = backend.emulator.requests.length;
      const firstAnswer = answeredAt.length;
      backend.emulator.configure({ latencyMs: ROUND_TRIP_PROBE_MS });
      await cause();
      await backend.emulator.idle();
      backend.emulator.configure({ latencyMs: 0 });
      return {
        calls: backend.emulator.requests.length - before,
        roundTrips: sequentialRoundTrips(answeredAt.slice(firstAnswer)),
      };
    };
    const first = await paused();
    // Warms the instance's settings cache the way an earlier event would.
    await backend.emulator.customer.send(first.conversationSid, 'warming');
    await backend.emulator.idle();
    const counted = await measure(() =>
      backend.emulator.customer.send(first.conversationSid, 'Still there?'),
    );
    const ended = await measure(() =>
      backend.client.conversations.v1.conversations(first.conversationSid).update({ state: 'closed' }),
    );
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      pause: { enabled: true, onCustomerMessage: 'resume' },
    });
    const second = await paused();
    const resumedByPolicy = await measure(() =>
      backend.emulator.customer.send(second.conversationSid, 'Back'),
    );
    // The close's own REST call is the bench's, not the handler's.
    return { counted, resumedByPolicy, ended: { calls: ended.calls - 1, roundTrips: ended.roundTrips - 1 } };
  } finally {
    await backend.close();
  }
}

if (require.main === module) {
  void countPauseEventCalls().then((result) => console.log(JSON.stringify(result)));
}
