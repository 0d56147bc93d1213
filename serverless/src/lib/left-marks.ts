import type { FlexIdentity } from './auth';
import { LEFT_MEANWHILE_MESSAGE, requireOwnTask, type OwnedTask, type OwnershipRecords } from './channel';
import { ActionError } from './errors';
import { REQUEST_MAP_NAME } from './idempotency';
import type { TwilioClient } from './twilio-client';

/**
 * A lost race, told in words (issue 19). When Leave wins and has finished before the other action reads
 * Twilio's records, Twilio has already removed the agent from the channel: the records alone then look like a
 * task that is not the caller's, and the loser read "This task is not yours, or it has ended" about their own
 * conversation. So a successful Leave leaves a mark that only the Functions write — "this worker left this
 * task" — and a refusal of the caller's own ended task looks for it before answering 403.
 */
export { LEFT_MEANWHILE_MESSAGE };

/** A race is over in seconds; a day covers a tab left open overnight and costs one small item per Leave. */
export const LEFT_MARK_TTL_SECONDS = 86_400;

/** Reservation states a once-accepted task ends in (as in channel.ts's check). */
const ENDED_RESERVATION = new Set(['completed', 'wrapping']);

function markKey(workerSid: string, taskSid: string): string {
  return `left:${workerSid}:${taskSid}`;
}

function items(client: TwilioClient, serviceSid: string) {
  return client.sync.v1.services(serviceSid).syncMaps(REQUEST_MAP_NAME).syncMapItems;
}

/**
 * Marks the task as left by its worker. Written side by side with the channel's move, so Leave waits for no
 * extra round trip; a failure to write it changes nothing but the loser's words (the 403 it had before).
 */
export async function markLeft(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
  taskSid: string,
): Promise<void> {
  const create = () =>
    items(client, serviceSid).create({
      key: markKey(workerSid, taskSid),
      data: { left: true },
      itemTtl: LEFT_MARK_TTL_SECONDS,
    });
  await create().catch(async (error: unknown) => {
    // `npm run provision` creates the map; should it be missing (an older install), the first mark creates it.
    if (!(error && typeof error === 'object' && 'status' in error && error.status === 404)) return;
    await client.sync.v1
      .services(serviceSid)
      .syncMaps.create({ uniqueName: REQUEST_MAP_NAME })
      .catch(() => undefined);
    await create().catch(() => undefined);
  });
}

/** A Leave that did not happen takes its mark back, so the mark never says "left" about a task that was not. */
export async function unmarkLeft(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
  taskSid: string,
): Promise<void> {
  await items(
    client,
    serviceSid,
  )(markKey(workerSid, taskSid))
    .remove()
    .catch(() => undefined);
}

/**
 * requireOwnTask, except that the caller's own task, ended (their reservation completed or wrapping, from
 * TaskRouter) and held by no agent in the channel, which they themselves left, is answered 409 "left
 * meanwhile" rather than 403. The mark is keyed by the caller's proven worker SID and the task: it says
 * nothing about another agent's work, and the extra read happens only on the way to a refusal.
 */
export async function requireOwnTaskOrLeft(
  client: TwilioClient,
  serviceSid: string | undefined,
  records: OwnershipRecords,
  taskSid: string,
  caller: FlexIdentity,
  supervisorsMayAct: boolean,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<OwnedTask> {
  try {
    return requireOwnTask(records, taskSid, caller, supervisorsMayAct);
  } catch (error) {
    if (!(error instanceof ActionError) || error.status !== 403 || !serviceSid) throw error;
    // The caller's own task, from TaskRouter: ended, or still accepted when Leave's move landed between this
    // request's two reads (the same instant), before Twilio ended the reservation.
    const callersOwn = records.reservations.some(
      (r) =>
        r.worker_sid === caller.workerSid &&
        (ENDED_RESERVATION.has(String(r.reservation_status)) || r.reservation_status === 'accepted'),
    );
    if (!callersOwn) throw error;
    const marked = await markFound(client, serviceSid, caller.workerSid, taskSid, sleep);
    if (marked) throw new ActionError(409, 'task_wrong_state', LEFT_MEANWHILE_MESSAGE, 'TaskSid');
    throw error;
  }
}

/**
 * Leave writes its mark side by side with the channel's move: a request that read Twilio's records in the same
 * instant can look before the mark has landed. So an absent mark is looked for again, twice, within a second —
 * only on the way to refusing the caller's own task, so no success waits for it.
 */
export const MARK_LOOKS_MS = [0, 300, 700] as const;

async function markFound(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
  taskSid: string,
  sleep: (ms: number) => Promise<void>,
): Promise<boolean> {
  for (const delay of MARK_LOOKS_MS) {
    if (delay > 0) await sleep(delay);
    const found = await items(
      client,
      serviceSid,
    )(markKey(workerSid, taskSid))
      .fetch()
      .then(
        () => true,
        () => false,
      );
    if (found) return true;
  }
  return false;
}
