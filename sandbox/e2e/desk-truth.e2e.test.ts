/**
 * The sandbox desk (issue 14), part 2: the truth on screen. Messages belong to the agent played and go when
 * they stop being true; reminders are per agent and per pause; losing a conversation to the time limit shows a
 * notice; the client gives up before the Functions' 10 s and then re-reads the real state; focus lands where
 * the result is; the demo's jumps go to 24 h / 1 h before the limit and past it. Screenshots in light and dark.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskControls } from './desk-driver';

const suite = sandboxForThisFile();

const { deskState, workerSid, setAvailable } = deskControls(suite);

async function openDesk(agent: string, theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript((name) => window.localStorage.setItem('desk.theme', name), theme);
  await page.goto(suite.sandbox.url);
  await playAs(page, agent);
  return page;
}

async function playAs(page: Page, agent: string) {
  await page.getByLabel('Play agent').selectOption(await workerSid(agent));
}

/** A customer writes in on `channel`, offered to `agent` (the demo's pick), who accepts it. */
async function agentHasConversation(page: Page, agent: string, customer: string, channel = 'chat') {
  await page.getByLabel('Next conversation goes to').selectOption(await workerSid(agent));
  await page.waitForFunction(
    (sid) => (document.getElementById('next-agent') as HTMLSelectElement).value === sid,
    await workerSid(agent),
  );
  await page.getByLabel('Channel', { exact: true }).selectOption(channel);
  await page.getByLabel('Customer name').fill(customer);
  await page.getByLabel('Customer message').fill(`Hello, ${customer} here`);
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await playAs(page, agent);
  const item = page.getByTestId('task-item').filter({ hasText: customer });
  await item.getByRole('button', { name: 'Accept' }).click();
  await page.locator('[data-testid="task-item"][data-status="assigned"]', { hasText: customer }).waitFor();
  await page.getByLabel('Next conversation goes to').selectOption('');
  const view = await deskState();
  const conversation = view.conversations.find((candidate) => candidate.customerName === customer);
  assert.ok(conversation, `conversation of ${customer}`);
  return conversation.sid;
}

const notification = (page: Page) => page.getByTestId('notification');
const pausedItem = (page: Page, conversationSid: string) =>
  page.locator(`[data-testid="task-item"][data-status="paused"][data-conversation-sid="${conversationSid}"]`);

async function focusedFocusKey(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-focus') ?? null);
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });

async function toggleTheme(page: Page) {
  await page.getByRole('button', { name: 'Dark theme' }).click();
}

test('pause and resume: messages and reminders belong to the agent and the pause, focus follows', async (t) => {
  await setAvailable({ Alice: true, Bob: true, Sam: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-truth-pause-failure.png', async () => {
    const conversation = await agentHasConversation(page, 'Alice', 'Paula Pause');
    const canvas = page.getByTestId('task-canvas');

    await canvas.getByRole('button', { name: 'Pause' }).click();
    await notification(page).getByText('Conversation paused', { exact: false }).waitFor();
    await pausedItem(page, conversation).waitFor();
    await page.getByTestId('capacity').getByText('chat 0/1', { exact: false }).waitFor();
    // Focus goes to the paused item, not to the page body.
    await page.waitForFunction(
      (key) => document.activeElement?.getAttribute('data-focus') === key,
      `paused:${conversation}`,
    );
    await pausedItem(page, conversation).getByTestId('task-badge').getByText('Reassigned in 14 d').waitFor();
    await canvas.getByText('Paused conversation', { exact: true }).waitFor();
    // Paused work lists it (from the Functions' paused list).
    await page.getByRole('button', { name: 'Paused work' }).click();
    await page.getByTestId('paused-work').getByText('Paula Pause').waitFor();
    await shot(page, 'truth-paused-work-light.png');
    await toggleTheme(page);
    await shot(page, 'truth-paused-work-dark.png');
    await toggleTheme(page);
    await page.getByRole('button', { name: 'Agent desktop' }).click();

    // Bob is another agent: Alice's message and paused conversation are not his.
    await playAs(page, 'Bob');
    await page.getByRole('heading', { name: 'Task list' }).waitFor();
    assert.equal(await notification(page).getByText('Conversation paused', { exact: false }).count(), 0);
    assert.equal(await pausedItem(page, conversation).count(), 0);
    await playAs(page, 'Alice');
    await notification(page).getByText('Conversation paused', { exact: false }).waitFor();

    // 24 h before the limit: Alice's reminder and a warning badge; Bob sees no reminder.
    await page.getByRole('button', { name: 'Jump to 24 h before the limit' }).click();
    await page.getByTestId('reminders').getByText('less than 24 hours', { exact: false }).waitFor();
    await pausedItem(page, conversation).locator('[data-look="warning"]').waitFor();
    await playAs(page, 'Bob');
    await page.getByRole('heading', { name: 'Task list' }).waitFor();
    assert.equal(await page.getByTestId('reminders').locator('li').count(), 0);
    await playAs(page, 'Alice');

    // 1 h before: the more urgent reminder.
    await page.getByRole('button', { name: 'Jump to 1 h before the limit' }).click();
    await page.getByTestId('reminders').getByText('less than 1 hour', { exact: false }).waitFor();
    await pausedItem(page, conversation).locator('[data-look="error"]').waitFor();
    await shot(page, 'truth-reminders-light.png');
    await toggleTheme(page);
    await shot(page, 'truth-reminders-dark.png');
    await toggleTheme(page);

    // Resume: what was true of the pause goes; focus goes to the live task.
    await pausedItem(page, conversation).getByRole('button').first().click();
    await canvas.getByRole('button', { name: 'Resume conversation' }).click();
    await notification(page).getByText('Conversation resumed', { exact: false }).waitFor();
    await page
      .locator(`[data-testid="task-item"][data-status="assigned"]`, { hasText: 'Paula Pause' })
      .waitFor();
    await page.waitForFunction(
      (key) => document.activeElement?.getAttribute('data-focus') === key,
      `live:${conversation}`,
    );
    await notification(page)
      .getByText('Conversation paused', { exact: false })
      .waitFor({ state: 'detached' });
    assert.equal(
      await page.getByTestId('reminders').locator('li').count(),
      0,
      'reminders of a past pause go',
    );
    assert.equal(await pausedItem(page, conversation).count(), 0);
    await canvas.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();

    // A new pause is a new deadline: its reminders come again, at its own marks.
    await canvas.getByRole('button', { name: 'Pause' }).click();
    await pausedItem(page, conversation).waitFor();
    assert.equal(await page.getByTestId('reminders').locator('li').count(), 0);
    await page.getByRole('button', { name: 'Jump to 24 h before the limit' }).click();
    await page.getByTestId('reminders').getByText('less than 24 hours', { exact: false }).waitFor();
    assert.equal(await page.getByTestId('reminders').locator('li').count(), 1);

    await canvas.getByRole('button', { name: 'Resume conversation' }).click();
    await page
      .locator(`[data-testid="task-item"][data-status="assigned"]`, { hasText: 'Paula Pause' })
      .waitFor();
    await canvas.getByRole('button', { name: 'End task' }).click();
    await page.getByTestId('task-item').filter({ hasText: 'Paula Pause' }).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});

test('the time limit hands the conversation to another agent: a notice for the agent who paused', async (t) => {
  await setAvailable({ Alice: true, Bob: true });
  const page = await openDesk('Alice', 'dark');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-truth-limit-failure.png', async () => {
    const conversation = await agentHasConversation(page, 'Alice', 'Tim Timeout', 'sms');
    await page.getByTestId('task-canvas').getByRole('button', { name: 'Pause' }).click();
    await pausedItem(page, conversation).waitFor();

    // Alice goes home; Bob is on shift. Past the limit Twilio gives the conversation to Bob.
    // Paste draws its own box over the native checkbox: the agent clicks the label.
    await page.getByTestId('availability').getByText('Available', { exact: true }).click();
    await page.locator('[data-testid="availability"][data-available="no"]').waitFor();
    await page.getByRole('button', { name: 'Jump past the limit' }).click();
    await pausedItem(page, conversation).waitFor({ state: 'detached' });
    const notice = page.getByTestId('time-limit-notice');
    await notice.getByText('Tim Timeout', { exact: false }).waitFor();
    // The pause's own message is no longer true.
    assert.equal(await notification(page).getByText('Conversation paused', { exact: false }).count(), 0);

    await playAs(page, 'Bob');
    assert.equal(await page.getByTestId('time-limit-notice').count(), 0, 'the notice is Alice’s');
    const bobsItem = page.getByTestId('task-item').filter({ hasText: 'Tim Timeout' });
    await bobsItem.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('task-canvas').getByText('Hello, Tim Timeout here').waitFor();

    await playAs(page, 'Alice');
    await notice.getByText('It is now with Bob Agent', { exact: false }).waitFor();
    await shot(page, 'truth-time-limit-dark.png');
    await toggleTheme(page);
    await shot(page, 'truth-time-limit-light.png');
    // Dismissed, it stays dismissed across a reload.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Task list' }).waitFor();
    assert.equal(await page.getByTestId('time-limit-notice').count(), 0);
    await page.getByTestId('availability').getByText('Available', { exact: true }).click();
    await page.locator('[data-testid="availability"][data-available="yes"]').waitFor();
  });
});

test('a late answer: the client gives up before the Functions’ 10 s, re-reads and tells the truth', async (t) => {
  await setAvailable({ Alice: true, Bob: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-truth-timeout-failure.png', async () => {
    const conversation = await agentHasConversation(page, 'Alice', 'Lara Late', 'whatsapp');
    const canvas = page.getByTestId('task-canvas');

    // The pause reaches the Functions and happens; only its answer is held back, past the Functions' 10 s.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/pause', async (route) => {
      const answer = await route.fetch();
      await Promise.race([released, new Promise((resolve) => setTimeout(resolve, 12_000))]);
      await route.fulfill({ response: answer }).catch(() => undefined);
    });
    await canvas.getByRole('button', { name: 'Pause' }).click();
    // Within the Functions' limit the desk has stopped waiting and says what is true: it paused.
    await notification(page).getByText('Conversation paused', { exact: false }).waitFor({ timeout: 10_000 });
    release();
    assert.equal(await notification(page).getByText('Could not pause', { exact: false }).count(), 0);
    await pausedItem(page, conversation).waitFor();
    await page.unroute('**/pause');

    // A resume that fails on the way: the desk re-reads, the conversation is still paused, and it says so.
    await page.route('**/resume', (route) => route.abort('connectionreset'));
    await canvas.getByRole('button', { name: 'Resume conversation' }).click();
    await notification(page).getByText('Could not resume the conversation', { exact: false }).waitFor();
    await pausedItem(page, conversation).waitFor();
    assert.equal(await focusedFocusKey(page), null);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'notification',
      'focus goes to the message',
    );
    await shot(page, 'truth-error-light.png');
    await page.unroute('**/resume');

    // Once the state changes, the error is no longer true and goes.
    await canvas.getByRole('button', { name: 'Resume conversation' }).click();
    await notification(page).getByText('Conversation resumed', { exact: false }).waitFor();
    await notification(page)
      .getByText('Could not resume the conversation', { exact: false })
      .waitFor({ state: 'detached' });
    await canvas.getByRole('button', { name: 'Leave' }).click();
    await notification(page).getByText('You left the conversation', { exact: false }).waitFor();
    await page.getByTestId('task-item').filter({ hasText: 'Lara Late' }).waitFor({ state: 'detached' });
    // Focus does not drop to the page body: the next task, or the message saying what happened.
    await page.waitForFunction(() => {
      const active = document.activeElement;
      return (
        active?.getAttribute('data-testid') === 'notification' ||
        (active?.closest('[data-testid="task-list"]') !== null && active?.hasAttribute('data-focus'))
      );
    });
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});
