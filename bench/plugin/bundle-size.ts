/**
 * Builds the Flex plugin bundle (npm run build) and, with the same toolchain, a minimal Paste plugin (the
 * theme bridge and one Paste Button, bench/plugin/paste-base), and reports our bundle's cost over that
 * base — the budget — with both totals, plus the modules the bytes are spent on (sizes before
 * minification, from webpack.config.js's module-size report).
 *
 *   npx tsx bench/plugin/bundle-size.ts
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
  /**
   * Any other script the build wrote (webpack's on-demand chunks), gzipped: not in the login bundle, and
   * never uploaded by `twilio flex:plugins:deploy` (see ON_DEMAND_CHUNKS), so reported apart.
   */
  chunks: Array<{ file: string; gzipBytes: number }>;
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
    const chunks = readdirSync(join(pluginDir, 'build'))
      .filter((file) => file.endsWith('.js') && file !== `${pkg.name}.js`)
      .map((file) => ({
        file,
        gzipBytes: gzipSync(readFileSync(join(pluginDir, 'build', file)), { level: 9 }).length,
      }));
    return {
      groups,
      chunks,
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

/** The plugin bundle `npm run build` writes (package.json's name). */
export const PLUGIN_BUNDLE = join(root, 'build', 'plugin-leave-pause.js');

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
    const why =
      WHY_IT_STAYS[entry.group] ??
      (entry.baseGzipBytes > 0 ? IN_THE_BASE_TOO : undefined) ??
      'not explained yet: add its reason to WHY_IT_STAYS';
    lines.push(
      `  ${(entry.gzipBytes >= 0 ? '+' : '') + kb(entry.gzipBytes)}`.padEnd(12) +
        `${entry.group} (${kb(entry.pluginGzipBytes)} in the plugin, ${kb(entry.baseGzipBytes)} in the base)` +
        `: ${why}`,
    );
  }
  return lines;
}

/**
 * Why nothing is loaded on demand: read off @twilio/flex-plugin-scripts 7.1.2 and flex-plugin-webpack 7.1.2.
 * `twilio flex:plugins:deploy` uploads the bundle and its source map only (scripts/deploy.js: `bundle.js`,
 * `bundle.js.map`), as a private asset Flex loads by the plugin's URL; the generated webpack config has
 * `splitChunks: false`, `requireEnsure: false` and no `publicPath`. A chunk split off with `import()` would
 * be built but never uploaded, and looked for at the Flex page's own origin: the supervisor's team view and
 * the Spanish words stay in the one file every agent downloads.
 */
export const ON_DEMAND_CHUNKS =
  'none: `twilio flex:plugins:deploy` uploads only the bundle and its map, so every part is in the login bundle';

/** Said of a package the base bundles too: its difference is compression, not code the plugin adds. */
const IN_THE_BASE_TOO = "the base's own Paste code: the difference is gzip context, not code we add";

/** Why each remaining part of the plugin's weight stays: one short reason per part. */
export const WHY_IT_STAYS: Record<string, string> = {
  'src/components':
    "the features' own UI (buttons, countdown badge and tooltip, Paused work, notices, reasons, team view); Paste's looks written once on Box",
  'src/flex':
    "each feature's wiring into Flex (actions, views, tabs, live feed, notifications): runs at login",
  'src/strings':
    'every word in English and Spanish; Flex loads one file, so Spanish cannot be fetched on demand',
  'src/config': "the admin's settings checked, each problem a sentence saying what to fix",
  'src/time': "countdown, ticker, server clock, dates: in place of date-fns's format and @date-fns/tz",
  'date-fns': 'formatDuration with only the words it and PPp/p print, two languages (trimmed at build time)',
  '@twilio-paste/icons':
    "six icons' drawings; the code around them is ~0.1 KB gzipped (one shared component measured, dropped)",
  'src/backend': "the Functions' client: requests, time-outs, error shapes, team and live calls",
  'src/actions': "Leave / Pause / Resume: confirmation re-asks when the answer is lost, the agent's notices",
  'src/team': "the supervisor's team view (filters, sorting, pages): no chunk can reach the browser",
  'src/reminders': 'deadline reminders',
  'src/paused': 'the paused records and the unread bursts',
  'src/live': "the live list through Flex's own Sync client (twilio-sync itself is not bundled)",
  'src/resume': 'accepting the resumed task for the agent',
  '@twilio-paste/box': IN_THE_BASE_TOO,
  '@twilio-paste/screen-reader-only': "the countdown's announcements and the unread count's sentence",
  '@babel/runtime': 'helpers of the Babel pass webpack 4 needs for date-fns 4',
  '@twilio-paste/customization': IN_THE_BASE_TOO,
  'src (plugin entry)': "the plugin class and Flex's theme bridge",
  'webpack runtime and externals': "webpack's own code, in the base too: the difference is gzip context",
};

/** The login bundle and any on-demand chunk, as lines. */
export function formatChunks(plugin: BundleSize): string[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `login bundle (what every agent downloads): ${kb(plugin.gzipBytes)} gzipped, all of the plugin`,
    plugin.chunks.length === 0
      ? `on-demand chunks: ${ON_DEMAND_CHUNKS}`
      : `on-demand chunks (built but never uploaded by deploy, so not loadable in Flex): ${plugin.chunks
          .map((chunk) => `${chunk.file} ${kb(chunk.gzipBytes)}`)
          .join(', ')}`,
  ];
}

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
  console.log([...formatChunks(plugin), ...formatBreakdown(breakdown)].join('\n'));
  console.log('largest modules the plugin adds to the base (before minification):');
  for (const { name, bytes } of addedModules) console.log(`  ${kb(bytes).padStart(9)}  ${name}`);
}
