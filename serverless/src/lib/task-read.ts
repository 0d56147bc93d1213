/**
 * One read of Twilio's task (TaskRouter; no agent can write its queue or workflow), shared by the parts of Pause
 * that need it: the team view keeps the task's queue and workflow, a pause reason is merged into its attributes.
 * Pause reads it once, side by side with the ownership reads, and each part takes what it needs.
 */
import type { TwilioClient } from './twilio-client';

export interface TaskSnapshot {
  /** TaskRouter's HTTP status: a part that needs the task decides what a refusal means for it. */
  status: number;
  body: Record<string, unknown>;
  /** TaskRouter's ETag for the task, for a conditional attributes update. */
  etag?: string;
}

export async function fetchTask(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
): Promise<TaskSnapshot> {
  const response = await client.request({
    method: 'get',
    uri: `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Tasks/${taskSid}`,
  });
  // A body that is not a JSON object (an empty answer, a proxy's error page) is no task: the status says why.
  const parsed: unknown = typeof response.body === 'string' ? parseJson(response.body) : response.body;
  const body =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const headers = response.headers as Record<string, string | undefined> | undefined;
  return { status: response.statusCode, body, etag: headers?.etag };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
