/**
 * The emulator's notices that a paused conversation reached its time limit, for the agent played: each says
 * where the conversation is now, and stays until dismissed (also after a reload) or no longer true.
 */
import { useState } from 'react';
import type { DeskView } from '../../server/live';
import { MAX_NOTES_SHOWN } from './notes';

export interface ShownTimeLimitNotice {
  notice: DeskView['notices'][number];
  /** The agent who has the conversation now; none while it waits in the queue. */
  holder: string | undefined;
}

export function useTimeLimitNotices(view: DeskView, me: string) {
  const [dismissed, setDismissed] = useState<string[]>(() =>
    JSON.parse(window.localStorage.getItem('desk.dismissed') ?? '[]'),
  );
  const dismiss = (id: string) => {
    const next = [...dismissed, id];
    setDismissed(next);
    window.localStorage.setItem('desk.dismissed', JSON.stringify(next));
  };
  const holderOf = (conversationSid: string) => {
    const task = view.tasks
      .filter((candidate) => candidate.conversationSid === conversationSid && candidate.status === 'assigned')
      .at(-1);
    return view.workers.find((worker) => worker.sid === task?.workerSid)?.name;
  };
  /**
   * Whether a time-limit notice is still true, and how: with an agent now, or waiting in the queue. Neither (the
   * conversation ended, or its task was completed) and the notice goes, also after a reload.
   */
  const whereNow = (conversationSid: string): { holder: string } | 'waiting' | null => {
    const holder = holderOf(conversationSid);
    if (holder) return { holder };
    const conversation = view.conversations.find((candidate) => candidate.sid === conversationSid);
    if (conversation?.state === 'closed') return null;
    const queued = view.tasks.some(
      (task) =>
        task.conversationSid === conversationSid && (task.status === 'pending' || task.status === 'reserved'),
    );
    return queued ? 'waiting' : null;
  };
  const myNotices = view.notices.filter(
    (notice) =>
      notice.workerSid === me && !dismissed.includes(notice.id) && whereNow(notice.conversationSid) !== null,
  );
  // The latest few, newest first, like the desk's own messages.
  const shown: ShownTimeLimitNotice[] = myNotices
    .slice(-MAX_NOTES_SHOWN)
    .reverse()
    .map((notice) => {
      const where = whereNow(notice.conversationSid);
      return { notice, holder: where && where !== 'waiting' ? where.holder : undefined };
    });
  return { shown, dismiss };
}
