/**
 * Every pushed view goes to Resume's follow-ups (src/resume), as Flex's store notifies the plugin's: a feed of
 * one worker's reservations, current and as they change.
 */
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { ReservationFeed } from '../../../src/resume';
import type { DeskView } from '../../server/live';
import { reservationsOf } from './agent-desk';

export function useReservationFeed(view: DeskView, viewRef: MutableRefObject<DeskView>) {
  const viewListeners = useRef(new Set<(view: DeskView) => void>());
  useEffect(() => {
    for (const listener of [...viewListeners.current]) listener(view);
  }, [view]);
  return (workerSid: string): ReservationFeed => ({
    current: () => reservationsOf(viewRef.current, workerSid),
    subscribe: (listener) => {
      const onView = (next: DeskView) => listener(reservationsOf(next, workerSid));
      viewListeners.current.add(onView);
      return () => void viewListeners.current.delete(onView);
    },
  });
}
