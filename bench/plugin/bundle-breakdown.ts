/**
 * Where a minified bundle's bytes go: every byte of the emitted bundle is attributed, through the source
 * map taken right after Terser (webpack.config.js's module-size report), to the module it was minified
 * from, and modules are grouped by package (ours by folder under src/). A group's gzipped weight is what
 * leaving its bytes out of the bundle saves once gzipped: gzip shares its dictionary across the whole file,
 * so a group's bytes gzipped alone would overstate it.
 */
import { gzipSync } from 'node:zlib';

export interface SourceMapV3 {
  sources: string[];
  mappings: string;
}

export interface GroupWeight {
  group: string;
  /** Minified bytes attributed to the group. */
  rawBytes: number;
  /** Bundle gzipped − bundle without the group's bytes gzipped. */
  gzipBytes: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** Decodes one mapping segment's Base64 VLQ fields. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`bad source map character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * Groups a module path: a package by its name (the last node_modules/ in the path wins, so a nested copy
 * counts as its own package), our sources by their folder under src/, webpack's own code as such.
 */
export function groupOf(source: string): string {
  const inPackage = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inPackage) return inPackage[1] ?? source;
  const ours = /(?:^|\/)src\/(?:([^/]+)\/)?/.exec(source);
  if (ours) return ours[1] ? `src/${ours[1]}` : 'src (plugin entry)';
  if (source.startsWith('webpack/') || source.startsWith('external ')) return 'webpack runtime and externals';
  return source;
}

/**
 * Attributes every byte of `code` to a group. A mapping segment owns the bytes up to the next segment, across
 * line ends (a template literal's lines, such as Paste's font-face rules, carry no mapping of their own);
 * bytes before the first segment, or after a segment without a source, are webpack's glue.
 */
export function breakDown(code: string, map: SourceMapV3): GroupWeight[] {
  const glue = 'webpack runtime and externals';
  const starts: Array<{ at: number; group: string }> = [];
  let lineStart = 0;
  let source = 0;
  const lineLengths = code.split('\n').map((line) => line.length);
  map.mappings.split(';').forEach((lineMappings, lineIndex) => {
    let column = 0;
    for (const segment of lineMappings.split(',')) {
      if (!segment) continue;
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) source += fields[1] ?? 0;
      starts.push({
        at: lineStart + column,
        group: fields.length >= 4 ? groupOf(map.sources[source] ?? '') : glue,
      });
    }
    lineStart += (lineLengths[lineIndex] ?? 0) + 1;
  });
  const owner: string[] = new Array<string>(code.length).fill(glue);
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.at ?? code.length;
    for (let at = start.at; at < end; at += 1) owner[at] = start.group;
  });

  const total = gzipSync(code, { level: 9 }).length;
  const byGroup = new Map<string, number>();
  for (const group of owner) byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
  return [...byGroup.entries()]
    .map(([group, rawBytes]) => {
      let without = '';
      let runStart = -1;
      for (let at = 0; at <= code.length; at += 1) {
        const kept = at < code.length && owner[at] !== group;
        if (kept && runStart < 0) runStart = at;
        if (!kept && runStart >= 0) {
          without += code.slice(runStart, at);
          runStart = -1;
        }
      }
      return { group, rawBytes, gzipBytes: total - gzipSync(without, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

export interface GroupDifference {
  group: string;
  /** Plugin's gzipped weight of the group minus the base's. */
  gzipBytes: number;
  rawBytes: number;
  pluginGzipBytes: number;
  baseGzipBytes: number;
}

/** The plugin's groups against the base's: what each group adds over a minimal Paste plugin. */
export function compareGroups(plugin: GroupWeight[], base: GroupWeight[]): GroupDifference[] {
  const inBase = new Map(base.map((weight) => [weight.group, weight]));
  const groups = new Set([...plugin.map((weight) => weight.group), ...inBase.keys()]);
  const inPlugin = new Map(plugin.map((weight) => [weight.group, weight]));
  return [...groups]
    .map((group) => {
      const ours = inPlugin.get(group);
      const theirs = inBase.get(group);
      return {
        group,
        gzipBytes: (ours?.gzipBytes ?? 0) - (theirs?.gzipBytes ?? 0),
        rawBytes: (ours?.rawBytes ?? 0) - (theirs?.rawBytes ?? 0),
        pluginGzipBytes: ours?.gzipBytes ?? 0,
        baseGzipBytes: theirs?.gzipBytes ?? 0,
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
