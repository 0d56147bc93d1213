import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * The new engine in a browser: Pause moves the interaction channel to Twilio's own `pause`, Resume back to
 * `active` (Twilio's new task is auto-accepted by the same agent), and at the limit Twilio itself reroutes.
 */
const suite = sandboxForThisFile();

const { state, setAvailability, aliceHasAChat, pause } = deskDriver(suite);

/** Flex's End task for whatever Alice still holds from an earlier test: she starts with room for one chat. */
async function endEarlierTasks(page: Page) {
  await page.goto(suite.sandbox.url);
  for (const task of (await state(page)).tasks.filter((candidate) => candidate.status === 'assigned')) {
    await page.request.post(`${suite.sandbox.url}/api/complete`, { data: { taskSid: task.sid } });
  }
}

/** The emulator's Twilio requests that updated a reservation of this task (an accept, a reject). */
async function reservationUpdatesOf(taskSid: string) {
  const requests = (await (await fetch(`${suite.sandbox.emulatorUrl}/_emulator/requests`)).json()) as {
    method: string;
    path: string;
  }[];
  return requests.filter(
    (request) => request.method === 'POST' && request.path.includes(`/Tasks/${taskSid}/Reservations/`),
  );
}

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

test('when Resume’s task arrives pending (undocumented either way), the desk accepts it for the agent, once', async (t) => {
  const page = await suite.browser.newPage();
  const settings = (body: Record<string, unknown>) =>
    fetch(`${suite.sandbox.emulatorUrl}/_emulator/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  t.after(async () => {
    await settings({ resumeArrives: 'accepted', reportStatusTimeout: true });
    await page.close();
  });
  await screenshotOnFailure(page, 'pause-resume-pending-failure.png', async () => {
    // Both sides of what Twilio does not document: the task arrives pending, the answers carry no deadline.
    assert.equal((await settings({ resumeArrives: 'pending', reportStatusTimeout: false })).status, 200);
    await endEarlierTasks(page);
    const { taskSid, conversationSid } = await aliceHasAChat(page, 'Is my parcel lost?');
    await pause(page);
    await page.getByTestId('capacity').getByText('chat 0/1', { exact: false }).waitFor();

    // Without Twilio's status_timeout the deadline is the admin's limit, and Paused work says it is an estimate.
    await page.getByRole('button', { name: 'Paused work' }).click();
    const pausedWork = page.getByTestId('paused-work');
    await pausedWork.getByText("Estimated from the admin's limit").waitFor();
    const deadlineBadge = pausedWork.locator('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]');
    await deadlineBadge.focus();
    await page.getByRole('tooltip').getByText('estimated from the admin', { exact: false }).waitFor();
    await page.screenshot({
      path: path.join(ARTIFACTS_DIR, 'paused-work-estimated-deadline.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Agent desktop' }).click();

    await page.getByTestId('task-canvas').getByRole('button', { name: 'Resume conversation' }).click();
    await page.getByTestId('notification').getByText('Conversation resumed', { exact: false }).waitFor();
    // No Accept click: the desk accepted the pending reservation, as the plugin does with Flex's AcceptTask.
    await page.locator('[data-testid="task-item"][data-status="assigned"]').waitFor();
    await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
    await page.getByTestId('task-canvas').getByText('Is my parcel lost?').waitFor();

    const now = await state(page);
    const resumed = now.tasks.filter(
      (task) => task.conversationSid === conversationSid && task.sid !== taskSid,
    );
    assert.equal(resumed.length, 1);
    assert.equal(resumed[0].status, 'assigned');
    assert.equal(resumed[0].reservationStatus, 'accepted');
    const log = (await (await fetch(`${suite.sandbox.emulatorUrl}/_emulator/channel-log`)).json()) as {
      event: string;
      outcome?: string;
      newTaskSid?: string;
    }[];
    // Twilio's task really did arrive pending: the emulator reserved it and left it to the desk.
    assert.deepEqual(
      log.filter((entry) => entry.newTaskSid === resumed[0].sid).map((entry) => [entry.event, entry.outcome]),
      [['resumed', 'reserved']],
    );
    // Accepted exactly once: one reservation update for the new task, whatever the pushes in between.
    assert.equal((await reservationUpdatesOf(resumed[0].sid)).length, 1);
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});

test('when TaskRouter sends the resumed conversation to the queue (the agent is at capacity), the agent is told', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-resume-routed-failure.png', async () => {
    await endEarlierTasks(page);
    const { taskSid, conversationSid } = await aliceHasAChat(page, 'Where is my refund?');
    await pause(page);
    // Alice takes another chat meanwhile: her one chat slot is full again. Then Bob comes on shift.
    await page.request.post(`${suite.sandbox.url}/api/desk/customer/start`, {
      data: { channelType: 'chat', customerName: 'Dana Second', body: 'Another thing' },
    });
    await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
    await setAvailability(page, { Bob: true });

    await page.locator(`[data-testid="task-item"][data-status="paused"]`).getByRole('button').click();
    await page.getByTestId('task-canvas').getByRole('button', { name: 'Resume conversation' }).click();
    // Nothing reaches Alice within the plugin's window (12 s): she learns where the conversation went.
    await page
      .getByTestId('notification')
      .getByText('Casey Customer went back to the queue: the next available agent will get it', {
        exact: false,
      })
      .waitFor({ timeout: 30_000 });
    const now = await state(page);
    const bob = now.workers.find((worker) => worker.name.startsWith('Bob'))?.sid;
    const resumed = now.tasks.filter(
      (task) => task.conversationSid === conversationSid && task.sid !== taskSid,
    );
    assert.equal(resumed.length, 1);
    assert.equal(resumed[0].workerSid, bob);
    assert.equal(resumed[0].reservationStatus, 'pending');
    // Bob's reservation is his to accept: Alice's desk did not touch it.
    assert.deepEqual(await reservationUpdatesOf(resumed[0].sid), []);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'resume-went-to-queue.png'), fullPage: true });
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});
