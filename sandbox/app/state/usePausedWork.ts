/**
 * The agent's paused work as the plugin would show it: the agent's live feed (issue 18: every change to their
 * pause records, pushed), else the Functions' paused list re-read when pauses change, and, until either could
 * be read, what the pushed state says.
 */
import { useMemo } from 'react';
import type { BackendClient } from '../../../src/backend/client';
import { useServerNow } from '../../../src/time';
import type { DeskView } from '../../server/live';
import { useLiveFeed } from '../liveFeed';
import { toPausedItem, usePausedRecords } from '../paused';
import type { AgentDesk } from './agent-desk';

export function usePausedWork(
  view: DeskView,
  me: string,
  desk: AgentDesk,
  tokens: Record<string, string>,
  backend: BackendClient,
) {
  const live = useLiveFeed(tokens[me]);
  // With the feed running, the list is read once (start-up) and then follows the feed alone; a truncated feed
  // (too many pauses for one Sync document) sends the list back to /paused.
  const following = live !== null && !live.truncated;
  const pausedTrigger = following
    ? me
    : [
        me,
        view.syncRevision,
        desk.paused.map((entry) => `${entry.conversationSid}@${entry.reassignAt.getTime()}`).join(','),
      ].join('|');
  const loadPaused = useMemo(() => (tokens[me] ? () => backend.paused() : null), [backend, tokens, me]);
  const readList = usePausedRecords(loadPaused, pausedTrigger);
  // A record past its deadline is Twilio's to reroute, and /paused leaves it out: so does the feed's list.
  const liveNow = useServerNow(live ? live.records.map((record) => Date.parse(record.reassignAt)) : []);
  const pausedList = following
    ? {
        ...readList,
        records: live.records.filter((record) => Date.parse(record.reassignAt) > liveNow),
        loading: false,
      }
    : readList;
  const pausedItems = pausedList.records ? pausedList.records.map(toPausedItem) : desk.paused;
  // Resume names the paused task: the worker's latest task of the conversation, which a pause completes and
  // nothing replaces while paused. Only without one does the server's record name it. (A list read before an
  // earlier pause's Resume deleted its record can still hold that pause, with the same Twilio time when the
  // clock did not move: matching records by conversation named the old task, and Resume answered 403.)
  const shownDesk = useMemo((): AgentDesk => {
    const paused = desk.paused.map((entry) => {
      const taskSid =
        entry.taskSid ||
        (pausedList.records?.find(
          (record) =>
            record.conversationSid === entry.conversationSid ||
            record.channelSid === desk.conversation(entry.conversationSid)?.channelSid,
        )?.taskSid ??
          '');
      // Pause events: the count the server's record of this very pause holds.
      const unread = pausedList.records?.find((record) => record.taskSid === taskSid)?.unread;
      return { ...entry, taskSid, ...(unread && unread.count > 0 ? { unread } : {}) };
    });
    return { ...desk, paused, pausedOn: (sid) => paused.find((entry) => entry.conversationSid === sid) };
  }, [desk, pausedList.records]);
  const pausedNow = useServerNow(pausedItems.map((item) => item.reassignAt.getTime()));
  return { pausedList, pausedItems, shownDesk, pausedNow, following };
}
