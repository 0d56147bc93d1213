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

test('default routing: an agent leaves a chat, the customer replies and a new task arrives with the whole history', async (t) => {
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
  await page.getByTestId('channel-status').getByText('Channel: left', { exact: false }).waitFor();

  await page.getByLabel('Customer message').fill('Any news?');
  await page.getByRole('button', { name: 'Send as customer' }).click();

  await taskList.getByRole('button', { name: 'Accept' }).click();
  await canvas.getByText('Any news?').waitFor();
  await canvas.getByText('Where is my parcel?').waitFor();
  const secondTaskSid = await taskList.getByTestId('task-item').first().getAttribute('data-task-sid');
  assert.notEqual(secondTaskSid, firstTaskSid);
  await page.getByTestId('channel-status').getByText('active → left → active', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('violations').textContent(), '0');
  assert.equal(await page.getByTestId('reply-routing').count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'leave-reply-new-task.png'), fullPage: true });
}

test('Console\'s "Use custom routing": the reply after Leave goes to the Studio flow, then the Interactions webhook; no task arrives', async (t) => {
  const page = await suite.browser.newPage();
  t.after(async () => {
    // Back to Twilio's default for any later test of this file.
    await page.request.post(`${suite.sandbox.url}/api/desk/leave-routing`, { data: { kind: 'default' } });
    await page.close();
  });
  await screenshotOnFailure(page, 'leave-custom-routing-failure.png', () => customRoutingFlow(page));
});

async function customRoutingFlow(page: Page) {
  await page.goto(suite.sandbox.url);
  await playOnlyAlice(page);
  await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
  // The admin's choice in Console, which the emulator applies to every Leave.
  await page.getByLabel('After Leave, the customer’s reply goes to', { exact: false }).selectOption('studio');

  // SMS: Alice's chat capacity is held by the first test's conversation.
  await page.getByLabel('Channel', { exact: true }).selectOption('sms');
  await page.getByLabel('Customer message').fill('Is my refund through?');
  await page.getByRole('button', { name: 'Start conversation' }).click();

  const taskList = page.getByTestId('task-list');
  const canvas = page.getByTestId('task-canvas');
  const incoming = taskList.getByTestId('task-item').filter({ hasText: 'sms' });
  await incoming.getByRole('button', { name: 'Accept' }).click();
  await incoming.getByRole('button', { name: /Active/ }).click();
  await canvas.getByText('Is my refund through?').waitFor();
  const tasksBefore = (await (await page.request.get(`${suite.sandbox.url}/api/desk/state`)).json()).tasks
    .length as number;

  await canvas.getByRole('button', { name: 'Leave' }).click();
  await page.getByTestId('notification').getByText('You left the conversation', { exact: false }).waitFor();
  await page.getByTestId('channel-status').getByText('Interaction channel: left', { exact: false }).waitFor();

  await page.getByLabel('Customer message').fill('Hello? Any update?');
  await page.getByRole('button', { name: 'Send as customer' }).click();

  const routed = page.getByTestId('reply-routing');
  await routed.getByText(/went to the Studio flow FW[0-9a-f]{32} /).waitFor();
  assert.equal(await routed.getAttribute('data-target'), 'studio');
  // No task: the channel stays inactive and Twilio made none; the admin's flow has the reply.
  await page.getByTestId('channel-status').getByText('active → left)', { exact: false }).waitFor();
  const state = await (await page.request.get(`${suite.sandbox.url}/api/desk/state`)).json();
  assert.equal(state.tasks.length, tasksBefore);
  assert.equal(await incoming.count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'leave-reply-studio-flow.png'), fullPage: true });

  // The other Console choice: the admin's own logic on Interactions events, played by the sandbox server.
  await page
    .getByLabel('After Leave, the customer’s reply goes to', { exact: false })
    .selectOption('interactions-webhook');
  await page.getByLabel('Customer message').fill('Still waiting');
  await page.getByRole('button', { name: 'Send as customer' }).click();
  await routed
    .getByText(/went to the Interactions webhook http:\/\/127\.0\.0\.1:\d+\/api\/desk\/interactions-events /)
    .waitFor();
  assert.equal(await routed.getAttribute('data-target'), 'interactions-webhook');
  // The emulator posts the event after the reply; the sandbox server, playing the admin's endpoint, answers 200.
  type Delivery = { eventType: string; status: number | null; params: Record<string, string> };
  let event: Delivery | undefined;
  for (let attempt = 0; attempt < 50 && event?.status !== 200; attempt++) {
    const deliveries = (await (
      await page.request.get(`${suite.sandbox.emulatorUrl}/_emulator/deliveries`)
    ).json()) as Delivery[];
    event = deliveries.find((delivery) => delivery.eventType === 'onChannelStatusUpdated');
    if (event?.status !== 200) await page.waitForTimeout(100);
  }
  assert.equal(event?.status, 200);
  const left = (state.conversations as { sid: string; channelType: string }[]).find(
    (conversation) => conversation.channelType === 'sms',
  );
  assert.equal(event?.params.MediaChannelSid, left?.sid);
  const after = await (await page.request.get(`${suite.sandbox.url}/api/desk/state`)).json();
  assert.equal(after.tasks.length, tasksBefore);
  assert.equal(await page.getByTestId('violations').textContent(), '0');
}
