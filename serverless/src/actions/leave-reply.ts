import { screenConversationEvent, type IgnoredEvent } from '../lib/events';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { isAdminTarget, isCleanupHook, LEAVE_REPLY_ROUTE, publicUrl } from '../lib/leave-routing';
import { settingsFor } from '../lib/settings';
import { assertTwilioSignature } from '../lib/signature';
import { createTwilioClient } from '../lib/twilio-client';

export type LeaveReplyResult =
  { handled: 'cleaned-up'; conversationSid: string; removed: string[] } | IgnoredEvent;

/**
 * Twilio calls this (signed) when the customer replies to a left conversation that has custom routing. The
 * admin's target received the same message; we remove it and this hook, so the routing happens exactly once.
 * The signature is checked first (403; 500 when AUTH_TOKEN is missing, never an empty key), then the event's
 * SIDs and account (200 ignored): only a well-formed SID of our account's conversation goes into a URL.
 */
export async function onLeaveReply(
  context: FunctionContext,
  event: FunctionEvent,
): Promise<LeaveReplyResult> {
  assertTwilioSignature(context, event, LEAVE_REPLY_ROUTE);
  const ignored = screenConversationEvent(context, event);
  if (ignored) return ignored;
  // Screened: a CH… SID.
  const conversationSid = event.ConversationSid as string;
  const client = createTwilioClient(context);
  const settings = await settingsFor(context, client);
  const cleanupUrl = publicUrl(context, LEAVE_REPLY_ROUTE);
  const webhooks = client.conversations.v1.conversations(conversationSid).webhooks;
  const removed: string[] = [];
  for (const hook of await webhooks.list({ limit: 5 })) {
    if (isCleanupHook(hook, cleanupUrl) || isAdminTarget(hook, settings.leave.routing)) {
      await webhooks(hook.sid)
        .remove()
        .catch((error: unknown) => {
          // Already gone (a redelivery): that is the goal.
          if (!(error && typeof error === 'object' && 'status' in error && error.status === 404)) throw error;
        });
      removed.push(hook.sid);
    }
  }
  return { handled: 'cleaned-up', conversationSid, removed };
}
