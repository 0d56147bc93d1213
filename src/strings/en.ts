export const en = {
  LeavePauseLeaveButton: 'Leave',
  LeavePauseLeaveBusy: 'Leaving…',
  LeavePauseLeaveSuccess: 'You left the conversation. When the customer replies, it is routed again.',
  LeavePauseLeaveFailed: 'Could not leave the conversation: {{message}}',
  LeavePauseLeaveStillWorking:
    'Still working… the service is slow to answer. You will be told here whether you left the conversation.',
  LeavePausePauseButton: 'Pause',
  LeavePausePauseBusy: 'Pausing…',
  LeavePausePauseSuccess: 'Conversation paused. Resume it from the paused task when you are ready.',
  LeavePausePauseFailed: 'Could not pause the conversation: {{message}}',
  LeavePausePauseStillWorking:
    'Still working… the service is slow to answer. You will be told here whether the conversation was paused.',
  LeavePauseResumeButton: 'Resume conversation',
  LeavePauseResumeBusy: 'Resuming…',
  LeavePauseResumeSuccess: 'Conversation resumed.',
  LeavePauseResumeFailed: 'Could not resume the conversation: {{message}}',
  LeavePauseResumeStillWorking:
    'Still working… the service is slow to answer. You will be told here whether the conversation was resumed.',
  LeavePauseOutcomeUnknown:
    'The Leave & Pause service did not confirm the outcome. Check Paused work and your task list before trying again.',
  LeavePauseServiceUnreachable: "The Leave & Pause service can't be reached. Try again in a moment.",
  LeavePauseUnexpectedFailure: 'Something went wrong in the plugin. Try again in a moment.',
  LeavePauseServiceDown:
    "The Leave & Pause service can't be reached: Leave, Pause and Resume are unavailable until it is back.",
  LeavePauseServiceBack: 'The Leave & Pause service is back.',
  LeavePauseResumeWentToQueue: '{{customer}} went back to the queue: the next available agent will get it.',
  LeavePauseResumeAcceptFailed:
    'Could not accept the conversation with {{customer}} for you: accept it in your task list ({{message}}).',
  LeavePausePausedLabel: 'Paused conversation',
  LeavePausePausedAt: 'Paused {{time}}',
  // {{duration}} is date-fns's formatDuration in the agent's language ("5 hours 12 minutes").
  LeavePauseCountdownIn: 'Reassigned in {{duration}}',
  LeavePauseCountdownDue: 'Reassigning…',
  LeavePauseCountdownWarning: '{{countdown}} — within a day',
  LeavePauseCountdownError: '{{countdown}} — soon',
  LeavePauseCountdownTooltip: 'Goes back to the queue at {{time}}',
  // When Twilio's answer had no status_timeout: the deadline is the pause time plus the admin's setting.
  LeavePauseCountdownTooltipEstimated:
    "Goes back to the queue at about {{time}} (estimated from the admin's limit; Twilio did not say)",
  LeavePauseDeadlineEstimated: "Estimated from the admin's limit",
  LeavePauseCountdownWarningAnnouncement:
    'Less than 24 hours left before the paused conversation is reassigned.',
  LeavePauseCountdownErrorAnnouncement: 'Less than 1 hour left before the paused conversation is reassigned.',
  LeavePauseCountdownDueAnnouncement: 'The paused conversation is being reassigned.',
  LeavePausePauseReminder24h:
    'Your paused conversation with {{customer}} goes back to the queue in less than 24 hours ({{time}}).',
  LeavePausePauseReminder1h:
    'Your paused conversation with {{customer}} goes back to the queue in less than 1 hour ({{time}}).',
  // Flex's own paused list says the same (PausedTaskListExpire*SecondaryText); {{time}}/{{date}} by date-fns.
  LeavePauseReassignToday: 'Reassigning today at {{time}}',
  LeavePauseReassignTomorrow: 'Reassigning tomorrow at {{time}}',
  LeavePauseReassignOn: 'Reassigning on {{date}}',
  LeavePauseReassignSoon: 'Reassigning soon',
  LeavePausePausedNoticeIconLabel: '(information)',
  LeavePausePausedWorkTitle: 'Paused work',
  LeavePausePausedWorkEmpty: 'No paused conversations',
  LeavePausePausedWorkLoading: 'Loading paused conversations…',
  LeavePausePausedWorkCustomer: 'Customer',
  LeavePausePausedWorkChannel: 'Channel',
  LeavePausePausedWorkPausedAt: 'Paused at',
  LeavePausePausedWorkReassign: 'Reassignment',
  LeavePausePausedWorkActions: 'Actions',
  LeavePausePausedWorkResume: 'Resume',
  LeavePausePausedWorkResumeLabel: 'Resume conversation with {{customer}}',
  LeavePausePausedWorkUnknownCustomer: 'Unknown customer',
  LeavePausePausedWorkUnknownTime: 'Not recorded',
  LeavePauseAlertErrorLabel: '(error)',
  // Pause reasons (issue 18).
  LeavePausePauseReasonMenu: 'Why are you pausing?',
  LeavePausePauseReasonNote: 'Note (optional)',
  LeavePausePausedWorkReason: 'Reason',
  // The reminders name the customer this way when the pause has a reason.
  LeavePauseCustomerWithReason: '{{customer}} ({{reason}})',
  LeavePauseConfigInvalid: 'Leave & Pause plugin configuration problem: {{problems}}',
  LeavePauseNativeFeatureActive:
    "Flex's own {{feature}} is turned on, so the Leave & Pause plugin does not add its {{feature}} button.",
  // Pause events (issue 18 part 1): the customer wrote during a pause.
  LeavePauseUnreadOne: '1 new message from the customer',
  LeavePauseUnreadMany: '{{count}} new messages from the customer',
  LeavePauseCustomerWroteNotification: '{{customer}} wrote while the conversation is paused: “{{preview}}”',
  // Team view (issue 18 part 4).
  LeavePauseTeamTitle: 'Team pauses',
  LeavePauseTeamCaption: 'Paused conversations of the contact centre: {{shown}} of {{total}}',
  LeavePauseTeamLoading: 'Loading the team’s paused conversations…',
  LeavePauseTeamEmpty: 'No paused conversations match',
  LeavePauseTeamLoadFailed: 'Could not load the team’s paused conversations: {{message}}',
  LeavePauseTeamRefresh: 'Refresh',
  LeavePauseTeamFilterAgent: 'Agent',
  LeavePauseTeamFilterQueue: 'Queue',
  LeavePauseTeamFilterAll: 'All',
  LeavePauseTeamAgent: 'Agent',
  LeavePauseTeamCustomer: 'Customer',
  LeavePauseTeamChannel: 'Channel',
  LeavePauseTeamQueue: 'Queue',
  LeavePauseTeamReason: 'Reason',
  LeavePauseTeamPausedSince: 'Paused since',
  LeavePauseTeamDeadline: 'Back to the queue',
  LeavePauseTeamUnread: 'Unread',
  LeavePauseTeamUnreadLabel: '{{count}} unread customer messages',
  LeavePauseTeamActions: 'Actions',
  LeavePauseTeamSortBy: 'Sort by {{column}}',
  LeavePauseTeamNone: '—',
  LeavePauseTeamResumeForAgent: 'Resume for agent',
  LeavePauseTeamResumeForAgentLabel: 'Resume the conversation with {{customer}} for {{agent}}',
  LeavePauseTeamReturn: 'Return to queue',
  LeavePauseTeamReturnLabel: 'Return the conversation with {{customer}} to the queue now',
  LeavePauseTeamBusy: 'Working…',
  LeavePauseTeamResumed: 'Resumed for {{agent}}: the conversation is back with them.',
  LeavePauseTeamReturned: 'The conversation with {{customer}} is back in the queue.',
  LeavePauseTeamActionFailed: 'Could not do that: {{message}}',
  LeavePauseTeamPage: 'Page {{page}} of {{pages}}',
  LeavePauseTeamPrevious: 'Previous page',
  LeavePauseTeamNext: 'Next page',
};

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;
