import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * Pause reasons (issue 18) in a browser: the admin's reasons are on (as `npm run configure` would set them), the
 * agent picks one with the keyboard only (Escape gives focus back to Pause), with a note, and the conversation is
 * paused with the reason in the task's attributes, in the agent's Paused work and in the supervisor's team view.
 */
// Read by the sandbox when this file's sandbox starts (sandbox/server/start.ts): one test process per file.
process.env.SANDBOX_PAUSE_REASONS = 'on';
const suite = sandboxForThisFile();
const { state, aliceHasAChat } = deskDriver(suite);

test('reason picked with the keyboard reaches Twilio: the task closes with it for Flex Insights', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'pause-reasons-failure.png', async () => {
    const { taskSid, conversationSid } = await aliceHasAChat(page, 'I will send the documents tomorrow');
    const canvas = page.getByTestId('task-canvas');
    const pause = canvas.getByRole('button', { name: 'Pause' });
    assert.equal(await pause.getAttribute('aria-haspopup'), 'menu');

    // Keyboard only: focus Pause, open the menu, move to the second reason, back up, write a note, pick.
    await pause.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Why are you pausing?' });
    await menu.waitFor();
    await page.getByRole('menuitem', { name: 'Waiting for documents' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Waiting for documents');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Pause');

    await page.keyboard.press('ArrowDown');
    await menu.waitFor();
    await page.getByLabel('Note (optional)').fill('passport scan');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Waiting for documents');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'pause-reason-menu.png'), fullPage: true });
    await page.keyboard.press('Enter');

    await page.getByTestId('notification').getByText('Conversation paused', { exact: false }).waitFor();
    await canvas.getByText('Paused conversation', { exact: true }).waitFor();
    const now = await state(page);
    assert.equal(now.conversations.find((c) => c.sid === conversationSid)?.channelStatus, 'pause');

    // Twilio's task carries the reason for Flex Insights, written before the task closed.
    const emulatorState = (await (await fetch(`${suite.sandbox.emulatorUrl}/_emulator/state`)).json()) as {
      tasks: { sid: string; assignment_status: string; parsed_attributes: Record<string, unknown> }[];
    };
    const paused = emulatorState.tasks.find((task) => task.sid === taskSid);
    assert.equal(paused?.assignment_status, 'completed');
    assert.equal(
      (paused?.parsed_attributes.conversations as Record<string, unknown>).conversation_label_10,
      'waiting-docs',
    );

    // Paused work (the agent's records, followed live) shows the reason and the note.
    await page.getByRole('button', { name: 'Paused work' }).click();
    const pausedWork = page.getByTestId('paused-work');
    await pausedWork.getByText('Waiting for documents', { exact: false }).waitFor();
    await pausedWork.getByText('passport scan', { exact: false }).waitFor();

    // The supervisor's team view shows it too, on Alice's row.
    const samPage = await suite.browser.newPage();
    t.after(() => samPage.close());
    await samPage.goto(suite.sandbox.url);
    await samPage.getByLabel('Play agent').selectOption({ label: 'Sam Supervisor' });
    await samPage.getByRole('navigation').getByRole('button', { name: 'Team pauses' }).click();
    const row = samPage.getByTestId('team-view').locator(`tr[data-task-sid="${taskSid}"]`);
    await row.getByRole('rowheader', { name: 'Alice Agent' }).waitFor();
    await row.getByText('Waiting for documents', { exact: false }).waitFor();
  });
});
