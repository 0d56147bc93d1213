// Types of areas.mjs for the TypeScript that reads it (scripts/mutate.ts).
export type MutationArea =
  'functions-entry' | 'functions-actions' | 'functions-provisioning' | 'plugin-logic';
export const AREA_PATHS: Record<MutationArea, string[]>;
export const MUTATED_FOLDERS: string[];
export function sourceFiles(folder: string): string[];
export function areaFiles(area: MutationArea): string[];
export function areaGaps(): { outside: string[]; twice: { file: string; areas: MutationArea[] }[] };
