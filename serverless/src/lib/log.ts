import { ActionError } from './errors';
import { formatFailure, lastFailureWithStatus, TwilioRequestError } from './twilio-client';

/**
 * What a failure may say, in a log line or an answer: the Twilio request's method and URL path, its status and
 * Twilio's error code, or the network code. Never the error object itself: the HTTP client's errors carry the
 * request's configuration, `Authorization: Basic <ACCOUNT_SID:AUTH_TOKEN>` included, and a token validation's
 * body is the agent's Flex token.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof TwilioRequestError) return formatFailure(error.failure);
  // Our own messages name settings, fields and failed requests (already reduced), never a secret's value.
  if (error instanceof ActionError) return `${error.code}: ${error.message}`;
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number') {
    const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
    const request = lastFailureWithStatus(error.status);
    if (request) return formatFailure({ ...request, twilioCode: request.twilioCode ?? code });
    return `a Twilio request: HTTP ${error.status}${code ? ` (Twilio error ${code})` : ''}`;
  }
  // Anything else is a bug of ours, not a Twilio answer. Its message could quote anything (a JSON.parse error
  // quotes its input): the class and where it was thrown are enough to find it.
  if (!(error instanceof Error)) return `an unexpected ${typeof error}`;
  const where = error.stack?.split('\n')[1]?.trim();
  return `an unexpected ${error.name}${where ? ` ${where}` : ''}`;
}

/** The one way the Functions write to the log (ESLint forbids console elsewhere in serverless/src). */
export function logFailure(what: string, error: unknown): void {
  // eslint-disable-next-line no-console -- this is the reduced, secret-free log line
  console.error(`leave-pause: ${what}: ${describeFailure(error)}`);
}
