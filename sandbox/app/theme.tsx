/**
 * Light and dark, the way Flex gives Paste its theme: the plugin's own bridge (LeavePauseThemeProvider, what
 * `flex.setProviders` installs in Flex) with `isLight` from the desk's switch, so the
 * desk's chrome and the plugin's components take the same theme.
 */
import * as React from 'react';
import { LeavePauseThemeProvider } from '../../src/components';
import { useTheme } from '@twilio-paste/core/theme';

export type ThemeName = 'light' | 'dark';

/** The page behind the desk takes the theme's body colour, as Flex's does. */
function ThemedPage({ children }: { children: React.ReactNode }) {
  const theme = useTheme();
  return (
    <div
      data-testid="desk-theme"
      style={{ minHeight: '100vh', background: theme.backgroundColors.colorBackgroundBody }}
    >
      {children}
    </div>
  );
}

export function DeskTheme({ name, children }: { name: ThemeName; children: React.ReactNode }) {
  return (
    <LeavePauseThemeProvider theme={{ isLight: name !== 'dark' }}>
      <ThemedPage>{children}</ThemedPage>
    </LeavePauseThemeProvider>
  );
}
