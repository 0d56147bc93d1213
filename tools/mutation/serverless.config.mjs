// Stryker over the Functions (serverless/src), run by `npm run mutate`: see scripts/mutate.ts. Three areas,
// each a run of its own, so that one area can be re-measured alone.
import { areaFiles } from './areas.mjs';
import { shared } from './shared.mjs';

/** @param {'functions-entry' | 'functions-actions' | 'functions-provisioning'} area */
// findRelatedTests is off: with it, the dry run over the actions ran 45 of the 259 Functions tests (jest did not
// relate the handler-level tests to the mutated files), and mutants they would kill counted as survivors.
// perTest coverage still runs only the tests that reach each mutant.
export function serverlessConfig(area) {
  return {
    ...shared(area),
    // Each area's files from one list (tools/mutation/areas.mjs), which the lint holds to serverless/src.
    mutate: areaFiles(area),
    tsconfigFile: 'serverless/tsconfig.json',
    jest: {
      projectType: 'custom',
      configFile: 'tools/mutation/jest.functions.config.js',
      enableFindRelatedTests: false,
    },
  };
}
