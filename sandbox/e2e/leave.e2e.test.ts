import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';

const suite = sandboxForThisFile();

async function playOnlyAlice(page: Page) {
  const state = await (await page.request.get(`${suite.sandbox.url}/api/state`)).json();
  for (const worker of state.workers as { sid: string; name: string }[]) {
    await page.request.post(`${suite.sandbox.url}/api/worker/availability`, {
      data: { workerSid: worker.sid, available: worker.name.startsWith('Alice') },
    });
  }
}

test('an agent leaves a chat, the customer replies and a new task arrives with the whole history', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'leave-failure.png', () => leaveFlow(page));
});

async function leaveFlow(page: Page) {
  await page.goto(suite.sandbox.url);
  await playOnlyAlice(page);
  await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });

  await page.getByLabel('Customer message').fill('Where is my parcel?');
  await page.getByRole('button', { name: 'Start conversation' }).click();

  const taskList = page.getByTestId('task-list');
  await taskList.getByRole('button', { name: 'Accept' }).click();
  const canvas = page.getByTestId('task-canvas');
  await canvas.getByText('Where is my parcel?').waitFor();
  const firstTaskSid = await taskList.getByTestId('task-item').first().getAttribute('data-task-sid');

  await canvas.getByRole('button', { name: 'Leave' }).click();
  // The new engine: the interaction channel is Twilio's `inactive`, the task is closed by Twilio.
  await page.getByTestId('notification').getByText('You left the conversation', { exact: false }).waitFor();
  await taskList.getByText('No tasks').waitFor();
  await page.getByTestId('channel-status').getByText('Channel: inactive', { exact: false }).waitFor();

  await page.getByLabel('Customer message').fill('Any news?');
  await page.getByRole('button', { name: 'Send as customer' }).click();

  await taskList.getByRole('button', { name: 'Accept' }).click();
  await canvas.getByText('Any news?').waitFor();
  await canvas.getByText('Where is my parcel?').waitFor();
  const secondTaskSid = await taskList.getByTestId('task-item').first().getAttribute('data-task-sid');
  assert.notEqual(secondTaskSid, firstTaskSid);
  await page
    .getByTestId('channel-status')
    .getByText('active → inactive → active', { exact: false })
    .waitFor();
  assert.equal(await page.getByTestId('violations').textContent(), '0');
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'leave-reply-new-task.png'), fullPage: true });
}
