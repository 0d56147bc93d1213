import * as React from 'react';
import { CustomizationProvider } from '@twilio-paste/customization';

/**
 * The part of Flex's theme the plugin reads: what Flex hands a `CustomProvider` as `props.theme`
 * (RootContainerChildrenProps). `tokens` are Paste design tokens, including an admin's overrides.
 */
export interface FlexThemeLike {
  isLight?: boolean;
  tokens?: Record<string, unknown>;
}

export interface LeavePauseThemeProviderProps {
  /** Flex's theme; undefined (no Flex around, e.g. an old Flex) means Paste's light theme. */
  theme?: FlexThemeLike;
  children?: React.ReactNode;
  /** Paste element customisations (by `data-paste-element` name), merged over nothing of Flex's. */
  elements?: React.ComponentProps<typeof CustomizationProvider>['elements'];
  style?: React.CSSProperties;
}

/**
 * The plugin bundles its own Paste, whose components only see a theme their own CustomizationProvider
 * gives them. This is the bridge Twilio's own plugins use (flex-plugin-library-supervisor-capacity,
 * ui-src/src/utils/PasteThemeProvider.tsx): Paste's base theme from Flex's light/dark switch, and Flex's
 * tokens on top, so the plugin follows Flex's dark theme and an admin's token overrides.
 */
export function LeavePauseThemeProvider({
  theme,
  children,
  elements,
  style,
}: LeavePauseThemeProviderProps): React.ReactElement {
  // Paste hands the remaining props to its root element (StyledBase) but does not type them.
  const rootProps = { style };
  return (
    <CustomizationProvider
      baseTheme={theme?.isLight === false ? 'dark' : 'default'}
      // Flex's tokens are a full Paste token set; Paste types them more narrowly than Flex does.
      theme={theme?.tokens as React.ComponentProps<typeof CustomizationProvider>['theme']}
      elements={elements}
      {...rootProps}
    >
      {children}
    </CustomizationProvider>
  );
}
