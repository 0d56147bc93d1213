// Stryker over the plugin's logic (no components: their tests are the UI's), run by `npm run mutate`.
import { shared } from './shared.mjs';

export default {
  ...shared('plugin-logic'),
  mutate: ['src/config/**/*.ts', 'src/time/**/*.ts', 'src/reminders/**/*.ts', 'src/resume/**/*.ts'],
  tsconfigFile: 'tools/mutation/tsconfig.plugin.json',
  jest: {
    projectType: 'custom',
    configFile: 'tools/mutation/jest.plugin.config.js',
    enableFindRelatedTests: true,
  },
};
