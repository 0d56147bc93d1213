import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';

const suite = sandboxForThisFile();

const HOUR = 3600;
const DAY = 24 * HOUR;

async function advanceClock(page: Page, seconds: number) {
  await page.getByLabel('Advance clock by (seconds)').fill(String(seconds));
  await page.getByRole('button', { name: 'Advance', exact: true }).click();
}

async function expectLook(page: Page, look: 'normal' | 'warning' | 'error', text: string) {
  const badge = page.getByTestId('task-badge').locator(`[data-look="${look}"]`);
  await badge.getByText(text, { exact: false }).waitFor();
  await page.getByTestId('canvas-badge').locator(`[data-look="${look}"]`).waitFor();
}

test('the countdown badge turns to warning at 24 h and to error at 1 h before the reassignment', async (t) => {
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
  t.after(() => page.close());
  await screenshotOnFailure(page, 'badge-failure.png', async () => {
    await page.goto(suite.sandbox.url);
    await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
    await page.getByLabel('Customer message').fill('Please call me back next week');
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const accept = page.getByTestId('task-list').getByRole('button', { name: 'Accept' });
    await accept.click();
    await page.getByTestId('task-canvas').getByRole('button', { name: 'Pause' }).click();

    await expectLook(page, 'normal', 'Reassigned in 14 days');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'badge-normal.png') });

    // 23 h 59 min before the limit.
    await advanceClock(page, 14 * DAY - 24 * HOUR + 60);
    await expectLook(page, 'warning', 'Reassigned in 23 hours 59 minutes');
    await page.getByTestId('reminders').getByText('less than 24 hours', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'badge-warning.png') });

    // 59 min before the limit.
    await advanceClock(page, 23 * HOUR);
    await expectLook(page, 'error', 'Reassigned in 59 minutes');
    await page.getByTestId('reminders').getByText('less than 1 hour', { exact: false }).waitFor();
    // At each mark only that mark's reminder (issue 19: the 1 h one withdraws the 24 h one), and polling on
    // does not repeat it.
    await page.waitForTimeout(1500);
    const shown = await page.getByTestId('reminders').locator('li').allTextContents();
    if (shown.length !== 1 || !/less than 1 hour/.test(shown[0])) {
      throw new Error(`expected only the 1 h reminder, saw ${JSON.stringify(shown)}`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'badge-error.png') });
  });
});
