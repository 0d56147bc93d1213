import twilio from 'twilio';
import { ActionError } from './errors';
import type { FunctionContext, FunctionEvent } from './http';
import { accountFrom } from './settings';

function headerValue(event: FunctionEvent, name: string): string | undefined {
  const value = event.request?.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Webhooks are `.protected`, so Twilio checks the signature before we run; we check again because a Function
 * can be deployed without the suffix and because the local runtime does not check it at all.
 * The signed URL is the public one: `WEBHOOK_BASE_URL` when set (local), else the Functions domain, plus the
 * route (the runtime's `PATH` is a file path when run locally, so the route is passed in).
 */
export function assertTwilioSignature(context: FunctionContext, event: FunctionEvent, route: string): void {
  // Throws 500 misconfigured for a missing or empty AUTH_TOKEN: a signature is never checked against an empty
  // key, which anyone can compute.
  const { authToken } = accountFrom(context);
  const signature = headerValue(event, 'x-twilio-signature');
  if (!signature) {
    throw new ActionError(
      403,
      'invalid_signature',
      'X-Twilio-Signature is missing: only Twilio may call this webhook',
    );
  }
  const base =
    typeof context.WEBHOOK_BASE_URL === 'string' && context.WEBHOOK_BASE_URL
      ? context.WEBHOOK_BASE_URL.replace(/\/$/, '')
      : `https://${context.DOMAIN_NAME}`;
  const url = `${base}${route}`;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'request') continue;
    // Twilio posts form fields, always strings: a JSON body with other values was not sent by Twilio, and a
    // field left out of the signed parameters must never reach the handler.
    if (typeof value !== 'string') {
      throw new ActionError(
        403,
        'invalid_signature',
        `Field ${key} is not a form value: only Twilio may call this webhook`,
      );
    }
    params[key] = value;
  }
  if (!twilio.validateRequest(authToken, signature, url, params)) {
    throw new ActionError(403, 'invalid_signature', 'X-Twilio-Signature does not match this request');
  }
}
