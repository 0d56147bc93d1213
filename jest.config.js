/** @type {import('jest').Config} */
const tsJest = [
  'ts-jest',
  {
    tsconfig: {
      jsx: 'react',
      module: 'commonjs',
      moduleResolution: 'node',
      esModuleInterop: true,
      isolatedModules: true,
    },
  },
];

// Every project fails a test that writes to console.error/warn unless it says so (tests/console-guard.ts).
module.exports = {
  projects: [
    {
      displayName: 'plugin',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/plugin'],
      transform: { '^.+\\.tsx?$': tsJest },
      // Paste's icons are imported from their ES-module paths (what the plugin bundle wants); jest runs
      // the package's CommonJS twins.
      moduleNameMapper: { '^@twilio-paste/icons/esm/(.*)$': '@twilio-paste/icons/cjs/$1' },
      setupFilesAfterEnv: ['<rootDir>/tests/plugin/setup.ts', '<rootDir>/tests/console-guard.ts'],
    },
    {
      displayName: 'emulator',
      testEnvironment: 'node',
      roots: ['<rootDir>/emulator/tests'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/tests/console-guard.ts'],
    },
    {
      displayName: 'functions',
      testEnvironment: 'node',
      roots: ['<rootDir>/serverless/tests'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/tests/console-guard.ts'],
    },
    {
      // The developers' tools (scripts/): what `npm run mutate` reads out of Stryker's reports.
      displayName: 'tools',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/tools'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/tests/console-guard.ts'],
    },
  ],
};
