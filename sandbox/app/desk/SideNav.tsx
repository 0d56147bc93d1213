/**
 * Flex's side navigation, reduced to the desk's views: the agent desktop, Paused work and, for supervisors and
 * admins, the plugin's team view (shown by Flex's roles, as the plugin does; the Functions check the token).
 */
import React from 'react';
import { Badge } from '@twilio-paste/core/badge';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Stack } from '@twilio-paste/core/stack';
import type { Page } from '../state/useDeskActions';
import type { DeskStrings } from '../strings';

export function SideNav({
  d,
  page,
  onPage,
  pausedCount,
  teamLabel,
}: {
  d: DeskStrings;
  page: Page;
  onPage: (page: Page) => void;
  pausedCount: number;
  /** The team view's link text, or null when the played user is not a supervisor or admin. */
  teamLabel: string | null;
}) {
  return (
    <Box
      as="nav"
      aria-label={d.sideNav}
      width="size20"
      flexShrink={0}
      backgroundColor="colorBackgroundStrong"
      paddingY="space40"
      paddingX="space30"
    >
      <Stack orientation="vertical" spacing="space30">
        <Button
          variant={page === 'desk' ? 'primary' : 'secondary'}
          size="small"
          fullWidth
          aria-current={page === 'desk' ? 'page' : undefined}
          onClick={() => onPage('desk')}
        >
          {d.navDesk}
        </Button>
        <Button
          variant={page === 'paused' ? 'primary' : 'secondary'}
          size="small"
          fullWidth
          aria-current={page === 'paused' ? 'page' : undefined}
          onClick={() => onPage('paused')}
        >
          {d.navPaused}
          {pausedCount > 0 && (
            <Badge as="span" variant="neutral_counter">
              {pausedCount}
            </Badge>
          )}
        </Button>
        {teamLabel !== null && (
          <Button
            variant={page === 'team' ? 'primary' : 'secondary'}
            size="small"
            fullWidth
            aria-current={page === 'team' ? 'page' : undefined}
            onClick={() => onPage('team')}
          >
            {teamLabel}
          </Button>
        )}
      </Stack>
    </Box>
  );
}
