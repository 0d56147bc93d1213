import * as React from 'react';

/**
 * Runs an async callback at most once at a time. The ref, not the state, blocks the second click: state
 * updates are batched, so two clicks in the same tick would both still see `busy === false`.
 */
export function useAsyncAction(action: () => Promise<unknown>): { busy: boolean; run: () => void } {
  const [busy, setBusy] = React.useState(false);
  const inFlight = React.useRef(false);
  const mounted = React.useRef(true);

  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = React.useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(action());
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending
      // The action reports its own failure (a Flex notification); the button only has to come back.
      .catch(() => undefined)
      .then(() => {
        inFlight.current = false;
        // A successful Leave usually removes the task, and this button with it.
        if (mounted.current) setBusy(false);
      });
  }, [action]);

  return { busy, run };
}
