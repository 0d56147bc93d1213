import * as React from 'react';
import { Badge, ScreenReaderOnly } from './paste';

import { template, type Strings } from '../strings';

export const UNREAD_COUNT_ELEMENT = 'LEAVE_PAUSE_UNREAD_COUNT';

export type UnreadCountStrings = Pick<Strings, 'LeavePauseUnreadOne' | 'LeavePauseUnreadMany'>;

/** "1 new message from the customer" / "3 new messages…": the words a screen reader says for the count. */
export function unreadLabel(count: number, strings: UnreadCountStrings): string {
  return count === 1
    ? strings.LeavePauseUnreadOne
    : template(strings.LeavePauseUnreadMany, { count: String(count) });
}

/**
 * Pause events (issue 18 part 1): how many messages the customer wrote since the pause, on the paused item.
 * The badge shows the number; the full sentence is what assistive technology reads (and the tooltip), so the
 * number is never announced without what it counts. Nothing at all when the customer has not written.
 */
export function UnreadCount({
  count,
  strings,
}: {
  count: number | undefined;
  strings: UnreadCountStrings;
}): React.ReactElement | null {
  if (!count || count < 1) return null;
  const label = unreadLabel(count, strings);
  return (
    <Badge as="span" variant="new" element={UNREAD_COUNT_ELEMENT}>
      <span aria-hidden="true" title={label}>
        {count}
      </span>
      <ScreenReaderOnly>{label}</ScreenReaderOnly>
    </Badge>
  );
}
