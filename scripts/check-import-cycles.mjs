#!/usr/bin/env node
/**
 * Fails when the project's own TypeScript modules import each other in a circle. A circle means neither side
 * can be read, tested or moved without the other; the cure is a small module that owns what both sides need.
 *
 * Every import counts, `import type` and `export … from` included: a type-only circle still ties the two
 * modules' meaning together, even though it leaves no trace at run time. Only relative imports are followed
 * (packages cannot import us back). The specifiers come from the TypeScript compiler's own pre-processor, so
 * an import inside a comment or a string is never mistaken for one.
 *
 * Usage: node scripts/check-import-cycles.mjs [folder …]   (default: the project's source folders)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_FOLDERS = [
  'src',
  'serverless/src',
  'serverless/tests',
  'emulator',
  'sandbox',
  'scripts',
  'bench',
  'tests',
];
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'coverage', 'test-results']);
const SOURCE = /\.(ts|tsx|mts|cts)$/;

function sourceFiles(folder) {
  const files = [];
  if (!existsSync(folder)) return files;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** The file a relative specifier names, the way the project's module resolution finds it. */
function resolve(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [
    base,
    ...['.ts', '.tsx', '.mts', '.cts'].map((ext) => base + ext),
    // An ESM-style `./x.js` that names `./x.ts`.
    base.replace(/\.(m|c)?js$/, '.$1ts'),
    base.replace(/\.js$/, '.tsx'),
    ...['index.ts', 'index.tsx'].map((index) => path.join(base, index)),
  ];
  return candidates.find((file) => SOURCE.test(file) && existsSync(file) && statSync(file).isFile());
}

function importsOf(file) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(file, specifier))
    .filter((target) => target !== undefined);
}

/** Tarjan's strongly connected components: every group of two or more modules that reach each other. */
function circles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = component.length === 1 && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfImport) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** One concrete loop inside a component, to print: the shortest way from its first module back to itself. */
function loopThrough(component, graph) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const loop = [node];
        while (previous.get(loop[0])) loop.unshift(previous.get(loop[0]));
        return [...loop, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

const folders = (process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_FOLDERS).map((folder) =>
  path.resolve(root, folder),
);
const graph = new Map();
for (const file of folders.flatMap(sourceFiles)) graph.set(file, [...new Set(importsOf(file))]);

const relative = (file) => path.relative(root, file);
const found = circles(graph);
if (found.length === 0) {
  console.log(`No import circle among ${graph.size} modules.`);
} else {
  console.error(`${found.length} import circle(s) among ${graph.size} modules:`);
  for (const component of found) {
    console.error(`- ${loopThrough(component, graph).map(relative).join(' → ')}`);
    if (component.length > 2) console.error(`  (all of: ${component.map(relative).sort().join(', ')})`);
  }
  process.exitCode = 1;
}
