import * as React from 'react';
import { createPortal } from 'react-dom';
import { Box } from '@twilio-paste/box';
import { useUID } from '@twilio-paste/uid-library';

import { Text } from './paste';

type BadgeTooltipProps = {
  /** The tooltip's words, which are also the reference's accessible description. */
  text: string;
  /** Paste customization element name; `${element}_TEXT` names the words. */
  element: string;
  /** The reference: it must pass on the focus, hover and key handlers and `aria-describedby` it is given. */
  children: React.ReactElement;
};

/**
 * Room the tooltip needs above its reference (a few lines of Paste's tooltip text): with less room to the
 * window's top edge it opens below instead, as Paste's Tooltip flips.
 */
const ROOM_ABOVE_PX = 120;

/**
 * A tooltip in Paste's tooltip look (the same tokens as Paste's StyledTooltip) that opens on focus and hover
 * and closes on blur, mouse leave and Escape: what the countdown badge needs from Paste's Tooltip, without
 * reakit's popover state and popper.js (about 11 KB gzipped of the plugin's bundle, over half of it the
 * positioning engine: bench/plugin/bundle-size.ts). Like Paste's, it lives at the end of the page's body
 * (a portal), out of any scrolling container that would clip it and out of the reference's own region, and
 * is fixed above the badge, or below it when the badge is near the window's top, where it opens; it does
 * not follow scrolling while open (focus or hover keeps it short). The role="tooltip" element stays in
 * the document, hidden while closed, so the reference is always described by it.
 */
export function BadgeTooltip({ text, element, children }: BadgeTooltipProps): React.ReactElement {
  const id = `leave-pause-tooltip-${useUID()}`;
  const [open, setOpen] = React.useState(false);
  const [place, setPlace] = React.useState({ below: false, top: 0, left: 0 });
  const anchor = React.useRef<HTMLSpanElement>(null);
  const reference = React.useMemo(() => {
    const show = () => {
      const rect = anchor.current?.getBoundingClientRect();
      const below = (rect?.top ?? ROOM_ABOVE_PX) < ROOM_ABOVE_PX;
      setPlace({ below, top: (below ? rect?.bottom : rect?.top) ?? 0, left: rect?.left ?? 0 });
      setOpen(true);
    };
    return React.cloneElement(children, {
      'aria-describedby': id,
      onFocus: show,
      onBlur: () => setOpen(false),
      onMouseEnter: show,
      onMouseLeave: () => setOpen(false),
      onKeyDown: (event: React.KeyboardEvent) => {
        if (event.key === 'Escape') setOpen(false);
      },
    });
  }, [children, id]);
  return (
    <Box as="span" display="inline-flex" ref={anchor}>
      {reference}
      {createPortal(
        <Box
          as="span"
          role="tooltip"
          id={id}
          hidden={!open}
          element={element}
          data-placement={place.below ? 'bottom' : 'top'}
          position="fixed"
          style={{
            top: place.top,
            left: place.left,
            transform: place.below ? undefined : 'translateY(-100%)',
          }}
          {...(place.below ? { marginTop: 'space20' } : { marginBottom: 'space20' })}
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
        </Box>,
        document.body,
      )}
    </Box>
  );
}
