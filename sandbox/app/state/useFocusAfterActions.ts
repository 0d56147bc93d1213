/**
 * Focus goes where an action's result appears, once the pushed state shows it: an action asks for a target,
 * and after every render the desk looks for it, falling back to the notices when it does not come in time.
 */
import { useCallback, useEffect, useRef } from 'react';

/** How long focus waits for the pushed state to show an action's result before going to the message. */
const FOCUS_WAIT_MS = 3000;

export function useFocusAfterActions() {
  const focusWanted = useRef<{ target: () => HTMLElement | null; until: number } | null>(null);

  useEffect(() => {
    const wanted = focusWanted.current;
    if (!wanted) return;
    const target = wanted.target();
    if (target) {
      target.focus();
      focusWanted.current = null;
    } else if (Date.now() > wanted.until) {
      document.querySelector<HTMLElement>('[data-testid="notification"]')?.focus();
      focusWanted.current = null;
    }
  });

  const focusSoon = useCallback((selector: string) => {
    focusWanted.current = {
      target: () => document.querySelector<HTMLElement>(selector),
      until: Date.now() + FOCUS_WAIT_MS,
    };
  }, []);
  /** Once the conversation's item has gone from the list: the next task, or the message that says why. */
  const focusAfterGone = useCallback((conversationSid: string | null) => {
    focusWanted.current = {
      target: () =>
        conversationSid && document.querySelector(`[data-focus="live:${conversationSid}"]`)
          ? null
          : (document.querySelector<HTMLElement>('[data-testid="task-list"] [data-focus]') ??
            document.querySelector<HTMLElement>('[data-testid="notification"]')),
      until: Date.now() + FOCUS_WAIT_MS,
    };
  }, []);

  return { focusSoon, focusAfterGone };
}
