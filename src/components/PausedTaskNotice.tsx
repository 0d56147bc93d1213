import * as React from 'react';
import { Box } from '@twilio-paste/core/box';
import { Text } from '@twilio-paste/core/text';
// cjs rather than esm: the same file then loads in Jest without an ESM transform, and it is one icon.
import { PauseIcon } from '@twilio-paste/icons/cjs/PauseIcon';

export const PAUSED_NOTICE_ELEMENT = 'LEAVE_PAUSE_PAUSED_NOTICE';

export interface PausedTaskNoticeProps {
  label: string;
  pausedAtText?: string;
}

/** States the paused condition in words (the icon is decorative), as a polite live region for screen readers. */
export function PausedTaskNotice({ label, pausedAtText }: PausedTaskNoticeProps): React.ReactElement {
  return (
    <Box
      element={PAUSED_NOTICE_ELEMENT}
      role="status"
      display="flex"
      alignItems="center"
      columnGap="space30"
      paddingX="space40"
      paddingY="space30"
      borderRadius="borderRadius20"
      borderStyle="solid"
      borderWidth="borderWidth10"
      borderColor="colorBorderWeak"
      backgroundColor="colorBackgroundWeak"
    >
      <PauseIcon decorative element={`${PAUSED_NOTICE_ELEMENT}_ICON`} />
      <Text as="span" element={`${PAUSED_NOTICE_ELEMENT}_LABEL`} fontWeight="fontWeightSemibold">
        {label}
      </Text>
      {pausedAtText ? (
        <Text as="span" element={`${PAUSED_NOTICE_ELEMENT}_TIME`} color="colorTextWeak">
          {pausedAtText}
        </Text>
      ) : null}
    </Box>
  );
}
