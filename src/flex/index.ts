export { initLeavePause } from './init';
export { addComponents, COMPONENT_KEYS } from './addComponents';
export { registerActions, registerNotifications, createFlexNotify } from './registerActions';
export { createTokenGetter } from './token';
export type { FlexGlobal, FlexManager } from './types';
export {
  addPausedWork,
  PausedWorkContainer,
  registerReminderNotifications,
  startReminders,
  PAUSED_WORK_KEYS,
  PAUSED_WORK_VIEW,
} from './pausedWork';
export type { FlexForPausedWork, PausedWorkManager } from './pausedWork';
export {
  followResumes,
  flexReservationFeed,
  registerResumeArrivalNotifications,
  RESUME_ARRIVAL_NOTIFICATIONS,
} from './resumeArrival';
