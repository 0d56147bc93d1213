// Which files each mutation area plants bugs in. One list, read by the Stryker configs (their `mutate`), by
// `npm run mutate` (to add the slices up per area and name the files no run has measured) and by
// scripts/check-mutation-areas.mjs (in `npm run lint`), which fails when a file of serverless/src or of the
// plugin's logic folders is in no area, or in two: a module added later must not fall outside every run.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Each area's folders (ending in `/`) and files, relative to the project root. */
export const AREA_PATHS = {
  'functions-entry': [
    'serverless/src/functions/',
    ...['action', 'auth', 'clock', 'environment', 'errors', 'http', 'idempotency', 'input', 'log', 'loopback']
      .concat(['runtime', 'settings', 'twilio-client'])
      .map((name) => `serverless/src/lib/${name}.ts`),
  ],
  'functions-actions': [
    'serverless/src/actions/',
    ...[
      'channel',
      'left-marks',
      'live-feed',
      'pause-events',
      'pause-reason',
      'pause-store',
      'task-read',
      'team',
    ].map((name) => `serverless/src/lib/${name}.ts`),
  ],
  'functions-provisioning': ['serverless/src/provisioning/'],
  // The plugin's logic; its components are the UI tests' field.
  'plugin-logic': ['src/config/', 'src/time/', 'src/reminders/', 'src/resume/'],
};

/** The folders whose every TypeScript file must be in exactly one area. */
export const MUTATED_FOLDERS = ['serverless/src', 'src/config', 'src/time', 'src/reminders', 'src/resume'];

/** Every TypeScript source file (no declarations) under a folder, relative to the root, sorted. */
export function sourceFiles(folder) {
  return readdirSync(path.join(root, folder), { recursive: true })
    .map((entry) => path.posix.join(folder, String(entry).split(path.sep).join('/')))
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
}

const inPaths = (file, paths) =>
  paths.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));

/** The files an area mutates, as Stryker's `mutate` takes them. */
export function areaFiles(area) {
  const paths = AREA_PATHS[area];
  if (!paths) throw new Error(`No mutation area ${area}; areas: ${Object.keys(AREA_PATHS).join(', ')}`);
  return MUTATED_FOLDERS.flatMap(sourceFiles).filter((file) => inPaths(file, paths));
}

/** Files of the mutated folders in no area, and files in more than one (with their areas). */
export function areaGaps() {
  const outside = [];
  const twice = [];
  for (const file of MUTATED_FOLDERS.flatMap(sourceFiles)) {
    const areas = Object.keys(AREA_PATHS).filter((area) => inPaths(file, AREA_PATHS[area]));
    if (areas.length === 0) outside.push(file);
    if (areas.length > 1) twice.push({ file, areas });
  }
  return { outside, twice };
}
