import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * The new engine in a browser: Pause moves the interaction channel to Twilio's own `pause`, Resume back to
 * `active` (Twilio's new task is auto-accepted by the same agent), and at the limit Twilio itself reroutes.
 */
const suite = sandboxForThisFile();

const { state, setAvailability, aliceHasAChat, pause } = deskDriver(suite);

test('at the time limit Twilio reassigns the paused conversation to the next agent, with its history', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-limit-failure.png', async () => {
    const { conversationSid } = await aliceHasAChat(page, 'I will send the photos later');
    await pause(page);

    // Alice goes home with the conversation paused; Bob is on shift. No browser acts from here on.
    await setAvailability(page, { Alice: false, Bob: true });
    await page.getByLabel('Advance clock by (seconds)').fill(String(14 * 86_400 + 60));
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.locator('[data-testid="task-item"][data-status="paused"]').waitFor({ state: 'detached' });

    await page.getByLabel('Play agent').selectOption({ label: 'Bob Agent' });
    await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('task-canvas').getByText('I will send the photos later').waitFor();
    const now = await state(page);
    const bob = now.workers.find((worker) => worker.name.startsWith('Bob'))?.sid;
    const live = now.tasks.filter(
      (task) => task.conversationSid === conversationSid && task.status === 'assigned',
    );
    assert.deepEqual(
      live.map((task) => task.workerSid),
      [bob],
    );
    assert.equal(await page.getByTestId('violations').textContent(), '0');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'rerouted-to-bob.png'), fullPage: true });
  });
});
