/** Pause reasons (issue 18): `pause.reasons` and `pause.reasonNote`, and the label a reason code shows. */
import type { PauseReason, PauseSettings } from './shape';
import { describe, isDict, type Dict } from './value-checks';

/** Pause reasons (issue 18): a short slug, so it fits a report's column and a Sync record. */
export const REASON_CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const REASON_LABEL_MAX_LENGTH = 60;
/** A menu, not a catalogue: more than this is unreadable in a small popup. */
export const MAX_PAUSE_REASONS = 20;
/** Long enough for "waiting for the invoice number", short enough never to become a transcript. */
export const REASON_NOTE_MAX_LENGTH = 200;

const REASON_EXAMPLE =
  '{ "code": "waiting-docs", "label": { "en": "Waiting for documents", "es": "Esperando documentos" } }';

function labelText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text !== '' && text.length <= REASON_LABEL_MAX_LENGTH ? text : undefined;
}

/** One entry of `pause.reasons`, or the sentence that tells the admin what to fix in it. */
function parseReason(entry: unknown, where: string, seen: Set<string>): PauseReason | string {
  if (!isDict(entry)) return `${where} must be an object like ${REASON_EXAMPLE}, got ${describe(entry)}`;
  const { code, label } = entry;
  if (typeof code !== 'string' || !REASON_CODE_PATTERN.test(code)) {
    return (
      `${where}.code must be a short slug (1 to 32 lowercase letters, digits, "-" or "_", starting with a ` +
      `letter or digit), got ${describe(code)}`
    );
  }
  if (seen.has(code)) return `${where}.code "${code}" is used by an earlier reason: codes must be unique`;
  if (!isDict(label))
    return `${where}.label must be an object like { "en": "…", "es": "…" }, got ${describe(label)}`;
  const en = labelText(label.en);
  if (en === undefined) {
    return `${where}.label.en is required: 1 to ${REASON_LABEL_MAX_LENGTH} characters, got ${describe(label.en)}`;
  }
  if (label.es !== undefined && labelText(label.es) === undefined) {
    return (
      `${where}.label.es must be 1 to ${REASON_LABEL_MAX_LENGTH} characters (or left out: English is shown), ` +
      `got ${describe(label.es)}`
    );
  }
  const es = labelText(label.es);
  seen.add(code);
  return { code, label: es === undefined ? { en } : { en, es } };
}

/**
 * `pause.reasons` and `pause.reasonNote`. A bad entry is left out (and reported) and the rest still work; a bad
 * list or switch turns only the reasons off: Pause itself stays on, one click as before.
 */
export function parseReasons(raw: Dict, problems: string[]): Pick<PauseSettings, 'reasons' | 'reasonNote'> {
  if (raw.reasons === undefined) {
    if (raw.reasonNote !== undefined) {
      problems.push(
        'leavePause.pause.reasonNote has no effect without leavePause.pause.reasons; it is ignored.',
      );
    }
    return {};
  }
  if (!Array.isArray(raw.reasons)) {
    problems.push(
      `leavePause.pause.reasons must be a list like [${REASON_EXAMPLE}], got ${describe(raw.reasons)}; Pause asks ` +
        'for no reason.',
    );
    return {};
  }
  const reasons: PauseReason[] = [];
  const seen = new Set<string>();
  raw.reasons.forEach((entry, index) => {
    const where = `leavePause.pause.reasons[${index}]`;
    if (index >= MAX_PAUSE_REASONS) {
      problems.push(`${where} is past the first ${MAX_PAUSE_REASONS} reasons; it is ignored.`);
      return;
    }
    const parsed = parseReason(entry, where, seen);
    if (typeof parsed === 'string') problems.push(`${parsed}; this reason is ignored.`);
    else reasons.push(parsed);
  });
  if (reasons.length === 0) {
    if (raw.reasons.length > 0)
      problems.push('leavePause.pause.reasons has no valid reason: Pause asks for none.');
    return {};
  }
  let reasonNote = false;
  if (raw.reasonNote !== undefined) {
    if (typeof raw.reasonNote === 'boolean') reasonNote = raw.reasonNote;
    else {
      problems.push(
        `leavePause.pause.reasonNote must be true or false, got ${describe(raw.reasonNote)}; no note is asked.`,
      );
    }
  }
  return { reasons, reasonNote };
}

/** The reason a code names, in the agent's language (Spanish falls back to English); undefined if none. */
export function reasonLabel(
  reasons: readonly PauseReason[] | undefined,
  code: string,
  language?: string,
): string | undefined {
  const reason = reasons?.find((candidate) => candidate.code === code);
  if (!reason) return undefined;
  return (language ?? 'en').toLowerCase().startsWith('es')
    ? (reason.label.es ?? reason.label.en)
    : reason.label.en;
}
