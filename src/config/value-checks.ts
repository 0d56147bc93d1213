/** Small readers of untrusted JSON the settings parsers share: object checks, merging, durations, URLs, echoes. */

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Override wins key by key, so a local appConfig can flip one switch without restating the rest. The depth
 * cap keeps a hand-made circular object from recursing forever; real configs are three levels deep.
 */
export function deepMerge(base: Dict, override: Dict, depth = 0): Dict {
  const out: Dict = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = depth < 8 && isDict(current) && isDict(value) ? deepMerge(current, value, depth + 1) : value;
  }
  return out;
}

export const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i;

/** Parses the subset of ISO 8601 durations that makes sense for a pause: weeks, days, hours, minutes. */
export function parseIsoDurationMinutes(text: string): number | undefined {
  const trimmed = text.trim();
  const match = ISO_DURATION.exec(trimmed);
  // "P" and "PT" match the pattern with no parts at all, and "P1DT" has a dangling time designator.
  if (!match || !match.slice(1).some((part) => part !== undefined) || /T$/i.test(trimmed)) return undefined;
  const [weeks, days, hours, minutes] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return ((weeks * 7 + days) * 24 + hours) * 60 + minutes;
}

export function isLocalHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** https anywhere; plain http only on the developer's own machine. */
export function checkUrl(value: unknown): { ok: true; url: string } | { ok: false } {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false };
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    return { ok: false };
  }
  const secure =
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLocalHost(parsed.hostname));
  return secure ? { ok: true, url: parsed.toString() } : { ok: false };
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
