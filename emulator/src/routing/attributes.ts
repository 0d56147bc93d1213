/** Task and worker attributes as routing reads them: parsed leniently, and each distinct string parsed once. */
import { isObject } from '../util';

export function parseAttributes(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

/**
 * Routing re-reads the same attribute strings for every pending task and worker on every pass; parsing each
 * once keeps a busy workspace (the 50-agent load) from spending its time in JSON.parse. Read-only results.
 */
const parsedAttributes = new Map<string, Record<string, unknown>>();
const PARSED_ATTRIBUTES_LIMIT = 20_000;
export function attributesOf(raw: string): Record<string, unknown> {
  let parsed = parsedAttributes.get(raw);
  if (!parsed) {
    if (parsedAttributes.size >= PARSED_ATTRIBUTES_LIMIT) parsedAttributes.clear();
    parsed = parseAttributes(raw);
    parsedAttributes.set(raw, parsed);
  }
  return parsed;
}
