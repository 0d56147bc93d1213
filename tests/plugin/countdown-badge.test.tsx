import * as React from 'react';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { FLEX_THEMES, renderThemed as render } from './theme';

import { LivePauseCountdownBadge, PauseCountdownBadge } from '../../src/components';
import { en, es } from '../../src/strings';
import { countdown, createTicker, DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../src/time';

const DEADLINE = Date.parse('2030-01-15T10:00:00.000Z');

function badgeAt(now: number, strings = en) {
  return (
    <PauseCountdownBadge
      reassignAt={new Date(DEADLINE)}
      now={now}
      strings={strings}
      timeZone="UTC"
      locale="en-US"
    />
  );
}

function badge() {
  return document.querySelector('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]') as HTMLElement;
}

describe('PauseCountdownBadge text', () => {
  it.each([
    [13 * DAY_MS + 4 * HOUR_MS, 'Reassigned in 13 days 4 hours'],
    // Rounded up: 13 d 3 h 1 min left still reads 13 days 4 hours, never less than what remains.
    [13 * DAY_MS + 3 * HOUR_MS + MINUTE_MS, 'Reassigned in 13 days 4 hours'],
    [DAY_MS + 1, 'Reassigned in 1 day 1 hour'],
    [DAY_MS, 'Reassigned in 24 hours — within a day'],
    [5 * HOUR_MS + 12 * MINUTE_MS, 'Reassigned in 5 hours 12 minutes — within a day'],
    [HOUR_MS + 1, 'Reassigned in 1 hour 1 minute — within a day'],
    [HOUR_MS, 'Reassigned in 60 minutes — soon'],
    [12 * MINUTE_MS, 'Reassigned in 12 minutes — soon'],
    [5 * MINUTE_MS + 1, 'Reassigned in 6 minutes — soon'],
    [5 * MINUTE_MS, 'Reassigned in 5 minutes — soon'],
    [4 * MINUTE_MS + 10 * SECOND_MS, 'Reassigned in 4 minutes 10 seconds — soon'],
    [45 * SECOND_MS, 'Reassigned in 45 seconds — soon'],
    [1, 'Reassigned in 1 second — soon'],
    [0, 'Reassigning…'],
    [-5 * MINUTE_MS, 'Reassigning…'],
  ])('%d ms before the deadline reads "%s"', (remaining, text) => {
    render(badgeAt(DEADLINE - remaining));
    expect(badge()).toHaveTextContent(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('speaks Spanish with the Spanish strings and date-fns Spanish units', () => {
    render(
      <PauseCountdownBadge
        reassignAt={new Date(DEADLINE)}
        now={DEADLINE - (2 * HOUR_MS + 5 * MINUTE_MS)}
        strings={es}
        locale="es-MX"
        timeZone="UTC"
      />,
    );
    expect(badge()).toHaveTextContent('Se reasigna en 2 horas 5 minutos — en menos de un día');
    expect(screen.getByRole('tooltip', { hidden: true })).toHaveTextContent(
      'Vuelve a la cola el 15 ene 2030, 10:00',
    );
  });

  it('accepts an ISO string deadline', () => {
    render(
      <PauseCountdownBadge
        reassignAt="2030-01-15T10:00:00.000Z"
        now={DEADLINE - 12 * MINUTE_MS}
        strings={en}
      />,
    );
    expect(badge()).toHaveTextContent('Reassigned in 12 minutes');
  });
});

describe('PauseCountdownBadge look', () => {
  it.each([
    [DAY_MS + 1, 'normal'],
    [DAY_MS, 'warning'],
    [HOUR_MS + 1, 'warning'],
    [HOUR_MS, 'error'],
    [0, 'error'],
  ])('%d ms before the deadline looks %s, with the time icon like Flex’s pause timer', (remaining, look) => {
    render(badgeAt(DEADLINE - remaining));
    expect(badge()).toHaveAttribute('data-look', look);
    const icon = badge().querySelector('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE_ICON"] svg');
    expect(icon).toHaveAttribute('aria-hidden', 'true');
  });

  it('takes its colours from the Paste variant of each look, different in light and dark', () => {
    const colours = (theme: (typeof FLEX_THEMES)[number][1]) =>
      [DAY_MS + 1, DAY_MS, HOUR_MS].map((remaining) => {
        const { unmount } = render(badgeAt(DEADLINE - remaining), theme);
        const { backgroundColor, color } = getComputedStyle(badge());
        unmount();
        return `${backgroundColor}/${color}`;
      });
    const light = colours({ isLight: true });
    const dark = colours({ isLight: false });
    expect(new Set(light).size).toBe(3);
    expect(new Set(dark).size).toBe(3);
    for (let i = 0; i < 3; i++) expect(dark[i]).not.toBe(light[i]);
  });

  describe.each(FLEX_THEMES)('in Flex’s %s theme', (_name, theme) => {
    it.each([
      ['normal', DAY_MS + HOUR_MS],
      ['warning', 3 * HOUR_MS],
      ['error', 30 * MINUTE_MS],
      ['due', 0],
    ])('has no axe violations in the %s look', async (_look, remaining) => {
      const { container } = render(badgeAt(DEADLINE - remaining), theme);
      expect(await axe(container)).toHaveNoViolations();
    });
  });

  it('shows the exact local time in a tooltip on focus, which is also its description', async () => {
    const user = userEvent.setup();
    render(badgeAt(DEADLINE - 3 * DAY_MS));
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    expect(tooltip).not.toBeVisible();
    await user.tab();
    expect(badge()).toHaveFocus();
    expect(screen.getByRole('tooltip')).toBeVisible();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Goes back to the queue at Jan 15, 2030, 10:00 AM');
    expect(badge()).toHaveAccessibleDescription('Goes back to the queue at Jan 15, 2030, 10:00 AM');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('tooltip', { hidden: true })).not.toBeVisible();
  });

  it('formats the tooltip in the agent time zone', () => {
    render(
      <PauseCountdownBadge
        reassignAt={new Date(DEADLINE)}
        now={0}
        strings={en}
        locale="en-US"
        timeZone="America/New_York"
      />,
    );
    expect(screen.getByRole('tooltip', { hidden: true })).toHaveTextContent('Jan 15, 2030, 5:00 AM');
  });
});

describe('PauseCountdownBadge announcements', () => {
  function announcer() {
    return document.querySelector('[aria-live="polite"]') as HTMLElement;
  }

  it('announces a mark crossing once, politely, and not on mount or ordinary ticks', () => {
    const { rerender } = render(badgeAt(DEADLINE - DAY_MS - MINUTE_MS));
    expect(announcer()).toHaveTextContent(/^$/);
    rerender(badgeAt(DEADLINE - DAY_MS - 1));
    expect(announcer()).toHaveTextContent(/^$/);
    rerender(badgeAt(DEADLINE - DAY_MS));
    expect(announcer()).toHaveTextContent(en.LeavePauseCountdownWarningAnnouncement);
    rerender(badgeAt(DEADLINE - 2 * HOUR_MS));
    expect(announcer()).toHaveTextContent(en.LeavePauseCountdownWarningAnnouncement);
    rerender(badgeAt(DEADLINE - HOUR_MS));
    expect(announcer()).toHaveTextContent(en.LeavePauseCountdownErrorAnnouncement);
    rerender(badgeAt(DEADLINE));
    expect(announcer()).toHaveTextContent(en.LeavePauseCountdownDueAnnouncement);
  });

  it('does not announce when mounted already inside a mark', () => {
    render(badgeAt(DEADLINE - 30 * MINUTE_MS));
    expect(announcer()).toHaveTextContent(/^$/);
    expect(badge().closest('[aria-live]')).toBeNull();
  });
});

describe('countdown()', () => {
  it('reports the next change at the next unit boundary, which includes each mark', () => {
    expect(countdown(DEADLINE, DEADLINE - (DAY_MS + 30 * MINUTE_MS)).nextChangeInMs).toBe(30 * MINUTE_MS);
    expect(countdown(DEADLINE, DEADLINE - (HOUR_MS + 30 * SECOND_MS)).nextChangeInMs).toBe(30 * SECOND_MS);
    expect(countdown(DEADLINE, DEADLINE - (4 * MINUTE_MS + 500)).nextChangeInMs).toBe(500);
    expect(countdown(DEADLINE, DEADLINE).nextChangeInMs).toBe(Infinity);
  });
});

describe('LivePauseCountdownBadge with a ticker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('corrects a browser clock that is 10 minutes off in either direction', () => {
    const serverNow = DEADLINE - (2 * HOUR_MS + 30 * MINUTE_MS);
    const texts: string[] = [];
    for (const skew of [0, 10 * MINUTE_MS, -10 * MINUTE_MS]) {
      jest.setSystemTime(serverNow + skew);
      const ticker = createTicker({ offsetMs: () => -skew });
      const { unmount } = render(
        <LivePauseCountdownBadge reassignAt={new Date(DEADLINE)} strings={en} ticker={ticker} />,
      );
      texts.push(badge().textContent ?? '');
      unmount();
      ticker.dispose();
    }
    expect(texts).toEqual(Array(3).fill('Reassigned in 2 hours 30 minutes — within a day'));
  });

  it('without the correction a 10-minute skew would show a different time', () => {
    jest.setSystemTime(DEADLINE - (2 * HOUR_MS + 30 * MINUTE_MS) + 10 * MINUTE_MS);
    const ticker = createTicker();
    render(<LivePauseCountdownBadge reassignAt={new Date(DEADLINE)} strings={en} ticker={ticker} />);
    expect(badge()).toHaveTextContent('Reassigned in 2 hours 20 minutes');
    ticker.dispose();
  });

  it('announces the mark it crosses once, politely, without re-rendering its tooltip', () => {
    jest.setSystemTime(DEADLINE - HOUR_MS - 2 * SECOND_MS);
    const ticker = createTicker();
    render(<LivePauseCountdownBadge reassignAt={new Date(DEADLINE)} strings={en} ticker={ticker} />);
    const announcer = document.querySelector('[aria-live="polite"]') as HTMLElement;
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    expect(announcer).toHaveTextContent(/^$/);
    act(() => void jest.advanceTimersByTime(2 * SECOND_MS + 10));
    expect(announcer).toHaveTextContent(en.LeavePauseCountdownErrorAnnouncement);
    expect(screen.getByRole('tooltip', { hidden: true })).toBe(tooltip);
    act(() => void jest.advanceTimersByTime(30 * MINUTE_MS));
    expect(announcer).toHaveTextContent(en.LeavePauseCountdownErrorAnnouncement);
    act(() => void jest.advanceTimersByTime(30 * MINUTE_MS));
    expect(announcer).toHaveTextContent(en.LeavePauseCountdownDueAnnouncement);
    ticker.dispose();
  });

  it('changes look exactly at the 1-hour mark and ticks every second in the last minutes', () => {
    jest.setSystemTime(DEADLINE - HOUR_MS - 2 * SECOND_MS);
    const ticker = createTicker();
    render(<LivePauseCountdownBadge reassignAt={new Date(DEADLINE)} strings={en} ticker={ticker} />);
    expect(badge()).toHaveAttribute('data-look', 'warning');
    expect(badge()).toHaveTextContent('Reassigned in 1 hour 1 minute');
    act(() => void jest.advanceTimersByTime(2 * SECOND_MS + 10));
    expect(badge()).toHaveAttribute('data-look', 'error');
    expect(badge()).toHaveTextContent('Reassigned in 60 minutes — soon');

    jest.setSystemTime(DEADLINE - 5 * MINUTE_MS - 1);
    act(() => ticker.tick());
    expect(badge()).toHaveTextContent('Reassigned in 6 minutes');
    act(() => void jest.advanceTimersByTime(10));
    expect(badge()).toHaveTextContent('Reassigned in 5 minutes — soon');
    act(() => void jest.advanceTimersByTime(SECOND_MS));
    expect(badge()).toHaveTextContent('Reassigned in 4 minutes 59 seconds');
    act(() => void jest.advanceTimersByTime(5 * MINUTE_MS));
    expect(badge()).toHaveTextContent(/^Reassigning…$/);
    ticker.dispose();
  });
});
