// Browser tests run under Node's own test runner, with Playwright driving Chromium: the system's when there is
// one, else the one `npm ci` brings (sandbox/e2e/chromium.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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
