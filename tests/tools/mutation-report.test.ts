import { combineReports, scoreOf, type Mutant, type MutationReport } from '../../scripts/mutation-report';

const SOURCE = ['const a = 1;', 'if (a > 0) run();', 'return a;'].join('\n');

function mutant(line: number, mutatorName: string, status: Mutant['status'], replacement = 'x'): Mutant {
  return {
    mutatorName,
    replacement,
    status,
    location: { start: { line, column: 1 }, end: { line, column: 5 } },
  };
}

const report = (source: string, mutants: Mutant[]): MutationReport => ({
  files: { 'lib/a.ts': { source, mutants } },
});

describe('scoreOf', () => {
  it('counts killed and timed-out mutants as detected, and leaves compile errors out', () => {
    const result = scoreOf(
      'slice-a',
      report(SOURCE, [
        mutant(1, 'A', 'Killed'),
        mutant(2, 'B', 'Timeout'),
        mutant(2, 'C', 'Survived'),
        mutant(3, 'D', 'CompileError'),
      ]),
      {},
    );
    expect(result).toMatchObject({ detected: 2, undetected: 1 });
    expect(result.score).toBeCloseTo(66.67, 1);
    expect(result.survivors).toEqual([
      expect.objectContaining({ file: 'lib/a.ts', line: 2, mutator: 'C', code: 'if (a > 0) run();' }),
    ]);
  });

  it('leaves an equivalent mutant out of the second score, and names its reason', () => {
    const result = scoreOf(
      'slice-a',
      report(SOURCE, [mutant(1, 'A', 'Killed'), mutant(2, 'C', 'Survived')]),
      {
        'lib/a.ts|C|if (a > 0) run();': 'a > 0 and a >= 0 agree for every a this code sees',
      },
    );
    expect(result.score).toBe(50);
    expect(result.scoreWithoutEquivalent).toBe(100);
    expect(result.survivors[0]?.equivalent).toBe('a > 0 and a >= 0 agree for every a this code sees');
  });

  it('matches a key naming a mutant’s whole span only there, not another mutant whose first line reads the same', () => {
    const source = [
      'try {',
      '  return JSON.parse(text);',
      '} catch {',
      '  return undefined;',
      '}',
      'try {',
      '  return send(text);',
      '} catch {',
      '  return retry(text);',
      '}',
    ].join('\n');
    const catchBlock = (line: number): Mutant => ({
      mutatorName: 'BlockStatement',
      replacement: '{}',
      status: 'Survived',
      location: { start: { line, column: 9 }, end: { line: line + 2, column: 2 } },
    });
    const reason = 'an emptied catch returns undefined too';
    const bySpan = scoreOf('slice-a', report(source, [catchBlock(3), catchBlock(8)]), {
      'lib/a.ts|BlockStatement|} catch { return undefined; }': reason,
    });
    expect(bySpan.survivors.map((survivor) => [survivor.line, survivor.equivalent])).toEqual([
      [3, reason],
      [8, undefined],
    ]);
    expect(bySpan.scoreWithoutEquivalent).toBe(0);

    // The span with one replacement named, as a one-line key can be.
    const byReplacement = scoreOf('slice-a', report(source, [catchBlock(3)]), {
      'lib/a.ts|BlockStatement|} catch { return undefined; }|{}': reason,
    });
    expect(byReplacement.survivors[0]?.equivalent).toBe(reason);
    expect(
      scoreOf('slice-a', report(source, [catchBlock(3)]), {
        'lib/a.ts|BlockStatement|} catch { return undefined; }|{ return null; }': reason,
      }).survivors[0]?.equivalent,
    ).toBeUndefined();

    // A key naming the first line alone still excuses both: what the span form exists to avoid.
    const byLine = scoreOf('slice-a', report(source, [catchBlock(3), catchBlock(8)]), {
      'lib/a.ts|BlockStatement|} catch {': reason,
    });
    expect(byLine.survivors.every((survivor) => survivor.equivalent === reason)).toBe(true);
  });
});

describe('combineReports', () => {
  it('adds up slices of different lines of one file', () => {
    const combined = combineReports(
      [
        { report: report(SOURCE, [mutant(1, 'A', 'Killed')]), at: 1 },
        { report: report(SOURCE, [mutant(3, 'D', 'Survived')]), at: 2 },
      ],
      { 'lib/a.ts': SOURCE },
    );
    expect(scoreOf('area', combined, {})).toMatchObject({ detected: 1, undetected: 1 });
  });

  it('counts the newer report where two planted the same mutant', () => {
    const older = { report: report(SOURCE, [mutant(2, 'C', 'Survived')]), at: 1 };
    const newer = { report: report(SOURCE, [mutant(2, 'C', 'Killed')]), at: 2 };
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      expect(scoreOf('area', combineReports(order, { 'lib/a.ts': SOURCE }), {})).toMatchObject({
        detected: 1,
        undetected: 0,
      });
    }
  });

  it('never counts a report made before the file changed, nor a file outside the area', () => {
    const combined = combineReports(
      [
        { report: report(SOURCE, [mutant(2, 'C', 'Survived')]), at: 1 },
        {
          report: { files: { 'lib/other.ts': { source: 'x', mutants: [mutant(1, 'A', 'Killed')] } } },
          at: 1,
        },
      ],
      { 'lib/a.ts': `${SOURCE}\n// changed` },
    );
    expect(combined.files).toEqual({});
  });
});
