import { ActionError } from '../lib/errors';
import type { FunctionContext, FunctionEvent } from '../lib/http';
import { SID_PATTERNS } from '../lib/input';
import { isAdminTarget, isCleanupHook, LEAVE_REPLY_ROUTE, publicUrl } from '../lib/leave-routing';
import { settingsFor } from '../lib/settings';
import { assertTwilioSignature } from '../lib/signature';
import { createTwilioClient } from '../lib/twilio-client';

export interface LeaveReplyResult {
  conversationSid: string;
  removed: string[];
}

/**
 * Twilio calls this (signed) when the customer replies to a left conversation that has custom routing. The
 * admin's target received the same message; we remove it and this hook, so the routing happens exactly once.
 */
export async function onLeaveReply(
  context: FunctionContext,
  event: FunctionEvent,
): Promise<LeaveReplyResult> {
  assertTwilioSignature(context, event, LEAVE_REPLY_ROUTE);
  const conversationSid = event.ConversationSid;
  if (typeof conversationSid !== 'string' || !SID_PATTERNS.ConversationSid.test(conversationSid)) {
    throw new ActionError(
      400,
      'invalid_field',
      'ConversationSid must be a conversation SID (CH…)',
      'ConversationSid',
    );
  }
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
  return { conversationSid, removed };
}
