import * as React from 'react';
import { render, type RenderOptions, type RenderResult } from '@testing-library/react';

import { LeavePauseThemeProvider, type FlexThemeLike } from '../../src/components';

/** Flex's two base themes, as Flex hands them to a CustomProvider (props.theme). */
export const FLEX_THEMES: ReadonlyArray<[name: 'light' | 'dark', theme: FlexThemeLike]> = [
  ['light', { isLight: true }],
  ['dark', { isLight: false }],
];

/** Renders inside the plugin's Paste theme bridge, as Flex does once the plugin has called setProviders. */
export function renderThemed(
  ui: React.ReactElement,
  theme: FlexThemeLike = { isLight: true },
  options: Omit<RenderOptions, 'wrapper'> = {},
): RenderResult {
  const Wrapper = ({ children }: { children?: React.ReactNode }) => (
    <LeavePauseThemeProvider theme={theme}>{children}</LeavePauseThemeProvider>
  );
  return render(ui, { ...options, wrapper: Wrapper });
}
