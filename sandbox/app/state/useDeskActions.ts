/**
 * What the desk's buttons do: Leave, Pause and Resume through the plugin's backend client (asked again with the
 * same key until the Functions say what happened), Accept and Complete through the sandbox, and the message
 * that says what did not work while that stays true.
 */
import { useCallback, type MutableRefObject } from 'react';
import { CONFIRM_DELAYS_MS, failureText } from '../../../src/actions';
import { BackendError, newIdempotencyKey, type BackendClient } from '../../../src/backend/client';
import type { Reachability } from '../../../src/backend/reachability';
import { followResumedConversation, resumedConversationOf, type ReservationFeed } from '../../../src/resume';
import { template, type Strings } from '../../../src/strings';
import type { DeskTask, DeskView } from '../../server/live';
import { sandboxApi } from '../api';
import type { AgentDesk } from './agent-desk';
import { holdsNow, signatureOf, type Holds } from './notes';
import type { NoteMaker } from './useNotes';

export type Operation = 'leave' | 'pause' | 'resume';
/** The desk's views; `team` is the supervisor's team view (issue 18), offered by the played user's roles. */
export type Page = 'desk' | 'paused' | 'team';

export interface DeskActionsInput {
  view: DeskView;
  viewRef: MutableRefObject<DeskView>;
  me: string;
  meRef: MutableRefObject<string>;
  /** The desk as shown: its paused entries name the task Resume sends. */
  shownDesk: AgentDesk;
  s: Strings;
  reread: () => Promise<DeskView | null>;
  backend: BackendClient;
  reachability: Reachability;
  reservationFeed: (workerSid: string) => ReservationFeed;
  note: NoteMaker;
  focusSoon: (selector: string) => void;
  focusAfterGone: (conversationSid: string | null) => void;
  setPage: (page: Page) => void;
  select: (conversationSid: string | null) => void;
  selectFor: (workerSid: string, conversationSid: string | null) => void;
}

export function useDeskActions(input: DeskActionsInput) {
  const { view, viewRef, me, meRef, shownDesk, s, reread, backend, reachability, reservationFeed } = input;
  const { note, focusSoon, focusAfterGone, setPage, select, selectFor } = input;

  /** A desk call failed: re-read what is true, then say what did not work while that stays true. */
  const fail = useCallback(
    async (error: unknown, conversationSid: string | null = null) => {
      const worker = meRef.current;
      const fresh = await reread();
      // Words for people, never the raw error ("Failed to fetch"): the desk shows the state re-read above.
      note(
        worker,
        'error',
        (dNow, sNow) => template(dNow.actionFailed, { message: failureText(error, sNow) }),
        {
          kind: 'unchanged',
          conversationSid,
          signature: signatureOf(fresh ?? viewRef.current, worker, conversationSid),
        },
      );
      focusSoon('[data-testid="notification"]');
    },
    [note, reread, meRef, viewRef, focusSoon],
  );

  const run = async (
    operation: Operation,
    conversationSid: string,
    taskSid: string,
    /** Pause reasons (issue 18): Pause only, the reason picked in the menu. */
    reason?: { code: string; note?: string },
  ) => {
    const worker = me;
    const [success, failure] = (
      {
        leave: ['LeavePauseLeaveSuccess', 'LeavePauseLeaveFailed'],
        pause: ['LeavePausePauseSuccess', 'LeavePausePauseFailed'],
        resume: ['LeavePauseResumeSuccess', 'LeavePauseResumeFailed'],
      } as const
    )[operation];
    const outcome: Holds = {
      kind: ({ leave: 'left', pause: 'paused', resume: 'live' } as const)[operation],
      conversationSid,
    };
    const succeeded = () => {
      note(worker, 'neutral', (_d, sNow) => sNow[success], outcome);
      if (operation === 'pause') focusSoon(`[data-focus="paused:${conversationSid}"]`);
      if (operation === 'resume') {
        // The resumed conversation is on the desk: show it there and put focus on it once it has arrived
        // (or, if it went to the queue, on the message saying so); never on another paused row's Resume.
        setPage('desk');
        select(conversationSid);
        focusSoon(`[data-focus="live:${conversationSid}"]`);
      }
      if (operation === 'leave') focusAfterGone(conversationSid);
    };
    // One key for this click: every re-ask below is the same request, which the Functions answer once.
    const key = newIdempotencyKey();
    const customer = shownDesk.pausedOn(conversationSid)?.customerName ?? '';
    const conversation = view.conversations.find((candidate) => candidate.sid === conversationSid);
    const attributes = view.tasks.find((task) => task.sid === taskSid)?.attributes ?? {};
    const ask = async () => {
      if (operation === 'resume') {
        const answer = await backend.resume(taskSid, key);
        followResume(worker, answer, taskSid, customer);
        return;
      }
      // Leave and Pause name the interaction channel Flex put in the task's attributes; the server checks it.
      const ref = {
        taskSid,
        interactionSid: String(attributes.flexInteractionSid ?? conversation?.interactionSid ?? ''),
        channelSid: String(attributes.flexInteractionChannelSid ?? conversation?.channelSid ?? ''),
      };
      await (operation === 'pause' && reason
        ? backend.pause(ref, key, reason)
        : backend[operation](ref, key));
    };
    const stillWorking = (
      {
        leave: 'LeavePauseLeaveStillWorking',
        pause: 'LeavePausePauseStillWorking',
        resume: 'LeavePauseResumeStillWorking',
      } as const
    )[operation];
    let workingNote = false;
    for (let attempt = 0; ; attempt++) {
      try {
        await ask();
        reachability.report(true);
        succeeded();
        return;
      } catch (error) {
        const noAnswer = error instanceof BackendError && error.status === 0;
        // No connection at all: the service is down (the desk says so and disables the actions until it is back).
        if (error instanceof BackendError) reachability.report(error.code !== 'network');
        // Never a failure we do not know of: no answer yet (or the first copy still running) is asked again with
        // the same key until the Functions say what happened (the plugin does the same: src/actions).
        const unknown =
          error instanceof BackendError &&
          (error.code === 'timeout' || error.code === 'request_in_progress' || (noAnswer && attempt > 0));
        if (unknown && attempt < CONFIRM_DELAYS_MS.length) {
          // What Twilio shows now may already tell: a pause whose answer is late did happen.
          const now = await reread();
          if (now && holdsNow(now, { workerSid: worker, holds: outcome })) {
            succeeded();
            return;
          }
          if (!workingNote) {
            workingNote = true;
            note(worker, 'neutral', (_d, sNow) => sNow[stillWorking], {
              kind: 'unchanged',
              conversationSid,
              signature: signatureOf(viewRef.current, worker, conversationSid),
            });
          }
          await new Promise((resolve) => setTimeout(resolve, CONFIRM_DELAYS_MS[attempt]));
          continue;
        }
        const fresh = await reread();
        if (fresh && holdsNow(fresh, { workerSid: worker, holds: outcome })) {
          succeeded();
          return;
        }
        note(
          worker,
          'error',
          (_d, sNow) =>
            unknown
              ? sNow.LeavePauseOutcomeUnknown
              : template(sNow[failure], { message: failureText(error, sNow) }),
          {
            kind: 'unchanged',
            conversationSid,
            signature: signatureOf(fresh ?? view, worker, conversationSid),
          },
        );
        focusSoon('[data-testid="notification"]');
        return;
      }
    }
  };
  /**
   * What the plugin does after Resume (src/resume): Twilio's new task is accepted for the agent once when it
   * waits pending for them, and when TaskRouter sent it to the queue instead they are told.
   */
  const followResume = (
    worker: string,
    answer: Record<string, unknown>,
    taskSid: string,
    customer: string,
  ) => {
    const resumed = resumedConversationOf(answer, taskSid, customer || s.LeavePausePausedWorkUnknownCustomer);
    if (!resumed) return;
    const conversationSid = resumed.conversationSid;
    followResumedConversation(resumed, reservationFeed(worker), {
      accept: async (reservationSid) => {
        const task = viewRef.current.tasks.find((candidate) => candidate.reservationSid === reservationSid);
        if (task) await sandboxApi.accept(task.sid, reservationSid);
      },
      select: () => {
        if (conversationSid) selectFor(worker, conversationSid);
      },
      wentElsewhere: ({ customerName }) =>
        note(
          worker,
          'neutral',
          (_d, sNow) => template(sNow.LeavePauseResumeWentToQueue, { customer: customerName }),
          {
            kind: 'unchanged',
            conversationSid,
            signature: signatureOf(viewRef.current, worker, conversationSid),
          },
        ),
      acceptFailed: ({ customerName }, error) =>
        void fail(
          new Error(
            template(s.LeavePauseResumeAcceptFailed, {
              customer: customerName,
              message: failureText(error, s),
            }),
          ),
          conversationSid,
        ),
    });
  };
  const accept = (task: DeskTask) => {
    if (task.conversationSid) select(task.conversationSid);
    sandboxApi
      .accept(task.sid, task.reservationSid ?? '')
      .then(() => focusSoon('[data-focus="canvas-heading"]'))
      .catch((error) => fail(error, task.conversationSid));
  };
  const complete = (task: DeskTask) => {
    sandboxApi
      .complete(task.sid)
      .then(() => focusAfterGone(task.conversationSid))
      .catch((error) => fail(error, task.conversationSid));
  };
  return { run, accept, complete, fail };
}
