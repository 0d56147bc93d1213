import * as React from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { FLEX_THEMES, renderThemed as render } from './theme';

import { PauseCountdownBadge } from '../../src/components';
import { BadgeTooltip } from '../../src/components/BadgeTooltip';
import { en } from '../../src/strings';

const DEADLINE = Date.UTC(2030, 0, 15, 10, 0, 0);
const TEXT = 'Goes back to the queue at Jan 15, 2030, 10:00 AM';

function badge() {
  return document.querySelector('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]') as HTMLElement;
}

/**
 * The countdown badge's tooltip (src/components/BadgeTooltip.tsx) stands in for Paste's Tooltip: it must
 * open and close as Paste's does for pointer users too, keep Paste's customization names, and stay clean for
 * axe in both of Flex's themes while open.
 */
describe('BadgeTooltip', () => {
  it('opens on hover and closes when the pointer leaves', async () => {
    const user = userEvent.setup();
    render(
      <PauseCountdownBadge
        reassignAt={new Date(DEADLINE)}
        now={DEADLINE - 3 * 86_400_000}
        strings={en}
        timeZone="UTC"
      />,
    );
    expect(screen.getByRole('tooltip', { hidden: true })).not.toBeVisible();
    await user.hover(badge());
    expect(screen.getByRole('tooltip')).toBeVisible();
    expect(screen.getByRole('tooltip')).toHaveTextContent(TEXT);
    await user.unhover(badge());
    expect(screen.getByRole('tooltip', { hidden: true })).not.toBeVisible();
  });

  it('closes when focus leaves the badge', async () => {
    const user = userEvent.setup();
    render(
      <>
        <PauseCountdownBadge reassignAt={new Date(DEADLINE)} now={0} strings={en} timeZone="UTC" />
        <button type="button">next</button>
      </>,
    );
    await user.tab();
    expect(screen.getByRole('tooltip')).toBeVisible();
    await user.tab();
    expect(screen.getByRole('button', { name: 'next' })).toHaveFocus();
    expect(screen.getByRole('tooltip', { hidden: true })).not.toBeVisible();
  });

  it.each([
    [500, 'top'],
    [40, 'bottom'],
  ])('with its reference %s px from the window top, opens on the %s side', async (top, placement) => {
    const user = userEvent.setup();
    const rect = jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      top,
      bottom: top + 20,
      left: 0,
      right: 80,
      width: 80,
      height: 20,
      x: 0,
      y: top,
    } as DOMRect);
    try {
      render(<PauseCountdownBadge reassignAt={new Date(DEADLINE)} now={0} strings={en} timeZone="UTC" />);
      await user.hover(badge());
      expect(screen.getByRole('tooltip')).toHaveAttribute('data-placement', placement);
    } finally {
      rect.mockRestore();
    }
  });

  it('keeps the element names a Flex admin customizes', () => {
    render(
      <BadgeTooltip text="words" element="SOME_TOOLTIP">
        <span tabIndex={0}>reference</span>
      </BadgeTooltip>,
    );
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    expect(tooltip).toHaveAttribute('data-paste-element', 'SOME_TOOLTIP');
    expect(tooltip.querySelector('[data-paste-element="SOME_TOOLTIP_TEXT"]')).toHaveTextContent('words');
    expect(screen.getByText('reference')).toHaveAccessibleDescription('words');
  });

  it.each(FLEX_THEMES)('has no axe violations while open in the %s theme', async (_name, theme) => {
    const user = userEvent.setup();
    const { container } = render(
      <PauseCountdownBadge reassignAt={new Date(DEADLINE)} now={0} strings={en} timeZone="UTC" />,
      theme,
    );
    await user.tab();
    expect(screen.getByRole('tooltip')).toBeVisible();
    expect(await axe(container)).toHaveNoViolations();
  });
});
