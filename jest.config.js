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

module.exports = {
  projects: [
    {
      displayName: 'plugin',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/plugin'],
      transform: { '^.+\\.tsx?$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/tests/plugin/setup.ts'],
    },
    {
      displayName: 'emulator',
      testEnvironment: 'node',
      roots: ['<rootDir>/emulator/tests'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'functions',
      testEnvironment: 'node',
      roots: ['<rootDir>/serverless/tests'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
  ],
};
