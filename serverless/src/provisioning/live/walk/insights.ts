import { INSIGHTS_REASON_KEY } from '../../../lib/pause-reason';
import { call, describe, ok, type Exchange } from '../exchange';
import { lineOf, messageOf } from '../lines';
import { TASKROUTER } from '../twilio-uris';
import type { Walk } from './walk';

/** The reason code the walk's Pause merges into the task (`task-attributes-insights`): the check's own. */
export const LIVE_CHECK_REASON = 'leave-pause-live-check';

/**
 * `task-attributes-insights`: the reason was merged (writeReasonForInsights, the Pause Function's own call)
 * before the channel move; read once the task has closed, it must still carry the label beside every key
 * it had. Flex Insights takes the attributes as they are when the task ends: what Insights then stores is not
 * readable through an API, so that last step is not shown.
 */
export async function insightsLine(
  walk: Walk,
  taskSid: string,
  written: unknown,
  post: Exchange | undefined,
): Promise<void> {
  const id = 'task-attributes-insights';
  if (typeof written !== 'string') {
    walk.emit(lineOf(id, 'fails', `the merge was refused: ${messageOf(written)}`, [post]));
    return;
  }
  const task = await call(walk.client, 'get', `${TASKROUTER}/${walk.ws}/Tasks/${taskSid}`);
  if (!ok(task)) {
    walk.emit(lineOf(id, 'could not tell', `the closed task could not be read: ${describe(task)}`, [task]));
    return;
  }
  let attributes: Record<string, unknown> = {};
  try {
    attributes = JSON.parse(String(task.body.attributes ?? '{}')) as Record<string, unknown>;
  } catch {
    attributes = {};
  }
  const conversations = (attributes.conversations ?? {}) as Record<string, unknown>;
  const label = conversations[INSIGHTS_REASON_KEY];
  const status = String(task.body.assignment_status);
  const kept = attributes.leave_pause_live_check === walk.runId;
  const fields = {
    merge: written,
    assignment_status: status,
    [`conversations.${INSIGHTS_REASON_KEY}`]: label ?? null,
    other_keys_kept: kept,
  };
  const seen = `merged (${written}, ${post ? describe(post) : 'no write'}) before the move; the ${status} task reads ${INSIGHTS_REASON_KEY}=${String(label ?? 'absent')}`;
  const closed = ['completed', 'wrapping', 'canceled'].includes(status);
  if (label === LIVE_CHECK_REASON && kept && closed)
    walk.emit(lineOf(id, 'holds', `${seen}, other keys kept`, [post, task], fields));
  else if (!closed)
    walk.emit(lineOf(id, 'could not tell', `${seen}: the task has not closed`, [post, task], fields));
  else walk.emit(lineOf(id, 'fails', `${seen}${kept ? '' : ', other keys lost'}`, [post, task], fields));
}
