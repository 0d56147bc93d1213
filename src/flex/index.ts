export { initLeavePause } from './init';
export { addComponents, COMPONENT_KEYS } from './addComponents';
export { registerActions, registerNotifications, createFlexNotify } from './registerActions';
export { createTokenGetter } from './token';
export type { FlexGlobal, FlexManager } from './types';
