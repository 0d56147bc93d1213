import { LEFT_MEANWHILE_MESSAGE, markLeft, requireOwnTaskOrLeft } from '../src/lib/left-marks';
import { requireOwnPausedChannel } from '../src/lib/channel';
import { ActionError } from '../src/lib/errors';
import { startBackend, type Backend } from './harness';

/**
 * The same instant (issue 19): a Pause reads Twilio's records after Leave moved the channel, before Leave's
 * mark (written beside the move) has landed. The refusal path looks for the mark again, so the loser reads
 * what won; a task the caller never left is still refused, and another agent's never looked at.
 */
let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  await backend.close();
});

const TASK = 'WT' + '1'.repeat(32);
const caller = () => ({ workerSid: backend.seed.workers.alice, identity: 'alice', roles: ['agent'] });
// Twilio's records as the losing request read them: the agent gone from the channel, their reservation not
// yet ended (Leave's move landed between the two reads).
const records = (status: string, workerSid = backend.seed.workers.alice) => ({
  participants: [],
  reservations: [{ sid: 'WR' + '2'.repeat(32), worker_sid: workerSid, reservation_status: status }],
});

async function outcome(run: Promise<unknown>): Promise<ActionError> {
  const error = await run.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ActionError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

it('the mark landing while the refusal looks for it: 409 "left meanwhile", not 403', async () => {
  const looked: number[] = [];
  const sleep = async (ms: number) => {
    looked.push(ms);
    // Leave's mark lands during the first wait.
    if (looked.length === 1)
      await markLeft(backend.client, backend.seed.syncServiceSid, caller().workerSid, TASK);
  };
  const error = await outcome(
    requireOwnTaskOrLeft(
      backend.client,
      backend.seed.syncServiceSid,
      records('accepted'),
      TASK,
      caller(),
      false,
      sleep,
    ),
  );
  expect(error.status).toBe(409);
  expect(error.message).toBe(LEFT_MEANWHILE_MESSAGE);
  expect(looked).toEqual([300]);
});

it("no mark within the looks: the caller's own task they did not leave is refused (403), after three looks", async () => {
  const looked: number[] = [];
  const error = await outcome(
    requireOwnTaskOrLeft(
      backend.client,
      backend.seed.syncServiceSid,
      records('completed'),
      TASK,
      caller(),
      false,
      async (ms) => {
        looked.push(ms);
      },
    ),
  );
  expect(error.status).toBe(403);
  expect(looked).toEqual([300, 700]);
});

it("another agent's reservation: refused at once, no mark looked for", async () => {
  await markLeft(backend.client, backend.seed.syncServiceSid, caller().workerSid, TASK);
  const looked: number[] = [];
  const before = backend.emulator.requests.length;
  const error = await outcome(
    requireOwnTaskOrLeft(
      backend.client,
      backend.seed.syncServiceSid,
      records('accepted', backend.seed.workers.bob),
      TASK,
      caller(),
      false,
      async (ms) => {
        looked.push(ms);
      },
    ),
  );
  expect(error.status).toBe(403);
  expect(looked).toEqual([]);
  expect(backend.emulator.requests.length).toBe(before);
});

it('the caller still the only agent of their ended task, the channel already inactive: 409 "left meanwhile"', async () => {
  // Leave won in the same instant: Twilio ended the reservation before it took the agent out of the channel.
  const channelAnswer = (status: string) =>
    ({
      request: async () => ({ statusCode: 200, body: { status, error_code: null } }),
    }) as unknown as Parameters<typeof requireOwnPausedChannel>[0];
  const ref = { interactionSid: 'KD' + '1'.repeat(32), channelSid: 'UO' + '1'.repeat(32) };
  const left = await outcome(requireOwnPausedChannel(channelAnswer('inactive'), ref));
  expect(left.status).toBe(409);
  expect(left.message).toBe(LEFT_MEANWHILE_MESSAGE);
  expect((await outcome(requireOwnPausedChannel(channelAnswer('active'), ref))).status).toBe(403);
  expect((await requireOwnPausedChannel(channelAnswer('pause'), ref)).status).toBe('pause');
});
