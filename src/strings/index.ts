import { en, type StringKey, type Strings } from './en';
import { es } from './es';

export { en, es };
export type { StringKey, Strings };

const byLanguage: Record<string, Strings> = { en, es };

/** "es-MX" and "es_419" fall back to "es"; anything unknown gets English. */
export function getStrings(locale?: string): Strings {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0];
  return byLanguage[language] ?? en;
}

/**
 * Fills `{{name}}` placeholders, the same syntax Flex's Handlebars templates use, so a string works both in
 * Flex notifications and in the sandbox. Unknown placeholders are left visible rather than blanked, so a
 * missing variable shows up in review instead of producing a silently truncated sentence.
 */
export function template(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** Adds our strings to Flex's without replacing any key an admin has already translated or reworded. */
export function mergeMissingStrings(target: Record<string, string>, source: Strings): string[] {
  const added: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (target[key] === undefined) {
      target[key] = value;
      added.push(key);
    }
  }
  return added;
}
