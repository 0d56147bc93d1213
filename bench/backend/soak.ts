import { runFuzz } from '../../serverless/tests/fuzz/model';

/** npx tsx bench/backend/soak.ts --sequences 10000 [--seed 1] [--max-steps 25] */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

async function main() {
  // The functions log each Twilio failure; the faults are injected on purpose, so only the verdict matters.
  console.error = () => undefined;
  const sequences = arg('sequences', 1000);
  const seed = arg('seed', Date.now() % 1_000_000);
  const maxSteps = arg('max-steps', 25);
  const started = Date.now();
  const result = await runFuzz({
    sequences,
    seed,
    maxSteps,
    onSequence: (index) => {
      if ((index + 1) % 500 === 0) process.stderr.write(`… ${index + 1} sequences\n`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: ${result.sequencesRun} sequences, ${result.violations.length} invariant violations (seed ${seed}, ${seconds} s)`,
  );
  for (const violation of result.violations.slice(0, 20)) {
    console.log(`  seed ${violation.seed}: ${violation.message}\n    path: ${violation.path}`);
  }
  process.exitCode = result.violations.length > 0 ? 1 : 0;
}

void main();
