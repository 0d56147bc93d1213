// Browser tests run under Node's own test runner, with Playwright driving Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `Chromium is not installed at ${chromium}. Install Debian's package: apt-get install -y chromium`,
  );
  process.exit(1);
}
const dir = join('sandbox', 'e2e');
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.e2e.test.ts'))
  .map((file) => join(dir, file));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
