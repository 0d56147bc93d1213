export const en = {
  LeavePauseLeaveButton: 'Leave',
  LeavePauseLeaveBusy: 'Leaving…',
  LeavePauseLeaveSuccess: 'You left the conversation. A new task will be created when the customer replies.',
  LeavePauseLeaveFailed: 'Could not leave the conversation: {{message}}',
  LeavePausePauseButton: 'Pause',
  LeavePausePauseBusy: 'Pausing…',
  LeavePausePauseSuccess: 'Conversation paused. Resume it from the paused task when you are ready.',
  LeavePausePauseFailed: 'Could not pause the conversation: {{message}}',
  LeavePauseResumeButton: 'Resume conversation',
  LeavePauseResumeBusy: 'Resuming…',
  LeavePauseResumeSuccess: 'Conversation resumed.',
  LeavePauseResumeFailed: 'Could not resume the conversation: {{message}}',
  LeavePausePausedLabel: 'Paused conversation',
  LeavePausePausedAt: 'Paused {{time}}',
  LeavePauseConfigInvalid: 'Leave & Pause plugin configuration problem: {{problems}}',
  LeavePauseNativeFeatureActive:
    "Flex's own {{feature}} is turned on, so the Leave & Pause plugin does not add its {{feature}} button.",
};

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;
