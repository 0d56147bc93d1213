/**
 * Which conversation each agent has open on the desk: their own choice while it is still on their list, else
 * their first task.
 */
import { useState } from 'react';
import type { AgentDesk } from './agent-desk';

export function useSelection(desk: AgentDesk, me: string) {
  const [selectedBy, setSelectedBy] = useState<Record<string, string | null>>({});
  const entries = [
    ...desk.liveTasks.map((task) => task.conversationSid ?? task.sid),
    ...desk.paused.map((entry) => entry.conversationSid),
  ];
  const chosen = selectedBy[me];
  const selected = chosen && entries.includes(chosen) ? chosen : (entries[0] ?? null);
  /** For another agent than the one played now: an answer can arrive after the agent was switched. */
  const selectFor = (workerSid: string, conversationSid: string | null) =>
    setSelectedBy((current) => ({ ...current, [workerSid]: conversationSid }));
  const select = (conversationSid: string | null) => selectFor(me, conversationSid);
  return { selected, select, selectFor };
}
