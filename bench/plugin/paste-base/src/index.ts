import * as FlexPlugin from '@twilio/flex-plugin';

import PasteBasePlugin from './PasteBasePlugin';

FlexPlugin.loadPlugin(PasteBasePlugin);
