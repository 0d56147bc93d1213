/**
 * Pause events (issue 18 part 1): the plugin's one notification per burst of customer messages, on the desk.
 * The decision is the plugin's own pure function (src/paused/unreadBursts.ts), fed the agent's paused records
 * as they are re-read; the notice is an information message that leaves after a while, or with the pause.
 */
import { useEffect, useRef } from 'react';
import {
  decideUnreadNotifications,
  markUnreadSeen,
  type BurstMemory,
} from '../../../src/paused/unreadBursts';
import { template } from '../../../src/strings';
import type { PauseRecordView } from '../paused';
import type { NoteMaker } from './useNotes';

export function useUnreadNotices(
  records: PauseRecordView[] | null,
  me: string,
  selected: string | null,
  note: NoteMaker,
) {
  const previous = useRef<{ me: string; records: PauseRecordView[] } | null>(null);
  const memory = useRef<BurstMemory>({});
  useEffect(() => {
    if (!records) return;
    // Another agent played: their first list is a baseline, never news.
    const before = previous.current?.me === me ? previous.current.records : undefined;
    if (previous.current?.me !== me) memory.current = {};
    const decided = decideUnreadNotifications(before, records, memory.current, Date.now());
    memory.current = decided.memory;
    previous.current = { me, records };
    for (const record of decided.notify) {
      if (!record.conversationSid) continue;
      const { customer, unread } = record;
      note(
        me,
        'neutral',
        (_d, s) =>
          template(s.LeavePauseCustomerWroteNotification, {
            customer: customer || s.LeavePausePausedWorkUnknownCustomer,
            preview: unread?.preview ?? '',
          }),
        { kind: 'paused', conversationSid: record.conversationSid },
      );
    }
  }, [records, me, note]);
  // Opening the paused conversation is seeing it: the next message starts a new burst. (Only the opening: an
  // agent who keeps it open is told once per burst, like anyone else.)
  const latest = useRef(records);
  latest.current = records;
  useEffect(() => {
    const opened = latest.current?.find((record) => record.conversationSid === selected);
    if (opened) memory.current = markUnreadSeen(memory.current, opened.taskSid);
  }, [selected]);
}
