import * as React from 'react';

import { focusIsLost } from '../components/focus';
import type { Strings } from '../strings';
import type { FlexGlobal } from './types';

/**
 * Focus after Resume in real Flex (issue 19). Resume is pressed in Paused work; Flex then gets Twilio's new task
 * for the conversation and the plugin selects it (resumeArrival.ts) and shows the agent desktop. Focus goes to
 * the resumed conversation itself: a mark in its task canvas header that names what happened ("Conversation
 * resumed."), focusable but not an action, so one more Enter does nothing — never another paused row's Resume,
 * and not merely the Paused work heading. Flex's own markup has no stable focus target; this mark is ours.
 */
export const RESUMED_MARK_ATTRIBUTE = 'data-leave-pause-resumed';
export const RESUMED_MARK_KEY = 'leave-pause-resumed-mark';
/** As long as the Paused work list waits for it (PausedWorkList): past Resume's 12 s follow-up window. */
export const RESUME_FOCUS_WAIT_MS = 15_000;
const RESUME_FOCUS_POLL_MS = 100;

/** The reservation Resume last brought back: the one task canvas that shows the mark. */
const resumed = { sid: undefined as string | undefined, listeners: new Set<() => void>() };

function setResumed(reservationSid: string | undefined): void {
  resumed.sid = reservationSid;
  for (const listener of [...resumed.listeners]) listener();
}

function useResumedSid(): string | undefined {
  const [sid, setSid] = React.useState(resumed.sid);
  React.useEffect(() => {
    const listener = () => setSid(resumed.sid);
    resumed.listeners.add(listener);
    listener();
    return () => void resumed.listeners.delete(listener);
  }, []);
  return sid;
}

/** Adds the mark to every task canvas header; it renders only in the resumed task's. */
export function addResumedMark(
  flex: Pick<FlexGlobal, 'TaskCanvasHeader' | 'withTaskContext'>,
  manager: { strings: object },
): void {
  const Mark = ({ task }: { task?: { sid?: string } }) => {
    const sid = useResumedSid();
    if (!task?.sid || task.sid !== sid) return null;
    return (
      <span
        tabIndex={-1}
        {...{ [RESUMED_MARK_ATTRIBUTE]: task.sid }}
        style={{ alignSelf: 'center', fontSize: '0.875rem' }}
      >
        {(manager.strings as Strings).LeavePauseResumeSuccess}
      </span>
    );
  };
  const MarkWithTask = flex.withTaskContext(Mark);
  flex.TaskCanvasHeader.Content.add(<MarkWithTask key={RESUMED_MARK_KEY} />, { sortOrder: -2 });
}

/**
 * Focus still rests where Resume left it: nowhere (the body, a removed button) or inside Paused work (its
 * heading, a row, the paused conversation). An agent who moved elsewhere meanwhile keeps their place.
 */
function restsWhereResumeLeftIt(doc: Document): boolean {
  if (focusIsLost(doc)) return true;
  return doc.activeElement?.closest('[data-paste-element^="LEAVE_PAUSE_PAUSED"]') !== null;
}

/**
 * Marks the resumed task and, once its mark is on the page (Flex renders the canvas after SelectTask and the
 * view change), puts focus on it. Returns a stop function.
 */
export function focusResumedConversation(
  reservationSid: string,
  doc: Document = document,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
): () => void {
  setResumed(reservationSid);
  const until = Date.now() + RESUME_FOCUS_WAIT_MS;
  let handle: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    handle = undefined;
    const mark = doc.querySelector<HTMLElement>(`[${RESUMED_MARK_ATTRIBUTE}="${reservationSid}"]`);
    if (mark) {
      if (restsWhereResumeLeftIt(doc)) mark.focus();
      return;
    }
    if (Date.now() < until && restsWhereResumeLeftIt(doc)) {
      handle = timers.setTimeout(attempt, RESUME_FOCUS_POLL_MS);
    }
  };
  attempt();
  return () => {
    if (handle !== undefined) timers.clearTimeout(handle);
  };
}

/**
 * When Resume's conversation went to the queue instead (the agent at capacity), Flex's own notification says so,
 * but it is Flex's markup, with no element the plugin can focus. So Paused work — where Resume was pressed and
 * where focus still rests — shows the same words in a note of its own, and focus goes to that note: the message
 * saying where the conversation went, never another row's Resume.
 */
export const WENT_TO_QUEUE_ATTRIBUTE = 'data-leave-pause-went-to-queue';
const wentToQueue = { text: undefined as string | undefined, listeners: new Set<() => void>() };

export function announceWentToQueue(text: string | undefined): void {
  wentToQueue.text = text;
  for (const listener of [...wentToQueue.listeners]) listener();
}

/** The note, in Paused work; focused when it appears if focus still rests where Resume left it. */
export function WentToQueueNote({ doc = document }: { doc?: Document }): React.ReactElement | null {
  const [text, setText] = React.useState(wentToQueue.text);
  const note = React.useRef<HTMLParagraphElement>(null);
  React.useEffect(() => {
    const listener = () => setText(wentToQueue.text);
    wentToQueue.listeners.add(listener);
    listener();
    return () => void wentToQueue.listeners.delete(listener);
  }, []);
  React.useEffect(() => {
    if (text && note.current && restsWhereResumeLeftIt(doc)) note.current.focus();
  }, [text, doc]);
  if (!text) return null;
  return (
    <p ref={note} tabIndex={-1} role="status" {...{ [WENT_TO_QUEUE_ATTRIBUTE]: '' }} style={{ margin: 0 }}>
      {text}
    </p>
  );
}
