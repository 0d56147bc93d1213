#!/usr/bin/env node
/**
 * Fails when a file of serverless/src or of the plugin's logic folders is in no mutation area, or in two
 * (tools/mutation/areas.mjs). Without it a module added later would fall outside every `npm run mutate` run, and
 * the area's score would quietly leave it out.
 */
import { areaGaps, MUTATED_FOLDERS, sourceFiles } from '../tools/mutation/areas.mjs';

const { outside, twice } = areaGaps();
for (const file of outside)
  console.error(`${file} is in no mutation area: add it to tools/mutation/areas.mjs.`);
for (const { file, areas } of twice) console.error(`${file} is in ${areas.join(' and ')}: keep it in one.`);
if (outside.length + twice.length > 0) process.exit(1);
const count = MUTATED_FOLDERS.flatMap(sourceFiles).length;
console.log(`Every one of the ${count} files mutation testing covers is in exactly one area.`);
