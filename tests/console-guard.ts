/**
 * A green run prints nothing: every jest project loads this file (setupFilesAfterEnv), and a test that writes
 * to the console (error, warn, log, info, debug) fails, so a new React warning or a stray log is noticed the day it appears.
 *
 * A test that means to log says so, for its own duration only:
 * - `expectConsole('error', /pattern/)` lets matching lines through and fails the test if none came (the log
 *   line is part of what the test checks); `allowConsole('error', /pattern/)` only lets them through;
 * - or it replaces the method itself (`jest.spyOn(console, 'error').mockImplementation(...)`) to assert on
 *   what is logged, as the Functions' tests do to check that a log line is free of secrets.
 */
import { format } from 'node:util';

type GuardedLevel = 'error' | 'warn' | 'log' | 'info' | 'debug';

const GUARDED: readonly GuardedLevel[] = ['error', 'warn', 'log', 'info', 'debug'];

const allowed: Array<{ level: GuardedLevel; pattern: RegExp; required: boolean; seen: boolean }> = [];
const unexpected: string[] = [];

/** Lets console lines of `level` that match `pattern` through, until the current test ends. */
export function allowConsole(level: GuardedLevel, pattern: RegExp): void {
  allowed.push({ level, pattern, required: false, seen: false });
}

/** Like allowConsole, and the test fails unless at least one such line was written. */
export function expectConsole(level: GuardedLevel, pattern: RegExp): void {
  allowed.push({ level, pattern, required: true, seen: false });
}

for (const level of GUARDED) {
  // Replaced once per test file; a test's own spy (jest.spyOn) takes precedence until it is restored.
  console[level] = (...args: unknown[]) => {
    const line = format(...args);
    const rule = allowed.find((candidate) => candidate.level === level && candidate.pattern.test(line));
    if (rule) {
      rule.seen = true;
      return;
    }
    unexpected.push(`console.${level}: ${line}`);
  };
}

beforeEach(() => {
  allowed.length = 0;
  unexpected.length = 0;
});

afterEach(() => {
  const lines = unexpected.splice(0);
  const missing = allowed.filter((rule) => rule.required && !rule.seen);
  allowed.length = 0;
  if (missing.length > 0) {
    throw new Error(
      `Expected console line(s) never written: ${missing.map((rule) => `console.${rule.level} ${rule.pattern}`).join(', ')}`,
    );
  }
  if (lines.length > 0) {
    throw new Error(
      `This test wrote to the console (${lines.length} line(s)); fix the cause or allow it with allowConsole(...):\n` +
        lines.map((line) => line.split('\n').slice(0, 12).join('\n')).join('\n---\n'),
    );
  }
});
