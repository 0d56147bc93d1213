import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * Pause events (issue 18 part 1) in a browser: the customer writes during a pause; the pausing agent sees the
 * count on the paused item and one notification for the burst; another agent sees neither.
 */
const suite = sandboxForThisFile();

const { aliceHasAChat, pause } = deskDriver(suite);

const WROTE = 'wrote while the conversation is paused';

test('customer message during a pause → count and one notification for the pausing agent only', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-events-failure.png', async () => {
    const { conversationSid } = await aliceHasAChat(page, 'My parcel is late');
    await pause(page);
    const pausedItem = page.locator(
      `[data-testid="task-item"][data-status="paused"][data-conversation-sid="${conversationSid}"]`,
    );
    const notices = page.getByTestId('notification').getByText(WROTE, { exact: false });
    // Every notice shown, even one gone by itself since (information notices leave after 8 s).
    await page.evaluate((wrote) => {
      const seen: string[] = [];
      (window as unknown as { wroteNotices: string[] }).wroteNotices = seen;
      new MutationObserver((changes) => {
        for (const change of changes) {
          for (const node of change.addedNodes) {
            if (node.textContent?.includes(wrote)) seen.push(node.textContent);
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    }, WROTE);
    const shownNotices = () =>
      page.evaluate(() => (window as unknown as { wroteNotices: string[] }).wroteNotices.length);

    await page.getByLabel('Customer message').fill('Are you still there?');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    await pausedItem.getByText('1 new message from the customer').waitFor();
    await page.waitForFunction(
      () => (window as unknown as { wroteNotices: string[] }).wroteNotices.length > 0,
    );
    assert.match(
      await page.evaluate(() => (window as unknown as { wroteNotices: string[] }).wroteNotices[0]),
      /Are you still there\?/,
    );

    // The second message of the burst: the count grows, no second notification.
    await page.getByLabel('Customer message').fill('Hello?');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    await pausedItem.getByText('2 new messages from the customer').waitFor();
    assert.equal(await shownNotices(), 1);
    // The paused conversation's header too.
    await page.getByTestId('task-canvas').getByText('2 new messages from the customer').waitFor();

    // Paused work shows the same count.
    await page.getByRole('button', { name: 'Paused work' }).first().click();
    await page.getByTestId('paused-work').getByText('2 new messages from the customer').waitFor();

    // Another agent: not told, nothing counted for them.
    await page.getByLabel('Play agent').selectOption({ label: 'Bob Agent' });
    await page.getByTestId('paused-work').getByText('No paused conversations').waitFor();
    assert.equal(await notices.count(), 0);
    assert.equal(await shownNotices(), 1);
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});
