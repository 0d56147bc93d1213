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

const { state, aliceHasAChat, pause } = deskDriver(suite);

test('Pause frees the capacity; Resume brings the conversation back, auto-accepted by the same agent', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-resume-failure.png', async () => {
    const { taskSid, conversationSid } = await aliceHasAChat(page, 'Can you check my invoice?');
    const canvas = page.getByTestId('task-canvas');
    await pause(page);
    await page.getByTestId('capacity').getByText('chat 0/1', { exact: false }).waitFor();
    let now = await state(page);
    assert.equal(now.conversations.find((c) => c.sid === conversationSid)?.channelStatus, 'pause');
    assert.equal(now.tasks.find((task) => task.sid === taskSid)?.status, 'completed');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'paused-conversation.png'), fullPage: true });

    // The customer writes while paused: the agent reads it, no task is created, it stays paused.
    await page.getByLabel('Customer message').fill('Thanks, no rush');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    await canvas.getByText('Thanks, no rush').waitFor();
    await canvas.getByText('Paused conversation', { exact: true }).waitFor();
    now = await state(page);
    assert.deepEqual(
      now.tasks.filter((task) => task.conversationSid === conversationSid).map((task) => task.sid),
      [taskSid],
    );

    // A reload loses nothing: the paused conversation comes back from the server.
    await page.reload();
    await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
    await page.locator(`[data-testid="task-item"][data-status="paused"]`).getByRole('button').click();

    await page.getByTestId('task-canvas').getByRole('button', { name: 'Resume conversation' }).click();
    await page.getByTestId('notification').getByText('Conversation resumed', { exact: false }).waitFor();
    // Twilio's new task is accepted for the agent who paused: no Accept click here.
    await page.locator('[data-testid="task-item"][data-status="assigned"]').waitFor();
    await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
    await page.getByTestId('task-canvas').getByText('Can you check my invoice?').waitFor();
    await page.getByTestId('task-canvas').getByText('Thanks, no rush').waitFor();
    now = await state(page);
    const resumed = now.tasks.filter(
      (task) => task.conversationSid === conversationSid && task.sid !== taskSid,
    );
    assert.equal(resumed.length, 1);
    assert.equal(resumed[0].status, 'assigned');
    assert.equal(resumed[0].reservationStatus, 'accepted');
    assert.equal(now.conversations.find((c) => c.sid === conversationSid)?.channelStatus, 'active');
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});
