// `MUTATION_AREA=<area> npx stryker run tools/mutation/slice.config.mjs --mutate <file[:lines]>` with
// MUTATION_TESTS naming the test files: one module measured by its own tests, in minutes on a loaded machine.
// It leaves out the TypeScript checker, which type-checks the whole project for each group of mutants and
// was nine tenths of a run's time here: a mutant that would not compile then runs as transpiled JavaScript
// and counts as killed or survived instead of being left out. Its report and incremental file are the
// slice's own (reports/mutation/slice-<name>.json), so an area's full run is never overwritten.
// MUTATION_STATIC=1 measures the mutants that run at module load too (`ignoreStatic` off): each runs every test
// of the slice, affordable only for a slice with few tests — the entry files (functions/*.ts), whose handlers
// and options are all built at load.
import functionsEntry from './functions-entry.config.mjs';
import functionsActions from './functions-actions.config.mjs';
import functionsProvisioning from './functions-provisioning.config.mjs';
import pluginLogic from './plugin-logic.config.mjs';

const AREAS = {
  'functions-entry': functionsEntry,
  'functions-actions': functionsActions,
  'functions-provisioning': functionsProvisioning,
  'plugin-logic': pluginLogic,
};

const area = process.env.MUTATION_AREA ?? '';
const name = process.env.MUTATION_SLICE ?? area;
if (!(area in AREAS)) throw new Error(`MUTATION_AREA must be one of ${Object.keys(AREAS).join(', ')}`);

export default {
  ...AREAS[area],
  checkers: [],
  ...(process.env.MUTATION_STATIC === '1' ? { ignoreStatic: false } : {}),
  incrementalFile: `reports/mutation/slice-${name}.incremental.json`,
  jsonReporter: { fileName: `reports/mutation/slice-${name}.json` },
  tempDirName: `.stryker-tmp-${name}`,
};
