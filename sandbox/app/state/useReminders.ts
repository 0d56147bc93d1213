/**
 * Reminders at the 24-hour and 1-hour marks, for the agent played, once per pause (deadline) and mark: the
 * plugin's own src/reminders run over the desk's paused conversations.
 */
import { useEffect, useRef, useState } from 'react';
import { checkReminders, dismissReminder, type ReminderId } from '../../../src/reminders';
import { getSharedTicker } from '../../../src/time';
import type { AgentDesk } from './agent-desk';

export interface ShownReminder {
  workerSid: string;
  conversationSid: string;
  deadline: number;
  id: ReminderId;
  customer: string;
}

export function useReminders(desk: AgentDesk, me: string) {
  const [reminders, setReminders] = useState<ShownReminder[]>([]);
  const reminderSession = useRef(new Set<string>());

  useEffect(() => {
    checkReminders({
      tasks: desk.paused.map((entry) => ({
        taskSid: `${me}-${entry.conversationSid}`,
        customerName: entry.customerName,
        pausedAt: entry.pausedAt,
        reassignAt: entry.reassignAt,
      })),
      now: getSharedTicker().now(),
      store: window.localStorage,
      // This page's reminders: one due and not dismissed comes back once after a reload; the 1 h one
      // withdraws the 24 h one of the same pause.
      session: reminderSession.current,
      withdraw: (reminder) =>
        setReminders((shown) =>
          shown.filter(
            (other) =>
              !(
                other.workerSid === me &&
                other.id === reminder.id &&
                other.deadline === reminder.task.reassignAt.getTime() &&
                `${me}-${other.conversationSid}` === reminder.task.taskSid
              ),
          ),
        ),
      notify: (reminder) => {
        const conversationSid = reminder.task.taskSid.slice(me.length + 1);
        setReminders((shown) => [
          ...shown,
          {
            workerSid: me,
            conversationSid,
            deadline: reminder.task.reassignAt.getTime(),
            id: reminder.id,
            customer: reminder.task.customerName,
          },
        ]);
      },
    });
  }, [desk, me]);

  const myReminders = reminders.filter(
    (reminder) =>
      reminder.workerSid === me &&
      desk.pausedOn(reminder.conversationSid)?.reassignAt.getTime() === reminder.deadline,
  );
  const dismiss = (reminder: ShownReminder) => {
    // Dismissed stays dismissed, also after a reload (src/reminders).
    dismissReminder(window.localStorage, {
      id: reminder.id,
      mark: reminder.id === 'LeavePausePauseReminder1h' ? '1h' : '24h',
      task: {
        taskSid: `${me}-${reminder.conversationSid}`,
        customerName: reminder.customer,
        reassignAt: new Date(reminder.deadline),
      },
    });
    setReminders((shown) => shown.filter((other) => other !== reminder));
  };
  return { myReminders, dismiss };
}
