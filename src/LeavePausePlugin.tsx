import * as React from 'react';
import { FlexPlugin } from '@twilio/flex-plugin';
import type * as Flex from '@twilio/flex-ui';

import { LeavePauseThemeProvider, type FlexThemeLike } from './components/LeavePauseThemeProvider';
import { initLeavePause } from './flex/init';

const PLUGIN_NAME = 'LeavePausePlugin';

type CustomProvider = NonNullable<Parameters<typeof Flex.setProviders>[0]['CustomProvider']>;

/**
 * Wraps Flex's root in the plugin's Paste theme bridge (see LeavePauseThemeProvider): the plugin bundles
 * its own Paste, which sees Flex's light/dark theme and token overrides only through this provider.
 * `setProviders` is Flex 2's API for it (@twilio/flex-ui src/public_api/Providers.d.ts).
 */
export function installThemeBridge(flex: Pick<typeof Flex, 'setProviders'>): void {
  const CustomProvider: CustomProvider = (RootComponent) =>
    function LeavePauseThemeRoot(props) {
      // Flex's theme props (RootContainerChildrenProps.theme) carry isLight and the Paste tokens.
      const theme = (props as { theme?: FlexThemeLike }).theme;
      return (
        <LeavePauseThemeProvider theme={theme} style={{ minWidth: '100%', height: '100%' }}>
          <RootComponent {...props} />
        </LeavePauseThemeProvider>
      );
    };
  flex.setProviders({ CustomProvider });
}

export default class LeavePausePlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /** Called by Flex once the agent is logged in; everything else Flex-specific lives in src/flex. */
  init(flex: typeof Flex, manager: Flex.Manager): void {
    installThemeBridge(flex);
    initLeavePause(flex, manager);
  }
}
