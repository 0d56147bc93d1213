import * as FlexPlugin from '@twilio/flex-plugin';

import LeavePausePlugin from './LeavePausePlugin';

FlexPlugin.loadPlugin(LeavePausePlugin);
