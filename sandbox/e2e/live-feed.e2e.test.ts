import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * Issue 18 part 2: the paused list follows the agent's live feed in every tab. The feed is the Functions'
 * Sync document, read through the emulator's token-checked client path with the agent's own live token.
 */
const suite = sandboxForThisFile();

const { state, aliceHasAChat, pause } = deskDriver(suite);

async function openPausedWorkAsAlice(page: Page) {
  await page.goto(suite.sandbox.url);
  await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
  await page.getByRole('button', { name: 'Paused work' }).click();
  // The list is the feed's, not a re-read of /paused.
  await page.locator('[data-testid="paused-work"][data-live="true"]').waitFor();
}

async function flexTokenOf(workerSid: string): Promise<string> {
  const answer = await fetch(`${suite.sandbox.url}/api/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ workerSid }),
  });
  return ((await answer.json()) as { token: string }).token;
}

async function liveTokenOf(workerSid: string) {
  const answer = await fetch(`${suite.sandbox.functionsUrl}/live-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Token: await flexTokenOf(workerSid) }),
  });
  assert.equal(answer.status, 200);
  return (await answer.json()) as { live: boolean; token: string; serviceSid: string; document: string };
}

test('a pause that ends in one tab leaves the other tab’s Paused work within 1 s', async (t) => {
  const tabA = await suite.browser.newPage();
  const tabB = await suite.browser.newPage();
  t.after(() => Promise.all([tabA.close(), tabB.close()]));
  await screenshotOnFailure(tabB, 'live-feed-failure.png', async () => {
    const customer = 'Where is my parcel?';
    await aliceHasAChat(tabA, customer);
    await openPausedWorkAsAlice(tabB);
    await pause(tabA);
    // One row per paused conversation (the header row has no button).
    const item = tabB
      .getByTestId('paused-work')
      .getByRole('row')
      .filter({ has: tabB.getByRole('button') });
    await item.first().waitFor();
    assert.equal(await item.count(), 1);

    // Ended in tab A (the customer-closed webhook of part 1 deletes the record the same way, in the store).
    await tabA.getByTestId('task-canvas').getByRole('button', { name: 'Resume conversation' }).click();
    await tabA.getByTestId('notification').getByText('Conversation resumed', { exact: false }).waitFor();
    const answeredAt = Date.now();
    await item.first().waitFor({ state: 'detached', timeout: 5000 });
    const elapsed = Date.now() - answeredAt;
    t.diagnostic(`the other tab followed in ${elapsed} ms`);
    assert.ok(elapsed <= 1000, `the other tab's list followed in ${elapsed} ms`);
    assert.equal(await tabB.locator('[data-testid="paused-work"][data-live="true"]').count(), 1);
  });
});

test('an agent’s live token reads their own feed and no one else’s (403)', async () => {
  const page = await suite.browser.newPage();
  try {
    const workers = (await state(page)).workers;
    const alice = workers.find((worker) => worker.name.startsWith('Alice'))!.sid;
    const bob = workers.find((worker) => worker.name.startsWith('Bob'))!.sid;
    const alices = await liveTokenOf(alice);
    const bobs = await liveTokenOf(bob);
    assert.equal(alices.live, true);
    const read = (document: string, token: string) =>
      fetch(
        `${suite.sandbox.emulatorUrl}/_emulator/sync-client/Services/${alices.serviceSid}/Documents/${document}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
    assert.equal((await read(alices.document, alices.token)).status, 200);
    assert.equal((await read(bobs.document, alices.token)).status, 403);
    assert.equal((await read(alices.document, bobs.token)).status, 403);
    // The sandbox relay refuses the same way: a made-up Flex token gets no feed.
    const relay = await fetch(`${suite.sandbox.url}/api/paused-feed?token=forged`);
    assert.match(await relay.text(), /event: unavailable/);
  } finally {
    await page.close();
  }
});
