import * as React from 'react';
import { act, render as renderBare, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';

import {
  ActionStatus,
  LeaveButton,
  LeavePauseThemeProvider,
  PauseButton,
  PausedTaskNotice,
  ResumeButton,
  type FocusTargets,
} from '../../src/components';
import { installThemeBridge } from '../../src/LeavePausePlugin';
import { FLEX_THEMES, renderThemed as render } from './theme';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const buttons = [
  {
    name: 'LeaveButton',
    element: 'LEAVE_PAUSE_LEAVE_BUTTON',
    renderWith: (fn: () => Promise<unknown>, disabled?: boolean, focusAfter?: FocusTargets) => (
      <LeaveButton
        label="Leave"
        busyLabel="Leaving…"
        onLeave={fn}
        disabled={disabled}
        focusAfter={focusAfter}
      />
    ),
    label: 'Leave',
    busy: 'Leaving…',
  },
  {
    name: 'PauseButton',
    element: 'LEAVE_PAUSE_PAUSE_BUTTON',
    renderWith: (fn: () => Promise<unknown>, disabled?: boolean, focusAfter?: FocusTargets) => (
      <PauseButton
        label="Pause"
        busyLabel="Pausing…"
        onPause={fn}
        disabled={disabled}
        focusAfter={focusAfter}
      />
    ),
    label: 'Pause',
    busy: 'Pausing…',
  },
  {
    name: 'ResumeButton',
    element: 'LEAVE_PAUSE_RESUME_BUTTON',
    renderWith: (fn: () => Promise<unknown>, disabled?: boolean, focusAfter?: FocusTargets) => (
      <ResumeButton
        label="Resume conversation"
        busyLabel="Resuming…"
        onResume={fn}
        disabled={disabled}
        focusAfter={focusAfter}
      />
    ),
    label: 'Resume conversation',
    busy: 'Resuming…',
  },
];

describe.each(buttons)('$name', ({ renderWith, label, busy, element }) => {
  it.each(FLEX_THEMES)(
    'in Flex’s %s theme: an accessible name, a customisation element, no axe violations',
    async (_name, theme) => {
      const { container } = render(
        renderWith(() => Promise.resolve()),
        theme,
      );
      const button = screen.getByRole('button', { name: label });
      expect(button).toBeEnabled();
      expect(button).toHaveAttribute('data-paste-element', element);
      expect(await axe(container)).toHaveNoViolations();
    },
  );

  it('moves focus to the first present focusAfter target once the action succeeded', async () => {
    const user = userEvent.setup();
    const pending = deferred();
    render(
      <>
        {renderWith(() => pending.promise, false, [
          () => document.getElementById('gone'),
          () => document.getElementById('next-task'),
          () => document.getElementById('status'),
        ])}
        <button type="button" id="next-task">
          Next task
        </button>
        <div id="status" tabIndex={-1} />
      </>,
    );
    await user.click(screen.getByRole('button', { name: label }));
    expect(screen.getByRole('button', { name: busy })).toHaveFocus();
    await act(async () => {
      pending.resolve();
      await pending.promise;
    });
    expect(screen.getByRole('button', { name: 'Next task' })).toHaveFocus();
  });

  it('moves focus even when the action removed the button (Leave removes the task)', async () => {
    const user = userEvent.setup();
    const pending = deferred();
    const status = React.createRef<HTMLDivElement>();
    const Host = ({ shown }: { shown: boolean }) => (
      <>
        {shown
          ? renderWith(
              () => pending.promise,
              false,
              () => [status.current],
            )
          : null}
        <ActionStatus ref={status} message={shown ? '' : 'Done'} />
      </>
    );
    const { rerender } = render(<Host shown />);
    await user.click(screen.getByRole('button', { name: label }));
    rerender(<Host shown={false} />);
    expect(document.body).toHaveFocus();
    await act(async () => {
      pending.resolve();
      await pending.promise;
    });
    expect(screen.getByRole('status')).toHaveFocus();
  });

  it('keeps focus on the button after a failure, and leaves focus alone if the agent moved on', async () => {
    const user = userEvent.setup();
    const failing = deferred();
    const next = jest.fn(() => document.getElementById('next-task'));
    const { unmount } = render(
      <>
        {renderWith(() => failing.promise, false, [next])}
        <button type="button" id="next-task">
          Next task
        </button>
      </>,
    );
    await user.click(screen.getByRole('button', { name: label }));
    await act(async () => {
      failing.reject(new Error('nope'));
      await failing.promise.catch(() => undefined);
    });
    expect(screen.getByRole('button', { name: label })).toHaveFocus();
    expect(next).not.toHaveBeenCalled();
    unmount();

    const pending = deferred();
    render(
      <>
        {renderWith(() => pending.promise, false, [() => document.getElementById('next-task')])}
        <button type="button" id="next-task">
          Next task
        </button>
        <input aria-label="Reply" />
      </>,
    );
    await user.click(screen.getByRole('button', { name: label }));
    await user.click(screen.getByRole('textbox', { name: 'Reply' }));
    await act(async () => {
      pending.resolve();
      await pending.promise;
    });
    expect(screen.getByRole('textbox', { name: 'Reply' })).toHaveFocus();
  });

  it('is disabled and says so while the action is in flight; a double click acts once', async () => {
    const user = userEvent.setup();
    const pending = deferred();
    const action = jest.fn(() => pending.promise);
    const { container } = render(renderWith(action));

    await user.dblClick(screen.getByRole('button', { name: label }));
    const busyButton = screen.getByRole('button', { name: busy });
    expect(busyButton).toBeDisabled();
    await user.click(busyButton);
    expect(action).toHaveBeenCalledTimes(1);
    expect(await axe(container)).toHaveNoViolations();

    await act(async () => {
      pending.resolve();
      await pending.promise;
    });
    expect(screen.getByRole('button', { name: label })).toBeEnabled();
  });

  it('comes back after a failure so the agent can retry', async () => {
    const user = userEvent.setup();
    const first = deferred();
    const action = jest.fn().mockReturnValueOnce(first.promise).mockResolvedValueOnce(undefined);
    render(renderWith(action));

    await user.click(screen.getByRole('button', { name: label }));
    expect(screen.getByRole('button', { name: busy })).toBeDisabled();
    await act(async () => {
      first.reject(new Error('nope'));
      await first.promise.catch(() => undefined);
    });
    const again = screen.getByRole('button', { name: label });
    expect(again).toBeEnabled();
    // The retry settles at once; act lets its state update land inside the test.
    await act(async () => {
      await user.click(again);
    });
    expect(action).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('button', { name: label })).toBeEnabled();
  });

  it('survives an action that throws synchronously', async () => {
    const user = userEvent.setup();
    const action = jest.fn(() => {
      throw new Error('sync');
    });
    render(renderWith(action));
    await act(async () => {
      await user.click(screen.getByRole('button', { name: label }));
    });
    expect(action).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: label })).toBeEnabled();
  });

  it('respects disabled', async () => {
    const user = userEvent.setup();
    const action = jest.fn(() => Promise.resolve());
    render(renderWith(action, true));
    const button = screen.getByRole('button', { name: label });
    expect(button).toBeDisabled();
    await user.click(button);
    expect(action).not.toHaveBeenCalled();
  });

  it('does not warn when unmounted mid-flight (a successful Leave removes the task)', async () => {
    const user = userEvent.setup();
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const pending = deferred();
    const { unmount } = render(renderWith(() => pending.promise));
    await user.click(screen.getByRole('button', { name: label }));
    unmount();
    await act(async () => {
      pending.resolve();
      await pending.promise;
    });
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe.each(FLEX_THEMES)('PausedTaskNotice in Flex’s %s theme', (_name, theme) => {
  it('states the paused condition in text, with the time when known, as a Paste Callout', async () => {
    const { container } = render(
      <PausedTaskNotice
        label="Paused conversation"
        pausedAtText="Paused Jan 1, 10:00"
        iconLabel="(información)"
      />,
      theme,
    );
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Paused conversation');
    expect(status).toHaveTextContent('Paused Jan 1, 10:00');
    expect(status).toHaveTextContent('(información)');
    expect(status).toHaveAttribute('data-paste-element', 'LEAVE_PAUSE_PAUSED_NOTICE');
    expect(await axe(container)).toHaveNoViolations();
  });

  it('works without a time, and takes focus by script (a focus target after Pause)', async () => {
    const notice = React.createRef<HTMLDivElement>();
    const { container } = render(
      <PausedTaskNotice ref={notice} label="Paused conversation" iconLabel="(information)" />,
      theme,
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^\(information\)Paused conversation$/);
    act(() => notice.current?.focus());
    expect(screen.getByRole('status')).toHaveFocus();
    expect(await axe(container)).toHaveNoViolations();
  });
});

describe.each(FLEX_THEMES)('ActionStatus in Flex’s %s theme', (_name, theme) => {
  it('is a polite status that takes focus when focusKey changes, not before', async () => {
    const { rerender, container } = render(<ActionStatus message="" />, theme);
    expect(screen.getByRole('status')).toHaveTextContent(/^$/);
    rerender(<ActionStatus message="Conversation paused." variant="success" variantLabel="(success)" />);
    expect(screen.getByRole('status')).toHaveTextContent('(success)');
    expect(screen.getByRole('status')).not.toHaveFocus();
    rerender(
      <ActionStatus message="Conversation paused." variant="success" variantLabel="(success)" focusKey={1} />,
    );
    expect(screen.getByRole('status')).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('Conversation paused.');
    expect(await axe(container)).toHaveNoViolations();
    // A later message with the same focusKey does not take focus back.
    act(() => screen.getByRole('status').blur());
    rerender(<ActionStatus message="Reminder" focusKey={1} />);
    expect(screen.getByRole('status')).not.toHaveFocus();
  });

  it('says errors with a label, not colour alone', async () => {
    const { container } = render(
      <ActionStatus message="Could not pause: timeout" variant="error" variantLabel="(error)" focusKey="a" />,
      theme,
    );
    expect(screen.getByRole('status')).toHaveTextContent('(error)Could not pause: timeout');
    expect(await axe(container)).toHaveNoViolations();
  });
});

describe('the theme bridge', () => {
  const primaryBackground = () =>
    getComputedStyle(screen.getByRole('button', { name: 'Resume conversation' })).backgroundColor;
  const resume = <ResumeButton label="Resume conversation" busyLabel="Resuming…" onResume={async () => 1} />;

  it('gives Paste Flex’s light or dark base theme and Flex’s token overrides', () => {
    // Paste's primary blue is the same in both base themes; a secondary button's body colour is not.
    const seen = FLEX_THEMES.map(([, theme]) => {
      const { unmount } = render(
        <LeaveButton label="Leave" busyLabel="Leaving…" onLeave={async () => 1} />,
        theme,
      );
      const { backgroundColor, color } = getComputedStyle(screen.getByRole('button', { name: 'Leave' }));
      unmount();
      return `${backgroundColor}/${color}`;
    });
    expect(seen[0]).not.toBe(seen[1]);
    render(resume, {
      isLight: true,
      tokens: { backgroundColors: { colorBackgroundPrimary: 'rgb(1, 2, 3)' } },
    });
    expect(primaryBackground()).toBe('rgb(1, 2, 3)');
  });

  it('is installed with flex.setProviders, wrapping Flex’s root with the theme Flex passes it', () => {
    const setProviders = jest.fn();
    installThemeBridge({ setProviders });
    const { CustomProvider } = setProviders.mock.calls[0][0] as {
      CustomProvider: (
        root: React.ComponentType<{ theme: object }>,
      ) => React.ComponentType<{ theme: object }>;
    };
    const Root = () => resume;
    const Wrapped = CustomProvider(Root);
    renderBare(
      <Wrapped
        theme={{ isLight: false, tokens: { backgroundColors: { colorBackgroundPrimary: 'rgb(4, 5, 6)' } } }}
      />,
    );
    expect(primaryBackground()).toBe('rgb(4, 5, 6)');
  });

  it('defaults to the light theme when Flex passes none', () => {
    const { unmount } = render(resume, { isLight: true });
    const light = primaryBackground();
    unmount();
    renderBare(<LeavePauseThemeProvider>{resume}</LeavePauseThemeProvider>);
    expect(primaryBackground()).toBe(light);
  });
});
