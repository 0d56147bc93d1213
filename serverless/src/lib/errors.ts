/** Stable error codes: the plugin and admins match on `code`, people read `message`. */
export type ErrorCode =
  | 'missing_field'
  | 'invalid_field'
  | 'unknown_field'
  | 'field_in_url'
  | 'method_not_allowed'
  | 'length_required'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'task_not_found'
  | 'task_wrong_state'
  | 'not_paused'
  | 'feature_off'
  | 'not_conversation_task'
  | 'invalid_signature'
  | 'misconfigured'
  | 'twilio_error'
  | 'request_in_progress';

export class ActionError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The admin's to fix: a setting of the Functions' environment is missing or may not be used here (500). */
export function misconfigured(message: string): ActionError {
  return new ActionError(500, 'misconfigured', `Functions environment: ${message}`);
}
