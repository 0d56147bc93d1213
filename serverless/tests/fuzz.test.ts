import { runFuzz } from './fuzz/model';

jest.setTimeout(120_000);

it('random sequences of actions, messages, clock jumps and faults keep every conversation recoverable', async () => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const seed = Number(process.env.FUZZ_SEED ?? 20240601);
  const sequences = Number(process.env.FUZZ_SEQUENCES ?? 25);
  const result = await runFuzz({ sequences, seed, maxSteps: 20 });
  console.log(
    `fuzz: ${result.sequencesRun} sequences, ${result.violations.length} invariant violations` +
      result.violations.map((v) => `\n  seed ${v.seed}: ${v.message}\n    path: ${v.path}`).join(''),
  );
  expect(result.violations).toEqual([]);
});
