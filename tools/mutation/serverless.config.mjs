// Stryker over the Functions (serverless/src), run by `npm run mutate`: see scripts/mutate.ts.
import { shared } from './shared.mjs';

export default {
  ...shared('serverless'),
  mutate: ['serverless/src/**/*.ts'],
  tsconfigFile: 'serverless/tsconfig.json',
  jest: {
    projectType: 'custom',
    configFile: 'tools/mutation/jest.functions.config.js',
    enableFindRelatedTests: true,
  },
};
