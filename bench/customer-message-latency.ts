/**
 * The customer writes during a pause → the pausing agent's Paused work shows the new unread count (issue 18),
 * in Chromium, with `latencyMs` added to every Twilio REST call the Functions make. The whole path: the message
 * posted to the emulator (its customer control, as a customer's channel would), the emulator's signed
 * conversation-scoped webhook to the real pause-events Function under twilio-run, the Function's Twilio calls
 * (the record read, Twilio's channel read, the count written, the agent's feed document written), the Sync
 * client push through the sandbox relay, and React. Timed from just before the message is posted to the frame
 * that shows the count.
 *
 * Each sample is also cut into where its time went, from what this process sees (the emulator runs in it):
 * - dispatch: the message posted → the emulator's webhook request leaves for the Function;
 * - start-up: the webhook sent → the Function's first Twilio call arrives at the emulator (twilio-run's process
 *   for the request, loading the Function, the signature check);
 * - Twilio chain: first call arrived → last call answered (the handler's sequential round trips);
 * - push and render: last call answered (the feed document written) → on screen.
 *
 * Twilio runs a Function in a warm process; twilio-run forks one per request unless told `--no-fork-process`.
 * `forkProcess` chooses (FUNCTIONS_FORK_PROCESS, read by sandbox/server/start.ts).
 */
import http from 'node:http';
import type { Emulator } from '../emulator/src';
import { emulatorCalls, stats, timeChangeToScreen, type LatencyStats } from './desk-latency';

export const TARGET_MS = 1000;

export interface Breakdown {
  dispatchMs: number;
  startUpMs: number;
  twilioChainMs: number;
  pushAndRenderMs: number;
  /** The Function's answer to the webhook, after the message was posted (for comparison: not on the path). */
  webhookAnsweredMs: number;
}

export interface CustomerMessageLatency extends LatencyStats {
  /** Median of each part, over the samples. */
  median: Breakdown;
  /** Twilio calls the Function made per webhook (the same for every sample, else the range). */
  callsPerWebhook: string;
  /** Sequential round trips among them (answers `latencyMs / 2` or more apart start a new one). */
  roundTripsPerWebhook: string;
  /** Other webhooks the emulator sent for the same message, before or beside the pause event. */
  otherWebhooksPerMessage: string;
}

interface Sample {
  postedAt: number;
  webhookSentAt?: number;
  webhookAnsweredAt?: number;
  otherWebhooks: number;
}

/** Watches this process's outgoing HTTP requests: the emulator's webhook deliveries go through `http.request`. */
function watchWebhooks(sample: () => Sample | undefined) {
  const original = http.request;
  const patched = ((...args: Parameters<typeof http.request>) => {
    const request = original(...args);
    const current = sample();
    const target = args[0];
    const href = target instanceof URL ? target.href : typeof target === 'string' ? target : '';
    if (current && href) {
      if (href.includes('/pause-events')) {
        current.webhookSentAt ??= Date.now();
        request.once('response', (response) =>
          response.once('end', () => (current.webhookAnsweredAt ??= Date.now())),
        );
      } else if (!href.includes('/_emulator/')) current.otherWebhooks += 1;
    }
    return request;
  }) as typeof http.request;
  http.request = patched;
  return () => {
    http.request = original;
  };
}

/** Answer times of the emulator's REST calls, in this process's clock. */
function watchAnswers(emulator: Emulator): { answeredAt: number[]; stop: () => void } {
  const answeredAt: number[] = [];
  const log = emulator.requests;
  const original = log.push;
  log.push = (...entries) => {
    for (let i = 0; i < entries.length; i++) answeredAt.push(Date.now());
    return original.apply(log, entries);
  };
  return {
    answeredAt,
    stop: () => {
      log.push = original;
    },
  };
}

const median = (values: number[]) => stats(values).p50Ms;
const range = (values: number[]) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? String(low) : `${low}–${high}`;
};

export async function measureCustomerMessageLatency({
  samples = 20,
  latencyMs = 150,
  forkProcess = true,
}: { samples?: number; latencyMs?: number; forkProcess?: boolean } = {}): Promise<CustomerMessageLatency> {
  const { startSandbox } = await import('../sandbox/server/start');
  const { launchBrowser, freePort } = await import('../sandbox/e2e/browser');
  process.env.EMULATOR_PORT = '0';
  process.env.SANDBOX_PORT = '0';
  process.env.FUNCTIONS_PORT = String(await freePort());
  process.env.FUNCTIONS_FORK_PROCESS = forkProcess ? 'on' : 'off';
  process.env.FUNCTIONS_REQUEST_LOGS = 'off';
  const sandbox = await startSandbox();
  const browser = await launchBrowser();
  let current: Sample | undefined;
  const stopWatchingWebhooks = watchWebhooks(() => current);
  const answers = watchAnswers(sandbox.emulator);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(sandbox.url);
    const state = (await (await fetch(`${sandbox.url}/api/state`)).json()) as {
      workers: { sid: string; name: string }[];
      tasks: { sid: string; status: string; conversationSid: string | null }[];
    };
    for (const worker of state.workers) {
      await fetch(`${sandbox.url}/api/worker/availability`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ workerSid: worker.sid, available: worker.name.startsWith('Alice') }),
      });
    }
    // Setting up goes through the page, as the agent does it: a chat accepted, then paused.
    await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
    await page.getByLabel('Customer message').fill('My parcel is late');
    await page.getByRole('button', { name: 'Start conversation' }).click();
    await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
    const canvas = page.getByTestId('task-canvas');
    await canvas.getByText('My parcel is late').waitFor();
    await canvas.getByRole('button', { name: 'Pause' }).click();
    await canvas.getByText('Paused conversation', { exact: true }).waitFor();
    const after = (await (await fetch(`${sandbox.url}/api/state`)).json()) as typeof state;
    const paused = after.tasks.find((task) => task.conversationSid);
    if (!paused?.conversationSid) throw new Error('no paused conversation');
    await page.getByRole('button', { name: 'Paused work' }).first().click();
    await page.locator('[data-testid="paused-work"][data-live="true"]').waitFor();
    await sandbox.emulator.idle();

    sandbox.emulator.configure({ latencyMs });
    const emulator = emulatorCalls(sandbox.emulatorUrl);
    // One message first, not measured: the page's own start-up calls (its token, its list) are over before the
    // samples, so every Twilio call seen while a webhook is open is the Function's.
    await emulator.customerSays(paused.conversationSid, 'warming up');
    await page.getByTestId('paused-work').getByText('1 new message from the customer').waitFor();
    await sandbox.emulator.idle();
    const measured: number[] = [];
    const parts: Breakdown[] = [];
    const calls: number[] = [];
    const roundTrips: number[] = [];
    const others: number[] = [];
    for (let i = 0; i < samples; i++) {
      const count = i + 2;
      const sample: Sample = { postedAt: 0, otherWebhooks: 0 };
      const firstAnswer = answers.answeredAt.length;
      const total = await timeChangeToScreen(
        page,
        () => {
          sample.postedAt = Date.now();
          current = sample;
          return emulator.customerSays(paused.conversationSid as string, `bench message ${i}`);
        },
        {
          selector: '[data-testid="paused-work"]',
          text: `${count} new messages from the customer`,
        },
      );
      await sandbox.emulator.idle();
      current = undefined;
      const shownAt = sample.postedAt + total;
      const { webhookSentAt, webhookAnsweredAt } = sample;
      if (webhookSentAt === undefined || webhookAnsweredAt === undefined) {
        throw new Error(`sample ${i}: the pause event's webhook was not seen`);
      }
      // The Function's calls: the answers while its webhook was open (nothing else calls the emulator's REST API
      // here: the sandbox server reads the emulator in process, the page is idle).
      const own = answers.answeredAt
        .slice(firstAnswer)
        .filter((at) => at >= webhookSentAt && at <= webhookAnsweredAt);
      if (own.length === 0) throw new Error(`sample ${i}: the Function made no Twilio call`);
      const groups = own.filter((at, k) => k === 0 || at - own[k - 1] >= latencyMs / 2).length;
      const firstArrived = own[0] - latencyMs;
      measured.push(total);
      calls.push(own.length);
      roundTrips.push(groups);
      others.push(sample.otherWebhooks);
      parts.push({
        dispatchMs: webhookSentAt - sample.postedAt,
        startUpMs: firstArrived - webhookSentAt,
        twilioChainMs: own[own.length - 1] - firstArrived,
        pushAndRenderMs: shownAt - own[own.length - 1],
        webhookAnsweredMs: webhookAnsweredAt - sample.postedAt,
      });
    }
    const pick = (key: keyof Breakdown) => median(parts.map((part) => part[key]));
    return {
      ...stats(measured),
      median: {
        dispatchMs: pick('dispatchMs'),
        startUpMs: pick('startUpMs'),
        twilioChainMs: pick('twilioChainMs'),
        pushAndRenderMs: pick('pushAndRenderMs'),
        webhookAnsweredMs: pick('webhookAnsweredMs'),
      },
      callsPerWebhook: range(calls),
      roundTripsPerWebhook: range(roundTrips),
      otherWebhooksPerMessage: range(others),
    };
  } finally {
    answers.stop();
    stopWatchingWebhooks();
    await browser.close();
    await sandbox.stop();
  }
}

if (require.main === module) {
  const forkProcess = !process.argv.includes('--no-fork-process');
  measureCustomerMessageLatency({ forkProcess })
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
