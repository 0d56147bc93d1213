import * as React from 'react';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';

import { LeaveButton, PauseButton, PausedTaskNotice, ResumeButton } from '../../src/components';

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
    renderWith: (fn: () => Promise<unknown>, disabled?: boolean) => (
      <LeaveButton label="Leave" busyLabel="Leaving…" onLeave={fn} disabled={disabled} />
    ),
    label: 'Leave',
    busy: 'Leaving…',
  },
  {
    name: 'PauseButton',
    element: 'LEAVE_PAUSE_PAUSE_BUTTON',
    renderWith: (fn: () => Promise<unknown>, disabled?: boolean) => (
      <PauseButton label="Pause" busyLabel="Pausing…" onPause={fn} disabled={disabled} />
    ),
    label: 'Pause',
    busy: 'Pausing…',
  },
  {
    name: 'ResumeButton',
    element: 'LEAVE_PAUSE_RESUME_BUTTON',
    renderWith: (fn: () => Promise<unknown>, disabled?: boolean) => (
      <ResumeButton label="Resume conversation" busyLabel="Resuming…" onResume={fn} disabled={disabled} />
    ),
    label: 'Resume conversation',
    busy: 'Resuming…',
  },
];

describe.each(buttons)('$name', ({ renderWith, label, busy, element }) => {
  it('has an accessible name, a customisation element and no axe violations', async () => {
    const { container } = render(renderWith(() => Promise.resolve()));
    const button = screen.getByRole('button', { name: label });
    expect(button).toBeEnabled();
    expect(button).toHaveAttribute('data-paste-element', element);
    expect(await axe(container)).toHaveNoViolations();
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

describe('PausedTaskNotice', () => {
  it('states the paused condition in text, with the time when known', async () => {
    const { container } = render(
      <PausedTaskNotice label="Paused conversation" pausedAtText="Paused Jan 1, 10:00" />,
    );
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Paused conversation');
    expect(status).toHaveTextContent('Paused Jan 1, 10:00');
    expect(status).toHaveAttribute('data-paste-element', 'LEAVE_PAUSE_PAUSED_NOTICE');
    expect(await axe(container)).toHaveNoViolations();
  });

  it('works without a time', async () => {
    const { container } = render(<PausedTaskNotice label="Paused conversation" />);
    expect(screen.getByRole('status')).toHaveTextContent(/^Paused conversation$/);
    expect(await axe(container)).toHaveNoViolations();
  });
});
