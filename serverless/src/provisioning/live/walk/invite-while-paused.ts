import { fetchChannel } from '../../../lib/channel';
import { inviteToWorkflow, type InviteAnswer } from '../../../lib/team';
import { call, listAll } from '../exchange';
import { lineOf, messageOf } from '../lines';
import { channelUri, TASKROUTER } from '../twilio-uris';
import type { Walk } from './walk';

/**
 * Team view (issue 18 part 4): a third conversation, paused, then an invite through the original workflow
 * with the very call Return to the queue makes (inviteToWorkflow). It holds when Twilio accepts it, the
 * channel no longer reads pause and a new task for the conversation exists; a refusal fails the line, and
 * the team view keeps the action hidden (an optional line: it does not fail the check).
 */
export async function inviteWhilePaused(walk: Walk): Promise<void> {
  const id = 'invite-while-paused';
  const c = await walk.openConversation('c');
  const reserved = await walk.nextReservation();
  if (!reserved) {
    walk.emit(lineOf(id, 'could not tell', 'no reservation for the third conversation in time'));
    return;
  }
  await walk.join(c.ref, reserved);
  const paused = await walk.move(c.ref, 'pause', walk.settings.routingStatus);
  if (paused.read?.status !== 'pause') {
    walk.emit(lineOf(id, 'could not tell', 'the third conversation did not pause'));
    return;
  }
  const tasksUri = `${TASKROUTER}/${walk.ws}/Tasks?WorkflowSid=${walk.workflowSid}&PageSize=100`;
  for (const task of await listAll(walk.client, tasksUri, 'tasks')) walk.known.add(String(task.sid));
  walk.checkAbort();
  const mark = walk.log.length;
  let answer: InviteAnswer;
  try {
    answer = await inviteToWorkflow(walk.engine, c.ref, {
      workspace_sid: walk.ws,
      workflow_sid: walk.workflowSid,
      task_channel_unique_name: 'chat',
      attributes: {
        conversationSid: c.conversationSid,
        from: c.customer,
        leave_pause_live_check: walk.runId,
      },
    });
  } catch (error) {
    walk.emit(lineOf(id, 'could not tell', `no answer: ${messageOf(error)}`));
    return;
  }
  const post = walk.log.slice(mark).find((x) => x.method === 'POST');
  const seen = `POST …/Channels/UO…/Invites on a paused channel: HTTP ${answer.status}${answer.errorCode !== null ? `, error ${answer.errorCode}` : ''}`;
  if (answer.status >= 500) {
    walk.emit(lineOf(id, 'could not tell', seen, [post]));
    return;
  }
  const accepted = answer.status < 400 && answer.errorCode === null;
  const task = accepted
    ? await walk.waitFor(async () =>
        (await listAll(walk.client, tasksUri, 'tasks')).find((t) => {
          if (walk.known.has(String(t.sid))) return false;
          const attributes = JSON.parse(String(t.attributes ?? '{}')) as Record<string, unknown>;
          return (
            attributes.conversationSid === c.conversationSid ||
            attributes.flexInteractionChannelSid === c.ref.channelSid
          );
        }),
      )
    : null;
  const read = await fetchChannel(walk.engine, c.ref).catch(() => null);
  // The third conversation is done with: closing its channel (the public spec's Status=closed) ends the task
  // the invite routed, so the test worker has room for the next step.
  await call(walk.client, 'post', channelUri(c.ref), { Status: 'closed' }).catch(() => undefined);
  const fields = {
    http_status: answer.status,
    error_code: answer.errorCode,
    channel_status: read?.status ?? null,
    task_sid: task?.sid ?? null,
    task_status: task?.assignment_status ?? null,
  };
  const after = `; the channel reads ${read?.status ?? 'unreadable'}`;
  if (!accepted)
    walk.emit(
      lineOf(id, 'fails', `${seen}: refused${after} (Return to the queue stays hidden)`, [post], fields),
    );
  else if (task && read && read.status !== 'pause')
    walk.emit(
      lineOf(
        id,
        'holds',
        `${seen}${after}, new task ${String(task.sid)} (${String(task.assignment_status)})`,
        [post],
        fields,
      ),
    );
  else if (read?.status === 'pause')
    walk.emit(
      lineOf(
        id,
        'fails',
        `${seen}: accepted but the channel still reads pause${task ? ` beside new task ${String(task.sid)}` : ''} (a second live task: Return to the queue stays hidden)`,
        [post],
        fields,
      ),
    );
  else
    walk.emit(
      lineOf(
        id,
        'could not tell',
        // Reached with a task only when the channel could not be read: the task is named all the same.
        `${seen}${after}, ${task ? `new task ${String(task.sid)} (${String(task.assignment_status)})` : 'no new task for the conversation in time'}`,
        [post],
        fields,
      ),
    );
}
