import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { keyFor, PAUSE_MAP_NAME } from '../src/lib/pause-store';
import { forgetCachedSettings } from '../src/lib/settings';
import { startBackend, type Backend } from './harness';
import { allowConsole } from '../../tests/console-guard';

/**
 * actions/resume.ts (issue 20, mutation survivors): the record is read under the caller's own key, and one
 * there that names another agent (hand-edited in Sync) is no pause of the caller's: 403, the channel untouched.
 */

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

it("a record under the caller's key that names another agent is refused (403) and the channel stays paused", async () => {
  const conversation = await backend.assignedConversation();
  const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  expect(paused.status).toBe(200);
  const item = backend.client.sync.v1
    .services(backend.env.SYNC_SERVICE_SID)
    .syncMaps(PAUSE_MAP_NAME)
    .syncMapItems(keyFor(conversation.workerSid, conversation.taskSid));
  const { data } = await item.fetch();
  await item.update({ data: { ...(data as Record<string, unknown>), pausedBy: 'WK' + 'f'.repeat(32) } });

  const result = await backend.invoke(
    resumeHandler,
    { Token: await backend.tokenFor(conversation.workerSid), TaskSid: conversation.taskSid },
    backend.env,
  );

  expect(result.status).toBe(403);
  expect(result.body.error).toMatchObject({ code: 'forbidden', field: 'TaskSid' });
  const channel = await backend.client.flexApi.v1
    .interaction(conversation.interactionSid)
    .channels(conversation.channelSid)
    .fetch();
  expect(channel.status).toBe('pause');
});

it('a Resume kept as a success whose record then cannot be deleted is forgotten: the repeat (same key) deletes it', async () => {
  // The 502 is logged, reduced to the request's method, path and status.
  allowConsole('error', /^leave-pause: \w+ failed: DELETE /);
  const conversation = await backend.assignedConversation();
  const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  expect(paused.status).toBe(200);
  const resumeWithKey = async () =>
    backend.invoke(
      resumeHandler,
      {
        Token: await backend.tokenFor(conversation.workerSid),
        TaskSid: conversation.taskSid,
        IdempotencyKey: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
      },
      backend.env,
    );
  backend.emulator.faults.add({ method: 'DELETE', pathPattern: '/Items/WK', status: 503, times: 10 });
  expect((await resumeWithKey()).status).toBe(502);
  backend.emulator.faults.clear();

  const again = await resumeWithKey();

  expect(again.status).toBe(200);
  // Acted again (not the remembered answer of the first try): it found the channel active and deleted the record.
  expect(again.body.alreadyResumed).toBe(true);
  await expect(
    backend.client.sync.v1
      .services(backend.env.SYNC_SERVICE_SID)
      .syncMaps(PAUSE_MAP_NAME)
      .syncMapItems(keyFor(conversation.workerSid, conversation.taskSid))
      .fetch(),
  ).rejects.toMatchObject({ status: 404 });
});

it('Resume reads no settings: it acts on a pause already decided, even with the Flex configuration unreadable', async () => {
  const conversation = await backend.assignedConversation();
  const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
  expect(paused.status).toBe(200);
  // A cold instance: no settings cached.
  forgetCachedSettings();
  backend.emulator.faults.add({ method: 'GET', pathPattern: '/v1/Configuration', status: 503, times: 10 });
  const before = backend.emulator.requests.length;

  const result = await backend.invoke(
    resumeHandler,
    { Token: await backend.tokenFor(conversation.workerSid), TaskSid: conversation.taskSid },
    backend.env,
  );

  expect(result.status).toBe(200);
  expect(backend.emulator.requests.slice(before).filter((r) => r.path.includes('/Configuration'))).toEqual(
    [],
  );
});
