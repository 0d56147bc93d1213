/**
 * Messages that stay only while they are true: each desk message names what must hold for it to stay on
 * screen, and is checked against every pushed state (see useNotes).
 */
import type { Strings } from '../../../src/strings';
import type { DeskView } from '../../server/live';
import type { DeskStrings } from '../strings';
import { deskFor } from './agent-desk';

/** What must stay true for a message to stay on screen. */
export type Holds =
  | { kind: 'paused' | 'live' | 'left'; conversationSid: string }
  | { kind: 'unchanged'; conversationSid: string | null; signature: string };

export interface DeskNote {
  id: number;
  workerSid: string;
  variant: 'neutral' | 'error';
  /** Worded at render time, so a notice speaks the language chosen now, not the one it was made in. */
  say: (d: DeskStrings, s: Strings) => string;
  holds: Holds;
  createdAt: number;
  /** Seen true once; until then a short grace covers the push that confirms the action. */
  established: boolean;
}

export const NOTE_GRACE_MS = 4000;
/** Like Flex's notifications: a few at most on screen, newest first; information ones leave by themselves. */
export const MAX_NOTES_SHOWN = 3;
export const INFO_NOTE_LIFETIME_MS = 8000;

export function signatureOf(view: DeskView, workerSid: string, conversationSid: string | null): string {
  const desk = deskFor(view, workerSid);
  const conversation = desk.conversation(conversationSid);
  return JSON.stringify([
    conversation?.channelStatus,
    conversationSid ? desk.liveTaskOn(conversationSid)?.sid : desk.liveTasks.map((task) => task.sid),
    conversationSid ? desk.pausedOn(conversationSid)?.reassignAt.getTime() : desk.paused.length,
  ]);
}

export function holdsNow(view: DeskView, note: Pick<DeskNote, 'workerSid' | 'holds'>): boolean {
  const desk = deskFor(view, note.workerSid);
  const { holds } = note;
  switch (holds.kind) {
    case 'paused':
      return desk.pausedOn(holds.conversationSid) !== undefined;
    case 'live':
      return desk.liveTaskOn(holds.conversationSid)?.status === 'assigned';
    case 'left':
      return (
        desk.conversation(holds.conversationSid)?.channelStatus === 'inactive' &&
        !desk.liveTaskOn(holds.conversationSid)
      );
    case 'unchanged':
      return signatureOf(view, note.workerSid, holds.conversationSid) === holds.signature;
  }
}
