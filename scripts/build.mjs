#!/usr/bin/env node
/**
 * Production build of the Flex plugin with `flex-plugin build`, offline and without a Twilio login, then a
 * size report of the bundle (raw and gzipped). Exits non-zero when the build fails.
 *
 * Two things in this environment need help:
 * - @twilio/flex-plugin-webpack is written for webpack 4 (its own copy lives in its node_modules), but the
 *   webpack plugins and loaders it uses are hoisted to the root, where `require('webpack')` finds the
 *   webpack 5 another tool installed. A tiny preload makes every `webpack` request in the build process
 *   resolve to the webpack 4 copy.
 * - webpack 4 hashes with md4, which OpenSSL 3 (Node 17+) only offers through the legacy provider.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// LEAVE_PAUSE_PLUGIN_DIR builds another plugin folder with this same toolchain (the bundle bench's
// minimal Paste plugin, whose node_modules links to ours).
const root = process.env.LEAVE_PAUSE_PLUGIN_DIR
  ? resolve(process.env.LEAVE_PAUSE_PLUGIN_DIR)
  : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

// flex-plugin-scripts insists on public/appConfig.js (git-ignored, per developer); the example is enough
// to build with.
const appConfig = join(root, 'public', 'appConfig.js');
const appConfigExample = join(root, 'public', 'appConfig.example.js');
if (!existsSync(appConfig)) {
  if (!existsSync(appConfigExample)) fail('public/appConfig.example.js is missing');
  copyFileSync(appConfigExample, appConfig);
  console.log('build: created public/appConfig.js from public/appConfig.example.js');
}

let webpack4Dir;
try {
  const flexWebpackDir = dirname(require.resolve('@twilio/flex-plugin-webpack/package.json'));
  webpack4Dir = dirname(createRequire(join(flexWebpackDir, 'package.json')).resolve('webpack/package.json'));
} catch (error) {
  fail(`cannot locate the webpack used by @twilio/flex-plugin-webpack: ${error.message}`);
}
const webpackMajor = Number(
  JSON.parse(readFileSync(join(webpack4Dir, 'package.json'), 'utf8')).version.split('.')[0],
);

const preloadDir = mkdtempSync(join(tmpdir(), 'leave-pause-build-'));
const preload = join(preloadDir, 'pin-webpack.cjs');
writeFileSync(
  preload,
  `'use strict';
const Module = require('module');
const path = require('path');
const target = ${JSON.stringify(webpack4Dir)};
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'webpack' || request.startsWith('webpack/')) {
    const rewritten = path.join(target, request.slice('webpack'.length));
    return original.call(this, rewritten, parent, ...rest);
  }
  return original.call(this, request, parent, ...rest);
};
`,
);

const nodeOptions = [process.env.NODE_OPTIONS ?? '', `--require ${JSON.stringify(preload)}`];
try {
  createHash('md4');
} catch {
  if (webpackMajor < 5) nodeOptions.push('--openssl-legacy-provider');
}

const env = {
  ...process.env,
  NODE_OPTIONS: nodeOptions.join(' ').trim(),
  // Non-interactive: no prompts, no terminal clearing, no update or telemetry chatter.
  CI: 'true',
  PERSIST_TERMINAL: 'true',
  NO_UPDATE_NOTIFIER: '1',
  FLEX_PLUGINS_DISABLE_TELEMETRY: 'true',
  TWILIO_CLI_TELEMETRY_DISABLED: '1',
  // The pre-flight React version check is about Flex < 1.19; Flex 2 loads React itself.
  SKIP_PREFLIGHT_CHECK: 'true',
  BROWSER: 'none',
};

// The same entry point as the `flex-plugin` bin, minus the bin's esm-wallaby loader: that loader resolves
// modules itself and would bypass the webpack pin above (the dist files are plain CommonJS anyway).
const scriptsMain = require.resolve('@twilio/flex-plugin-scripts');
const runner = `require(${JSON.stringify(scriptsMain)}).default('build')`;
const started = Date.now();
const code = await new Promise((resolvePromise) => {
  const child = spawn(process.execPath, ['-e', runner], { cwd: root, env, stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`build: could not start flex-plugin: ${error.message}`);
    resolvePromise(1);
  });
  child.on('exit', (exitCode, signal) => resolvePromise(signal ? 1 : (exitCode ?? 1)));
});
rmSync(preloadDir, { recursive: true, force: true });

if (code !== 0) fail(`flex-plugin build failed (exit code ${code})`);

const bundle = join(root, 'build', `${pkg.name}.js`);
if (!existsSync(bundle)) fail(`flex-plugin build reported success but ${relative(root, bundle)} is missing`);
const bytes = readFileSync(bundle);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('');
console.log(`bundle: ${relative(root, bundle)}`);
console.log(`size:   ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzipped`);
console.log(`time:   ${((Date.now() - started) / 1000).toFixed(1)} s`);
