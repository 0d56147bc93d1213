import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * A pause that ends without the agent (issue 18 parts 1 and 2) in a browser: the customer closes the
 * conversation, and the admin's `pause.onCustomerMessage: "resume"` brings it back when the customer writes.
 * The policy is set in the Flex configuration when the sandbox starts (sandbox/server/start.ts).
 */
process.env.SANDBOX_ON_CUSTOMER_MESSAGE = 'resume';
const suite = sandboxForThisFile();

const { state, aliceHasAChat, pause } = deskDriver(suite);

/** Alice's Paused work in its own tab, following her live feed (not re-reads of /paused). */
async function openPausedWorkAsAlice(page: Page) {
  await page.goto(suite.sandbox.url);
  await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
  await page.getByRole('button', { name: 'Paused work' }).click();
  await page.locator('[data-testid="paused-work"][data-live="true"]').waitFor();
}

/** The rows of Paused work that are paused conversations (the header row has no button). */
const pausedRows = (page: Page) =>
  page
    .getByTestId('paused-work')
    .getByRole('row')
    .filter({ has: page.getByRole('button') });

test('a pause ended by the customer closing the conversation leaves Paused work within 1 s', async (t) => {
  const desk = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const list = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  t.after(() => Promise.all([desk.close(), list.close()]));
  await screenshotOnFailure(list, 'pause-ends-closed-failure.png', async () => {
    const { conversationSid } = await aliceHasAChat(desk, 'I will decide tomorrow');
    await openPausedWorkAsAlice(list);
    await pause(desk);
    await pausedRows(list).first().waitFor();
    assert.equal(await pausedRows(list).count(), 1);

    // The customer ends the chat (the customer panel closes the conversation through the Conversations API).
    // Two times. The 1 s is the list's part, as live-feed.e2e.test.ts measures it: from the moment the pause-events
    // Function has answered Twilio's event (the sandbox answers the close only after the emulator's webhook
    // deliveries are done) to the row gone in the other tab. From the click, the time also holds twilio-run
    // starting a process for the webhook on this shared machine: reported, not held to 1 s.
    const closed = desk.waitForResponse((response) => response.url().endsWith('/api/customer/close'));
    const clickedAt = Date.now();
    await desk.getByRole('button', { name: 'End the chat' }).click();
    const gone = pausedRows(list)
      .first()
      .waitFor({ state: 'detached', timeout: 5000 })
      .then(() => Date.now());
    assert.equal((await closed).status(), 200);
    const answeredAt = Date.now();
    const goneAt = await gone;
    const elapsed = Math.max(0, goneAt - answeredAt);
    t.diagnostic(
      `Paused work followed ${elapsed} ms after the webhook was answered, ${goneAt - clickedAt} ms after the click`,
    );
    assert.ok(elapsed <= 1000, `Paused work followed ${elapsed} ms after the webhook was answered`);
    await list.getByTestId('paused-work').getByText('No paused conversations').waitFor();

    const now = await state(desk);
    const conversation = now.conversations.find((candidate) => candidate.sid === conversationSid);
    assert.equal(conversation?.channelStatus, 'closed');
    // Nothing was routed for it: no task but the paused one.
    assert.equal(now.tasks.filter((task) => task.conversationSid === conversationSid).length, 1);
    assert.equal(await desk.getByTestId('violations').textContent(), '0');
  });
});

test('the `resume` policy: the customer writes during a pause, the conversation comes back to the pausing agent', async (t) => {
  const page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-ends-resume-policy-failure.png', async () => {
    const { taskSid, conversationSid } = await aliceHasAChat(page, 'Let me find my order number');
    await pause(page);
    const alice = (await state(page)).workers.find((worker) => worker.name.startsWith('Alice'));
    assert.ok(alice);

    await page.getByLabel('Customer message').fill('Found it: 4711');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    // Back on Alice's desk without a click of hers: Twilio's new task, accepted for her, the message in it.
    await page.locator('[data-testid="task-item"][data-status="assigned"]').waitFor();
    await page.getByTestId('task-canvas').getByText('Found it: 4711').waitFor();
    assert.equal(
      await page.locator(`[data-testid="task-item"][data-conversation-sid="${conversationSid}"]`).count(),
      0,
    );

    const now = await state(page);
    const resumed = now.tasks.filter(
      (task) => task.conversationSid === conversationSid && task.sid !== taskSid,
    );
    assert.equal(resumed.length, 1);
    assert.equal(resumed[0].status, 'assigned');
    assert.equal(resumed[0].workerSid, alice.sid);
    assert.equal(resumed[0].reservationStatus, 'accepted');
    assert.equal(now.conversations.find((c) => c.sid === conversationSid)?.channelStatus, 'active');
    await page.getByRole('button', { name: 'Paused work' }).click();
    await page.getByTestId('paused-work').getByText('No paused conversations').waitFor();
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});
