/**
 * The desk's notices, in one live region as Flex's notifications are: connection and service trouble, the
 * messages actions leave (newest first), and time-limit notices with where the conversation is now.
 */
import React from 'react';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Stack } from '@twilio-paste/core/stack';
import { template, type Strings } from '../../../src/strings';
import type { DeskNote } from '../state/notes';
import type { ShownTimeLimitNotice } from '../state/useTimeLimitNotices';
import type { DeskStrings } from '../strings';

export function Notifications({
  d,
  s,
  connected,
  reachable,
  notes,
  onDismissNote,
  notices,
  onDismissNotice,
}: {
  d: DeskStrings;
  s: Strings;
  connected: boolean;
  reachable: boolean;
  notes: DeskNote[];
  onDismissNote: (id: number) => void;
  notices: ShownTimeLimitNotice[];
  onDismissNotice: (id: string) => void;
}) {
  return (
    <Box
      role="status"
      aria-live="polite"
      aria-label={d.notices}
      tabIndex={-1}
      data-testid="notification"
      marginBottom="space30"
    >
      <Stack orientation="vertical" spacing="space30">
        {!connected && <Alert variant="warning">{d.reconnecting}</Alert>}
        {!reachable && (
          <Box data-testid="service-down">
            <Alert variant="warning">{s.LeavePauseServiceDown}</Alert>
          </Box>
        )}
        {notes.map((item) => (
          <Alert
            key={item.id}
            variant={item.variant}
            onDismiss={() => onDismissNote(item.id)}
            i18nDismissLabel={d.dismiss}
          >
            {item.say(d, s)}
          </Alert>
        ))}
        {notices.map(({ notice, holder }) => (
          <Box key={notice.id} data-testid="time-limit-notice">
            <Alert
              variant="warning"
              onDismiss={() => onDismissNotice(notice.id)}
              i18nDismissLabel={d.dismiss}
            >
              {template(d.timeLimitNotice, { customer: notice.customerName })}
              {holder ? template(d.timeLimitNow, { agent: holder }) : d.timeLimitWaiting}
            </Alert>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}
