import type { RoutingStatus } from './settings';
import { ActionError } from './errors';
import type { FlexIdentity } from './auth';
import { TwilioRequestError, type TwilioClient } from './twilio-client';

/** The interaction channel an agent names, by the SIDs Flex put in their task's attributes. */
export interface ChannelRef {
  interactionSid: string;
  channelSid: string;
}

export type ChannelStatus = 'setup' | 'active' | 'failed' | 'closed' | 'inactive' | 'pause' | string;

export interface ChannelState {
  status: ChannelStatus;
  /** Twilio's error code on the channel (a change it could not make), or null. */
  errorCode: number | null;
  /** When Twilio reroutes a paused channel (ISO 8601), if Twilio said. */
  statusTimeout: string | null;
  dateUpdated: string | null;
}

interface RawParticipant {
  type?: string;
  routing_properties?: Record<string, unknown> | null;
  media_properties?: Record<string, unknown> | null;
}

/** What Twilio itself recorded about the agent whose task brought them into the channel. */
export interface OwnedTask {
  taskSid: string;
  workerSid: string;
  workspaceSid: string | null;
  taskChannel: string;
  conversationSid: string | null;
  customer: string;
}

function channelUri({ interactionSid, channelSid }: ChannelRef): string {
  return `https://flex-api.twilio.com/v1/Interactions/${interactionSid}/Channels/${channelSid}`;
}

/** A failed read or update, reduced like every Twilio failure: method, URL path and status only. */
function failedRequest(method: string, uri: string, status: number): TwilioRequestError {
  return new TwilioRequestError({ method, path: new URL(uri).pathname, status });
}

function bodyOf(response: { body: unknown }): Record<string, unknown> {
  const body: unknown = typeof response.body === 'string' ? JSON.parse(response.body || '{}') : response.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function stringOr(value: unknown, fallback: string | null): string | null {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function stateOf(body: Record<string, unknown>): ChannelState {
  const code = Number(body.error_code);
  return {
    status: String(body.status ?? ''),
    errorCode: body.error_code !== null && body.error_code !== undefined && code !== 0 ? code : null,
    statusTimeout: stringOr(body.status_timeout, null),
    dateUpdated: stringOr(body.date_updated, null),
  };
}

const NOT_YOURS = 'This task is not yours, or it has ended: only the agent it is assigned to can act on it';

export type Participants = RawParticipant[];

/** The channel's participants as Twilio records them; a channel that does not exist is answered like another's. */
export async function fetchParticipants(client: TwilioClient, ref: ChannelRef): Promise<Participants> {
  const response = await client.request({
    method: 'get',
    uri: `${channelUri(ref)}/Participants?PageSize=50`,
  });
  if (response.statusCode === 404) throw new ActionError(403, 'forbidden', NOT_YOURS, 'TaskSid');
  if (response.statusCode >= 400) {
    throw failedRequest('GET', `${channelUri(ref)}/Participants`, response.statusCode);
  }
  return (bodyOf(response).participants ?? []) as Participants;
}

/**
 * Authorization from Twilio's own records: the channel's participants carry the routing properties of the task
 * that brought each agent in (task, worker, reservation), which no agent can write. The SIDs the agent sent are
 * claims checked here; the same 403 answers "not yours" and "no such channel", so nothing about another
 * agent's work is revealed. A supervisor may act for the agent only where the admin allows it.
 */
export function requireOwnTask(
  participants: Participants,
  taskSid: string,
  caller: FlexIdentity,
  supervisorsMayAct: boolean,
): OwnedTask {
  const agents = participants.filter((p) => p.type === 'agent' && p.routing_properties);
  const holder = agents.find((p) => p.routing_properties?.task_sid === taskSid);
  const workerOf = (p: RawParticipant) => String(p.routing_properties?.worker_sid ?? '');
  if (!holder) {
    // The caller is in this conversation, but through a newer task: tell them their task is over.
    if (agents.some((p) => workerOf(p) === caller.workerSid)) {
      throw new ActionError(
        409,
        'task_wrong_state',
        'This task is no longer the current task of its conversation: use the newer task',
        'TaskSid',
      );
    }
    throw new ActionError(403, 'forbidden', NOT_YOURS, 'TaskSid');
  }
  const workerSid = workerOf(holder);
  const mayAct = workerSid === caller.workerSid || (supervisorsMayAct && caller.roles.includes('supervisor'));
  if (!mayAct) throw new ActionError(403, 'forbidden', NOT_YOURS, 'TaskSid');
  const customer = participants.find((p) => p.type === 'customer');
  const media = (p: RawParticipant | undefined) => p?.media_properties ?? {};
  return {
    taskSid,
    workerSid,
    workspaceSid: stringOr(holder.routing_properties?.workspace_sid, null),
    taskChannel: String(holder.routing_properties?.task_channel_unique_name ?? ''),
    conversationSid: stringOr(
      media(holder).conversation_sid,
      stringOr(media(customer).conversation_sid, null),
    ),
    customer:
      stringOr(
        media(customer).name,
        stringOr(media(customer).address, stringOr(media(customer).identity, '')),
      ) ?? '',
  };
}

export async function fetchChannel(client: TwilioClient, ref: ChannelRef): Promise<ChannelState> {
  const response = await client.request({ method: 'get', uri: channelUri(ref) });
  if (response.statusCode >= 400) {
    throw failedRequest('GET', channelUri(ref), response.statusCode);
  }
  return stateOf(bodyOf(response));
}

/** The one state each change starts from, in Twilio's state machine. */
const SOURCE_STATE: Record<'inactive' | 'pause' | 'active', ChannelStatus> = {
  inactive: 'active',
  pause: 'active',
  active: 'pause',
};

export interface ChannelMove {
  state: ChannelState;
  /** The channel was already where we wanted it: an earlier attempt of ours (a lost answer, a double click). */
  already: boolean;
}

/**
 * Moves the channel as Flex's own client does (`CbmSdkClient.leaveChannel/pauseChannel/resumeChannel` in
 * @twilio/flex-ui 2.17.1): the same path and fields. `pause` and `active` are not in the public spec's enum
 * (nor in twilio-node's types), so the request is sent raw.
 *
 * Twilio refuses a change its state machine does not allow, and that refusal is what gives racing actions one
 * outcome: the channel is read back and `refused` turns its state into the loser's truthful answer. A change
 * whose answer was lost (5xx after the retries, a time-out) is read back too: if it took effect it succeeded.
 * `isOurs` decides whether a channel found in the target state got there through us.
 */
export async function moveChannel(
  client: TwilioClient,
  ref: ChannelRef,
  to: 'inactive' | 'pause' | 'active',
  options: {
    routingStatus?: RoutingStatus;
    refused: (current: ChannelState) => ActionError;
    isOurs?: (current: ChannelState) => boolean;
  },
): Promise<ChannelMove> {
  const isOurs = options.isOurs ?? (() => true);
  let failure: unknown;
  let failedChange: ChannelState | undefined;
  try {
    const response = await client.request({
      method: 'post',
      uri: channelUri(ref),
      data: {
        Status: to,
        ...(options.routingStatus ? { Routing: JSON.stringify({ status: options.routingStatus }) } : {}),
      },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    if (response.statusCode < 400) {
      const answered = stateOf(bodyOf(response));
      // A 2xx is not yet a success: Twilio's spec answers a change it could not make with 200, `"status":
      // "failed"` and an error code. Only the state we asked for, with no error, is a confirmed change.
      if (answered.status === to && answered.errorCode === null) return { state: answered, already: false };
      failedChange = answered;
    } else if (response.statusCode !== 400 && response.statusCode !== 409) {
      failure = failedRequest('POST', channelUri(ref), response.statusCode);
    }
  } catch (error) {
    failure = error;
  }
  let current: ChannelState;
  try {
    current = await fetchChannel(client, ref);
  } catch (readError) {
    throw failure ?? readError;
  }
  if (current.status === to && isOurs(current)) return { state: current, already: true };
  if (failure) throw failure;
  // Answered 2xx without the change, and the channel is still where the change starts from: Twilio failed it
  // for a reason of its own (not a state another action put it in). Say so, with Twilio's code.
  if (failedChange && current.status === SOURCE_STATE[to]) {
    throw new TwilioRequestError({
      method: 'POST',
      path: new URL(channelUri(ref)).pathname,
      status: 200,
      ...(failedChange.errorCode !== null ? { twilioCode: failedChange.errorCode } : {}),
    });
  }
  throw options.refused(current);
}
