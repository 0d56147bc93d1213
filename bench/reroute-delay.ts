import { handler as pauseHandler } from '../serverless/src/functions/pause';
import { startBackend } from '../serverless/tests/harness';

/**
 * Seconds of the emulator's clock between a paused conversation's deadline (Twilio's status_timeout, as the
 * pause answered it) and Twilio's reroute: the clock is stepped one second at a time past the deadline. No
 * Function and no browser take part in the reroute.
 */
export async function measureRerouteDelay(limitSeconds = 3600): Promise<{ secondsAfterDeadline: number }> {
  const backend = await startBackend();
  try {
    backend.emulator.configure({ pauseLimitSeconds: limitSeconds });
    const conversation = await backend.assignedConversation();
    const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
    if (paused.status !== 200) throw new Error(`pause answered ${paused.status}`);
    const deadline = Date.parse(String(paused.body.reassignAt));
    const rerouted = () =>
      backend.emulator.channelLog.some(
        (entry) => entry.channelSid === conversation.channelSid && entry.event === 'rerouted',
      );
    await backend.emulator.clock.advanceTo(new Date(deadline - 1000));
    await backend.emulator.idle();
    if (rerouted()) throw new Error('rerouted before the deadline');
    for (let step = 0; step <= 600; step++) {
      await backend.emulator.clock.advance(1);
      await backend.emulator.idle();
      if (rerouted()) {
        return {
          secondsAfterDeadline: Math.max(0, (backend.emulator.clock.now().getTime() - deadline) / 1000 - 1),
        };
      }
    }
    throw new Error('not rerouted within 600 s of the deadline');
  } finally {
    await backend.close();
  }
}
