/**
 * Typed plugin configuration. Hosted Flex keeps it in
 * `serviceConfiguration.ui_attributes.custom_data.leavePause`; local work overrides it with
 * `window.appConfig.leavePause`. Parsing never throws: a bad value is reported and only the feature it
 * belongs to is switched off, so one typo cannot take the whole agent desktop down.
 */

/**
 * What happens to the agent's task on Pause, as Flex's `WrapupTaskOnLeaveAndPause` flag decides it. Leave
 * always sends `closed`: it is the only value the public API allows with `inactive`.
 */
export type RoutingStatus = 'closed' | 'wrapup';

/** Pause reasons (issue 18): one reason an admin offers, its code stable, its labels for people. */
export interface PauseReason {
  /** A short slug, unique in the list: what the record, the task attributes and Flex Insights keep. */
  code: string;
  /** English is required; Spanish falls back to English where missing. */
  label: { en: string; es?: string };
}

/**
 * Pause events (issue 18): what a customer's message during a pause does. `notify` (the default) counts it
 * for the agent who paused; `resume` resumes for them when their TaskRouter worker is available.
 */
export type CustomerMessagePolicy = 'notify' | 'resume';

export interface PauseSettings {
  enabled: boolean;
  timeLimitMinutes: number;
  // Pause reasons (issue 18): both absent unless the admin configured at least one valid reason.
  /** With reasons, Pause asks for one; without, Pause stays one click. */
  reasons?: readonly PauseReason[];
  /** The agent may add a short free-text note (at most REASON_NOTE_MAX_LENGTH characters) to the reason. */
  reasonNote?: boolean;
  /** Pause events: absent means `notify`; kept only when the admin set `resume`, so defaults stay small. */
  onCustomerMessage?: CustomerMessagePolicy;
}

export interface LeavePauseConfig {
  leave: { enabled: boolean };
  pause: PauseSettings;
  /** Pause only: `closed` completes the task at once; `wrapup` sends it to wrap-up, which the agent completes. */
  routingStatus: RoutingStatus;
  backendUrl: string;
  supervisorsMayAct: boolean;
  // Team view (issue 18 part 4): Return to the queue, on only from a live report where it holds.
  returnToQueue: ReturnToQueueSetting;
}

/** The live-check line that must hold before Return to the queue may be offered. */
export const RETURN_TO_QUEUE_LINE = 'invite-while-paused';

/**
 * Team view (issue 18 part 4). Return to the queue rests on an undocumented Twilio behaviour (an invite on a
 * paused channel), so it is on only with the evidence `npm run configure -- --live-report …` stamps from a live
 * check where that line held; `enabled: true` without it is a problem and the action stays hidden.
 */
export interface ReturnToQueueSetting {
  enabled: boolean;
  evidence: { liveCheck: typeof RETURN_TO_QUEUE_LINE; runId: string; checkedAt: string } | null;
}

export interface ParsedConfig {
  config: LeavePauseConfig;
  problems: string[];
}

export const MIN_PAUSE_MINUTES = 1;
/** Twilio's own pause limit ("Conversation tasks workflows" in Console) is at most 14 days. */
export const MAX_PAUSE_MINUTES = 14 * 24 * 60;
export const DEFAULT_PAUSE_MINUTES = MAX_PAUSE_MINUTES;
/**
 * `leave.routing` was our own custom routing after Leave (conversation-scoped webhooks). Twilio's Console
 * option does it for every Leave, so the key is ignored: Leave stays on, and the admin is told where to go.
 */
export const LEAVE_ROUTING_RETIRED =
  "leavePause.leave.routing is no longer used and is ignored (Leave stays on): to send the customer's reply " +
  'after Leave somewhere other than a new task, turn on "Use custom routing" in Console → Flex → ' +
  'Conversations (a Studio flow, or your own logic on Interactions events), then remove leave.routing.';

export const DEFAULT_CONFIG: LeavePauseConfig = Object.freeze({
  leave: Object.freeze({ enabled: false }),
  pause: Object.freeze({ enabled: false, timeLimitMinutes: DEFAULT_PAUSE_MINUTES }),
  routingStatus: 'closed',
  backendUrl: '',
  supervisorsMayAct: false,
  returnToQueue: Object.freeze({ enabled: false, evidence: null }),
}) as LeavePauseConfig;

const CONFIG_PATH = 'ui_attributes.custom_data.leavePause';

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Override wins key by key, so a local appConfig can flip one switch without restating the rest. The depth
 * cap keeps a hand-made circular object from recursing forever; real configs are three levels deep.
 */
function deepMerge(base: Dict, override: Dict, depth = 0): Dict {
  const out: Dict = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = depth < 8 && isDict(current) && isDict(value) ? deepMerge(current, value, depth + 1) : value;
  }
  return out;
}

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i;

/** Parses the subset of ISO 8601 durations that makes sense for a pause: weeks, days, hours, minutes. */
export function parseIsoDurationMinutes(text: string): number | undefined {
  const trimmed = text.trim();
  const match = ISO_DURATION.exec(trimmed);
  // "P" and "PT" match the pattern with no parts at all, and "P1DT" has a dangling time designator.
  if (!match || !match.slice(1).some((part) => part !== undefined) || /T$/i.test(trimmed)) return undefined;
  const [weeks, days, hours, minutes] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return ((weeks * 7 + days) * 24 + hours) * 60 + minutes;
}

function isLocalHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** https anywhere; plain http only on the developer's own machine. */
function checkUrl(value: unknown): { ok: true; url: string } | { ok: false } {
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

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function parseLeave(raw: unknown, problems: string[]): LeavePauseConfig['leave'] {
  const off = { enabled: false };
  if (raw === undefined) return off;
  if (!isDict(raw)) {
    problems.push(
      `leavePause.leave must be an object like { "enabled": true }, got ${describe(raw)}; Leave is off.`,
    );
    return off;
  }
  const enabled = raw.enabled ?? false;
  if (typeof enabled !== 'boolean') {
    problems.push(`leavePause.leave.enabled must be true or false, got ${describe(enabled)}; Leave is off.`);
    return off;
  }
  // A notice, not a fault: whatever it held, Leave works without it.
  if (raw.routing !== undefined) problems.push(LEAVE_ROUTING_RETIRED);
  return { enabled };
}

function parseTimeLimit(raw: Dict, problems: string[]): number | undefined {
  // timeLimitMinutes is the name the typed config uses, so accept it too rather than surprise admins.
  const key = raw.timeLimit !== undefined ? 'timeLimit' : 'timeLimitMinutes';
  const value = raw[key];
  if (value === undefined) return DEFAULT_PAUSE_MINUTES;
  let minutes: number | undefined;
  if (typeof value === 'number') {
    minutes = Number.isInteger(value) ? value : undefined;
  } else if (typeof value === 'string') {
    minutes = parseIsoDurationMinutes(value);
  }
  if (minutes === undefined || minutes < MIN_PAUSE_MINUTES || minutes > MAX_PAUSE_MINUTES) {
    problems.push(
      `leavePause.pause.${key} must be a whole number of minutes or an ISO 8601 duration such as "P14D" or ` +
        `"PT90M", between ${MIN_PAUSE_MINUTES} minute and 14 days (${MAX_PAUSE_MINUTES} minutes), got ` +
        `${describe(value)}; Pause is off.`,
    );
    return undefined;
  }
  return minutes;
}

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
function parseReasons(raw: Dict, problems: string[]): Pick<PauseSettings, 'reasons' | 'reasonNote'> {
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

function parsePause(raw: unknown, problems: string[]): LeavePauseConfig['pause'] {
  const off = { enabled: false, timeLimitMinutes: DEFAULT_PAUSE_MINUTES };
  if (raw === undefined) return off;
  if (!isDict(raw)) {
    problems.push(
      `leavePause.pause must be an object like { "enabled": true }, got ${describe(raw)}; Pause is off.`,
    );
    return off;
  }
  const enabled = raw.enabled ?? false;
  if (typeof enabled !== 'boolean') {
    problems.push(`leavePause.pause.enabled must be true or false, got ${describe(enabled)}; Pause is off.`);
    return off;
  }
  const timeLimitMinutes = parseTimeLimit(raw, problems);
  if (timeLimitMinutes === undefined) return off;
  return {
    enabled,
    timeLimitMinutes,
    ...parseReasons(raw, problems),
    ...parseCustomerMessagePolicy(raw, problems),
  };
}

/** Pause events: `pause.onCustomerMessage`; a bad value falls back to `notify`, Pause stays on. */
function parseCustomerMessagePolicy(
  raw: Dict,
  problems: string[],
): Pick<LeavePauseConfig['pause'], 'onCustomerMessage'> {
  const value = raw.onCustomerMessage;
  if (value === undefined || value === 'notify') return {};
  if (value === 'resume') return { onCustomerMessage: 'resume' };
  problems.push(
    `leavePause.pause.onCustomerMessage must be "notify" or "resume", got ${describe(value)}; "notify" is used.`,
  );
  return {};
}

/** Pause events: the policy in force, `notify` unless the admin chose `resume`. */
export function customerMessagePolicyOf(pause: LeavePauseConfig['pause']): CustomerMessagePolicy {
  return pause.onCustomerMessage ?? 'notify';
}

/**
 * Validates the merged hosted + local configuration. `raw` is the hosted object, `override` the local
 * `window.appConfig.leavePause`; either may be missing.
 */
export function parseConfig(raw: unknown, override?: unknown): ParsedConfig {
  const problems: string[] = [];
  let merged: Dict = {};
  for (const [source, value] of [
    [CONFIG_PATH, raw],
    ['window.appConfig.leavePause', override],
  ] as const) {
    if (value === undefined || value === null) continue;
    if (!isDict(value)) {
      problems.push(`${source} must be an object, got ${describe(value)}; it is ignored.`);
      continue;
    }
    merged = deepMerge(merged, value);
  }

  const leave = parseLeave(merged.leave, problems);
  const pause = parsePause(merged.pause, problems);

  let backendUrl = '';
  if (merged.backendUrl !== undefined) {
    const url = checkUrl(merged.backendUrl);
    if (url.ok) {
      backendUrl = url.url.replace(/\/+$/, '');
    } else {
      problems.push(
        `leavePause.backendUrl must be the https:// URL of the Leave & Pause functions (http:// only for ` +
          `127.0.0.1 or localhost), got ${describe(merged.backendUrl)}; Leave and Pause are off.`,
      );
    }
  }
  if (!backendUrl && merged.backendUrl === undefined && (leave.enabled || pause.enabled)) {
    problems.push(
      'leavePause.backendUrl is missing: set it to the URL of the Leave & Pause functions; Leave and Pause are off.',
    );
  }
  // Both features talk to the backend, so without a usable URL neither can work.
  if (!backendUrl) {
    leave.enabled = false;
    pause.enabled = false;
  }

  let supervisorsMayAct = false;
  if (merged.supervisorsMayAct !== undefined) {
    if (typeof merged.supervisorsMayAct === 'boolean') {
      supervisorsMayAct = merged.supervisorsMayAct;
    } else {
      problems.push(
        `leavePause.supervisorsMayAct must be true or false, got ${describe(merged.supervisorsMayAct)}; ` +
          'supervisors may not act.',
      );
    }
  }

  let routingStatus: RoutingStatus = 'closed';
  if (merged.routingStatus !== undefined) {
    if (merged.routingStatus === 'closed' || merged.routingStatus === 'wrapup') {
      routingStatus = merged.routingStatus;
    } else {
      problems.push(
        `leavePause.routingStatus must be "closed" or "wrapup", got ${describe(merged.routingStatus)}; ` +
          '"closed" is used.',
      );
    }
  }

  const returnToQueue = parseReturnToQueue(merged.returnToQueue, problems);

  return {
    config: { leave, pause, routingStatus, backendUrl, supervisorsMayAct, returnToQueue },
    problems,
  };
}

/** Team view (issue 18 part 4): why Return to the queue is hidden, or null when it may be offered. */
export function returnToQueueHiddenBecause(setting: ReturnToQueueSetting): string | null {
  if (setting.enabled && setting.evidence) return null;
  return (
    'Return to the queue is hidden: it rests on Twilio accepting an invite on a paused channel, which Twilio ' +
    `does not document. Run npm run doctor -- --live on a test account; where its line ${RETURN_TO_QUEUE_LINE} ` +
    'holds, turn it on with npm run configure -- --file <settings.json> --live-report <report.json> ' +
    '(settings with "returnToQueue": {"enabled": true}).'
  );
}

function parseReturnToQueue(raw: unknown, problems: string[]): ReturnToQueueSetting {
  const off: ReturnToQueueSetting = { enabled: false, evidence: null };
  if (raw === undefined) return off;
  if (!isDict(raw) || (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')) {
    problems.push(
      `leavePause.returnToQueue must be an object like { "enabled": true }, got ${describe(raw)}; Return to ` +
        'the queue is hidden.',
    );
    return off;
  }
  if (raw.enabled !== true) return off;
  const evidence = raw.evidence;
  const valid =
    isDict(evidence) &&
    evidence.liveCheck === RETURN_TO_QUEUE_LINE &&
    typeof evidence.runId === 'string' &&
    evidence.runId !== '' &&
    typeof evidence.checkedAt === 'string' &&
    Number.isFinite(Date.parse(evidence.checkedAt));
  if (!valid) {
    problems.push(
      'leavePause.returnToQueue.enabled is true without the evidence of a live check: Return to the queue is ' +
        'hidden. Turn it on with npm run configure -- --file <settings.json> --live-report <report.json>, from ' +
        `a live check where ${RETURN_TO_QUEUE_LINE} holds.`,
    );
    return off;
  }
  return {
    enabled: true,
    evidence: {
      liveCheck: RETURN_TO_QUEUE_LINE,
      runId: String(evidence.runId),
      checkedAt: String(evidence.checkedAt),
    },
  };
}

/** Picks the hosted plugin configuration out of Flex's service configuration without trusting its shape. */
export function readHostedConfig(serviceConfiguration: unknown): unknown {
  if (!isDict(serviceConfiguration)) return undefined;
  const ui = serviceConfiguration.ui_attributes;
  const custom = isDict(ui) ? ui.custom_data : undefined;
  return isDict(custom) ? custom.leavePause : undefined;
}

export interface NativeFeatures {
  leave: boolean;
  pause: boolean;
  /** Where each flag was found, for the admin-facing report. */
  sources: string[];
}

const TRUTHY = new Set([true, 'true', 'enabled', 'on', 1]);

function isOn(value: unknown): boolean {
  if (isDict(value)) return isOn(value.enabled ?? value.enable ?? value.on);
  return TRUTHY.has(value as never);
}

/** "conversations_leave_enabled", "LeaveConversation", "pause-channel" → which feature it names, if any. */
function featureNamed(name: string): 'leave' | 'pause' | undefined {
  const normalized = name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z]+/g, '_');
  const parts = normalized.split('_').filter((part) => part !== '');
  const noise = new Set([
    'conversation',
    'conversations',
    'channel',
    'channels',
    'enabled',
    'enable',
    'agent',
    'flex',
  ]);
  const meaningful = parts.filter((part) => !noise.has(part));
  // Anything more specific (e.g. Flex's own "LeavePauseResumeForEmailOnly") is not a plain on-switch.
  if (meaningful.length !== 1) return undefined;
  if (meaningful[0] === 'leave') return 'leave';
  if (meaningful[0] === 'pause') return 'pause';
  return undefined;
}

/**
 * Finds out whether Flex's own Leave / Pause are switched on, so the plugin can step aside and agents never
 * see two Pause buttons. Flex 2.x reads `agent_conv_end_methods.enabled` (["Leave", "Pause"]); the other
 * shapes are looked at too because the flag has moved between releases and is easy to set by hand.
 */
export function detectNativeFeatures(serviceConfiguration: unknown): NativeFeatures {
  const found: NativeFeatures = { leave: false, pause: false, sources: [] };
  if (!isDict(serviceConfiguration)) return found;
  const mark = (feature: 'leave' | 'pause' | undefined, source: string) => {
    if (!feature) return;
    found[feature] = true;
    found.sources.push(source);
  };

  const endMethods = serviceConfiguration.agent_conv_end_methods;
  const enabledMethods = isDict(endMethods) ? endMethods.enabled : undefined;
  if (Array.isArray(enabledMethods)) {
    for (const method of enabledMethods) {
      if (typeof method === 'string') mark(featureNamed(method), `agent_conv_end_methods.enabled: ${method}`);
    }
  }

  const ui = isDict(serviceConfiguration.ui_attributes) ? serviceConfiguration.ui_attributes : {};
  for (const [path, holder] of [
    ['ui_attributes.conversations', ui.conversations],
    ['ui_attributes', ui],
  ] as const) {
    if (!isDict(holder)) continue;
    for (const key of ['leave_enabled', 'leaveEnabled', 'enable_leave']) {
      if (isOn(holder[key])) mark('leave', `${path}.${key}`);
    }
    for (const key of ['pause_enabled', 'pauseEnabled', 'enable_pause']) {
      if (isOn(holder[key])) mark('pause', `${path}.${key}`);
    }
  }

  for (const [path, flags] of [
    ['feature_flags', serviceConfiguration.feature_flags],
    ['ui_attributes.feature_flags', ui.feature_flags],
  ] as const) {
    if (Array.isArray(flags)) {
      for (const flag of flags) {
        if (typeof flag === 'string') mark(featureNamed(flag), `${path}: ${flag}`);
      }
    } else if (isDict(flags)) {
      for (const [name, value] of Object.entries(flags)) {
        if (isOn(value)) mark(featureNamed(name), `${path}.${name}`);
      }
    }
  }
  return found;
}

export interface ResolvedConfig extends ParsedConfig {
  native: NativeFeatures;
  /** Features the plugin switched off because Flex's own copy is on. */
  yieldedToNative: Array<'leave' | 'pause'>;
}

/** Everything the plugin needs at start-up: parsed config, minus whatever Flex already does natively. */
export function resolveConfig(serviceConfiguration: unknown, localOverride?: unknown): ResolvedConfig {
  const parsed = parseConfig(readHostedConfig(serviceConfiguration), localOverride);
  const native = detectNativeFeatures(serviceConfiguration);
  const config: LeavePauseConfig = {
    ...parsed.config,
    leave: { ...parsed.config.leave },
    pause: { ...parsed.config.pause },
  };
  const yieldedToNative: Array<'leave' | 'pause'> = [];
  for (const feature of ['leave', 'pause'] as const) {
    if (native[feature] && config[feature].enabled) {
      config[feature].enabled = false;
      yieldedToNative.push(feature);
    }
  }
  return { config, problems: parsed.problems, native, yieldedToNative };
}
