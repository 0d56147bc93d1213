import { FlexPlugin } from '@twilio/flex-plugin';
import type * as Flex from '@twilio/flex-ui';

import { initLeavePause } from './flex/init';

const PLUGIN_NAME = 'LeavePausePlugin';

export default class LeavePausePlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /** Called by Flex once the agent is logged in; everything Flex-specific lives in src/flex. */
  init(flex: typeof Flex, manager: Flex.Manager): void {
    initLeavePause(flex, manager);
  }
}
