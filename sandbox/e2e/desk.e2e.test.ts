/**
 * The sandbox desk (issue 14), part 1: it looks and reads like Flex (Paste, light and dark, English and
 * Spanish), it is live (pushed, never polled; change-on-emulator → screen measured and printed), the customer
 * can open any number of conversations on any channel without a reload, the demo picks who gets the next
 * conversation, the favicon exists and every server binds to 127.0.0.1.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { emulatorCalls, stats, timeChangeToScreen } from '../../bench/desk-latency';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskControls } from './desk-driver';

const suite = sandboxForThisFile();

const { deskState, workerSid, post, setAvailable } = deskControls(suite);

async function openDesk(agent: string): Promise<{ page: Page; failures: string[] }> {
  const page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  await page.goto(suite.sandbox.url);
  await page.getByLabel('Play agent').selectOption(await workerSid(agent));
  return { page, failures };
}

async function startAsCustomer(page: Page, channel: string, name: string, message: string) {
  await page.getByLabel('Channel', { exact: true }).selectOption(channel);
  await page.getByLabel('Customer name').fill(name);
  await page.getByLabel('Customer message').fill(message);
  await page.getByRole('button', { name: 'Start conversation' }).click();
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });

/** The theme's body colour, as the wrapper paints it: dark is dark. */
async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const wrapper = document.querySelector('[data-testid="desk-theme"]') as HTMLElement;
    const [r, g, b] = (getComputedStyle(wrapper).backgroundColor.match(/\d+/g) ?? ['0', '0', '0']).map(
      Number,
    );
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}

test('the desk is built like Flex from Paste, in light and dark, in English and Spanish', async (t) => {
  await setAvailable({ Alice: true, Bob: true, Sam: false });
  await post('/api/desk/next-agent', { workerSid: await workerSid('Alice') });
  const { page, failures } = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-look-failure.png', async () => {
    const sideNav = page.getByRole('navigation', { name: 'Views' });
    await sideNav.getByRole('button', { name: 'Agent desktop' }).waitFor();
    assert.equal(
      await sideNav.getByRole('button', { name: 'Agent desktop' }).getAttribute('aria-current'),
      'page',
    );

    await startAsCustomer(page, 'chat', 'Lena Look', 'Where is my parcel?');
    const item = page.getByTestId('task-item').filter({ hasText: 'Lena Look' });
    await item.getByRole('button', { name: 'Accept' }).click();
    const canvas = page.getByTestId('task-canvas');
    // After Accept, focus goes to the conversation that opened.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-focus') === 'canvas-heading');
    // Flex's task canvas header: the plugin's Leave and Pause beside End task.
    for (const name of ['Leave', 'Pause', 'End task']) await canvas.getByRole('button', { name }).waitFor();
    // Paste's chat bubbles carry the conversation.
    await canvas.locator('[data-paste-element="CHAT_BUBBLE"]', { hasText: 'Where is my parcel?' }).waitFor();
    await page
      .locator('[data-testid="task-item"][data-status="assigned"]', { hasText: 'Lena Look' })
      .waitFor();

    assert.ok((await backgroundLuminance(page)) > 0.8, 'the light theme has a light body');
    await shot(page, 'desk-light.png');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await page.locator('[data-theme="dark"]').waitFor();
    assert.ok((await backgroundLuminance(page)) < 0.2, 'the dark theme has a dark body');
    // The plugin's own buttons follow the theme too (through Paste's token custom properties).
    // Paste's buttons fade their background, so a read at the instant of the switch can still see white:
    // wait for the fade to settle rather than reading once.
    const leaveButton = await canvas.getByRole('button', { name: 'Leave' }).elementHandle();
    await page.waitForFunction(
      (button) => button !== null && getComputedStyle(button).backgroundColor !== 'rgb(255, 255, 255)',
      leaveButton,
      { timeout: 5_000 },
    );
    await shot(page, 'desk-dark.png');

    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Lista de tareas' }).waitFor();
    await canvas.getByRole('button', { name: 'Pausar' }).waitFor();
    await canvas.getByRole('button', { name: 'Salir' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await shot(page, 'desk-dark-es.png');

    await page.getByRole('button', { name: 'Trabajo en pausa' }).click();
    await page.getByTestId('paused-work').getByText('No hay conversaciones en pausa').waitFor();
    await shot(page, 'paused-work-dark-es.png');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.getByTestId('paused-work').getByText('No paused conversations').waitFor();
    await shot(page, 'paused-work-light.png');

    // Theme and language are the agent's choice: a reload keeps them.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.reload();
    await page.locator('[data-theme="dark"]').waitFor();

    await canvas.getByRole('button', { name: 'End task' }).click();
    await page.getByTestId('task-item').filter({ hasText: 'Lena Look' }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement !== document.body);
    assert.deepEqual(failures, [], 'no request failed and no page error (favicon included)');
    const favicon = await fetch(`${suite.sandbox.url}/favicon.ico`);
    assert.equal(favicon.status, 200);
    assert.match(favicon.headers.get('content-type') ?? '', /image\/svg\+xml/);
  });
});

test('every server of the sandbox listens on 127.0.0.1 only', async () => {
  const { url, functionsUrl, emulatorUrl } = suite.sandbox;
  const ports = [url, functionsUrl, emulatorUrl].map((address) => {
    const parsed = new URL(address);
    assert.equal(parsed.hostname, '127.0.0.1', `${address} is on 127.0.0.1`);
    return Number(parsed.port);
  });
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
  if (!external) {
    // Nothing but loopback on this machine: there is no other interface to be reachable on.
    console.log('binding: this machine has no non-loopback IPv4 interface; checked the addresses only');
    return;
  }
  for (const port of ports) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: external, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, `port ${port} must not answer on ${external}`);
  }
});

test('the demo picks the agent who gets the next conversation, with both available', async (t) => {
  await setAvailable({ Alice: true, Bob: true });
  const { page } = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-next-agent-failure.png', async () => {
    const plan: [string, string][] = [
      ['Bob', 'sms'],
      ['Alice', 'messenger'],
      ['Bob', 'whatsapp'],
      ['Alice', 'email'],
    ];
    for (const [agent, channel] of plan) {
      const name = `Nina ${agent} ${channel}`;
      await page.getByLabel('Next conversation goes to').selectOption(await workerSid(agent));
      await page.waitForFunction(
        (sid) => (document.getElementById('next-agent') as HTMLSelectElement).value === sid,
        await workerSid(agent),
      );
      await startAsCustomer(page, channel, name, 'Who will answer?');
      await page.getByTestId('customer-conversation').filter({ hasText: name }).waitFor();
      const view = await deskState();
      const conversation = view.conversations.find((candidate) => candidate.customerName === name);
      const task = view.tasks.find((candidate) => candidate.conversationSid === conversation?.sid);
      assert.equal(task?.workerSid, await workerSid(agent), `${name} is offered to ${agent}`);
    }
    // Alice sees her two offers in her task list; Bob's are not hers.
    await page.getByTestId('task-item').filter({ hasText: 'Nina Alice email' }).waitFor();
    await page.getByTestId('task-item').filter({ hasText: 'Nina Alice messenger' }).waitFor();
    assert.equal(await page.getByTestId('task-item').filter({ hasText: 'Nina Bob' }).count(), 0);
    await page.getByLabel('Next conversation goes to').selectOption('');
  });
});

test('live: a change on the emulator reaches the screen without polling (measured)', async (t) => {
  // Only Alice is available, so what the emulator starts goes to her.
  await setAvailable({ Alice: true, Bob: false });
  const alice = await workerSid('Alice');
  const { page } = await openDesk('Alice');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-live-failure.png', async () => {
    const view = await deskState();
    const seed = { workspaceSid: '', available: '', offline: '' };
    const emulator = emulatorCalls(suite.sandbox.emulatorUrl);
    const snapshot = (await (await fetch(`${suite.sandbox.emulatorUrl}/_emulator/state`)).json()) as {
      seed: { workspaceSid: string; activities: { available: string; offline: string } };
    };
    seed.workspaceSid = snapshot.seed.workspaceSid;
    seed.available = snapshot.seed.activities.available;
    seed.offline = snapshot.seed.activities.offline;
    assert.ok(view.workers.length > 0);

    const samples: Record<string, number[]> = { message: [], clock: [], activity: [], conversation: [] };
    const started = await emulator.customerStarts('chat', 'Lou Live', 'first words');
    await page
      .getByTestId('task-item')
      .filter({ hasText: 'Lou Live' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await page.getByTestId('task-canvas').getByText('first words').waitFor();
    for (let i = 0; i < 10; i++) {
      const text = `live message ${i}`;
      samples.message.push(
        await timeChangeToScreen(page, () => emulator.customerSays(String(started.conversationSid), text), {
          selector: '[data-testid="task-canvas"]',
          text,
        }),
      );
    }
    for (let i = 0; i < 3; i++) {
      const now = await page.getByTestId('clock').getAttribute('data-now');
      samples.clock.push(
        await timeChangeToScreen(page, () => emulator.advanceClock(10), {
          selector: `[data-testid="clock"]:not([data-now="${now}"])`,
        }),
      );
    }
    for (let i = 0; i < 4; i++) {
      const available = (await page.getByTestId('availability').getAttribute('data-available')) !== 'yes';
      samples.activity.push(
        await timeChangeToScreen(
          page,
          () => emulator.setActivity(seed.workspaceSid, alice, available ? seed.available : seed.offline),
          { selector: `[data-testid="availability"][data-available="${available ? 'yes' : 'no'}"]` },
        ),
      );
    }
    for (const channel of ['sms', 'whatsapp']) {
      const name = `Lou ${channel}`;
      samples.conversation.push(
        await timeChangeToScreen(page, () => emulator.customerStarts(channel, name, 'hello'), {
          selector: '[data-testid="customer-conversation"]',
          text: name,
        }),
      );
    }
    const all = Object.values(samples).flat();
    for (const [kind, values] of Object.entries(samples)) {
      const figures = stats(values);
      console.log(
        `desk live: ${kind} change → screen p50 ${figures.p50Ms} ms, max ${figures.maxMs} ms (${figures.count} changes)`,
      );
    }
    const overall = stats(all);
    console.log(
      `desk live: every change → screen p50 ${overall.p50Ms} ms, p95 ${overall.p95Ms} ms, max ${overall.maxMs} ms (target ≤ 500 ms; npm run bench measures it)`,
    );
    // A sanity bound only (the target belongs to the bench): far above 500 ms, far below a poll of seconds.
    assert.ok(overall.maxMs < 5000, `a change took ${overall.maxMs} ms to reach the screen`);

    // Pushed, not polled: with nothing happening the page sends no request at all. The last change's own
    // follow-up reads (the paused list re-read once the live feed takes over, on a loaded machine seconds
    // later) may still trail it; a poll never stops. So: one 4 s window with no request at all, within three.
    let requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const windows: string[][] = [];
    for (let window = 0; window < 3; window++) {
      requests = [];
      await page.waitForTimeout(4000);
      windows.push(requests);
      if (requests.length === 0) break;
    }
    assert.deepEqual(
      windows[windows.length - 1],
      [],
      `requests in every quiet window: ${JSON.stringify(windows)}`,
    );
  });
});

test('the customer opens conversations on every channel without a reload, and a reload keeps them', async (t) => {
  await post('/api/desk/next-agent', { workerSid: null });
  const { page } = await openDesk('Bob');
  t.after(() => page.close());
  await screenshotOnFailure(page, 'desk-customer-failure.png', async () => {
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const channels = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];
    for (const channel of channels) {
      await startAsCustomer(page, channel, `Cara ${channel}`, `Hello over ${channel}`);
      await page
        .getByTestId('customer-conversation')
        .filter({ hasText: `Cara ${channel} · ${channel}` })
        .waitFor();
    }
    assert.equal(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      true,
    );
    // The last one started is the one the customer is in; they can write to it.
    const email = page.getByTestId('customer-conversation').filter({ hasText: 'Cara email' });
    assert.equal(await email.getAttribute('aria-pressed'), 'true');
    await page.getByLabel('Customer message').fill('Any news?');
    await page.getByRole('button', { name: 'Send as customer' }).click();
    await page.locator(`[data-testid^="history-"]`).getByText('Any news?').first().waitFor();

    await page.reload();
    for (const channel of channels) {
      await page
        .getByTestId('customer-conversation')
        .filter({ hasText: `Cara ${channel} · ${channel}` })
        .waitFor();
    }
    const afterReload = page.getByTestId('customer-conversation').filter({ hasText: 'Cara email' });
    assert.equal(await afterReload.getAttribute('aria-pressed'), 'true');
    await shot(page, 'customer-conversations-light.png');
  });
});
