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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

/** Each area, its Stryker config and the share of mutants its tests must kill. */
export const AREAS = {
  'functions-entry': { target: 90, label: 'serverless/src: request, token, settings, Twilio client' },
  'functions-actions': { target: 90, label: 'serverless/src: actions, channel, pause records' },
  'functions-provisioning': { target: 90, label: 'serverless/src: provision, doctor, configure' },
  'plugin-logic': { target: 80, label: 'src/config, src/time, src/reminders, src/resume' },
} as const;
type Area = keyof typeof AREAS;

type MutantStatus =
  'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: MutantStatus;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** The parts of Stryker's JSON report (mutation-testing-report-schema) read here. */
interface MutationReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/**
 * tools/mutation/equivalent.json: `file|mutator|trimmed source line` (optionally `|replacement`) → why no test
 * can tell the difference.
 */
type EquivalentReasons = Record<string, string>;

export interface Survivor {
  file: string;
  line: number;
  mutator: string;
  code: string;
  replacement: string;
  status: 'Survived' | 'NoCoverage';
  equivalent?: string;
}

export interface AreaScore {
  /** An area, or a slice (`slice-<name>`: one module by its own tests, tools/mutation/slice.config.mjs). */
  area: Area | `slice-${string}`;
  detected: number;
  undetected: number;
  /** Killed or timed out, over all valid mutants (compile errors and ignored ones excluded), in %. */
  score: number;
  /** The same with the mutants judged equivalent left out. */
  scoreWithoutEquivalent: number;
  survivors: Survivor[];
}

export function equivalentKey(file: string, mutator: string, lineText: string): string {
  return `${file}|${mutator}|${lineText.trim()}`;
}

export function scoreOf(
  area: AreaScore['area'],
  report: MutationReport,
  reasons: EquivalentReasons,
): AreaScore {
  let detected = 0;
  let undetected = 0;
  const survivors: Survivor[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    for (const mutant of mutants) {
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') detected++;
      else if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        undetected++;
        const code = lines[mutant.location.start.line - 1] ?? '';
        survivors.push({
          file,
          line: mutant.location.start.line,
          mutator: mutant.mutatorName,
          code: code.trim(),
          replacement: (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80),
          status: mutant.status,
          // A reason for one replacement (`key|replacement`) or for every mutant of that kind on that line.
          equivalent:
            reasons[`${equivalentKey(file, mutant.mutatorName, code)}|${mutant.replacement ?? ''}`] ??
            reasons[equivalentKey(file, mutant.mutatorName, code)],
        });
      }
    }
  }
  const percent = (part: number, whole: number) => (whole === 0 ? 100 : (100 * part) / whole);
  const equivalent = survivors.filter((survivor) => survivor.equivalent).length;
  return {
    area,
    detected,
    undetected,
    score: percent(detected, detected + undetected),
    scoreWithoutEquivalent: percent(detected, detected + undetected - equivalent),
    survivors,
  };
}

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
  for (const file of slices.sort()) {
    const report = JSON.parse(
      readFileSync(path.join(root, 'reports', 'mutation', file), 'utf8'),
    ) as MutationReport;
    printArea(scoreOf(file.replace(/\.json$/, '') as `slice-${string}`, report, reasons));
  }
  if (missed) process.exitCode = 1;
}

if (require.main === module) main();
