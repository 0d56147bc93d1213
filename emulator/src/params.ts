import { badRequest } from './util';

/** Read access to form/query parameters (already validated against the spec). */
export class Params {
  constructor(readonly map: Map<string, string[]> = new Map()) {}

  static from(obj: Record<string, string | number | boolean | string[] | undefined>): Params {
    const m = new Map<string, string[]>();
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      m.set(k, Array.isArray(v) ? v : [String(v)]);
    }
    return new Params(m);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  str(name: string): string | undefined {
    return this.map.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.map.get(name) ?? [];
  }

  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw badRequest(`Invalid parameter ${name}: '${v}' is not an integer`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    return v.toLowerCase() === 'true';
  }
}
