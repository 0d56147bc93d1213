/**
 * The desk's messages: made by actions, worded at render time, and gone when they stop being true (or, for
 * information, after a while), checked on every push and every couple of seconds.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { DeskView } from '../../server/live';
import { holdsNow, INFO_NOTE_LIFETIME_MS, NOTE_GRACE_MS, type DeskNote, type Holds } from './notes';

export type NoteMaker = (
  workerSid: string,
  variant: DeskNote['variant'],
  say: DeskNote['say'],
  holds: Holds,
) => void;

export function useNotes(view: DeskView, viewRef: MutableRefObject<DeskView>) {
  const [notes, setNotes] = useState<DeskNote[]>([]);
  const noteSeq = useRef(0);
  const note: NoteMaker = useCallback(
    (workerSid, variant, say, holds) => {
      noteSeq.current += 1;
      const created: DeskNote = {
        id: noteSeq.current,
        workerSid,
        variant,
        say,
        holds,
        createdAt: Date.now(),
        established: false,
      };
      // The push that confirms an action can arrive before its answer does.
      created.established = holdsNow(viewRef.current, created);
      setNotes((current) => [...current, created]);
    },
    [viewRef],
  );

  // Messages go when they stop being true; a fresh one gets a moment for the push that confirms it.
  const prune = useCallback(() => {
    const view = viewRef.current;
    setNotes((current) => {
      const now = Date.now();
      let changed = false;
      const kept = current.flatMap((item) => {
        const holds = holdsNow(view, item);
        if (holds && !item.established) {
          changed = true;
          return [{ ...item, established: true }];
        }
        if (!holds && (item.established || now - item.createdAt > NOTE_GRACE_MS)) {
          changed = true;
          return [];
        }
        if (item.variant === 'neutral' && now - item.createdAt > INFO_NOTE_LIFETIME_MS) {
          changed = true;
          return [];
        }
        return [item];
      });
      return changed ? kept : current;
    });
  }, [viewRef]);
  useEffect(prune, [view, prune]);
  useEffect(() => {
    const timer = setInterval(prune, NOTE_GRACE_MS / 2);
    return () => clearInterval(timer);
  }, [prune]);

  const dismissNote = (id: number) => setNotes((current) => current.filter((other) => other.id !== id));
  return { notes, note, dismissNote };
}
