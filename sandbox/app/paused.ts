/**
 * The agent's paused list as the plugin gets it: from the Functions' `POST /paused` (the server-owned pause
 * records), re-read whenever the pushed state says something about pauses changed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PausedReason } from '../../src/backend/client';
import type { PausedWorkItem } from '../../src/paused';

export interface PauseRecordView {
  taskSid: string;
  conversationSid: string | null;
  channelSid: string;
  customer: string;
  taskChannel: string;
  pausedAt: string;
  reassignAt: string;
  /** Absent from older servers: then Twilio's deadline is assumed. */
  deadlineSource?: 'twilio' | 'configured-limit';
  /** Pause reasons (issue 18). */
  reason?: PausedReason;
  /** Pause events: the customer's messages since the pause (absent until the first). */
  unread?: { count: number; lastMessageAt: string; preview: string };
}

export function toPausedItem(record: PauseRecordView): PausedWorkItem {
  return {
    taskSid: record.taskSid,
    customerName: record.customer,
    channel: record.taskChannel,
    pausedAt: new Date(record.pausedAt),
    reassignAt: new Date(record.reassignAt),
    deadlineEstimated: record.deadlineSource === 'configured-limit',
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.unread && record.unread.count > 0 ? { unread: record.unread } : {}),
  };
}

/**
 * `records` is null until the list could be read (no token yet, or the Functions failed): the desk then shows
 * what the pushed state says. `trigger` is anything that changes when the records may have changed.
 */
export function usePausedRecords(load: (() => Promise<PauseRecordView[]>) | null, trigger: string) {
  const [records, setRecords] = useState<PauseRecordView[] | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    if (!load) return;
    const mine = ++generation.current;
    try {
      const paused = await load();
      // A newer read started meanwhile: its answer is the one to show.
      if (mine === generation.current) setRecords(paused);
    } catch {
      if (mine === generation.current) setRecords(null);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [load]);
  useEffect(() => {
    setLoading(true);
    void refresh();
  }, [refresh, trigger]);
  return { records, loading, refresh };
}
