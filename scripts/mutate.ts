/**
 * `npm run mutate [area…] [--report-only]`: plants small bugs (Stryker's mutants) in the Functions and the plugin's
 * logic, one at a time, runs the tests that cover each, then prints per area the share of bugs the tests
 * caught, the target, and every surviving bug — with the reason when it is an equivalent mutant (one no test can
 * catch because it changes nothing observable), read from tools/mutation/equivalent.json.
 *
 * Slow (tens of minutes on two cores): never part of `npm test`. Each area is its own Stryker run, so one area
 * can be re-measured alone; Stryker's incremental file (reports/mutation/) reruns only what changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { areaFiles } from '../tools/mutation/areas.mjs';
import {
  combineReports,
  scoreOf,
  type AreaScore,
  type EquivalentReasons,
  type MeasuredReport,
  type MutationReport,
} from './mutation-report';

const root = path.join(__dirname, '..');

/** Each area, its Stryker config and the share of mutants its tests must kill. */
export const AREAS = {
  'functions-entry': { target: 90, label: 'serverless/src: request, token, settings, Twilio client' },
  'functions-actions': { target: 90, label: 'serverless/src: actions, channel, pause records' },
  'functions-provisioning': {
    target: 90,
    label: 'serverless/src: provision, doctor, configure, the live check',
  },
  'plugin-logic': { target: 80, label: 'src/config, src/time, src/reminders, src/resume' },
} as const;
type Area = keyof typeof AREAS;

function reportPath(area: Area): string {
  return path.join(root, 'reports', 'mutation', `${area}.json`);
}

function printArea(result: AreaScore): void {
  const { target, label } =
    result.area in AREAS
      ? AREAS[result.area as Area]
      : { target: 90, label: 'a slice: the files it mutated, by the tests it named (a floor of the area)' };
  const met = result.scoreWithoutEquivalent >= target;
  console.log(
    `${result.area.padEnd(24)} ${result.score.toFixed(1).padStart(5)}% killed ` +
      `(${result.detected}/${result.detected + result.undetected}; ` +
      `${result.scoreWithoutEquivalent.toFixed(1)}% without equivalent mutants)  ` +
      `target ≥ ${target}%: ${met ? 'met' : 'MISSED'}  — ${label}`,
  );
  for (const survivor of result.survivors) {
    const why = survivor.equivalent
      ? `equivalent: ${survivor.equivalent}`
      : 'NOT EXPLAINED: a test is missing';
    console.log(
      `  ${survivor.file}:${survivor.line} ${survivor.mutator}${survivor.status === 'NoCoverage' ? ' (no test runs it)' : ''}\n` +
        `      ${survivor.code}\n      → ${survivor.replacement}\n      ${why}`,
    );
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const reportOnly = args.includes('--report-only');
  const asked = args.filter((arg) => !arg.startsWith('--'));
  const unknown = asked.filter((arg) => !(arg in AREAS));
  if (unknown.length > 0) {
    console.error(`Unknown area(s): ${unknown.join(', ')}. Areas: ${Object.keys(AREAS).join(', ')}`);
    process.exit(2);
  }
  const areas = (asked.length > 0 ? asked : Object.keys(AREAS)) as Area[];
  if (!reportOnly) {
    for (const area of areas) {
      const config = path.join('tools', 'mutation', `${area}.config.mjs`);
      const run = spawnSync('npx', ['stryker', 'run', config], { cwd: root, stdio: 'inherit' });
      if (run.status !== 0) {
        console.error(`Stryker failed on ${area} (exit ${run.status}).`);
        process.exit(1);
      }
    }
  }
  const reasons = JSON.parse(
    readFileSync(path.join(root, 'tools', 'mutation', 'equivalent.json'), 'utf8'),
  ) as EquivalentReasons;
  console.log('\nMutation testing: share of planted bugs the tests catch');
  let missed = false;
  for (const area of areas) {
    if (!existsSync(reportPath(area))) {
      console.log(`${area.padEnd(24)} not measured yet (npm run mutate ${area})`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath(area), 'utf8')) as MutationReport;
    const result = scoreOf(area, report, reasons);
    printArea(result);
    if (result.scoreWithoutEquivalent < AREAS[area].target) missed = true;
  }
  // Slices measured since (tools/mutation/slice.config.mjs), printed for their survivors; they set no exit code.
  const slices = existsSync(path.join(root, 'reports', 'mutation'))
    ? readdirSync(path.join(root, 'reports', 'mutation')).filter((file) =>
        /^slice-.*(?<!incremental)\.json$/.test(file),
      )
    : [];
  const measured: MeasuredReport[] = [];
  for (const file of slices.sort()) {
    const reportFile = path.join(root, 'reports', 'mutation', file);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MutationReport;
    printArea(scoreOf(file.replace(/\.json$/, '') as `slice-${string}`, report, reasons));
    measured.push({ report, at: statSync(reportFile).mtimeMs });
  }
  for (const area of areas) {
    if (existsSync(reportPath(area))) {
      const report = JSON.parse(readFileSync(reportPath(area), 'utf8')) as MutationReport;
      measured.push({ report, at: statSync(reportPath(area)).mtimeMs });
    }
  }
  if (measured.length > 0) {
    console.log('\nEach area as its runs and slices add up (a floor: a slice runs only the tests it names):');
    for (const area of areas) {
      const files = areaFiles(area);
      const current = Object.fromEntries(
        files.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]),
      );
      printCombined(area, combineReports(measured, current), files, reasons);
    }
  }
  if (missed) process.exitCode = 1;
}

function printCombined(
  area: Area,
  report: MutationReport,
  files: string[],
  reasons: EquivalentReasons,
): void {
  const result = scoreOf(area, report, reasons);
  const measuredFiles = files.filter((file) => report.files[file] !== undefined);
  const unmeasured = files.filter((file) => report.files[file] === undefined);
  const met = result.scoreWithoutEquivalent >= AREAS[area].target;
  const unexplained = result.survivors.filter((survivor) => !survivor.equivalent).length;
  console.log(
    `${area.padEnd(24)} ${measuredFiles.length === 0 ? '  —  ' : `${result.score.toFixed(1).padStart(5)}%`} killed ` +
      `(${result.detected}/${result.detected + result.undetected}; ` +
      `${result.scoreWithoutEquivalent.toFixed(1)}% without equivalent mutants; ${unexplained} survivors not explained)  ` +
      `target ≥ ${AREAS[area].target}%: ${measuredFiles.length === 0 ? 'not measured' : met ? 'met' : 'MISSED'}` +
      ` — mutants measured in ${measuredFiles.length} of ${files.length} files as they are now (a slice of some lines counts its file)`,
  );
  if (unmeasured.length > 0) console.log(`  not measured (or changed since): ${unmeasured.join(', ')}`);
}

if (require.main === module) main();
