export { LeaveButton, LEAVE_BUTTON_ELEMENT } from './LeaveButton';
export type { LeaveButtonProps } from './LeaveButton';
export { PauseButton, PAUSE_BUTTON_ELEMENT } from './PauseButton';
export type { PauseButtonProps } from './PauseButton';
export { ResumeButton, RESUME_BUTTON_ELEMENT } from './ResumeButton';
export type { ResumeButtonProps } from './ResumeButton';
export { PausedTaskNotice, PAUSED_NOTICE_ELEMENT } from './PausedTaskNotice';
export type { PausedTaskNoticeProps } from './PausedTaskNotice';
