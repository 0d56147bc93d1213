/**
 * Reading Stryker's JSON reports (mutation-testing-report-schema) for `npm run mutate`: an area's score and its
 * survivors with the reasons of equivalent mutants, and the reports of runs and slices added up per area.
 * Kept apart from scripts/mutate.ts, which starts Stryker, so tests can read it without running anything.
 */
export type MutantStatus =
  'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

export interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: MutantStatus;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** The parts of Stryker's JSON report (mutation-testing-report-schema) read here. */
export interface MutationReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/**
 * tools/mutation/equivalent.json: `file|mutator|trimmed source line` (optionally `|replacement`) → why no test
 * can tell the difference. For a mutant spanning several lines the key's text may instead be all of them, each
 * trimmed, joined by one space (`} catch { return undefined; }`): a first line as common as `} catch {` or
 * `path` would otherwise excuse any other mutant of that kind starting on a line reading the same.
 */
export type EquivalentReasons = Record<string, string>;

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
  area: string;
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
        const span = lines
          .slice(mutant.location.start.line - 1, mutant.location.end.line)
          .map((line) => line.trim())
          .join(' ');
        const replaced = mutant.replacement ?? '';
        survivors.push({
          file,
          line: mutant.location.start.line,
          mutator: mutant.mutatorName,
          code: code.trim(),
          replacement: (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80),
          status: mutant.status,
          // A reason for one replacement (`key|replacement`) or for every mutant of that kind on those lines
          // (the mutant's whole span, or its first line alone).
          equivalent:
            reasons[`${equivalentKey(file, mutant.mutatorName, span)}|${replaced}`] ??
            reasons[equivalentKey(file, mutant.mutatorName, span)] ??
            reasons[`${equivalentKey(file, mutant.mutatorName, code)}|${replaced}`] ??
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

/** A Stryker report and when it was written. */
export interface MeasuredReport {
  report: MutationReport;
  at: number;
}

/**
 * One report for an area out of every run and slice: a file's mutants come only from reports made on the
 * file as it is now (its source equal to `current`), and where two reports planted the same mutant (same place,
 * mutator and replacement) the newer one counts. So a slice of some lines and a later slice of the rest add up,
 * and a report made before the file changed never counts.
 */
export function combineReports(measured: MeasuredReport[], current: Record<string, string>): MutationReport {
  const byFile = new Map<string, Map<string, { mutant: Mutant; at: number }>>();
  for (const { report, at } of measured) {
    for (const [file, { source, mutants }] of Object.entries(report.files)) {
      if (current[file] === undefined || current[file] !== source) continue;
      const seen = byFile.get(file) ?? new Map<string, { mutant: Mutant; at: number }>();
      byFile.set(file, seen);
      for (const mutant of mutants) {
        const { start, end } = mutant.location;
        const key = `${start.line}:${start.column}-${end.line}:${end.column}|${mutant.mutatorName}|${mutant.replacement ?? ''}`;
        const before = seen.get(key);
        if (!before || before.at < at) seen.set(key, { mutant, at });
      }
    }
  }
  const files: MutationReport['files'] = {};
  for (const [file, seen] of byFile) {
    files[file] = { source: current[file] ?? '', mutants: [...seen.values()].map(({ mutant }) => mutant) };
  }
  return { files };
}
