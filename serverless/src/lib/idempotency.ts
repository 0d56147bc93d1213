import { ActionError, type ErrorCode } from './errors';
import type { TwilioClient } from './twilio-client';

/**
 * Repeated requests (issue 19). The plugin sends one `IdempotencyKey` per user action and sends it again when it
 * retries after a time-out; the first outcome for (caller's worker, action, key) is kept in a Sync map, so it
 * survives across Function instances, and a repeat gets that outcome instead of acting twice. A repeat that
 * arrives while the first is still running is told so (409 `request_in_progress`) and acts on nothing.
 */
export const REQUEST_MAP_NAME = 'leavePause-requests';

/** A Function runs at most 10 s: a claim still "running" after this long belongs to a request that died. */
export const RUNNING_TTL_SECONDS = 60;
/** How long a finished request's outcome is answered to repeats: the plugin retries within minutes. */
export const OUTCOME_TTL_SECONDS = 600;

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export type Outcome =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: number; code: ErrorCode; message: string; field?: string };

type Stored = { state: 'running' } | ({ state: 'done' } & Outcome);

function statusOf(error: unknown): number | undefined {
  return error && typeof error === 'object' && 'status' in error ? Number(error.status) : undefined;
}

/** The answer a repeat gets: the first outcome, marked as a repeat when it was a success. */
export class RepeatedRequest extends Error {
  constructor(readonly outcome: Outcome) {
    super('repeated request');
  }
}

export class RequestClaim {
  private settled = false;

  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
    private readonly key: string,
  ) {}

  private item() {
    return this.client.sync.v1.services(this.serviceSid).syncMaps(REQUEST_MAP_NAME).syncMapItems(this.key);
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** Keeps the outcome for repeats. A failure to keep it never changes the answer of the request itself. */
  async remember(outcome: Outcome): Promise<void> {
    this.settled = true;
    const data: Stored = { state: 'done', ...outcome };
    await this.item()
      .update({ data, itemTtl: OUTCOME_TTL_SECONDS })
      .catch(() => this.release());
  }

  /**
   * Lets a repeat act again: for outcomes that say nothing about the conversation (Twilio failing), where the
   * actions themselves are safe to repeat (a pause found paused answers `alreadyPaused`, a resume found active
   * before the deadline `alreadyResumed`).
   */
  async release(): Promise<void> {
    this.settled = true;
    await this.item()
      .remove()
      .catch(() => undefined);
  }
}

/**
 * Claims the key for this caller before the action changes anything; throws RepeatedRequest (the first outcome)
 * or 409 `request_in_progress` when the key was claimed before. The claim is a create, which Sync refuses with
 * 409 for a key that exists: two repeats racing cannot both win it.
 */
export async function claimRequest(
  client: TwilioClient,
  serviceSid: string,
  workerSid: string,
  action: string,
  idempotencyKey: string,
): Promise<RequestClaim> {
  const key = `${workerSid}:${action}:${idempotencyKey}`;
  const map = () => client.sync.v1.services(serviceSid).syncMaps(REQUEST_MAP_NAME);
  const running: Stored = { state: 'running' };
  const create = () => map().syncMapItems.create({ key, data: running, itemTtl: RUNNING_TTL_SECONDS });
  try {
    await create();
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) {
      // `npm run provision` creates the map; should it be missing, the first request creates it.
      await client.sync.v1
        .services(serviceSid)
        .syncMaps.create({ uniqueName: REQUEST_MAP_NAME })
        .catch((created: unknown) => {
          if (statusOf(created) !== 409) throw created;
        });
      return claimRequest(client, serviceSid, workerSid, action, idempotencyKey);
    }
    if (status !== 409) throw error;
    const first = (await map()
      .syncMapItems(key)
      .fetch()
      .then(
        (item) => item.data as Stored,
        () => undefined,
      )) ?? { state: 'running' };
    if (first.state === 'done') {
      const { state: _state, ...outcome } = first;
      throw new RepeatedRequest(outcome);
    }
    throw new ActionError(
      409,
      'request_in_progress',
      'This request is still being handled: its outcome will be known in a moment',
    );
  }
  return new RequestClaim(client, serviceSid, key);
}

/** What a request's end means for its repeats: refusals are kept, Twilio failing lets a repeat try again. */
export function outcomeOf(error: unknown): Outcome | undefined {
  if (error instanceof ActionError && error.status < 500) {
    return {
      ok: false,
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.field !== undefined ? { field: error.field } : {}),
    };
  }
  return undefined;
}
