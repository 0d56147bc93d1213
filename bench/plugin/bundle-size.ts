/**
 * Builds the Flex plugin bundle (npm run build) and reports its raw and gzipped size and the modules the
 * bytes are spent on (sizes before minification, from webpack.config.js's module-size report).
 *
 *   npx tsx bench/plugin/bundle-size.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const TARGET_GZIP_BYTES = 25 * 1024;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BundleSize {
  rawBytes: number;
  gzipBytes: number;
  /** Largest bundled modules first. */
  topModules: Array<{ name: string; bytes: number }>;
}

export function measureBundle(top = 15): BundleSize {
  const dir = mkdtempSync(join(tmpdir(), 'leave-pause-bundle-'));
  const sizesFile = join(dir, 'module-sizes.json');
  try {
    // The standard build, as `twilio flex:plugins:deploy` runs it.
    const build = spawnSync('npx', ['flex-plugin', 'build'], {
      cwd: root,
      env: { ...process.env, CI: 'true', LEAVE_PAUSE_MODULE_SIZES: sizesFile },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (build.status !== 0) {
      throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    const bundle = readFileSync(join(root, 'build', `${pkg.name}.js`));
    const modules = JSON.parse(readFileSync(sizesFile, 'utf8')) as Array<{ name: string; bytes: number }>;
    return {
      rawBytes: bundle.length,
      // Level 9: the smallest a server would send.
      gzipBytes: gzipSync(bundle, { level: 9 }).length,
      topModules: modules.slice(0, top),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = measureBundle();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const verdict = size.gzipBytes <= TARGET_GZIP_BYTES ? '' : ' MISSED';
  console.log(
    `plugin bundle: ${kb(size.rawBytes)} raw, ${kb(size.gzipBytes)} gzipped (target ≤ ${kb(TARGET_GZIP_BYTES)})${verdict}`,
  );
  console.log('largest modules (before minification):');
  for (const { name, bytes } of size.topModules) console.log(`  ${kb(bytes).padStart(9)}  ${name}`);
}
