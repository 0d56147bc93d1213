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
  /** `closed` or `wrapup` once the agent left the channel (a transfer, a wrap-up); absent or null while in it. */
  status?: string | null;
  routing_properties?: Record<string, unknown> | null;
  media_properties?: Record<string, unknown> | null;
}

/** A TaskRouter reservation as its read answers: who it was offered to and where it stands. */
interface RawReservation {
  sid?: string;
  worker_sid?: string;
  reservation_status?: string;
}

/** What Twilio itself recorded about the agent whose task brought them into the channel. */
export interface OwnedTask {
  taskSid: string;
  workerSid: string;
  workspaceSid: string | null;
  taskChannel: string;
  conversationSid: string | null;
  customer: string;
  /**
   * `accepted`: the task is live and the channel may be moved. `ended`: the caller's own task of this channel was
   * completed or wrapped (an earlier Pause, Flex's own Pause, a lost answer) while the caller is still the
   * channel's only agent; the action must read the channel before answering, and never moves it.
   */
  reservation: 'accepted' | 'ended';
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

/** What a request is told when Leave won over it (issue 19): the state that won, never "not yours". */
export const LEFT_MEANWHILE_MESSAGE = 'This conversation was left meanwhile: it waits for the customer';

export function notYours(): ActionError {
  return new ActionError(403, 'forbidden', NOT_YOURS, 'TaskSid');
}

export type Participants = RawParticipant[];

/** The channel's participants as Twilio records them; a channel that does not exist is answered like another's. */
export async function fetchParticipants(client: TwilioClient, ref: ChannelRef): Promise<Participants> {
  const response = await client.request({
    method: 'get',
    uri: `${channelUri(ref)}/Participants?PageSize=50`,
  });
  if (response.statusCode === 404) throw notYours();
  if (response.statusCode >= 400) {
    throw failedRequest('GET', `${channelUri(ref)}/Participants`, response.statusCode);
  }
  return (bodyOf(response).participants ?? []) as Participants;
}

/**
 * The claimed task's reservations, from TaskRouter, which no agent can write. A task that does not exist is
 * answered like another's. One page of the largest size: a task offered to more than 1,000 workers would
 * fail closed (its reservation not found: 403), never open.
 */
export async function fetchTaskReservations(
  client: TwilioClient,
  workspaceSid: string,
  taskSid: string,
): Promise<RawReservation[]> {
  const uri = `https://taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Tasks/${taskSid}/Reservations`;
  const response = await client.request({ method: 'get', uri: `${uri}?PageSize=1000` });
  if (response.statusCode === 404) throw notYours();
  if (response.statusCode >= 400) throw failedRequest('GET', uri, response.statusCode);
  return (bodyOf(response).reservations ?? []) as RawReservation[];
}

/** Twilio's records an ownership check rests on, read side by side in the action's first read. */
export interface OwnershipRecords {
  participants: Participants;
  reservations: RawReservation[];
}

/**
 * The channel's participants and the claimed task's reservations, in parallel: neither depends on the other,
 * so the check costs one round trip on a warm instance. The workspace SID comes from the Flex configuration
 * (cached for the instance's life); on a cold instance the reservation read waits for that read.
 */
export async function readOwnership(
  client: TwilioClient,
  workspaceSid: Promise<string>,
  ref: ChannelRef,
  taskSid: string,
): Promise<OwnershipRecords> {
  const [participants, reservations] = await Promise.all([
    fetchParticipants(client, ref),
    workspaceSid.then((sid) => fetchTaskReservations(client, sid, taskSid)),
  ]);
  return { participants, reservations };
}

/** An agent participant still in the channel: Twilio sets `closed` or `wrapup` when the agent leaves it. */
function isCurrent(p: RawParticipant): boolean {
  return p.status !== 'closed' && p.status !== 'wrapup';
}

/** Reservation states a once-accepted task ends in, when the channel is left, paused or transferred away. */
const ENDED_RESERVATION = new Set(['completed', 'wrapping']);

/**
 * Authorization from Twilio's own records, none of which an agent can write:
 * - the channel's agent participant whose `routing_properties` name the claimed task (task, worker,
 *   reservation), still in the channel (not `closed`, not `wrapup`);
 * - that participant's reservation, read from TaskRouter by the claimed task: it must be the participant's
 *   worker's, and `accepted`.
 * The worker must be the caller (or the caller a supervisor where the admin allows it). The SIDs the agent sent
 * are only claims; the same 403 answers "not yours", "ended" and "no such task or channel", so nothing about
 * another agent's work is revealed.
 *
 * One exception keeps a double click and Flex's own Pause idempotent: the caller's own task of this channel,
 * completed or wrapped, while the caller is the channel's only current agent, comes back as `ended`; the
 * action then reads the channel and answers only about the caller's own paused conversation. A transferred-away
 * agent never gets there: his participant is closed, and even where Twilio does not show a participant's
 * status, the agent he transferred to is a second current agent.
 */
export function requireOwnTask(
  records: OwnershipRecords,
  taskSid: string,
  caller: FlexIdentity,
  supervisorsMayAct: boolean,
): OwnedTask {
  const { participants, reservations } = records;
  const agents = participants.filter((p) => p.type === 'agent' && p.routing_properties);
  const workerOf = (p: RawParticipant) => String(p.routing_properties?.worker_sid ?? '');
  const holder = agents.find((p) => p.routing_properties?.task_sid === taskSid && isCurrent(p));
  // The claimed task's reservation held by the caller: it tells a task of theirs that ended from any other.
  const callersEnded = reservations.some(
    (r) => r.worker_sid === caller.workerSid && ENDED_RESERVATION.has(String(r.reservation_status)),
  );
  if (!holder) {
    // The caller is in this conversation through a newer task, and the claimed task is an ended one of theirs
    // (never a live task of another channel, such as their voice call): tell them their task is over.
    const inItNow = agents.some((p) => workerOf(p) === caller.workerSid && isCurrent(p));
    const ownEarlierTask = agents.every((p) => p.routing_properties?.task_sid !== taskSid);
    if (inItNow && ownEarlierTask && callersEnded) {
      throw new ActionError(
        409,
        'task_wrong_state',
        'This task is no longer the current task of its conversation: use the newer task',
        'TaskSid',
      );
    }
    throw notYours();
  }
  const workerSid = workerOf(holder);
  const mayAct = workerSid === caller.workerSid || (supervisorsMayAct && caller.roles.includes('supervisor'));
  if (!mayAct) throw notYours();
  const reservation = reservations.find((r) => r.sid === holder.routing_properties?.reservation_sid);
  if (!reservation || reservation.worker_sid !== workerSid) throw notYours();
  let standing: OwnedTask['reservation'];
  if (reservation.reservation_status === 'accepted') {
    standing = 'accepted';
  } else {
    const onlyAgent = agents.filter(isCurrent).length === 1;
    if (!ENDED_RESERVATION.has(String(reservation.reservation_status)) || !onlyAgent) throw notYours();
    standing = 'ended';
  }
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
    reservation: standing,
  };
}

/**
 * The caller's own task ended while they are still the channel's only agent: only their own paused
 * conversation is answered about (Pause: already paused; Leave: resume first). Anything else is not theirs to
 * act on any more.
 */
export async function requireOwnPausedChannel(client: TwilioClient, ref: ChannelRef): Promise<ChannelState> {
  const current = await fetchChannel(client, ref);
  // The caller's own task ended while they are still its only agent, and the channel is inactive: a Leave won
  // in the same instant (Twilio ended the reservation before it took the agent out). Say what won.
  if (current.status === 'inactive') {
    throw new ActionError(409, 'task_wrong_state', LEFT_MEANWHILE_MESSAGE, 'TaskSid');
  }
  if (current.status !== 'pause') throw notYours();
  return current;
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
