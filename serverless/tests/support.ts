import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../emulator/src';
import type { Backend } from './harness';

/**
 * Everything a refused call must leave untouched: tasks, reservations, workers, interactions, conversations
 * and the Sync pause records.
 */
export function stateOf(emulator: Emulator): string {
  const { tasks, reservations, workers, interactions, conversations, sync } = emulator.snapshot();
  return JSON.stringify({ tasks, reservations, workers, interactions, conversations, sync });
}

export interface HttpAnswer {
  status: number;
  body: { ok?: boolean; error?: { code: string; message: string; field?: string }; [key: string]: unknown };
}

/** POSTs to the in-process Functions host like a browser (JSON) or Twilio (form) would. */
export async function post(
  backend: Backend,
  route: string,
  fields: Record<string, unknown>,
  options: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body = options.form
    ? new URLSearchParams(fields as Record<string, string>).toString()
    : JSON.stringify(fields);
  const response = await fetch(`${backend.functionsUrl}${route}`, {
    method: 'POST',
    headers: {
      'Content-Type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  let parsed: HttpAnswer['body'];
  try {
    parsed = JSON.parse(text) as HttpAnswer['body'];
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}

/** The rows of the "requests refused" table in docs/FUNCTIONS.md, as "endpoint | input → status code". */
export function refusalTableRows(): string[] {
  const reference = readFileSync(path.join(__dirname, '../../docs/FUNCTIONS.md'), 'utf8');
  const start = reference.indexOf('The requests refused');
  // Without the sentence, slice(-1) would read no table: say which sentence is missing instead.
  if (start < 0) throw new Error('docs/FUNCTIONS.md has no "The requests refused" table');
  const table = reference.slice(start).split('\n\n')[1] ?? '';
  return table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([endpoint, input, status, code]) => `${endpoint} | ${input} → ${status} ${code}`);
}
