import { handler as pauseHandler } from '../serverless/src/functions/pause';
import { startBackend } from '../serverless/tests/harness';

/**
 * Seconds of the emulator's clock between a paused task's deadline and the moment its conversation has a new
 * task in the queue: the clock is stepped one second at a time past the deadline.
 */
export async function measureRerouteDelay(limitMinutes = 60): Promise<{ secondsAfterDeadline: number }> {
  const backend = await startBackend({
    pause: true,
    env: { PAUSE_TIME_LIMIT_MINUTES: String(limitMinutes) },
  });
  try {
    const conversation = await backend.assignedConversation();
    const paused = await backend.invoke(
      pauseHandler,
      { Token: await backend.tokenFor(conversation.workerSid), TaskSid: conversation.taskSid },
      backend.env,
    );
    const deadline = Date.parse(String(paused.body.reassignAt));
    const rerouted = async () => {
      const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
      return tasks.some(
        (task) => JSON.parse(task.attributes).leavePause?.reroutedFrom === conversation.taskSid,
      );
    };
    await backend.emulator.clock.advanceTo(new Date(deadline - 1000));
    await backend.emulator.idle();
    if (await rerouted()) throw new Error('rerouted before the deadline');
    for (let step = 0; step <= 600; step++) {
      await backend.emulator.clock.advance(1);
      await backend.emulator.idle();
      if (await rerouted()) {
        return {
          secondsAfterDeadline: Math.max(0, (backend.emulator.clock.now().getTime() - deadline) / 1000),
        };
      }
    }
    throw new Error('not rerouted within 600 s of the deadline');
  } finally {
    await backend.close();
  }
}
