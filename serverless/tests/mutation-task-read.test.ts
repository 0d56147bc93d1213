import { fetchTask } from '../src/lib/task-read';
import type { TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeTwilio, oneAttemptClient } from './fake-twilio';

/**
 * lib/task-read.ts on its own (issue 20, mutation survivors): what Pause's one read of the task hands on — the
 * status as TaskRouter gave it, the task as an object whatever the body, and the ETag for a conditional update.
 * A scripted Twilio (fake-twilio.ts) answers the task read.
 */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WS = 'WS' + '0'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);

let fake: FakeTwilio;
let client: TwilioClient;

beforeEach(async () => {
  fake = await startFakeTwilio();
  client = oneAttemptClient(fake, ACCOUNT);
});

afterEach(async () => {
  await fake.close();
});

it("GETs the workspace's task and hands on its status, body and ETag", async () => {
  fake.script = [{ status: 200, headers: { ETag: '"v7"' }, body: { sid: TASK, attributes: '{"a":1}' } }];
  expect(await fetchTask(client, WS, TASK)).toEqual({
    status: 200,
    body: { sid: TASK, attributes: '{"a":1}' },
    etag: '"v7"',
  });
  expect(fake.seen).toEqual([{ method: 'GET', path: `/taskrouter/v1/Workspaces/${WS}/Tasks/${TASK}` }]);
});

it('a refusal is handed on with its status, for the part that needs the task to judge', async () => {
  fake.script = [{ status: 404, body: { code: 20404, message: 'not found' } }];
  expect(await fetchTask(client, WS, TASK)).toEqual({
    status: 404,
    body: { code: 20404, message: 'not found' },
    etag: undefined,
  });
});

it.each<[string, unknown]>([
  ['a list', [1, 2]],
  ['null', null],
  ['a string, not JSON', 'task'],
  ['a number', 7],
])('a body that is %s: an empty task', async (_what, body) => {
  fake.script = [{ status: 200, body }];
  expect((await fetchTask(client, WS, TASK)).body).toEqual({});
});

it('a body handed on as JSON text is read as the task it holds', async () => {
  // The transport hands on as text a body it could not read as an object: here, JSON text inside JSON.
  fake.script = [{ status: 200, body: JSON.stringify({ sid: TASK, attributes: '{}' }) }];
  expect((await fetchTask(client, WS, TASK)).body).toEqual({ sid: TASK, attributes: '{}' });
});

it('no body at all (204): an empty task, not a parse error', async () => {
  fake.script = [{ status: 204 }];
  expect(await fetchTask(client, WS, TASK)).toEqual({ status: 204, body: {}, etag: undefined });
});
