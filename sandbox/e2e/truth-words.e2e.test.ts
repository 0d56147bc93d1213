/**
 * Issue 19: every word on the agent's screen is true. Notices like Flex's (a few at most, newest first, in the
 * language chosen now), Spanish wording and Twilio's states in words, a slow backend that is never reported as a
 * failure, a service that can't be reached said in words and shown as a state (actions disabled, cleared when it is
 * back, also after a reload), and no raw error text anywhere.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskControls } from './desk-driver';

const suite = sandboxForThisFile();
const { deskState, setAvailable, openDesk, offerConversation } = deskControls(suite);

const FUNCTIONS = '**/{leave,pause,resume,paused,server-time}';
const RAW_ERROR_TEXT = /Failed to fetch|TypeError|NetworkError|ECONNREFUSED|HTTP \d{3}|undefined/;

const agentHasConversation = (page: Page, agent: string, customer: string) =>
  offerConversation(page, agent, customer, true);

const notices = (page: Page) => page.getByTestId('notification').locator('[data-paste-element="ALERT"]');

async function assertNoRawErrorText(page: Page) {
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, RAW_ERROR_TEXT, 'no raw error text on the page');
}

test('notices: a few at most, newest first, in the language chosen now; Spanish words', async (t) => {
  await setAvailable({ Alice: true, Bob: false, Sam: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'truth-words-notices-failure.png', async () => {
    await agentHasConversation(page, 'Alice', 'Nora Notices');
    const canvas = page.getByTestId('task-canvas');
    // Many actions in a row: each adds a notice, the screen never piles them up.
    for (let i = 0; i < 3; i++) {
      await canvas.getByRole('button', { name: 'Pause' }).click();
      await canvas.getByRole('button', { name: 'Resume conversation' }).click();
      await canvas.getByRole('button', { name: 'Pause' }).waitFor();
      assert.ok((await notices(page).count()) <= 3, 'three notices at most');
    }
    await page.getByTestId('notification').getByText('Conversation resumed').first().waitFor();
    // Newest first: the latest action's notice is on top.
    assert.match((await notices(page).first().innerText()) ?? '', /Conversation resumed/);
    // The language chosen now: the notice made in English speaks Spanish, and so does the desk. Checked at once,
    // before anything slow (a screenshot): information notices leave by themselves after 8 s.
    await page.getByLabel('Language').selectOption('es');
    await page.getByTestId('notification').getByText('Conversación reanudada').first().waitFor();
    assert.equal(await page.getByTestId('notification').getByText('Conversation resumed').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'truth-notices-after-many-actions.png') });
    await page.getByLabel('Actuar como agente').waitFor();
    assert.equal(await page.getByText('Jugar como agente').count(), 0);
    // Twilio's state in words, not Twilio's raw value.
    await page.getByText('Canal de la interacción: activo', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'truth-notices-spanish.png') });

    // Information notices leave by themselves.
    await notices(page).first().waitFor({ state: 'detached', timeout: 15_000 });
    await assertNoRawErrorText(page);
    await page.getByLabel('Idioma').selectOption('en');
    await canvas.getByRole('button', { name: 'Leave' }).click();
    // Done only once Alice's capacity is free again, for the next test's conversation.
    await page.getByTestId('task-item').filter({ hasText: 'Nora Notices' }).waitFor({ state: 'detached' });
  });
});

test('a slow backend: "still working…", then the real outcome; never a failure that was not one', async (t) => {
  await setAvailable({ Alice: true, Bob: false, Sam: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'truth-words-slow-failure.png', async () => {
    await agentHasConversation(page, 'Alice', 'Sol Slow');
    const canvas = page.getByTestId('task-canvas');
    // The first Pause request waits 9 s before it reaches the Functions (the client gives up at 8 s).
    let first = true;
    await page.route('**/pause', async (route: Route) => {
      if (!first) return route.continue();
      first = false;
      await new Promise((resolve) => setTimeout(resolve, 9000));
      await route.continue().catch(() => undefined);
    });
    await canvas.getByRole('button', { name: 'Pause' }).click();
    await page
      .getByTestId('notification')
      .getByText('Still working', { exact: false })
      .waitFor({ timeout: 12_000 });
    await page
      .getByTestId('notification')
      .getByText('Conversation paused', { exact: false })
      .waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('Could not pause', { exact: false }).count(), 0);
    await page.unroute('**/pause');
    // Paused exactly once: one paused entry for this conversation.
    const view = await deskState();
    assert.equal(
      view.conversations.filter((c) => c.customerName === 'Sol Slow' && c.channelStatus === 'pause').length,
      1,
    );
    await assertNoRawErrorText(page);
    await canvas.getByRole('button', { name: 'Resume conversation' }).click();
    await canvas.getByRole('button', { name: 'Leave' }).click();
    // Done only once Alice's capacity is free again, for the next test's conversation.
    await page.getByTestId('task-item').filter({ hasText: 'Sol Slow' }).waitFor({ state: 'detached' });
  });
});

test('the service down: said in words, actions disabled with the reason, also after a reload; cleared when back', async (t) => {
  await setAvailable({ Alice: true, Bob: false, Sam: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'truth-words-down-failure.png', async () => {
    await agentHasConversation(page, 'Alice', 'Dana Down');
    await page.route(FUNCTIONS, (route) => route.abort('connectionrefused'));
    await page.reload();
    await page
      .getByTestId('service-down')
      .getByText("The Leave & Pause service can't be reached", { exact: false })
      .waitFor();
    const canvas = page.getByTestId('task-canvas');
    const pause = canvas.getByRole('button', { name: 'Pause' });
    await pause.waitFor();
    assert.equal(await pause.isDisabled(), true, 'Pause is disabled while the service is down');
    assert.match((await pause.getAttribute('title')) ?? '', /can't be reached/);
    await assertNoRawErrorText(page);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'truth-service-down.png') });

    // Back: the probe sees it within seconds, the state clears and the actions work again.
    await page.unroute(FUNCTIONS);
    await page.getByTestId('service-down').waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await pause.isDisabled(), false);
    await canvas.getByRole('button', { name: 'Leave' }).click();
    await page.getByTestId('notification').getByText('You left the conversation', { exact: false }).waitFor();
  });
});
