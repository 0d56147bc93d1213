/**
 * Change on the emulator → on the desk's screen, in Chromium. The change is made on the emulator directly (its
 * control API or Twilio's REST API, never through the page), and the page records, in a MutationObserver and
 * the next animation frame, when the DOM first shows it. Browser and Node share this machine's clock, so the
 * difference is the whole path: emulator → sandbox server's watcher → server-sent event → React → paint.
 *
 * Used by the desk browser test (which prints the figures) and by `npm run bench` (measureDeskLatency).
 */
import type { Page } from 'playwright-core';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../emulator/src';

/** What "shown" means: an element matching `selector` whose text includes `text` (when given). */
export interface Shown {
  selector: string;
  text?: string;
}

declare global {
  interface Window {
    __deskShownAt?: number;
  }
}

/** Runs in the page: records the first frame in which `wanted` is shown (after the change starts). */
const INSTALL_OBSERVER = `function (wanted) {
  window.__deskShownAt = 0;
  function matches() {
    return Array.prototype.some.call(document.querySelectorAll(wanted.selector), function (element) {
      return wanted.text === undefined || (element.textContent || '').indexOf(wanted.text) !== -1;
    });
  }
  if (matches()) throw new Error('already shown before the change: ' + JSON.stringify(wanted));
  var observer = new MutationObserver(function () {
    if (!matches()) return;
    observer.disconnect();
    requestAnimationFrame(function () {
      window.__deskShownAt = Date.now();
    });
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}`;

/** Milliseconds from just before `change` starts to the frame in which the page shows `shown`. */
export async function timeChangeToScreen(
  page: Page,
  change: () => Promise<unknown>,
  shown: Shown,
): Promise<number> {
  // Sent as source text: a compiled function would carry the bundler's helpers, which the page lacks.
  await page.evaluate(`(${INSTALL_OBSERVER})(${JSON.stringify(shown)})`);
  const startedAt = Date.now();
  await change();
  await page.waitForFunction(() => (window.__deskShownAt ?? 0) > 0, null, { timeout: 15_000, polling: 20 });
  const shownAt = await page.evaluate(() => window.__deskShownAt ?? 0);
  return shownAt - startedAt;
}

/** Calls on the emulator itself: its control API, and Twilio's REST API as any Twilio client would. */
export function emulatorCalls(emulatorUrl: string) {
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${emulatorUrl}/_emulator${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const rest = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${emulatorUrl}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`,
      },
      body: new URLSearchParams(form).toString(),
    });
    if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    customerSays: (conversationSid: string, body: string) =>
      control('/customer/message', { conversationSid, body }),
    customerStarts: (channelType: string, customerName: string, body: string) =>
      control('/customer/start', { channelType, customerName, body }),
    advanceClock: (seconds: number) => control('/clock/advance', { seconds }),
    setActivity: (workspaceSid: string, workerSid: string, activitySid: string) =>
      rest(`/taskrouter/v1/Workspaces/${workspaceSid}/Workers/${workerSid}`, { ActivitySid: activitySid }),
  };
}

export interface LatencyStats {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function stats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1] };
}

/**
 * For `npm run bench`: a whole sandbox (emulator, Functions, page) and Chromium; Alice has a chat; the
 * customer writes `samples` times, the clock moves and Alice's activity flips, each on the emulator.
 */
export async function measureDeskLatency({ samples = 20 }: { samples?: number } = {}): Promise<LatencyStats> {
  const { startSandbox } = await import('../sandbox/server/start');
  const { launchBrowser, freePort } = await import('../sandbox/e2e/browser');
  process.env.EMULATOR_PORT = '0';
  process.env.SANDBOX_PORT = '0';
  process.env.FUNCTIONS_PORT = String(await freePort());
  const sandbox = await startSandbox();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(sandbox.url);
    const state = (await (await fetch(`${sandbox.url}/api/desk/state`)).json()) as {
      workers: { sid: string; name: string }[];
    };
    const alice = state.workers.find((worker) => worker.name.startsWith('Alice'));
    if (!alice) throw new Error('the seeded workspace has no Alice');
    await page.getByLabel('Play agent').selectOption(alice.sid);
    // Setting up goes through the sandbox (the conversation is offered to Alice); the measured changes do not.
    const post = (path: string, body: unknown) =>
      fetch(`${sandbox.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    await post('/api/desk/next-agent', { workerSid: alice.sid });
    const started = (await post('/api/desk/customer/start', { channelType: 'chat', body: 'first' })) as {
      conversationSid: string;
    };
    await page.getByTestId('task-canvas').getByText('first').waitFor();
    const emulator = emulatorCalls(sandbox.emulatorUrl);
    const measured: number[] = [];
    for (let i = 0; i < samples; i++) {
      const text = `bench message ${i}`;
      measured.push(
        await timeChangeToScreen(page, () => emulator.customerSays(started.conversationSid, text), {
          selector: '[data-testid="task-canvas"]',
          text,
        }),
      );
    }
    for (let i = 0; i < Math.max(1, Math.round(samples / 4)); i++) {
      const now = await page.getByTestId('clock').getAttribute('data-now');
      measured.push(
        await timeChangeToScreen(page, () => emulator.advanceClock(3600), {
          selector: `[data-testid="clock"]:not([data-now="${now}"])`,
        }),
      );
    }
    return stats(measured);
  } finally {
    await browser.close();
    await sandbox.stop();
  }
}

if (require.main === module) {
  measureDeskLatency()
    .then((result) =>
      console.log(
        `desk change → screen: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms over ${result.count} changes (target ≤ 500 ms)`,
      ),
    )
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
