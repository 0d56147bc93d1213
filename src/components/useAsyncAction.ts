import * as React from 'react';

/**
 * Runs an async callback at most once at a time. The ref, not the state, blocks the second click: state
 * updates are batched, so two clicks in the same tick would both still see `busy === false`.
 */
export interface AsyncActionOutcome {
  /** Called once the action resolved, whether or not the component is still mounted. */
  onSuccess?: () => void;
  /** Called once the action failed (it reports the failure itself), while still mounted. */
  onFailure?: () => void;
}

export function useAsyncAction(
  action: () => Promise<unknown>,
  outcome: AsyncActionOutcome = {},
): { busy: boolean; run: () => void } {
  const [busy, setBusy] = React.useState(false);
  const inFlight = React.useRef(false);
  const mounted = React.useRef(true);
  // Read when the action settles, so the latest callbacks run without re-creating `run` on every render.
  const latest = React.useRef(outcome);
  latest.current = outcome;

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
      .then(
        () => true,
        // The action reports its own failure (a Flex notification); the button only has to come back.
        () => false,
      )
      .then((succeeded) => {
        inFlight.current = false;
        // A successful Leave usually removes the task, and this button with it.
        if (mounted.current) setBusy(false);
        if (succeeded) latest.current.onSuccess?.();
        else if (mounted.current) latest.current.onFailure?.();
      });
  }, [action]);

  return { busy, run };
}
