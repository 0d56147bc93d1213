import { resumeRecordedPause } from '../src/actions/resume';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as resumeHandler } from '../src/functions/resume';
import { ActionError } from '../src/lib/errors';
import { keyFor, PAUSE_MAP_NAME, PauseStore, type PauseRecord } from '../src/lib/pause-store';
import { forgetCachedSettings } from '../src/lib/settings';
import { oneAttemptClient, startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';
import { startBackend, type Backend } from './harness';
import { allowConsole, expectConsole } from '../../tests/console-guard';

/**
 * actions/resume.ts (issue 20, mutation survivors). Through the emulator: the record is read under the caller's
 * own key, and one there that names another agent (hand-edited in Sync) is no pause of the caller's: 403, the
 * channel untouched. Against a scripted Twilio (fake-twilio.ts), `resumeRecordedPause` — the work the agent's
 * Resume, a supervisor's and the pause-events policy share — meeting each answer a branch is about: the
 * pause-events webhook removed once the pause is over (or not, when there is none to remove), the record written back
 * after a change that may not have happened (for as long as the pause can last, as it was: its webhook left in
 * place), the record's delete tried again once Twilio says the pause is over, and the refusal's words.
 */

describe('through the emulator', () => {
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

  it("a Resume Twilio refuses (the pause is over) whose record's delete fails twice answers the refusal; the retry is refused the same and deletes the record", async () => {
    // The delete's failure is the admin's to see; the agent's answer is Twilio's refusal.
    expectConsole(
      'error',
      /^leave-pause: the record of a pause Twilio says is over could not be deleted: DELETE /,
    );
    const conversation = await backend.assignedConversation();
    const paused = await backend.invoke(pauseHandler, await backend.actionEvent(conversation), backend.env);
    expect(paused.status).toBe(200);
    // Over by Twilio's time limit, its record still there (its webhook gone, so no event removed it).
    const hooks = backend.client.conversations.v1.conversations(conversation.conversationSid).webhooks;
    for (const hook of await hooks.list()) await hooks(hook.sid).remove();
    await backend.emulator.clock.advanceTo(new Date(String(paused.body.reassignAt)));
    await backend.emulator.idle();
    const item = backend.client.sync.v1
      .services(backend.env.SYNC_SERVICE_SID)
      .syncMaps(PAUSE_MAP_NAME)
      .syncMapItems(keyFor(conversation.workerSid, conversation.taskSid));
    const resumeOnce = async () =>
      backend.invoke(
        resumeHandler,
        { Token: await backend.tokenFor(conversation.workerSid), TaskSid: conversation.taskSid },
        backend.env,
      );
    backend.emulator.faults.add({ method: 'DELETE', pathPattern: '/Items/WK', status: 503, times: 10 });

    const refused = await resumeOnce();

    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'not_paused', field: 'TaskSid' });
    expect((await item.fetch()).key).toBe(keyFor(conversation.workerSid, conversation.taskSid));
    backend.emulator.faults.clear();

    const retried = await resumeOnce();

    expect(retried.status).toBe(409);
    expect(retried.body.error).toMatchObject({ code: 'not_paused' });
    await expect(item.fetch()).rejects.toMatchObject({ status: 404 });
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
});

describe('resumeRecordedPause against a scripted Twilio', () => {
  const SERVICE = 'IS' + '1'.repeat(32);
  const ALICE = 'WK' + 'a'.repeat(32);
  const TASK = 'WT' + '1'.repeat(32);
  const CONVERSATION = 'CH' + '1'.repeat(32);
  const WEBHOOK = 'WH' + '1'.repeat(32);
  const HOUR_MS = 3_600_000;
  // One clock reading for every record a test builds, so the one written back compares equal to it.
  const NOW = Date.now();

  /** A pause that lasts two more hours, with its pause-events webhook unless told otherwise. */
  const record = (overrides: Partial<PauseRecord> = {}): PauseRecord => ({
    taskSid: TASK,
    pausedBy: ALICE,
    pausedAt: new Date(NOW - HOUR_MS).toISOString(),
    reassignAt: new Date(NOW + 2 * HOUR_MS).toISOString(),
    deadlineSource: 'twilio',
    interactionSid: 'KD' + '1'.repeat(32),
    channelSid: 'UO' + '1'.repeat(32),
    conversationSid: CONVERSATION,
    taskChannel: 'chat',
    customer: 'Ann',
    eventsWebhookSid: WEBHOOK,
    ...overrides,
  });
  const withoutWebhook = (): PauseRecord => {
    const { eventsWebhookSid: _dropped, ...rest } = record();
    return rest;
  };

  let fake: FakeTwilio;
  let store: PauseStore;
  // The feed's own writes have their tests (live-feed.test.ts): here only which change is announced, and when.
  let announced: jest.SpyInstance;

  /** What Twilio answers: the channel's change and read-back, each delete of the record, the webhook's removal. */
  function twilioAnswers(answers: {
    change: FakeAnswer;
    readBack?: FakeAnswer;
    recordDeletes?: FakeAnswer[];
    webhookRemoval?: FakeAnswer;
  }) {
    let deletes = 0;
    fake.script = (request) => {
      if (request.path.includes('/Channels/')) {
        return request.method === 'POST' ? answers.change : (answers.readBack ?? { status: 500 });
      }
      if (request.path.includes('/Webhooks/')) return answers.webhookRemoval ?? { status: 204 };
      if (request.method === 'DELETE' && request.path.includes('/Items/')) {
        const scripted = answers.recordDeletes ?? [{ status: 204 }];
        return scripted[Math.min(deletes++, scripted.length - 1)];
      }
      if (request.method === 'POST' && /\/Items$/.test(request.path)) {
        return { status: 201, body: { key: keyFor(ALICE, TASK) } };
      }
      return { status: 599 };
    };
  }

  const calls = () => fake.seen.map((r) => `${r.method} ${decodeURIComponent(r.path.split('?')[0])}`);
  const webhookRemovals = () => calls().filter((call) => call.includes('/Webhooks/'));
  const recordDeletes = () => calls().filter((call) => call.startsWith('DELETE') && call.includes('/Items/'));
  const writtenBack = () =>
    fake.seen.flatMap((request, index) =>
      request.method === 'POST' && /\/Items$/.test(request.path)
        ? [Object.fromEntries(new URLSearchParams(fake.bodies[index]))]
        : [],
    );
  const resumeOf = (paused: PauseRecord) =>
    resumeRecordedPause(
      oneAttemptClient(fake),
      store,
      paused,
      Promise.resolve({ revision: null, records: [] }),
    );
  const failureOf = (run: Promise<unknown>) =>
    run.then(
      () => {
        throw new Error('expected the Resume to fail');
      },
      (error: unknown) => error,
    );

  beforeEach(async () => {
    fake = await startFakeTwilio();
    store = new PauseStore(oneAttemptClient(fake), SERVICE);
    announced = jest.spyOn(PauseStore.prototype, 'announceChange').mockResolvedValue(undefined);
  });

  afterEach(async () => {
    announced.mockRestore();
    await fake.close();
  });

  describe('the pause-events webhook goes with the pause it serves', () => {
    it('a pause with its webhook: the webhook is removed once the channel is active, beside the record', async () => {
      twilioAnswers({ change: { status: 200, body: { status: 'active' } } });

      expect(await resumeOf(record())).toEqual({ alreadyResumed: false });

      expect(webhookRemovals()).toEqual([
        `DELETE /conversations/v1/Conversations/${CONVERSATION}/Webhooks/${WEBHOOK}`,
      ]);
      expect(recordDeletes()).toHaveLength(1);
    });

    it('no webhook, or no conversation to remove it from: no removal is asked for', async () => {
      twilioAnswers({ change: { status: 200, body: { status: 'active' } } });

      await resumeOf(withoutWebhook());
      await resumeOf(record({ conversationSid: null }));

      expect(webhookRemovals()).toEqual([]);
      expect(recordDeletes()).toHaveLength(2);
    });
  });

  describe('a change that failed (the channel may still be paused): the record is written back', () => {
    // The change's answer and its read-back both lost: nothing says whether the channel moved.
    const lost = { change: { status: 500 }, readBack: { status: 500 } } as const;

    it('for as long as the pause can last and a day more, as it was, its webhook left in place; then the feed is told', async () => {
      twilioAnswers(lost);
      const paused = record();
      const before = Date.now();

      const error = await failureOf(resumeOf(paused));

      const after = Date.now();
      expect(error).not.toBeInstanceOf(ActionError);
      expect(error).toMatchObject({ status: 500 });
      const [written, ...more] = writtenBack();
      expect(more).toEqual([]);
      // The pause stands: its webhook still counts the customer's messages, so nothing asked to remove it.
      expect(JSON.parse(written.Data)).toEqual(paused);
      expect(webhookRemovals()).toEqual([]);
      // The time left until the deadline, plus the day a record outlives it, in seconds rounded up (Twilio's
      // clock, learnt from the Date header to the second, may run up to a second behind ours).
      const secondsLeftAt = (ms: number) => (Date.parse(paused.reassignAt) - ms) / 1000 + 86_400;
      const ttl = Number(written.ItemTtl);
      expect(ttl).toBeGreaterThanOrEqual(Math.floor(secondsLeftAt(after)));
      expect(ttl).toBeLessThanOrEqual(Math.ceil(secondsLeftAt(before)) + 2);
      // Written after the delete's announcement: the feed shows the map as it now is, record included.
      expect(announced).toHaveBeenLastCalledWith(ALICE);
    });

    it('a webhook never removed (no conversation to remove it from) is still named; a pause without one is written as it was', async () => {
      twilioAnswers(lost);

      await failureOf(resumeOf(record({ conversationSid: null })));
      await failureOf(resumeOf(withoutWebhook()));

      expect(webhookRemovals()).toEqual([]);
      expect(writtenBack().map((written) => JSON.parse(written.Data))).toEqual([
        record({ conversationSid: null }),
        withoutWebhook(),
      ]);
    });
  });

  describe('Twilio says the pause is over: the record goes, nothing is written back', () => {
    const refusedInactive = {
      change: { status: 409 },
      readBack: { status: 200, body: { status: 'inactive' } },
    };

    it('a channel neither active nor paused: the refusal names its state', async () => {
      twilioAnswers(refusedInactive);

      const error = await failureOf(resumeOf(record()));

      expect(error).toBeInstanceOf(ActionError);
      expect(error).toMatchObject({
        status: 409,
        code: 'not_paused',
        message: 'This conversation is no longer paused (it is inactive)',
        field: 'TaskSid',
      });
      expect(recordDeletes()).toHaveLength(1);
      // The pause is over: its webhook serves nothing any more.
      expect(webhookRemovals()).toEqual([
        `DELETE /conversations/v1/Conversations/${CONVERSATION}/Webhooks/${WEBHOOK}`,
      ]);
      expect(writtenBack()).toEqual([]);
    });

    it('active past the deadline: reassigned by the time limit', async () => {
      twilioAnswers({ change: { status: 409 }, readBack: { status: 200, body: { status: 'active' } } });

      const error = await failureOf(
        resumeOf(record({ reassignAt: new Date(Date.now() - 1000).toISOString() })),
      );

      expect(error).toMatchObject({
        status: 409,
        message: 'This conversation reached its time limit and was reassigned',
      });
    });

    it("the record's delete failed: it is tried again, and the feed told once it is gone", async () => {
      twilioAnswers({ ...refusedInactive, recordDeletes: [{ status: 500 }, { status: 204 }] });

      const error = await failureOf(resumeOf(record()));

      expect(error).toMatchObject({ status: 409, code: 'not_paused' });
      expect(recordDeletes()).toHaveLength(2);
      expect(announced).toHaveBeenCalledTimes(1);
      expect(announced).toHaveBeenCalledWith(ALICE, expect.objectContaining({ removedTaskSid: TASK }));
      expect(writtenBack()).toEqual([]);
    });

    it('the delete failed twice: the refusal is still the answer, the failure logged for the admin, and the feed shows the map as it is', async () => {
      // Outside a Function's invocation no request journal names the path: the status is what is known.
      expectConsole(
        'error',
        /^leave-pause: the record of a pause Twilio says is over could not be deleted: .*HTTP 500/,
      );
      twilioAnswers({ ...refusedInactive, recordDeletes: [{ status: 500 }] });

      const error = await failureOf(resumeOf(record()));

      expect(error).toBeInstanceOf(ActionError);
      expect(error).toMatchObject({ status: 409, code: 'not_paused', field: 'TaskSid' });
      expect(recordDeletes()).toHaveLength(2);
      expect(announced.mock.calls).toEqual([[ALICE]]);
      // The pause is over all the same: its webhook goes, and nothing is written back.
      expect(webhookRemovals()).toHaveLength(1);
      expect(writtenBack()).toEqual([]);
    });
  });

  it("resumed, the record's delete failed: it is tried again, then the feed is told", async () => {
    twilioAnswers({
      change: { status: 200, body: { status: 'active' } },
      recordDeletes: [{ status: 500 }, { status: 204 }],
    });

    expect(await resumeOf(record())).toEqual({ alreadyResumed: false });

    expect(recordDeletes()).toHaveLength(2);
    expect(announced.mock.calls).toEqual([[ALICE, expect.objectContaining({ removedTaskSid: TASK })]]);
  });
});
