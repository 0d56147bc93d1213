// Bundles each Function with its shared code: deployed Twilio Functions cannot require files outside
// functions/ by relative path, so every handler ships as one self-contained file.
import { build } from 'esbuild';
import { readdirSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'serverless');
const sourceDir = join(root, 'src', 'functions');
const outDir = join(root, 'dist', 'functions');

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const entryPoints = readdirSync(sourceDir).filter((file) => file.endsWith('.ts'));
await build({
  entryPoints: entryPoints.map((file) => join(sourceDir, file)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The runtime installs these from serverless/package.json.
  external: ['twilio', 'twilio-flex-token-validator'],
  logLevel: 'warning',
});
mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
copyFileSync(join(root, 'package.json'), join(root, 'dist', 'package.json'));
console.log(`Built ${entryPoints.length} functions into ${outDir}`);
