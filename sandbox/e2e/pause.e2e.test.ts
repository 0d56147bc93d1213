import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';

const suite = sandboxForThisFile();

async function setAvailability(page: Page, available: Record<string, boolean>) {
  const state = await (await page.request.get(`${suite.sandbox.url}/api/state`)).json();
  for (const worker of state.workers as { sid: string; name: string }[]) {
    const first = worker.name.split(' ')[0];
    if (first in available) {
      await page.request.post(`${suite.sandbox.url}/api/worker/availability`, {
        data: { workerSid: worker.sid, available: available[first] },
      });
    }
  }
}

/** Customer writes in, Alice (the only one available) accepts: the starting point of both runs. */
async function aliceHasAChat(page: Page, message: string) {
  await page.goto(suite.sandbox.url);
  await setAvailability(page, { Alice: true, Bob: false, Sam: false });
  await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
  await page.getByLabel('Customer message').fill(message);
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
  await page.getByTestId('task-canvas').getByText(message).waitFor();
  await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
}

test('pause frees the agent’s capacity and resume brings the conversation back to them', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-resume-failure.png', async () => {
    await aliceHasAChat(page, 'Can you check my invoice?');
    const canvas = page.getByTestId('task-canvas');

    await canvas.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('notification').getByText('Conversation paused', { exact: false }).waitFor();
    await page.getByTestId('capacity').getByText('chat 0/1', { exact: false }).waitFor();
    await canvas.getByText('Paused conversation').waitFor();
    const pausedSid = await page.getByTestId('task-item').first().getAttribute('data-task-sid');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'paused-task.png'), fullPage: true });

    // The customer writes while paused: the message arrives in the paused task, which stays paused.
    await page.getByLabel('Customer message').fill('Thanks, no rush');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    await canvas.getByText('Thanks, no rush').waitFor();
    await canvas.getByText('Paused conversation').waitFor();
    await page.getByTestId('unread').getByText('1 new').waitFor();

    await canvas.getByRole('button', { name: 'Resume conversation' }).click();
    await page.getByTestId('notification').getByText('Conversation resumed', { exact: false }).waitFor();
    // Auto-accepted by the server for the agent who paused: no Accept click here.
    const resumed = page.locator(
      `[data-testid="task-item"][data-status="assigned"]:not([data-task-sid="${pausedSid}"])`,
    );
    await resumed.waitFor();
    await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
    await canvas.getByText('Can you check my invoice?').waitFor();
    await canvas.getByText('Thanks, no rush').waitFor();
    await page.locator(`[data-task-sid="${pausedSid}"]`).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('task-item').count(), 1);
    assert.equal(await page.getByTestId('violations').textContent(), '0');

    await canvas.getByRole('button', { name: 'End task' }).click();
    await page.getByTestId('task-list').getByText('No tasks').waitFor();
  });
});

test('past the time limit the server reroutes the paused conversation to another agent', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-limit-failure.png', async () => {
    await aliceHasAChat(page, 'I will send the photos later');
    await page.getByTestId('task-canvas').getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('task-canvas').getByText('Paused conversation').waitFor();

    // Alice goes home with the task paused; Bob is on shift. No browser acts for the task from here on.
    await setAvailability(page, { Alice: false, Bob: true });
    await page.getByLabel('Advance clock by (seconds)').fill(String(14 * 86_400 + 60));
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.getByTestId('task-list').getByText('No tasks').waitFor();

    await page.getByLabel('Play agent').selectOption({ label: 'Bob Agent' });
    await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('task-canvas').getByText('I will send the photos later').waitFor();
    assert.equal(await page.getByTestId('violations').textContent(), '0');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'rerouted-to-bob.png'), fullPage: true });
  });
});
