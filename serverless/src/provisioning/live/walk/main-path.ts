import { deadlineOf } from '../../../actions/pause';
import { fetchParticipants, readOwnership, requireOwnTask } from '../../../lib/channel';
import { writeReasonForInsights } from '../../../lib/pause-reason';
import { lineOf, messageOf, StepFailed } from '../lines';
import { inviteWhilePaused } from './invite-while-paused';
import { insightsLine, LIVE_CHECK_REASON } from './insights';
import { liveFeedAcl } from './live-feed-acl';
import { refusedChange, replyAfterLeave, wrapupLeave } from './after-leave';
import { pauseEventsWebhook } from './pause-events-webhook';
import type { Walk } from './walk';

/**
 * The walk's path through one conversation: join, Pause (with a reason), Resume, Leave, each through the
 * engine's own code; then the side walks (a refused change, an invite while paused, a wrapup Leave, a reply
 * after Leave, the live feed's ACL).
 */
export async function walkMainPath(walk: Walk): Promise<void> {
  await walk.createRouting();
  const a = await walk.openConversation('a');
  const first = await walk.nextReservation();
  if (!first) throw new StepFailed('no reservation reached the test worker in time (the first task)');
  const method = await walk.join(a.ref, first);
  const participants = await walk.waitFor(async () => {
    const list = await fetchParticipants(walk.engine, a.ref);
    return walk.agentOf(list) ? list : null;
  });
  const listed = walk.log.filter((x) => x.path.endsWith('/Participants') && x.method === 'GET').at(-1);
  if (!participants) {
    walk.emit(
      lineOf('agent-joined', 'fails', `accepted through ${method}, but no agent participant appeared`, [
        listed,
      ]),
    );
    throw new StepFailed('the test worker is not in the conversation');
  }
  walk.emit(lineOf('agent-joined', 'holds', `joined through ${method}`, [listed], { method }));
  const agent = walk.agentOf(participants);
  const routing = agent?.routing_properties ?? {};
  const expected = {
    task_sid: first.taskSid,
    worker_sid: walk.workerSid,
    reservation_sid: first.reservationSid,
  };
  const wrong = Object.entries(expected).filter(([key, value]) => routing[key] !== value);
  walk.emit(
    lineOf(
      'routing-properties',
      wrong.length === 0 ? 'holds' : 'fails',
      wrong.length === 0
        ? 'task_sid, worker_sid and reservation_sid name the test worker’s task and reservation'
        : `differs: ${wrong.map(([key]) => `${key}=${String(routing[key] ?? 'absent')}`).join(', ')}`,
      [listed],
      { routing_properties: routing },
    ),
  );
  const raw = (agent ?? {}) as Record<string, unknown>;
  walk.emit(
    'status' in raw
      ? lineOf('participant-status', 'holds', `agent participant status=${String(raw.status)}`, [listed], {
          status: raw.status,
        })
      : lineOf('participant-status', 'fails', 'the agent participant has no status field', [listed], {
          keys: Object.keys(raw),
        }),
  );
  // The Functions' own ownership check: the same records read side by side, the same decision.
  const mark = walk.log.length;
  try {
    const records = await readOwnership(walk.engine, Promise.resolve(walk.ws), a.ref, first.taskSid);
    const owned = requireOwnTask(records, first.taskSid, walk.identity, false);
    walk.emit(
      lineOf(
        'engine-ownership',
        owned.workerSid === walk.workerSid && owned.conversationSid === a.conversationSid ? 'holds' : 'fails',
        `readOwnership + requireOwnTask: worker ${owned.workerSid}, conversation ${owned.conversationSid ?? 'none'}`,
        walk.log.slice(mark),
        { ...owned },
      ),
    );
  } catch (error) {
    walk.emit(lineOf('engine-ownership', 'fails', `refused: ${messageOf(error)}`, walk.log.slice(mark)));
  }

  // Pause with a reason, as the Pause Function does: the reason merged into the task before the channel move.
  const reasonMark = walk.log.length;
  const reasonWrite = await writeReasonForInsights(walk.engine, walk.ws, first.taskSid, LIVE_CHECK_REASON, [
    LIVE_CHECK_REASON,
  ]).catch((error: unknown) => error);
  const reasonPost = walk.log.slice(reasonMark).find((x) => x.method === 'POST');

  // Pause, exactly as the Pause Function moves the channel, with the admin's routing status.
  const paused = await walk.move(a.ref, 'pause', walk.settings.routingStatus);
  walk.emit(walk.changeLine('pause-accepted', 'pause', paused));
  let currentTask: string | null = first.taskSid;
  if (paused.read?.status === 'pause') {
    const taskStatus = await walk.taskStatus(first.taskSid);
    const expectedTask = walk.settings.routingStatus === 'wrapup' ? ['wrapping', 'completed'] : ['completed'];
    walk.emit(
      lineOf(
        'pause-ends-task',
        expectedTask.includes(taskStatus) ? 'holds' : 'fails',
        `routing ${walk.settings.routingStatus}: the task is ${taskStatus}`,
        [],
        { assignment_status: taskStatus },
      ),
    );
    await insightsLine(walk, first.taskSid, reasonWrite, reasonPost);
    await pauseEventsWebhook(walk, a);
    const limit = walk.settings.pause.timeLimitMinutes;
    const fromAnswer = paused.state ? deadlineOf(paused.state, limit) : null;
    const fromRead = paused.read ? deadlineOf(paused.read, limit) : null;
    if (fromAnswer?.deadlineSource === 'twilio')
      walk.emit(
        lineOf('status-timeout', 'holds', `in the answer: ${fromAnswer.reassignAt}`, [paused.post], {
          status_timeout: fromAnswer.reassignAt,
          date_updated: paused.state?.dateUpdated ?? null,
        }),
      );
    else if (fromRead?.deadlineSource === 'twilio')
      walk.emit(
        lineOf('status-timeout', 'holds', `on a read (not in the answer): ${fromRead.reassignAt}`, [], {
          status_timeout: fromRead.reassignAt,
          date_updated: paused.read?.dateUpdated ?? null,
        }),
      );
    else
      walk.emit(
        lineOf(
          'status-timeout',
          'fails',
          'neither the answer nor a read has status_timeout: the engine shows the configured limit, marked as an estimate',
          [paused.post],
        ),
      );
    const whilePaused = await fetchParticipants(walk.engine, a.ref).catch(() => null);
    const listedPaused = walk.log.filter((x) => x.path.endsWith('/Participants')).at(-1);
    walk.emit(
      whilePaused === null
        ? lineOf('agent-listed-while-paused', 'could not tell', 'the participants could not be read', [
            listedPaused,
          ])
        : walk.agentOf(whilePaused)
          ? lineOf('agent-listed-while-paused', 'holds', 'the test worker is still listed', [listedPaused])
          : lineOf('agent-listed-while-paused', 'fails', 'the test worker is no longer listed', [
              listedPaused,
            ]),
    );

    // Resume, as the Resume Function does.
    const resumed = await walk.move(a.ref, 'active');
    walk.emit(walk.changeLine('active-accepted', 'active', resumed));
    const again = resumed.read?.status === 'active' ? await walk.nextReservation() : null;
    if (again) {
      walk.emit(
        lineOf(
          'resume-task-same-worker',
          'holds',
          `new task ${again.taskSid} reserved for the test worker, reservation ${again.status}`,
          [],
          { task_sid: again.taskSid, reservation_status: again.status },
        ),
      );
      await walk.join(a.ref, again);
      currentTask = again.taskSid;
    } else {
      walk.emit(
        lineOf('resume-task-same-worker', 'could not tell', 'no new reservation for the test worker in time'),
      );
      currentTask = null;
    }
  } else {
    const why = 'the channel did not pause';
    for (const id of [
      'pause-ends-task',
      'status-timeout',
      'agent-listed-while-paused',
      'active-accepted',
      'resume-task-same-worker',
      'task-attributes-insights',
      'pause-events-webhook',
    ] as const)
      walk.emit(lineOf(id, 'could not tell', why));
  }

  // Leave, as the Leave Function does (closed: the one routing status the public API lists with inactive).
  const left = await walk.move(a.ref, 'inactive', 'closed');
  const leftTask = currentTask ? `; the task is ${await walk.taskStatus(currentTask)}` : '';
  walk.emit(walk.changeLine('leave-inactive-closed', 'inactive', left, leftTask));

  await refusedChange(walk, a);
  await inviteWhilePaused(walk);
  await wrapupLeave(walk);
  await replyAfterLeave(walk, a, left.read?.status === 'inactive');
  await liveFeedAcl(walk);
  walk.emit(
    lineOf(
      'participant-removed-at-limit',
      'skipped',
      'not walked: Twilio reroutes a paused conversation at the limit set in Console (Flex → General settings → ' +
        '"Conversation tasks workflows", minutes at the least, 14 days by default), which no documented API ' +
        'shortens for one conversation; until it is seen, a pause ended at the limit leaves the list at its ' +
        'deadline, or at the next customer message (the handler reads the channel), or a day later (its TTL)',
    ),
  );
}
