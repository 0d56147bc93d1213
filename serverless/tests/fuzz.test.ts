import { runFuzz } from './fuzz/model';

jest.setTimeout(120_000);

it('random sequences of actions, messages, clock jumps and faults keep every conversation recoverable', async () => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const seed = Number(process.env.FUZZ_SEED ?? 20240601);
  const sequences = Number(process.env.FUZZ_SEQUENCES ?? 25);
  const result = await runFuzz({ sequences, seed, maxSteps: 20 });
  // A green run prints nothing; the summary is for someone exploring other seeds or more sequences.
  if (process.env.FUZZ_SEED || process.env.FUZZ_SEQUENCES) {
    process.stdout.write(
      `fuzz: ${result.sequencesRun} sequences, ${result.violations.length} invariant violations\n`,
    );
  }
  // On failure jest prints each violation with its seed and path.
  expect(result.violations).toEqual([]);
});
