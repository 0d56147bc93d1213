import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ACTION_NAMES } from '../../src/actions';
import { en, es, getStrings, mergeMissingStrings, template } from '../../src/strings';

const LANGUAGES: Record<string, Record<string, string>> = { en, es };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const placeholders = (text: string) =>
  (text.match(/\{\{\s*[\w.]+\s*\}\}/g) ?? []).map((p) => p.replace(/\s/g, '')).sort();

describe('strings', () => {
  it('has the same keys in every language, all prefixed LeavePause', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(key).toMatch(/^LeavePause/);
    expect(en.LeavePauseLeaveButton).toBe('Leave');
    expect(en.LeavePauseLeaveBusy).toBe('Leaving…');
  });

  it.each(Object.keys(LANGUAGES))(
    '%s has every key, none empty, with the same placeholders as English',
    (language) => {
      const strings = LANGUAGES[language];
      const missing = Object.keys(en).filter(
        (key) => typeof strings[key] !== 'string' || strings[key].trim() === '',
      );
      expect(missing).toEqual([]);
      const extra = Object.keys(strings).filter((key) => !(key in en));
      expect(extra).toEqual([]);
      for (const key of Object.keys(en)) {
        expect([key, placeholders(strings[key])]).toEqual([
          key,
          placeholders((en as Record<string, string>)[key]),
        ]);
      }
    },
  );

  it('has, in every language, every key the plugin and the sandbox use', () => {
    const root = join(__dirname, '..', '..');
    // Names in the LeavePause namespace that are not strings: our Flex action names, the plugin class,
    // and a value of Flex's own agent_conv_end_methods setting that src/config recognises.
    const notStrings = new Set<string>([...ACTION_NAMES, 'LeavePausePlugin', 'LeavePauseResumeForEmailOnly']);
    const used = new Map<string, string>();
    for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'sandbox', 'app'))]) {
      const text = readFileSync(file, 'utf8');
      // `strings.Key`, `s.Key`, `strings().Key` and quoted ids ('Key', the notifications' content).
      for (const match of text.matchAll(/(?:\.|['"`])(LeavePause[A-Z][A-Za-z0-9]*)\b/g)) {
        if (!notStrings.has(match[1])) used.set(match[1], relative(root, file));
      }
    }
    expect(used.size).toBeGreaterThan(20);
    for (const [language, strings] of Object.entries(LANGUAGES)) {
      const missing = [...used].filter(([key]) => !(key in strings)).map(([key, file]) => `${key} (${file})`);
      expect([language, missing]).toEqual([language, []]);
    }
  });

  it('picks the language from a locale tag and falls back to English', () => {
    expect(getStrings('es-MX')).toBe(es);
    expect(getStrings('es_419')).toBe(es);
    expect(getStrings('ES')).toBe(es);
    expect(getStrings('fr-FR')).toBe(en);
    expect(getStrings(undefined)).toBe(en);
  });

  it('fills {{placeholders}} and leaves unknown ones visible', () => {
    expect(template(en.LeavePauseLeaveFailed, { message: 'Task is not assigned' })).toBe(
      'Could not leave the conversation: Task is not assigned',
    );
    expect(template('{{ a }}-{{b}}-{{c}}', { a: 1, b: 'x' })).toBe('1-x-{{c}}');
    expect(template('{{toString}}', {})).toBe('{{toString}}');
    expect(template('$& {{m}}', { m: '$1' })).toBe('$& $1');
  });

  it('merges only missing keys so admin translations survive', () => {
    const target: Record<string, string> = { LeavePauseLeaveButton: 'Abandon', TaskHeaderLine: 'x' };
    const added = mergeMissingStrings(target, en);
    expect(target.LeavePauseLeaveButton).toBe('Abandon');
    expect(target.TaskHeaderLine).toBe('x');
    expect(target.LeavePausePauseButton).toBe('Pause');
    expect(added).not.toContain('LeavePauseLeaveButton');
    expect(added).toHaveLength(Object.keys(en).length - 1);
  });
});
