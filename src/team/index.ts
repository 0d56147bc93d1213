/**
 * The supervisor's team view (issue 18 part 4): the rows of /team-paused turned into what the table shows,
 * filtered, sorted and cut into pages. Pure functions, so 1,000 rows cost one pass each and nothing renders
 * beyond the page on screen.
 */
import type { TeamPausedRow } from '../backend/client';

export type TeamSortKey =
  'agent' | 'customer' | 'channel' | 'queue' | 'reason' | 'pausedAt' | 'deadline' | 'unread';

export type SortDirection = 'ascending' | 'descending';

export interface TeamSort {
  key: TeamSortKey;
  direction: SortDirection;
}

export interface TeamViewRow {
  taskSid: string;
  workerSid: string;
  agent: string;
  customer: string;
  channel: string;
  /** The queue's SID where the record has it, else its name; '' when unknown. */
  queueKey: string;
  queue: string;
  reason: string;
  /** Epoch ms, NaN when not recorded. */
  pausedAt: number;
  deadline: number;
  deadlineEstimated: boolean;
  unread: number;
}

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The unread customer messages (issue 18 part 1 adds them to the record): read defensively, since the record
 * may predate that part or carry another shape (`unread: 3` or `unread: {count: 3}`).
 */
export function unreadOf(record: Dict): number {
  const unread = record.unread;
  const count = isDict(unread) ? unread.count : unread;
  return typeof count === 'number' && Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
}

/**
 * The pause reason (issue 18 part 3), read defensively: a string, or `{code, label?: {en, es} | string,
 * note?}`; the label in the supervisor's language where there is one, else the code; a note follows.
 */
export function reasonOf(record: Dict, language: string): string {
  const reason = record.reason;
  if (typeof reason === 'string') return reason;
  if (!isDict(reason)) return '';
  const label = reason.label;
  const labelText = isDict(label)
    ? (label[language] ?? label.en)
    : typeof label === 'string'
      ? label
      : undefined;
  const head =
    typeof labelText === 'string' && labelText
      ? labelText
      : typeof reason.code === 'string'
        ? reason.code
        : '';
  const note = typeof reason.note === 'string' ? reason.note.trim() : '';
  return note ? (head ? `${head}: ${note}` : note) : head;
}

export function toTeamViewRow(record: TeamPausedRow, language: string, unknownCustomer: string): TeamViewRow {
  const pausedAt = Date.parse(record.pausedAt);
  return {
    taskSid: record.taskSid,
    workerSid: record.pausedBy,
    agent: record.agentName || record.pausedBy,
    customer: record.customer || unknownCustomer,
    channel: record.taskChannel,
    queueKey: record.queueSid ?? record.queueName ?? '',
    queue: record.queueName ?? '',
    reason: reasonOf(record, language),
    pausedAt: Number.isFinite(pausedAt) ? pausedAt : NaN,
    deadline: Date.parse(record.reassignAt),
    deadlineEstimated: record.deadlineSource === 'configured-limit',
    unread: unreadOf(record),
  };
}

export interface TeamFilter {
  /** A worker SID, or '' for every agent. */
  agent: string;
  /** A queue key, or '' for every queue. */
  queue: string;
}

export function filterRows(rows: readonly TeamViewRow[], filter: TeamFilter): TeamViewRow[] {
  if (!filter.agent && !filter.queue) return [...rows];
  return rows.filter(
    (row) =>
      (!filter.agent || row.workerSid === filter.agent) && (!filter.queue || row.queueKey === filter.queue),
  );
}

/** One collator per language, shared by every sort and the filters' options (building one is the slow part). */
const collators = new Map<string, Intl.Collator>();

function collatorFor(locale?: string): Intl.Collator {
  const key = locale ?? '';
  let collator = collators.get(key);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(key, collator);
  }
  return collator;
}

const TEXT_KEYS = new Set<TeamSortKey>(['agent', 'customer', 'channel', 'queue', 'reason']);

/** A stable sort; empty values and unknown times go last in either direction. Ties keep the soonest deadline first. */
export function sortRows(rows: readonly TeamViewRow[], sort: TeamSort, locale?: string): TeamViewRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const collator = collatorFor(locale);
  const key = sort.key;
  const compare = (a: TeamViewRow, b: TeamViewRow): number => {
    if (TEXT_KEYS.has(key)) {
      const x = a[key as 'agent'];
      const y = b[key as 'agent'];
      if (!x || !y) return x === y ? 0 : x ? -1 : 1;
      return sign * collator.compare(x, y);
    }
    const x = a[key as 'pausedAt'];
    const y = b[key as 'pausedAt'];
    const xKnown = Number.isFinite(x);
    const yKnown = Number.isFinite(y);
    if (!xKnown || !yKnown) return xKnown === yKnown ? 0 : xKnown ? -1 : 1;
    return sign * (x - y);
  };
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => compare(a.row, b.row) || a.row.deadline - b.row.deadline || a.index - b.index)
    .map(({ row }) => row);
}

export interface Page<T> {
  rows: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
}

export function pageOf<T>(rows: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  return { rows: rows.slice((current - 1) * size, current * size), page: current, pages };
}

/** The distinct agents and queues, by name, for the filters. */
export function optionsOf(rows: readonly TeamViewRow[], locale?: string) {
  const agents = new Map<string, string>();
  const queues = new Map<string, string>();
  for (const row of rows) {
    agents.set(row.workerSid, row.agent);
    if (row.queueKey) queues.set(row.queueKey, row.queue || row.queueKey);
  }
  const collator = collatorFor(locale);
  const sorted = (map: Map<string, string>) =>
    [...map].map(([value, label]) => ({ value, label })).sort((a, b) => collator.compare(a.label, b.label));
  return { agents: sorted(agents), queues: sorted(queues) };
}

/** Flex's own worker roles that may open the team view (display only: the Functions check the token's roles). */
export const TEAM_VIEW_ROLES: readonly string[] = ['supervisor', 'admin'];

export function mayOpenTeamView(roles: readonly string[] | undefined): boolean {
  return (roles ?? []).some((role) => TEAM_VIEW_ROLES.includes(role));
}
