// One jest project of the root config, flattened for Stryker: its jest runner wraps the test environment
// of a flat config (to learn which test covers which mutant), not those of `projects`.
const root = require('../../jest.config.js');

/** @param {'plugin' | 'functions'} name */
module.exports = function projectConfig(name) {
  const project = root.projects.find((candidate) => candidate.displayName === name);
  if (!project) throw new Error(`No jest project named ${name}`);
  return {
    ...project,
    // Relative to the config file that calls this (tools/mutation/), inside Stryker's sandbox copy.
    rootDir: '../..',
    // A mutant is killed by what the tests assert, not by a log line it happens to cause.
    setupFilesAfterEnv: (project.setupFilesAfterEnv ?? []).filter(
      (file) => !file.endsWith('console-guard.ts'),
    ),
  };
};
