/**
 * The smallest Flex plugin that uses Paste the way ours does: the theme bridge (setProviders +
 * CustomizationProvider with Flex's theme) and one Paste Button. bench/plugin/bundle-size.ts builds it with
 * the same toolchain as the real plugin; what our bundle weighs above this is the plugin's own cost.
 */
import * as React from 'react';
import { FlexPlugin } from '@twilio/flex-plugin';
import type * as Flex from '@twilio/flex-ui';
import { Button } from '@twilio-paste/button';
import { CustomizationProvider } from '@twilio-paste/customization';

type CustomProvider = NonNullable<Parameters<typeof Flex.setProviders>[0]['CustomProvider']>;
type FlexTheme = { isLight?: boolean; tokens?: React.ComponentProps<typeof CustomizationProvider>['theme'] };

export default class PasteBasePlugin extends FlexPlugin {
  constructor() {
    super('PasteBasePlugin');
  }

  init(flex: typeof Flex): void {
    const CustomProvider: CustomProvider = (RootComponent) =>
      function PasteBaseRoot(props) {
        const theme = (props as { theme?: FlexTheme }).theme;
        return (
          <CustomizationProvider
            baseTheme={theme?.isLight === false ? 'dark' : 'default'}
            theme={theme?.tokens}
          >
            <RootComponent {...props} />
          </CustomizationProvider>
        );
      };
    flex.setProviders({ CustomProvider });
    flex.TaskCanvasHeader.Content.add(
      <Button key="paste-base-button" variant="secondary" size="small" onClick={() => undefined}>
        Base
      </Button>,
    );
  }
}
