// Stryker over the plugin's logic (no components: their tests are the UI's), run by `npm run mutate`.
import { areaFiles } from './areas.mjs';
import { shared } from './shared.mjs';

export default {
  ...shared('plugin-logic'),
  mutate: areaFiles('plugin-logic'),
  tsconfigFile: 'tools/mutation/tsconfig.plugin.json',
  jest: {
    projectType: 'custom',
    configFile: 'tools/mutation/jest.plugin.config.js',
    enableFindRelatedTests: true,
  },
};
