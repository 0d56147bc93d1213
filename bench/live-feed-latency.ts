/**
 * A pause record changed → on the agent's screen (issue 18 part 2), in Chromium, with 150 ms added to every
 * Twilio REST call. The change goes through the Functions' own store (`PauseStore.put`, what Pause and the
 * other parts' webhooks call): the record's write, its feed rewrite (the feed's revision and the agent's
 * records read beside the write, the feed document written after it, If-Match that revision), then the emulator's client subscription, the sandbox relay and React. Timed from
 * the start of the store call, so every Twilio call of the change is inside the figure.
 */
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../emulator/src';
import { PauseStore } from '../serverless/src/lib/pause-store';
import { createTwilioClient } from '../serverless/src/lib/twilio-client';
import { stats, timeChangeToScreen, type LatencyStats } from './desk-latency';

const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');

export async function measureLiveFeedLatency({
  samples = 20,
  latencyMs = 150,
}: { samples?: number; latencyMs?: number } = {}): Promise<LatencyStats> {
  const { startSandbox } = await import('../sandbox/server/start');
  const { launchBrowser, freePort } = await import('../sandbox/e2e/browser');
  process.env.EMULATOR_PORT = '0';
  process.env.SANDBOX_PORT = '0';
  process.env.FUNCTIONS_PORT = String(await freePort());
  const sandbox = await startSandbox();
  const browser = await launchBrowser();
  try {
    const client = createTwilioClient({
      ACCOUNT_SID: DEFAULT_ACCOUNT_SID,
      AUTH_TOKEN: DEFAULT_AUTH_TOKEN,
      TWILIO_API_BASE_URL: sandbox.emulatorUrl,
    });
    const [service] = await client.sync.v1.services.list({ limit: 1 });
    const store = new PauseStore(client, service.sid);
    const page = await browser.newPage();
    await page.goto(sandbox.url);
    const state = (await (await fetch(`${sandbox.url}/api/state`)).json()) as {
      workers: { sid: string; name: string }[];
    };
    const alice = state.workers.find((worker) => worker.name.startsWith('Alice'));
    if (!alice) throw new Error('the seeded workspace has no Alice');
    await page.getByLabel('Play agent').selectOption(alice.sid);
    await page.getByRole('button', { name: 'Paused work' }).click();
    await page.locator('[data-testid="paused-work"][data-live="true"]').waitFor();
    await fetch(`${sandbox.emulatorUrl}/_emulator/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    });
    const now = Date.parse(
      ((await (await fetch(`${sandbox.emulatorUrl}/_emulator/clock`)).json()) as { now: string }).now,
    );
    const measured: number[] = [];
    for (let i = 0; i < samples; i++) {
      const customer = `Bench customer ${i}`;
      const record = {
        taskSid: `WT${hex(i)}`,
        pausedBy: alice.sid,
        pausedAt: new Date(now).toISOString(),
        reassignAt: new Date(now + 86_400_000 + i * 1000).toISOString(),
        deadlineSource: 'twilio' as const,
        interactionSid: `KD${hex(i)}`,
        channelSid: `UO${hex(i)}`,
        conversationSid: `CH${hex(i)}`,
        taskChannel: 'chat',
        customer,
      };
      measured.push(
        // As Pause does it: the feed's revision and the agent's records read beside the record's write, the
        // feed (this record added) written once the record is (PauseStore.announceChange says why).
        await timeChangeToScreen(
          page,
          async () => {
            const listed = store.listForFeed(alice.sid);
            const stored = await store.putRecord(record, 2 * 86_400);
            await store.announceChange(alice.sid, { listed, put: stored });
          },
          {
            selector: '[data-testid="paused-work"]',
            text: customer,
          },
        ),
      );
    }
    return stats(measured);
  } finally {
    await browser.close();
    await sandbox.stop();
  }
}

if (require.main === module) {
  measureLiveFeedLatency()
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
