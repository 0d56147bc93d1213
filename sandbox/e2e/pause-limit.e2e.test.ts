import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';

/**
 * The new engine in a browser: Pause moves the interaction channel to Twilio's own `pause`, Resume back to
 * `active` (Twilio's new task is auto-accepted by the same agent), and at the limit Twilio itself reroutes.
 */
const suite = sandboxForThisFile();

interface StateTask {
  sid: string;
  status: string;
  workerSid: string | null;
  conversationSid: string | null;
  reservationStatus: string | null;
}

async function state(page: Page) {
  return (await (await page.request.get(`${suite.sandbox.url}/api/state`)).json()) as {
    workers: { sid: string; name: string }[];
    tasks: StateTask[];
    conversations: { sid: string; channelStatus: string }[];
  };
}

async function setAvailability(page: Page, available: Record<string, boolean>) {
  for (const worker of (await state(page)).workers) {
    const first = worker.name.split(' ')[0];
    if (first in available) {
      await page.request.post(`${suite.sandbox.url}/api/worker/availability`, {
        data: { workerSid: worker.sid, available: available[first] },
      });
    }
  }
}

/** Customer writes in, Alice (the only one available) accepts: the starting point of every run. */
async function aliceHasAChat(page: Page, message: string) {
  await page.goto(suite.sandbox.url);
  await setAvailability(page, { Alice: true, Bob: false, Sam: false });
  await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
  await page.getByLabel('Customer message').fill(message);
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
  await page.getByTestId('task-canvas').getByText(message).waitFor();
  await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
  const task = (await state(page)).tasks.find((candidate) => candidate.status === 'assigned');
  assert.ok(task?.conversationSid);
  return { taskSid: task.sid, conversationSid: task.conversationSid };
}

async function pause(page: Page) {
  const canvas = page.getByTestId('task-canvas');
  await canvas.getByRole('button', { name: 'Pause' }).click();
  await page.getByTestId('notification').getByText('Conversation paused', { exact: false }).waitFor();
  await canvas.getByText('Paused conversation', { exact: true }).waitFor();
}

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
