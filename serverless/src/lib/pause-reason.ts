/**
 * Pause reasons (issue 18): the reason an agent picked, checked against the admin's list, and its copy in the
 * task's attributes for Flex Insights.
 */
import { REASON_NOTE_MAX_LENGTH, type PauseSettings } from '../../../src/config';
import type { PausedReason } from '../../../src/backend/client';
import { ActionError } from './errors';
import type { FunctionEvent } from './runtime';
import { fetchTask, type TaskSnapshot } from './task-read';
import type { TwilioClient } from './twilio-client';

/** The body fields Pause takes besides the SIDs: both optional. */
export const REASON_FIELDS = ['Reason', 'ReasonNote'] as const;

/**
 * Where Flex Insights finds the reason: a conversation label inside the task's `conversations` object (Twilio's
 * "Add Additional TaskRouter Data"; labels do not count against Insights' limit of unique values, and a code
 * list is exactly what a label is for). Only the code goes there: a free-text note would be a new unique value
 * per pause, and may hold what an agent would not want in a report.
 */
export const INSIGHTS_REASON_KEY = 'conversation_label_10';

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * The reason the body names, checked against the admin's list; undefined when none was sent. A Pause without a
 * reason is accepted even when reasons are configured: the plugin always asks for one, and an agent whose Flex
 * was loaded before the admin added reasons still needs Pause to work (it asks once Flex is reloaded).
 */
export function reasonOf(event: FunctionEvent, pause: PauseSettings): PausedReason | undefined {
  const { Reason: code, ReasonNote: note } = event;
  if (!present(code)) {
    if (present(note)) {
      throw new ActionError(
        400,
        'missing_field',
        'Reason is required with a ReasonNote: send the reason code too',
        'Reason',
      );
    }
    return undefined;
  }
  if (typeof code !== 'string') {
    throw new ActionError(
      400,
      'invalid_field',
      "Reason must be a string: one of the admin's reason codes",
      'Reason',
    );
  }
  const reasons = pause.reasons ?? [];
  const reason = reasons.find((candidate) => candidate.code === code);
  if (!reason) {
    const known = reasons.map((candidate) => candidate.code).join(', ');
    throw new ActionError(
      400,
      'invalid_field',
      // The code is not echoed (it is the caller's text): the list says what is accepted.
      known
        ? `Reason is not one of the admin's pause reasons (${known}): reload Flex to see the current list`
        : 'Reason is not accepted: the admin has configured no pause reasons (reload Flex to see the current settings)',
      'Reason',
    );
  }
  const picked: PausedReason = { code: reason.code, label: { ...reason.label } };
  if (!present(note)) return picked;
  if (typeof note !== 'string') {
    throw new ActionError(400, 'invalid_field', 'ReasonNote must be a string', 'ReasonNote');
  }
  if (!pause.reasonNote) {
    throw new ActionError(
      400,
      'invalid_field',
      'ReasonNote is not accepted: the admin has not turned on notes (leavePause.pause.reasonNote)',
      'ReasonNote',
    );
  }
  // Line breaks and other control characters would only break the one-line places a note is shown.
  const text = Array.from(note, (character) => {
    const code = character.charCodeAt(0);
    return code < 32 || code === 127 ? ' ' : character;
  })
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (text.length > REASON_NOTE_MAX_LENGTH) {
    throw new ActionError(
      400,
      'invalid_field',
      `ReasonNote is too long (over ${REASON_NOTE_MAX_LENGTH} characters)`,
      'ReasonNote',
    );
  }
  return text === '' ? picked : { ...picked, note: text };
}

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface TaskRead {
  attributes: Dict;
  /** TaskRouter's ETag for the task: the update is refused (412) if anyone changed the task in between. */
  etag?: string;
}

/** The task as TaskRouter has it now: its attributes and its revision. */
export async function readTaskAttributes(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
): Promise<TaskRead> {
  return taskReadOf(await fetchTask(client, workspaceSid, taskSid));
}

/** The attributes and revision in a task read; throws when TaskRouter refused it or they are not ours to merge. */
export function taskReadOf(task: TaskSnapshot): TaskRead {
  if (task.status >= 400) {
    throw new ActionError(502, 'twilio_error', `reading the task's attributes answered HTTP ${task.status}`);
  }
  const body = task.body;
  let attributes: unknown = {};
  try {
    attributes = typeof body.attributes === 'string' ? JSON.parse(body.attributes) : {};
  } catch {
    // Attributes that are not JSON are not ours to rewrite: nothing is written (below).
    attributes = undefined;
  }
  if (!isDict(attributes)) {
    throw new ActionError(
      502,
      'twilio_error',
      "the task's attributes are not a JSON object: left as they are",
    );
  }
  return { attributes, etag: task.etag };
}

/** What the write did, for the answer and the log: the reason reached the task, or why not. */
export type InsightsOutcome = 'written' | 'unchanged' | 'slot-taken';

/**
 * Adds the reason code to the task's `conversations` object, keeping every other key there and elsewhere
 * (Flex's own `conversations.*`, other plugins'). Written with the task's ETag: if someone changed the task in
 * between, it is read again and merged again, once. A value already in our slot that is not one of the admin's
 * reason codes belongs to someone else and is never replaced.
 */
export async function writeReasonForInsights(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
  code: string,
  knownCodes: readonly string[],
  firstRead?: TaskRead,
): Promise<InsightsOutcome> {
  let read = firstRead ?? (await readTaskAttributes(client, workspaceSid, taskSid));
  for (let attempt = 1; ; attempt++) {
    const conversations = isDict(read.attributes.conversations) ? read.attributes.conversations : {};
    const current = conversations[INSIGHTS_REASON_KEY];
    if (current === code) return 'unchanged';
    if (
      current !== undefined &&
      current !== null &&
      !(typeof current === 'string' && knownCodes.includes(current))
    ) {
      return 'slot-taken';
    }
    const attributes = {
      ...read.attributes,
      conversations: { ...conversations, [INSIGHTS_REASON_KEY]: code },
    };
    try {
      await client.taskrouter.v1
        .workspaces(workspaceSid)
        .tasks(taskSid)
        .update({ attributes: JSON.stringify(attributes), ...(read.etag ? { ifMatch: read.etag } : {}) });
      return 'written';
    } catch (error) {
      const status =
        error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
      if (status !== 412 || attempt >= 2) throw error;
      read = await readTaskAttributes(client, workspaceSid, taskSid);
    }
  }
}
