// What both areas share. Two cores: two test processes (concurrency 4 = 2 type checkers, freed once done, + 2 runners), each running only the tests that cover a mutant.
/** @param {string} area */
export function shared(area) {
  return {
    packageManager: 'npm',
    testRunner: 'jest',
    checkers: ['typescript'],
    coverageAnalysis: 'perTest',
    concurrency: 4,
    timeoutMS: 4000,
    // Types are the checker's job; ts-jest only transpiles (isolatedModules).
    disableTypeChecks: false,
    // Mutants run at module load (constants, messages) would each need the whole suite: about 90% of the time.
    ignoreStatic: true,
    // Reruns only mutants whose code or covering tests changed since the last run (reports/ is not checked in).
    incremental: true,
    incrementalFile: `reports/mutation/${area}.incremental.json`,
    // Only what the tests import is copied into Stryker's sandbox.
    ignorePatterns: [
      '/*',
      '!/src',
      '!/serverless',
      '!/emulator',
      '!/tests',
      '!/tools',
      // The doctor's tests run scripts/doctor.ts in a child process.
      '!/scripts',
      '!/jest.config.js',
      '!/package.json',
      '!/tsconfig.json',
      '!/README.md',
      '!/docs',
      '/serverless/dist',
    ],
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    reporters: ['json', 'progress'],
    jsonReporter: { fileName: `reports/mutation/${area}.json` },
    thresholds: { high: 90, low: 80, break: null },
  };
}
