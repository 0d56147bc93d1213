/**
 * Builds the Flex plugin bundle (npm run build) and, with the same toolchain, a minimal Paste plugin (the
 * theme bridge and one Paste Button, bench/plugin/paste-base), and reports our bundle's cost over that
 * base — the budget — with both totals, plus the modules the bytes are spent on (sizes before
 * minification, from webpack.config.js's module-size report).
 *
 *   npx tsx bench/plugin/bundle-size.ts
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  breakDown,
  compareGroups,
  type GroupDifference,
  type GroupWeight,
  type SourceMapV3,
} from './bundle-breakdown';

/** Our bundle over the minimal Paste plugin's, gzipped. */
export const TARGET_MARGINAL_GZIP_BYTES = 25 * 1024;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BundleSize {
  rawBytes: number;
  gzipBytes: number;
  /** Largest bundled modules first. */
  topModules: Array<{ name: string; bytes: number }>;
  /** The minified bundle's bytes by package (ours by folder), heaviest gzipped first. */
  groups: GroupWeight[];
}

export interface BundleBudget {
  plugin: BundleSize;
  base: BundleSize;
  /** The plugin's largest modules that the base does not have (sizes before minification). */
  addedModules: Array<{ name: string; bytes: number }>;
  /** plugin − base, gzipped: what the plugin itself costs on top of bundling Paste at all. */
  marginalGzipBytes: number;
  marginalRawBytes: number;
  /** Each package's gzipped weight in the plugin minus the base's: where the marginal bytes go. */
  breakdown: GroupDifference[];
}

function build(pluginDir: string, top: number): BundleSize {
  const dir = mkdtempSync(join(tmpdir(), 'leave-pause-bundle-'));
  const sizesFile = join(dir, 'module-sizes.json');
  try {
    // The standard build, as `twilio flex:plugins:deploy` runs it, in the plugin's own folder.
    const result = spawnSync('npx', ['flex-plugin', 'build'], {
      cwd: pluginDir,
      env: { ...process.env, CI: 'true', LEAVE_PAUSE_MODULE_SIZES: sizesFile },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      throw new Error(`build of ${pluginDir} failed:\n${result.stdout}\n${result.stderr}`);
    }
    const pkg = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as { name: string };
    const bundle = readFileSync(join(pluginDir, 'build', `${pkg.name}.js`));
    const modules = JSON.parse(readFileSync(sizesFile, 'utf8')) as Array<{ name: string; bytes: number }>;
    const map = JSON.parse(readFileSync(`${sizesFile}.map.json`, 'utf8')) as SourceMapV3;
    // The bundle ends with the generator's sourceMappingURL comment, which the map does not cover.
    const groups = breakDown(bundle.toString('utf8'), map);
    return {
      groups,
      rawBytes: bundle.length,
      // Level 9: the smallest a server would send.
      gzipBytes: gzipSync(bundle, { level: 9 }).length,
      topModules: modules.slice(0, top),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The base plugin is built in a scratch folder laid out like ours: its sources, our package.json's
 * dependencies (so the same versions resolve) and browserslist, our tsconfig, webpack hook and appConfig
 * example, and a link to our node_modules.
 */
function buildBase(top: number): BundleSize {
  const dir = mkdtempSync(join(tmpdir(), 'leave-pause-paste-base-'));
  try {
    const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'plugin-paste-base',
        version: '0.0.0',
        private: true,
        dependencies: ours.dependencies,
        // The same Babel targets, so both are compiled alike.
        browserslist: ours.browserslist,
      }),
    );
    cpSync(join(root, 'bench', 'plugin', 'paste-base', 'src'), join(dir, 'src'), { recursive: true });
    mkdirSync(join(dir, 'public'));
    cpSync(join(root, 'public', 'appConfig.example.js'), join(dir, 'public', 'appConfig.example.js'));
    cpSync(join(root, 'webpack.config.js'), join(dir, 'webpack.config.js'));
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src'] }));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return build(dir, top);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function measureBundle(top = 15): BundleSize {
  return build(root, top);
}

export function measureBundleBudget(top = 15): BundleBudget {
  const base = buildBase(Infinity);
  const plugin = measureBundle(Infinity);
  // The base is built in a scratch folder: name dependencies from their node_modules folder on.
  const key = (name: string) => name.replace(/^.*?node_modules\//, 'node_modules/');
  const inBase = new Set(base.topModules.map((module) => key(module.name)));
  return {
    plugin: { ...plugin, topModules: plugin.topModules.slice(0, top) },
    base: { ...base, topModules: base.topModules.slice(0, top) },
    addedModules: plugin.topModules.filter((module) => !inBase.has(key(module.name))).slice(0, top),
    marginalGzipBytes: plugin.gzipBytes - base.gzipBytes,
    marginalRawBytes: plugin.rawBytes - base.rawBytes,
    breakdown: compareGroups(plugin.groups, base.groups),
  };
}

/**
 * The breakdown as lines: each package the plugin weighs more (or less) in than the base, gzipped, with
 * why it stays. Packages within ±0.05 KB of the base are left out.
 */
export function formatBreakdown(breakdown: GroupDifference[]): string[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = [
    "where the plugin's bytes go over the base (gzipped; each package measured by leaving its bytes out;",
    '  a package lighter than in the base is the same code compressed in other company, gzip sharing its',
    '  dictionary across the file, or minified into a neighbour: the total is what counts):',
  ];
  for (const entry of breakdown) {
    if (Math.abs(entry.gzipBytes) < 52) continue;
    const why = WHY_IT_STAYS[entry.group];
    lines.push(
      `  ${(entry.gzipBytes >= 0 ? '+' : '') + kb(entry.gzipBytes)}`.padEnd(12) +
        `${entry.group} (${kb(entry.pluginGzipBytes)} in the plugin, ${kb(entry.baseGzipBytes)} in the base)` +
        (why ? `: ${why}` : ''),
    );
  }
  return lines;
}

/** Why each remaining part of the plugin's weight stays. */
export const WHY_IT_STAYS: Record<string, string> = {
  'src/components':
    "the buttons, countdown badge and its tooltip, Paused work list, notices, the pause-reason menu, the unread count, the team view (view, rows, table styles), and Paste's Alert, Badge, Text, Heading, Paragraph, Table (paste.tsx), Label, Input and Select (pasteForm.tsx) in Paste's look on Box",
  'src/flex':
    "Flex wiring: actions, the Paused work view, Flex's own pause, the resumed task, the team view's tab, the live feed and the unread notifications",
  'src/time':
    'countdown, shared ticker, server clock, date and duration wording (PPp and p written here, zones read from Intl)',
  'src/config':
    "the admin's settings, read and checked, each problem told in a sentence that says what to fix (pause reasons, customer messages and Return to the queue's evidence included)",
  'src/strings': 'every word in English and Spanish',
  'src/backend': "the Functions' client (signed requests, retries, errors, the team's list and actions)",
  'src/actions': 'Leave / Pause / Resume actions',
  'src/reminders': 'deadline reminders',
  'src/resume': 'accepting the resumed task',
  'src/paused': 'the paused records and the unread bursts',
  'date-fns':
    'durations in words in two languages (formatDuration and its locales, parsing patterns dropped)',
  '@twilio-paste/icons':
    "the badge's time icon, Paused work's pause icon, the result icons, the alerts' icons, the select's chevron, the team view's tab icon",
  '@twilio-paste/box':
    "Box's style props our layouts, the tooltip, paste.tsx and pasteForm.tsx use beyond the Button's",
  '@twilio-paste/screen-reader-only': "the countdown's announcements and the unread count's sentence",
  '@babel/runtime': 'helpers of the Babel pass webpack 4 needs for date-fns 4',
  // Issue 18's features, each an admin's choice or a supervisor's view, all in the one bundle Flex loads:
  // `twilio flex:plugins:deploy` uploads only the bundle and its source map, so a lazily loaded chunk would
  // never reach the agent's browser.
  'src/team': "the supervisor's team view: filters, sorting and pages of rows",
  'src/live':
    "the live list: the agent's feed followed through Flex's own Sync client (twilio-sync itself is not bundled)",
  '@twilio-paste/customization': "CustomizationProvider, the bridge from Flex's theme",
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { plugin, base, addedModules, marginalGzipBytes, marginalRawBytes, breakdown } =
    measureBundleBudget(30);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const verdict = marginalGzipBytes <= TARGET_MARGINAL_GZIP_BYTES ? '' : ' MISSED';
  console.log(
    `plugin bundle over a minimal Paste plugin: ${kb(marginalGzipBytes)} gzipped, ${kb(marginalRawBytes)} raw (target ≤ ${kb(TARGET_MARGINAL_GZIP_BYTES)} gzipped)${verdict}`,
  );
  console.log(`plugin bundle total: ${kb(plugin.gzipBytes)} gzipped, ${kb(plugin.rawBytes)} raw`);
  console.log(
    `minimal Paste plugin (theme bridge + one Button): ${kb(base.gzipBytes)} gzipped, ${kb(base.rawBytes)} raw`,
  );
  console.log(formatBreakdown(breakdown).join('\n'));
  console.log('largest modules the plugin adds to the base (before minification):');
  for (const { name, bytes } of addedModules) console.log(`  ${kb(bytes).padStart(9)}  ${name}`);
}
