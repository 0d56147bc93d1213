/**
 * Issue 19: with the keyboard alone, every action puts focus somewhere safe and predictable (never on another
 * conversation's action), and reminders behave as a person expects across reloads (under 24 h and under 1 h).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskControls } from './desk-driver';

const suite = sandboxForThisFile();
const { deskState, setAvailable, openDesk, offerConversation } = deskControls(suite);

/** A customer writes in, offered to `agent`; the offer is left for the keyboard to accept. */
const offered = (page: Page, agent: string, customer: string) =>
  offerConversation(page, agent, customer, false);

/** Presses Enter on a control reached by the keyboard: focus is put there, then Enter (no click). */
async function enterOn(page: Page, locator: ReturnType<Page['locator']>) {
  await locator.focus();
  await page.keyboard.press('Enter');
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return {
      focus: active?.getAttribute('data-focus') ?? null,
      testid: active?.getAttribute('data-testid') ?? null,
      tag: active?.tagName ?? null,
      text: (active?.textContent ?? '').trim().slice(0, 60),
      resume: active?.getAttribute('data-paste-element') === 'LEAVE_PAUSE_RESUME_BUTTON',
    };
  });

test('keyboard only: Accept, Pause, open Paused work, Resume, Leave — focus lands where it is safe', async (t) => {
  await setAvailable({ Alice: true, Bob: false, Sam: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'truth-keys-focus-failure.png', async () => {
    const first = await offered(page, 'Alice', 'Kai Keys');
    const canvas = page.getByTestId('task-canvas');
    // Accept: focus goes to the opened conversation (its heading), not the page body.
    await enterOn(
      page,
      page.getByTestId('task-item').filter({ hasText: 'Kai Keys' }).getByRole('button', { name: 'Accept' }),
    );
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-focus') === 'canvas-heading');
    // Pause: focus goes to the paused item.
    await enterOn(page, canvas.getByRole('button', { name: 'Pause' }));
    await page.waitForFunction(
      (key) => document.activeElement?.getAttribute('data-focus') === key,
      `paused:${first}`,
    );

    // A second paused conversation, so the list has another row whose Resume focus must never land on.
    const second = await offered(page, 'Alice', 'Lea Keys');
    await enterOn(
      page,
      page.getByTestId('task-item').filter({ hasText: 'Lea Keys' }).getByRole('button', { name: 'Accept' }),
    );
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-focus') === 'canvas-heading');
    await enterOn(page, canvas.getByRole('button', { name: 'Pause' }));
    await page.waitForFunction(
      (key) => document.activeElement?.getAttribute('data-focus') === key,
      `paused:${second}`,
    );

    // Opening Paused work: focus on its heading.
    await enterOn(page, page.getByRole('button', { name: 'Paused work' }));
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    assert.match((await focused(page)).text, /Paused work/);

    // Resume Kai from the list: focus goes to Kai's resumed conversation, never to Lea's Resume.
    await enterOn(page, page.getByRole('button', { name: 'Resume conversation with Kai Keys' }));
    await page.waitForFunction(
      (key) => document.activeElement?.getAttribute('data-focus') === key,
      `live:${first}`,
    );
    assert.equal((await focused(page)).resume, false);
    // One more Enter acts on Kai's own item (opens it), never resumes Lea.
    await page.keyboard.press('Enter');
    const view = await deskState();
    assert.equal(
      view.conversations.find((c) => c.sid === second)?.channelStatus,
      'pause',
      'Lea is still paused',
    );

    // Leave: focus goes to the next task or the message saying what happened, not the body.
    await enterOn(page, canvas.getByRole('button', { name: 'Leave' }));
    await page.waitForFunction(() => {
      const active = document.activeElement;
      return (
        active?.getAttribute('data-testid') === 'notification' ||
        (active?.closest('[data-testid="task-list"]') !== null && active?.hasAttribute('data-focus'))
      );
    });
    assert.notEqual((await focused(page)).tag, 'BODY');
  });
});

test('reminders across reloads: under 24 h it comes back once; dismissed it stays; under 1 h only that one', async (t) => {
  await setAvailable({ Alice: true, Bob: false, Sam: false });
  const page = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'truth-keys-reminders-failure.png', async () => {
    await offered(page, 'Alice', 'Rita Reload');
    await page
      .getByTestId('task-item')
      .filter({ hasText: 'Rita Reload' })
      .getByRole('button', { name: 'Accept' })
      .click();
    const canvas = page.getByTestId('task-canvas');
    await canvas.getByRole('button', { name: 'Pause' }).click();
    await page
      .getByTestId('task-item')
      .filter({ hasText: 'Rita Reload' })
      .and(page.locator('[data-status="paused"]'))
      .waitFor();
    // Rita's own reminders (the first test leaves another paused conversation behind, with its own).
    const reminders = page.getByTestId('reminders').locator('li').filter({ hasText: 'Rita Reload' });

    await page.getByRole('button', { name: 'Jump to 24 h before the limit' }).click();
    await reminders.getByText('less than 24 hours', { exact: false }).waitFor();
    // Under 24 h, a reload: the reminder not dismissed comes back once.
    await page.reload();
    await reminders.getByText('less than 24 hours', { exact: false }).waitFor();
    assert.equal(await reminders.count(), 1);
    // Dismissed with the keyboard: it stays dismissed after a reload.
    await enterOn(page, reminders.getByRole('button', { name: 'Dismiss' }));
    await reminders.first().waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Task list' }).waitFor();
    await page.waitForTimeout(1000);
    assert.equal(await reminders.count(), 0);

    // Under 1 h: only the 1 h reminder, and after a reload it comes back once.
    await page.getByRole('button', { name: 'Jump to 1 h before the limit' }).click();
    await reminders.getByText('less than 1 hour', { exact: false }).waitFor();
    assert.equal(await reminders.count(), 1);
    await page.reload();
    await reminders.getByText('less than 1 hour', { exact: false }).waitFor();
    assert.equal(await reminders.count(), 1);
  });
});
