// One jest project of the root config, flattened for Stryker: its jest runner wraps the test environment
// of a flat config (to learn which test covers which mutant), not those of `projects`.
const path = require('node:path');
const root = require('../../jest.config.js');

// The folder packages resolve from. Stryker links node_modules into its sandbox only when it is a real folder;
// where it is a link (a git worktree sharing another checkout's packages) the sandbox has none of its own, so a
// test's relative import of a package file (the harness's `../../node_modules/@twilio/runtime-handler/…`) is
// sent to the real folder.
const nodeModules = path.dirname(path.dirname(require.resolve('jest/package.json')));

/**
 * MUTATION_TESTS (comma-separated paths from the repository's root) runs a slice against only those test files:
 * a quick measure of one module by its own tests on a loaded machine. Every mutant those tests kill, the whole
 * suite kills too, so the slice's score is a floor of the area's; `npm run mutate` leaves it unset.
 */
const onlyTests = (process.env.MUTATION_TESTS ?? '')
  .split(',')
  .map((file) => file.trim())
  .filter(Boolean);

/** @param {'plugin' | 'functions'} name */
module.exports = function projectConfig(name) {
  const project = root.projects.find((candidate) => candidate.displayName === name);
  if (!project) throw new Error(`No jest project named ${name}`);
  return {
    ...project,
    ...(onlyTests.length > 0 ? { testMatch: onlyTests.map((file) => `<rootDir>/${file}`) } : {}),
    // Relative to the config file that calls this (tools/mutation/), inside Stryker's sandbox copy.
    rootDir: '../..',
    moduleNameMapper: {
      ...(project.moduleNameMapper ?? {}),
      '^(?:\\.\\./)+node_modules/(.*)$': `${nodeModules}/$1`,
    },
    // A mutant is killed by what the tests assert, not by a log line it happens to cause.
    setupFilesAfterEnv: (project.setupFilesAfterEnv ?? []).filter(
      (file) => !file.endsWith('console-guard.ts'),
    ),
  };
};
