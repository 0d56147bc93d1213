/** The steps around Leave: a change Twilio must refuse, a Leave with wrapup, a customer reply after Leave. */
import { fetchChannel, type ChannelState } from '../../../lib/channel';
import type { Line } from '../behaviours';
import { call, describe, listAll, ok, type Exchange } from '../exchange';
import { answerFields, failedIn2xx, lineOf, messageOf } from '../lines';
import { channelUri, CONVERSATIONS, TASKROUTER } from '../twilio-uris';
import type { Opened, Walk } from './walk';

/**
 * `refused-change-reported`: how Twilio answered a change it must refuse (pause on an inactive channel). A 4xx
 * and a 2xx whose body says `failed` or carries an `error_code` both report the refusal (the engine must read
 * both as failures); a 2xx without either does not.
 */
export function refusalLine(answer: Exchange, read: ChannelState | null): Line {
  const fields = { ...answerFields(answer), read: read?.status };
  const seen = `pause on an inactive channel: ${describe(answer)}; reads ${read?.status ?? 'unreadable'}`;
  const id = 'refused-change-reported';
  if (answer.status >= 400 && answer.status < 500)
    return lineOf(id, 'holds', `${seen} (refused with a 4xx)`, [answer], fields);
  if (failedIn2xx(answer))
    return lineOf(
      id,
      'holds',
      `${seen} (a 2xx saying failed: the engine must read it as a failure)`,
      [answer],
      fields,
    );
  if (ok(answer)) return lineOf(id, 'fails', `${seen} (a 2xx with no failure mark)`, [answer], fields);
  return lineOf(id, 'could not tell', seen, [answer], fields);
}

/** A change Twilio's state machine must refuse (pause from inactive): how does the answer say so? */
export async function refusedChange(walk: Walk, a: Opened): Promise<void> {
  walk.checkAbort();
  const answer = await call(walk.client, 'post', channelUri(a.ref), {
    Status: 'pause',
    Routing: JSON.stringify({ status: 'closed' }),
  });
  const read = await fetchChannel(walk.engine, a.ref).catch(() => null);
  walk.emit(refusalLine(answer, read));
}

/** A second conversation, left with Routing wrapup: the answer is reported either way. */
export async function wrapupLeave(walk: Walk): Promise<void> {
  const b = await walk.openConversation('b');
  const reserved = await walk.nextReservation();
  if (!reserved) {
    walk.emit(
      lineOf('leave-inactive-wrapup', 'could not tell', 'no reservation for the second conversation in time'),
    );
    return;
  }
  await walk.join(b.ref, reserved);
  const left = await walk.move(b.ref, 'inactive', 'wrapup');
  const task = await walk.taskStatus(reserved.taskSid);
  const { post, read } = left;
  const fields = post ? { ...answerFields(post), read: read?.status, task } : {};
  if (!post)
    walk.emit(lineOf('leave-inactive-wrapup', 'could not tell', `no answer: ${messageOf(left.error)}`));
  else if (ok(post) && !failedIn2xx(post) && read?.status === 'inactive')
    walk.emit(
      lineOf(
        'leave-inactive-wrapup',
        'holds',
        `accepted: ${describe(post)}, reads inactive, the task is ${task}`,
        [post],
        fields,
      ),
    );
  else if ((post.status >= 400 && post.status < 500) || failedIn2xx(post))
    walk.emit(
      lineOf(
        'leave-inactive-wrapup',
        'holds',
        `refused: ${describe(post)}, reads ${read?.status ?? 'unreadable'}`,
        [post],
        fields,
      ),
    );
  else
    walk.emit(
      lineOf(
        'leave-inactive-wrapup',
        'could not tell',
        `${describe(post)}, reads ${read?.status ?? 'unreadable'}`,
        [post],
        fields,
      ),
    );
}

/** The test customer replies through the Conversations API: a new task for the same conversation? */
export async function replyAfterLeave(walk: Walk, a: Opened, wasLeft: boolean): Promise<void> {
  if (!wasLeft) {
    walk.emit(lineOf('reply-after-leave-new-task', 'could not tell', 'the conversation was not left'));
    return;
  }
  const tasksUri = `${TASKROUTER}/${walk.ws}/Tasks?WorkflowSid=${walk.workflowSid}&PageSize=100`;
  for (const task of await listAll(walk.client, tasksUri, 'tasks')) walk.known.add(String(task.sid));
  walk.checkAbort();
  // Conversations fires no webhook for a REST-created message unless asked to: Flex must see this one as the
  // customer's, as it sees a message from their device.
  const sent = await call(
    walk.client,
    'post',
    `${CONVERSATIONS}/${a.conversationSid}/Messages`,
    { Author: a.customer, Body: 'A reply after Leave (leave-pause live check)' },
    { 'X-Twilio-Webhook-Enabled': 'true' },
  );
  if (!ok(sent)) {
    walk.emit(
      lineOf('reply-after-leave-new-task', 'could not tell', `the reply was not sent: ${describe(sent)}`, [
        sent,
      ]),
    );
    return;
  }
  const task = await walk.waitFor(async () =>
    (await listAll(walk.client, tasksUri, 'tasks')).find((t) => {
      if (walk.known.has(String(t.sid))) return false;
      const attributes = JSON.parse(String(t.attributes ?? '{}')) as Record<string, unknown>;
      return (
        attributes.conversationSid === a.conversationSid ||
        attributes.flexInteractionChannelSid === a.ref.channelSid
      );
    }),
  );
  const read = await fetchChannel(walk.engine, a.ref).catch(() => null);
  walk.emit(
    task
      ? lineOf(
          'reply-after-leave-new-task',
          'holds',
          `new task ${String(task.sid)} (${String(task.assignment_status)}) for conversation ${a.conversationSid}; the channel reads ${read?.status ?? 'unreadable'}`,
          [sent],
          { task_sid: task.sid, channel_status: read?.status },
        )
      : lineOf('reply-after-leave-new-task', 'could not tell', 'no new task for the conversation in time', [
          sent,
        ]),
  );
}
