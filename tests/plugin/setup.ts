import '@testing-library/jest-dom';
import { configure } from '@testing-library/dom';
import { act } from '@testing-library/react';
import { toHaveNoViolations } from 'jest-axe';

expect.extend(toHaveNoViolations);

// user-event 14 dispatches through the top-level @testing-library/dom (10.x), while @testing-library/react 12
// (the React 17 line) wires act() only into its own nested copy (8.x). Without this, every state update a
// user-event action causes (Paste's Tooltip placing itself, a button's busy state) lands outside act() and
// React warns. These are RTL 12's own wrappers, given to the copy user-event uses.
configure({
  asyncWrapper: async (callback) => {
    let result: unknown;
    await act(async () => {
      result = await callback();
    });
    return result;
  },
  eventWrapper: (callback) => {
    let result: unknown;
    act(() => {
      result = callback();
    });
    return result;
  },
});
