/** The played agent's pause reminders (24 hours and 1 hour before the limit), each dismissable for good. */
import React from 'react';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { template, type Strings } from '../../../src/strings';
import { formatDateTime } from '../../../src/time';
import type { ShownReminder } from '../state/useReminders';
import type { DeskStrings } from '../strings';

export function ReminderList({
  d,
  s,
  locale,
  reminders,
  onDismiss,
}: {
  d: DeskStrings;
  s: Strings;
  locale: string;
  reminders: ShownReminder[];
  onDismiss: (reminder: ShownReminder) => void;
}) {
  return (
    <Box as="ul" aria-label={d.reminders} data-testid="reminders" margin="space0" padding="space0">
      {reminders.map((reminder) => (
        <Box
          as="li"
          key={`${reminder.conversationSid}:${reminder.deadline}:${reminder.id}`}
          listStyleType="none"
          marginBottom="space30"
        >
          <Alert variant="warning" i18nDismissLabel={d.dismiss} onDismiss={() => onDismiss(reminder)}>
            {template(s[reminder.id], {
              customer: reminder.customer,
              time: formatDateTime(new Date(reminder.deadline), locale),
            })}
          </Alert>
        </Box>
      ))}
    </Box>
  );
}
