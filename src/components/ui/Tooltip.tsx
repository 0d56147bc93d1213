import * as React from 'react';

import { useId } from './useId';

export interface TooltipProps {
  text: string;
  element: string;
  /** A single focusable element; it gets aria-describedby and the show/hide handlers. */
  children: React.ReactElement;
}

/**
 * A plain-text tooltip shown on hover and keyboard focus, dismissed with Escape (WCAG 1.4.13). The text is
 * also the trigger's accessible description, so screen reader users get it without hovering.
 */
export function Tooltip({ text, element, children }: TooltipProps): React.ReactElement {
  const id = useId('leave-pause-tip');
  const [open, setOpen] = React.useState(false);
  const show = () => setOpen(true);
  const hide = () => setOpen(false);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') hide();
  };
  return (
    <span className="lp-tip-anchor" onMouseEnter={show} onMouseLeave={hide}>
      {React.cloneElement(children, { 'aria-describedby': id, onFocus: show, onBlur: hide, onKeyDown })}
      <span role="tooltip" id={id} className="lp-tip" data-paste-element={element} hidden={!open}>
        {text}
      </span>
    </span>
  );
}
