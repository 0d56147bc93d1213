// Stryker over the Functions (serverless/src), run by `npm run mutate`: see scripts/mutate.ts. Three areas,
// each a run of its own, so that one area can be re-measured in minutes on two cores.
import { shared } from './shared.mjs';

/** @type {Record<string, string[]>} */
export const SERVERLESS_AREAS = {
  'functions-entry': [
    'serverless/src/lib/{auth,settings,twilio-client,http,input,log,errors,action,clock,idempotency,environment,loopback}.ts',
    'serverless/src/functions/*.ts',
  ],
  'functions-actions': ['serverless/src/actions/*.ts', 'serverless/src/lib/{channel,pause-store}.ts'],
  'functions-provisioning': ['serverless/src/provisioning/*.ts'],
};

/** @param {keyof typeof SERVERLESS_AREAS} area */
// findRelatedTests is off: with it, the dry run over the actions ran 45 of the 259 Functions tests (jest did not
// relate the handler-level tests to the mutated files), and mutants they would kill counted as survivors.
// perTest coverage still runs only the tests that reach each mutant.
export function serverlessConfig(area) {
  return {
    ...shared(area),
    mutate: SERVERLESS_AREAS[area],
    tsconfigFile: 'serverless/tsconfig.json',
    jest: {
      projectType: 'custom',
      configFile: 'tools/mutation/jest.functions.config.js',
      enableFindRelatedTests: false,
    },
  };
}
