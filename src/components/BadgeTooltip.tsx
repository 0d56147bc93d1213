import * as React from 'react';
import { Box } from '@twilio-paste/core/box';
import { Text } from '@twilio-paste/core/text';
import { useUID } from '@twilio-paste/core/uid-library';

type BadgeTooltipProps = {
  /** The tooltip's words, which are also the reference's accessible description. */
  text: string;
  /** Paste customization element name; `${element}_TEXT` names the words. */
  element: string;
  /** The reference: it must pass on the focus, hover and key handlers and `aria-describedby` it is given. */
  children: React.ReactElement;
};

/**
 * A tooltip in Paste's tooltip look (the same tokens as Paste's StyledTooltip) that opens above its reference on
 * focus and hover and closes on blur, mouse leave and Escape: what the countdown badge needs from Paste's
 * Tooltip, without reakit's popover state and popper.js (about 11 KB gzipped of the plugin's bundle, over
 * half of it the positioning engine: bench/plugin/bundle-size.ts). It is placed by CSS above the badge, which
 * is always at a row's or the task header's start, so it needs no collision handling. The role="tooltip"
 * element stays in the document, hidden while closed, so the reference is always described by it.
 */
export function BadgeTooltip({ text, element, children }: BadgeTooltipProps): React.ReactElement {
  const id = `leave-pause-tooltip-${useUID()}`;
  const [open, setOpen] = React.useState(false);
  const reference = React.useMemo(
    () =>
      React.cloneElement(children, {
        'aria-describedby': id,
        onFocus: () => setOpen(true),
        onBlur: () => setOpen(false),
        onMouseEnter: () => setOpen(true),
        onMouseLeave: () => setOpen(false),
        onKeyDown: (event: React.KeyboardEvent) => {
          if (event.key === 'Escape') setOpen(false);
        },
      }),
    [children, id],
  );
  return (
    <Box as="span" position="relative" display="inline-flex">
      {reference}
      <Box
        as="span"
        role="tooltip"
        id={id}
        hidden={!open}
        element={element}
        position="absolute"
        bottom="100%"
        left="0"
        marginBottom="space20"
        width="max-content"
        backgroundColor="colorBackgroundBodyInverse"
        borderColor="colorBorderInverseWeaker"
        borderRadius="borderRadius20"
        borderStyle="solid"
        borderWidth="borderWidth10"
        boxShadow="shadow"
        maxWidth="size30"
        padding="space30"
        paddingBottom="space20"
        paddingTop="space20"
        zIndex="zIndex90"
      >
        <Text element={`${element}_TEXT`} as="span" color="colorTextInverse">
          {text}
        </Text>
      </Box>
    </Box>
  );
}
