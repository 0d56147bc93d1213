import type { FunctionContext } from './http';
import type { LeaveRouting } from './settings';
import type { TwilioClient } from './twilio-client';

export const LEAVE_REPLY_ROUTE = '/leave-reply';

/** The public URL Twilio signs for a route: WEBHOOK_BASE_URL locally, else the Functions domain. */
export function publicUrl(context: FunctionContext, route: string): string {
  const base =
    typeof context.WEBHOOK_BASE_URL === 'string' && context.WEBHOOK_BASE_URL
      ? context.WEBHOOK_BASE_URL.replace(/\/$/, '')
      : `https://${String(context.DOMAIN_NAME ?? '')}`;
  return `${base}${route}`;
}

interface HookLike {
  target?: string;
  configuration?: unknown;
}

function configOf(hook: HookLike): { flow_sid?: string; url?: string } {
  return (hook.configuration ?? {}) as { flow_sid?: string; url?: string };
}

/** The admin's own target for the customer's reply, as configured. */
export function isAdminTarget(hook: HookLike, routing: LeaveRouting): boolean {
  if (routing.kind === 'studio')
    return hook.target === 'studio' && configOf(hook).flow_sid === routing.flowSid;
  if (routing.kind === 'webhook') return hook.target === 'webhook' && configOf(hook).url === routing.url;
  return false;
}

export function isCleanupHook(hook: HookLike, cleanupUrl: string): boolean {
  return hook.target === 'webhook' && configOf(hook).url === cleanupUrl;
}

/**
 * Custom routing after Leave: the customer's reply goes to the admin's Studio flow or webhook instead of a new
 * task (a conversation-scoped webhook takes the reply away from default routing). Beside it we attach our own
 * one-shot hook to /leave-reply, which removes both once the reply has been delivered, so later messages are
 * never routed twice. Each create is checked by a fresh list when it fails (its answer may be lost after
 * Twilio made it). If ours cannot be attached, the admin's is taken off again: then the reply uses default
 * routing rather than being routed on every later message.
 */
export async function attachCustomRouting(
  client: TwilioClient,
  context: FunctionContext,
  conversationSid: string | null,
  routing: LeaveRouting,
): Promise<string[]> {
  if (routing.kind === 'default') return [];
  if (!conversationSid) {
    return [
      'Custom routing was not attached: Twilio did not name the conversation; the reply uses default routing',
    ];
  }
  const cleanupUrl = publicUrl(context, LEAVE_REPLY_ROUTE);
  const webhooks = client.conversations.v1.conversations(conversationSid).webhooks;
  // Twilio allows at most 5 webhooks on a conversation, and pages them by 5 at most.
  const list = () => webhooks.list({ limit: 5 });
  const ensure = async (present: (hook: HookLike) => boolean, create: () => Promise<unknown>) => {
    if ((await list()).some(present)) return;
    try {
      await create();
    } catch (error) {
      if (!(await list()).some(present)) throw error;
    }
  };
  try {
    await ensure(
      (hook) => isAdminTarget(hook, routing),
      () =>
        routing.kind === 'studio'
          ? webhooks.create({ target: 'studio', 'configuration.flowSid': routing.flowSid })
          : webhooks.create({
              target: 'webhook',
              'configuration.url': routing.url,
              'configuration.method': 'post',
              'configuration.filters': ['onMessageAdded'],
            }),
    );
  } catch (error) {
    return [
      `Custom routing could not be attached (${messageOf(error)}); the customer's reply will use default routing`,
    ];
  }
  try {
    await ensure(
      (hook) => isCleanupHook(hook, cleanupUrl),
      () =>
        webhooks.create({
          target: 'webhook',
          'configuration.url': cleanupUrl,
          'configuration.method': 'post',
          'configuration.filters': ['onMessageAdded'],
        }),
    );
    return [];
  } catch (error) {
    const adminHooks = (await list().catch(() => [])).filter((hook) => isAdminTarget(hook, routing));
    await Promise.all(
      adminHooks.map((hook) =>
        webhooks(hook.sid)
          .remove()
          .catch(() => undefined),
      ),
    );
    return [
      `Custom routing could not be attached (${messageOf(error)}); the customer's reply will use default routing`,
    ];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
