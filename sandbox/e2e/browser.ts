import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startSandbox } from '../server/start';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-results');

/** The system's Chromium when present, else the one `npm ci` brings (sandbox/e2e/chromium.ts). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return launchChromium();
}

/** twilio-run needs its port up front, so we ask the OS for a free one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A failing browser test leaves a picture of the page behind, which says more than a timeout. */
export async function screenshotOnFailure(page: Page, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * One sandbox (emulator, Functions under twilio-run, page) and one browser for a test file, started before
 * its tests and stopped after them, on free ports so test files never collide.
 */
export function sandboxForThisFile(): { readonly sandbox: Sandbox; readonly browser: Browser } {
  const context = {} as { sandbox: Sandbox; browser: Browser };
  before(async () => {
    process.env.EMULATOR_PORT = '0';
    process.env.SANDBOX_PORT = '0';
    process.env.FUNCTIONS_PORT = String(await freePort());
    context.sandbox = await startSandbox();
    context.browser = await launchBrowser();
  });
  after(async () => {
    await context.browser?.close();
    await context.sandbox?.stop();
  });
  return context;
}
