/**
 * Light and dark, the way Flex gives Paste its theme: a CustomizationProvider with `baseTheme` from the theme's
 * `isLight`. The plugin's components that style themselves with Paste's token names as CSS custom properties
 * get the same theme through those properties, set here from the active Paste theme.
 */
import * as React from 'react';
import { CustomizationProvider } from '@twilio-paste/core/customization';
import { useTheme } from '@twilio-paste/core/theme';

export type ThemeName = 'light' | 'dark';

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function TokenVariables({ children }: { children: React.ReactNode }) {
  const theme = useTheme();
  const style = React.useMemo(() => {
    const variables: Record<string, string> = {};
    const groups = [theme.backgroundColors, theme.textColors, theme.borderColors, theme.shadows, theme.fonts];
    for (const group of groups) {
      for (const [name, value] of Object.entries(group as Record<string, unknown>)) {
        if (typeof value === 'string') variables[`--${kebab(name)}`] = value;
      }
    }
    return variables as React.CSSProperties;
  }, [theme]);
  return (
    <div
      data-testid="desk-theme"
      style={{ ...style, minHeight: '100vh', background: theme.backgroundColors.colorBackgroundBody }}
    >
      {children}
    </div>
  );
}

export function DeskTheme({ name, children }: { name: ThemeName; children: React.ReactNode }) {
  return (
    <CustomizationProvider baseTheme={name === 'dark' ? 'dark' : 'default'}>
      <TokenVariables>{children}</TokenVariables>
    </CustomizationProvider>
  );
}
