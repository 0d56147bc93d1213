/**
 * Where each behaviour the emulator models comes from: Twilio's public OpenAPI spec (`spec`), Twilio's docs
 * (`docs`), Flex UI 2.17.1's own client bundle (`bundle`), or our `assumption`. Every assumption names the
 * line of the live contract check (`npm run doctor -- --live`, serverless/src/provisioning/live) that verifies
 * it on a real account; serverless/tests/live-check.test.ts checks that each named line exists.
 */
export type FactSource = 'spec' | 'docs' | 'bundle' | 'assumption';

export interface Fact {
  behaviour: string;
  source: FactSource;
  evidence: string;
  /** The live-check line ids that settle it on a real account (required for an assumption). */
  liveCheck?: string[];
}

export const FACTS: readonly Fact[] = [
  {
    behaviour: 'The channel update accepts Status=pause and Status=active with account credentials',
    source: 'assumption',
    evidence:
      'Flex 2.17.1 sends them (CbmSdkClient.pauseChannel/resumeChannel), but through Event Bridge with the agent’s ' +
      'token; the public spec’s update enum is closed|inactive (listed spec exception interaction-channel-pause-active)',
    liveCheck: ['probe-pause-known', 'probe-active-known', 'pause-accepted', 'active-accepted'],
  },
  {
    behaviour: 'Status=inactive needs Routing {"status":"closed"}',
    source: 'spec',
    evidence:
      'UpdateInteractionChannelRequest.Routing: "required when the channel status is set to inactive"',
    liveCheck: ['leave-inactive-closed'],
  },
  {
    behaviour: 'Status=inactive with Routing {"status":"wrapup"} is accepted (the task wraps up)',
    source: 'assumption',
    evidence:
      'the spec allows only closed with inactive; Flex 2.17.1 sends getRoutingStatusLeaveAndPause() for both',
    liveCheck: ['leave-inactive-wrapup'],
  },
  {
    behaviour:
      'Pause ends the agent’s task: completed with closed, wrapping with wrapup (wrapping without Routing)',
    source: 'spec',
    evidence:
      'UpdateInteractionChannelRequest.Routing: "if not specified, all tasks will be set to wrapping"',
    liveCheck: ['pause-ends-task'],
  },
  {
    behaviour:
      'A paused channel carries status_timeout (the reassignment deadline) and date_updated on its answers',
    source: 'assumption',
    evidence:
      'Flex 2.17.1 reads it only from its private paused list (Event Bridge); the public schema has no such field',
    liveCheck: ['status-timeout'],
  },
  {
    behaviour: 'An agent participant’s routing_properties name its task, worker and reservation',
    source: 'assumption',
    evidence:
      'the spec’s participant example shows task_sid, worker_sid, reservation_sid; the schema types it as object',
    liveCheck: ['routing-properties'],
  },
  {
    behaviour: 'Participants carry a status (closed, wrapup after the participant update)',
    source: 'assumption',
    evidence: 'the participant update takes Status closed|wrapup; the participant schema has no status field',
    liveCheck: ['participant-status'],
  },
  {
    behaviour: 'The pausing agent stays a participant while the channel is paused',
    source: 'assumption',
    evidence:
      'Flex 2.17.1 shows a paused conversation’s transcript to the agent; nothing documents the participant',
    liveCheck: ['agent-listed-while-paused'],
  },
  {
    behaviour: 'Resume creates a new task for the same worker (auto-accepted when they have room)',
    source: 'assumption',
    evidence: 'Twilio’s design card for Pause; whether it arrives pending or accepted is not documented',
    liveCheck: ['resume-task-same-worker'],
  },
  {
    behaviour: 'Twilio refuses a transition it does not allow (409, error 45007) rather than ignoring it',
    source: 'assumption',
    evidence:
      'the spec’s update examples answer 200 with status failed and error_code 19025: a refusal may be a 2xx',
    liveCheck: ['refused-change-reported'],
  },
  {
    behaviour: 'A customer reply on an inactive channel routes a new task for the same conversation',
    source: 'docs',
    evidence: 'Flex docs, "Leave": the conversation stays open and the customer’s reply creates a new task',
    liveCheck: ['reply-after-leave-new-task'],
  },
  {
    behaviour:
      'A customer’s message sent through the Conversations REST API with X-Twilio-Webhook-Enabled: true is routed ' +
      'like one from their device (without the header Conversations fires no webhook, and nothing is routed)',
    source: 'assumption',
    evidence:
      'Conversations docs: REST-created messages fire webhooks only with X-Twilio-Webhook-Enabled: true',
    liveCheck: ['reply-after-leave-new-task'],
  },
  {
    behaviour:
      'An agent participant created with {workspace_sid, reservation_sid} accepts that reservation and joins',
    source: 'assumption',
    evidence:
      'CreateInteractionChannelParticipant takes RoutingProperties; its acceptance of a reservation is undocumented',
    liveCheck: ['agent-joined'],
  },
  {
    behaviour:
      'An invite through the original workflow on a paused channel ends the pause (the pausing agent leaves, the ' +
      'channel is active) and routes a new task; or Twilio refuses it (409) and the channel stays paused. The ' +
      'emulator plays either (settings.invitesWhilePaused, refused by default)',
    source: 'assumption',
    evidence:
      'the spec documents Invites on a channel (a transfer) but says nothing about a paused one; the team view ' +
      'offers Return to the queue only where the live check saw it hold',
    liveCheck: ['invite-while-paused'],
  },
  // Issue 18: pause events, the live feed, pause reasons.
  {
    behaviour:
      'A conversation-scoped webhook (Target=webhook, Filters onMessageAdded, onParticipantRemoved, ' +
      'onConversationStateUpdated, onConversationRemoved) fires, signed, for a customer message while the ' +
      'interaction channel is paused',
    source: 'assumption',
    evidence:
      'Conversations docs document scoped webhooks and their signature; nothing says a paused interaction ' +
      'channel keeps delivering them, nor that onConversation* events reach a scoped webhook',
    liveCheck: ['pause-events-webhook'],
  },
  {
    behaviour:
      'At the pause limit Twilio removes the pausing agent’s Conversations participant (onParticipantRemoved)',
    source: 'assumption',
    evidence:
      'undocumented; the live check cannot walk it (the limit is minutes at least) and reports it skipped',
    liveCheck: ['participant-removed-at-limit'],
  },
  {
    behaviour:
      'With AclEnabled on the Sync service, a client token reads a document only with a Read permission for its ' +
      'identity (403 otherwise, existing document or not); account credentials are not restricted',
    source: 'docs',
    evidence:
      'Sync docs, "Access control and permissions"; the client side stands here as /_emulator/sync-client (the ' +
      'SDK speaks a websocket, not REST)',
    liveCheck: ['live-feed-acl'],
  },
  {
    behaviour:
      'A task’s attributes written (with If-Match) before Pause closes the task are kept on the closed task, ' +
      'so Flex Insights sees conversations.conversation_label_10',
    source: 'docs',
    evidence:
      'Flex Insights docs: task attributes (the conversations object) are taken when the task completes; ' +
      'TaskRouter docs: If-Match on the task update',
    liveCheck: ['task-attributes-insights'],
  },
  {
    behaviour: 'Closing the conversation closes its interaction channel and ends its tasks',
    source: 'docs',
    evidence: 'Flex Conversations best practices: close orphaned conversations to close their interactions',
  },
  {
    behaviour: 'At the pause limit Twilio reroutes the conversation through its original workflow',
    source: 'docs',
    evidence: 'Console → Flex → General settings → "Conversation tasks workflows" (14 days by default)',
  },
];
