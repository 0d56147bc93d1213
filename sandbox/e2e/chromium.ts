/**
 * Finds a Chromium for the browser tests and benchmarks with no manual step: the system's Chromium when there
 * is one (Debian's `chromium`, or CHROMIUM_PATH), otherwise the Chromium that `npm ci` brings with
 * @sparticuz/chromium (shipped inside the npm package, unpacked to the temp folder on first use).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags every launch gets: no sandbox (CI runs as root), the new headless mode, no background traffic. */
const COMMON_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface ChromiumChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
  args: string[];
}

export async function findChromium(): Promise<ChromiumChoice> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH', args: COMMON_ARGS };
  }
  const system = SYSTEM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (system) return { executablePath: system, source: 'system', args: COMMON_ARGS };
  // Loaded only when needed: unpacking its archive is wasted work when the system has a browser.
  const { default: packaged } = await import('@sparticuz/chromium');
  // Only its binary: its own flags are tuned for one-shot serverless hosts (`--single-process` among them,
  // which ends the whole browser when a test closes a page), so it runs with the same flags as the system's.
  return {
    executablePath: await packaged.executablePath(),
    source: '@sparticuz/chromium',
    args: COMMON_ARGS,
  };
}

let announced = false;

export async function launchChromium(): Promise<Browser> {
  const choice = await findChromium();
  // Say once which browser ran, so a log tells the system's from the packaged one.
  if (!announced) console.log(`chromium: ${choice.source} (${choice.executablePath})`);
  announced = true;
  // `headless: false` stops Playwright adding its own --headless; ours (--headless=new) is in the args.
  return chromium.launch({ executablePath: choice.executablePath, headless: false, args: choice.args });
}
