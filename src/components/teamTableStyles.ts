import * as React from 'react';
import { useTheme } from '@twilio-paste/theme';

/*
 * The team view's table styles (issue 18 part 4), apart from the view's state (TeamPausedView.tsx) and its
 * rows (TeamRow.tsx).
 */

/**
 * The table's cells and buttons are plain elements styled once from the Paste theme's tokens (so both Flex
 * themes apply): a Paste Td, Th or Button per cell costs a styled component each, and 50 rows of them made a
 * page too slow to render (bench/plugin/team-view.ts). The rows' elements are styled by class from one
 * stylesheet per view (`rowCss`); the few header elements keep a style attribute.
 */
export function useTableStyles() {
  const theme = useTheme();
  return React.useMemo(() => {
    const cell: React.CSSProperties = {
      padding: `${theme.space.space30} ${theme.space.space40}`,
      borderBottom: `${theme.borderWidths.borderWidth10} solid ${theme.borderColors.colorBorderWeaker}`,
      color: theme.textColors.colorText,
      fontSize: theme.fontSizes.fontSize30,
      textAlign: 'start',
      verticalAlign: 'middle',
    };
    const button: React.CSSProperties = {
      font: 'inherit',
      fontSize: theme.fontSizes.fontSize30,
      fontWeight: Number(theme.fontWeights.fontWeightSemibold),
      color: theme.textColors.colorTextPrimary,
      backgroundColor: theme.backgroundColors.colorBackgroundBody,
      border: `${theme.borderWidths.borderWidth10} solid ${theme.borderColors.colorBorderPrimary}`,
      borderRadius: theme.radii.borderRadius20,
      padding: `${theme.space.space10} ${theme.space.space30}`,
      cursor: 'pointer',
    };
    const badge = (background: string, color: string): React.CSSProperties => ({
      display: 'inline-block',
      backgroundColor: background,
      color,
      borderRadius: theme.radii.borderRadius20,
      padding: `${theme.space.space10} ${theme.space.space30}`,
      fontSize: theme.fontSizes.fontSize20,
      fontWeight: Number(theme.fontWeights.fontWeightSemibold),
      whiteSpace: 'nowrap',
    });
    // The rows' elements take their look from classes (one stylesheet per view), not from a style attribute
    // each: 50 rows of inline styles were a third of a page's render in Chromium (bench/plugin/team-view-browser.ts).
    const rowRules: [string, React.CSSProperties][] = [
      [`.${ROW_CLASSES.cell}`, cell],
      [`.${ROW_CLASSES.rowHead}`, { ...cell, fontWeight: Number(theme.fontWeights.fontWeightSemibold) }],
      [`.${ROW_CLASSES.button}`, button],
      [`.${ROW_CLASSES.button}:disabled`, { cursor: 'wait', opacity: 0.6 }],
      [`.${ROW_CLASSES.actions}`, { display: 'inline-flex', gap: '8px' }],
      [
        `.${ROW_CLASSES.badge}[data-look="normal"]`,
        badge(theme.backgroundColors.colorBackgroundNeutralWeakest, theme.textColors.colorTextNeutral),
      ],
      [
        `.${ROW_CLASSES.badge}[data-look="warning"]`,
        badge(theme.backgroundColors.colorBackgroundWarningWeakest, theme.textColors.colorTextWarningStrong),
      ],
      [
        `.${ROW_CLASSES.badge}[data-look="error"]`,
        badge(theme.backgroundColors.colorBackgroundErrorWeakest, theme.textColors.colorTextErrorStrong),
      ],
    ];
    return {
      rowCss: (scope: string) =>
        rowRules.map(([selector, rule]) => `.${scope} ${selector}{${cssText(rule)}}`).join('\n'),
      table: {
        width: '100%',
        borderCollapse: 'collapse',
        backgroundColor: theme.backgroundColors.colorBackgroundBody,
      } as React.CSSProperties,
      head: {
        ...cell,
        backgroundColor: theme.backgroundColors.colorBackground,
        fontWeight: Number(theme.fontWeights.fontWeightSemibold),
      } as React.CSSProperties,
      sortButton: {
        ...button,
        border: 'none',
        background: 'none',
        padding: 0,
        color: theme.textColors.colorText,
      } as React.CSSProperties,
    };
  }, [theme]);
}

/** The classes of the rows' elements, styled by the view's own stylesheet (useTableStyles's rowCss). */
export const ROW_CLASSES = {
  cell: 'leave-pause-team-cell',
  rowHead: 'leave-pause-team-row-head',
  button: 'leave-pause-team-button',
  actions: 'leave-pause-team-actions',
  badge: 'leave-pause-team-badge',
} as const;

/** A style object as CSS declarations (camelCase names to CSS's; numbers as written: no unit is ever implied). */
function cssText(rule: React.CSSProperties): string {
  return Object.entries(rule)
    .map(
      ([name, value]) => `${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}:${String(value)}`,
    )
    .join(';');
}
