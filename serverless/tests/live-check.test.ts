import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../../emulator/src';
import { FACTS } from '../../emulator/src/facts';
import { BEHAVIOUR_IDS, formatLine, OPTIONAL_BEHAVIOURS } from '../src/provisioning/live/behaviours';
import { findLeftovers, LIVE_CHECK_PREFIX, removeCreated } from '../src/provisioning/live/resources';
import { exchangeOf } from '../src/provisioning/live/exchange';
import { withReturnToQueueEvidence } from '../src/provisioning/configure';
import {
  ONLY_INVITE_WHILE_PAUSED,
  PROBE_CONTROL_STATUS,
  probeStatuses,
  refusalLine,
  runLiveCheck,
} from '../src/provisioning/live/run';
import { createTwilioClient, type TwilioClient } from '../src/lib/twilio-client';
import {
  FAST,
  freePort,
  issue18Means,
  leftovers,
  othersOf,
  startLiveCheckWorld,
  type LiveCheckWorld,
} from './live-check-world';

let emulator: Emulator;
let client: TwilioClient;
let seed: LiveCheckWorld['seed'];
let world: LiveCheckWorld;

beforeEach(async () => {
  world = await startLiveCheckWorld();
  ({ emulator, client, seed } = world);
});

afterEach(async () => {
  await emulator.close();
});

/** Lines that are never walked (too slow): `skipped`, with the reason. */
const NEVER_WALKED = ['participant-removed-at-limit'];

describe('the live contract check against the emulator', () => {
  it('walks every behaviour: each line holds, and nothing it created remains', async () => {
    // The account where Return to the queue may be offered: Twilio routes an invite on a paused channel.
    emulator.configure({ invitesWhilePaused: 'routed' });
    const before = othersOf(emulator);
    const printed: string[] = [];
    const report = await runLiveCheck(client, {
      ...FAST,
      ...(await issue18Means(world)),
      onLine: (line) => printed.push(formatLine(line)),
    });
    // The real output, for the README: `LIVE_CHECK_PRINT=1 npx jest serverless/tests/live-check.test.ts`.
    if (process.env.LIVE_CHECK_PRINT) process.stdout.write(`${printed.join('\n')}\n`);

    expect(report.stopped).toBeNull();
    expect(report.lines.map((line) => line.id).sort()).toEqual([...BEHAVIOUR_IDS].sort());
    expect(
      report.lines.filter((line) => line.verdict !== 'holds').map((line) => [line.id, line.verdict]),
    ).toEqual(NEVER_WALKED.map((id) => [id, 'skipped']));
    expect(report.lines.find((line) => line.id === 'participant-removed-at-limit')?.detail).toMatch(
      /^not walked: Twilio reroutes a paused conversation at the limit set in Console/,
    );
    expect(report.joinedThrough).toEqual(['interaction-participant-create']);
    expect(printed).toHaveLength(BEHAVIOUR_IDS.length);
    // Every line cites what Twilio answered.
    const pause = report.lines.find((line) => line.id === 'pause-accepted');
    expect(pause?.evidence[0]).toMatchObject({ method: 'POST', status: 200, errorCode: null });
    expect(pause?.fields).toMatchObject({ answer_status: 'pause', read: 'pause' });
    expect(report.lines.find((line) => line.id === 'refused-change-reported')?.evidence[0]).toMatchObject({
      status: 409,
      errorCode: 45007,
    });

    // Issue 18's lines cite what they rest on.
    const byId = (id: string) => report.lines.find((line) => line.id === id);
    expect(byId('pause-events-webhook')?.fields).toMatchObject({
      target: 'webhook',
      filters: [
        'onMessageAdded',
        'onParticipantRemoved',
        'onConversationStateUpdated',
        'onConversationRemoved',
      ],
      url_kept: true,
      events_received: ['onMessageAdded'],
      signature_valid: true,
      webhook_sid_matches: true,
    });
    expect(byId('pause-events-webhook')?.evidence[0]).toMatchObject({ method: 'POST', status: 201 });
    expect(byId('live-feed-acl')?.fields).toMatchObject({
      acl_enabled: true,
      permissions: [{ identity: expect.stringMatching(/^WK/), read: true, write: false, manage: false }],
      own_identity_status: 200,
      other_identity_status: 403,
    });
    expect(byId('task-attributes-insights')?.fields).toMatchObject({
      merge: 'written',
      assignment_status: 'completed',
      'conversations.conversation_label_10': 'leave-pause-live-check',
      other_keys_kept: true,
    });
    // The webhook was removed before Resume: nothing of it is left on the conversation.
    expect(emulator.world.webhooks.size).toBe(0);

    // Created: a worker, a queue, a workflow, three conversations, the feed document; all removed, nothing else
    // touched.
    expect(report.created.map((entry) => entry.kind).sort()).toEqual([
      'conversation',
      'conversation',
      'conversation',
      'queue',
      'sync-document',
      'worker',
      'workflow',
    ]);
    expect(
      [...emulator.world.syncDocuments.values()].filter((doc) =>
        doc.uniqueName?.startsWith('leavePause-feed-'),
      ),
    ).toEqual([]);
    expect(report.cleanup.every((removal) => removal.result === 'deleted')).toBe(true);
    expect(leftovers(emulator)).toEqual([]);
    expect(othersOf(emulator)).toEqual(before);
    // The one request outside the spec is the probe's control question, a made-up Status, on purpose.
    expect(emulator.violations).toEqual([
      expect.objectContaining({ message: expect.stringContaining(PROBE_CONTROL_STATUS) }),
    ]);
    expect(report.lines.find((line) => line.id === 'probe-pause-known')?.evidence).toEqual([
      expect.objectContaining({ status: 404 }),
      expect.objectContaining({ status: 400, errorCode: 20001 }),
    ]);
  });

  it('invite-while-paused fails where Twilio refuses an invite on a paused channel (409): an optional line, Return to the queue stays hidden', async () => {
    const report = await runLiveCheck(client, FAST);
    expect(report.stopped).toBeNull();
    expect(report.lines.find((line) => line.id === 'invite-while-paused')).toMatchObject({
      verdict: 'fails',
      detail: expect.stringMatching(/refused; the channel reads pause \(Return to the queue stays hidden\)/),
      evidence: [expect.objectContaining({ method: 'POST', status: 409, errorCode: 45007 })],
      fields: { http_status: 409, channel_status: 'pause', task_sid: null },
    });
    expect(OPTIONAL_BEHAVIOURS.has('invite-while-paused')).toBe(true);
    // Without a public URL, a Sync service or an API key, issue 18's lines say what they checked and skip the rest.
    expect(
      report.lines.filter((line) => line.verdict !== 'holds').map((line) => [line.id, line.verdict]),
    ).toEqual([
      ['pause-events-webhook', 'skipped'],
      ['invite-while-paused', 'fails'],
      ['live-feed-acl', 'skipped'],
      ['participant-removed-at-limit', 'skipped'],
    ]);
    expect(report.lines.find((line) => line.id === 'pause-events-webhook')?.detail).toMatch(
      /^attached \(HTTP 201\) and read back with onMessageAdded, onParticipantRemoved, onConversationStateUpdated, onConversationRemoved; delivery not walked/,
    );
    expect(leftovers(emulator)).toEqual([]);
  });

  it('only invite-while-paused: that one step on routing of its own, no probe, every other line skipped; configure takes it', async () => {
    emulator.configure({ invitesWhilePaused: 'routed' });
    const before = othersOf(emulator);
    const report = await runLiveCheck(client, { ...FAST, only: ONLY_INVITE_WHILE_PAUSED });
    expect(report.stopped).toBeNull();
    expect(report.lines.map((line) => line.id).sort()).toEqual([...BEHAVIOUR_IDS].sort());
    expect(report.lines.find((line) => line.id === 'invite-while-paused')).toMatchObject({
      verdict: 'holds',
      evidence: [expect.objectContaining({ method: 'POST', status: 200 })],
      fields: { http_status: 200, channel_status: 'active', task_sid: expect.stringMatching(/^WT/) },
    });
    const others = report.lines.filter((line) => line.id !== 'invite-while-paused');
    expect(new Set(others.map((line) => line.verdict))).toEqual(new Set(['skipped']));
    expect(
      others.every((line) => line.detail === 'not walked: this run walked only invite-while-paused'),
    ).toBe(true);
    // No probe (its made-up Status is the full check's one request outside the spec), and nothing left behind.
    expect(emulator.violations).toEqual([]);
    expect(leftovers(emulator)).toEqual([]);
    expect(othersOf(emulator)).toEqual(before);
    // The report is what `npm run configure -- --live-report` reads: it stamps this run as the evidence.
    const settings = withReturnToQueueEvidence({ returnToQueue: { enabled: true } }, report);
    expect(settings.returnToQueue).toEqual({
      enabled: true,
      evidence: { liveCheck: 'invite-while-paused', runId: report.runId, checkedAt: report.finishedAt },
    });
  });

  it('only invite-while-paused, where the emulator plays Twilio refusing it: the line fails and configure refuses', async () => {
    const report = await runLiveCheck(client, { ...FAST, only: ONLY_INVITE_WHILE_PAUSED });
    expect(report.lines.find((line) => line.id === 'invite-while-paused')).toMatchObject({
      verdict: 'fails',
    });
    expect(() => withReturnToQueueEvidence({ returnToQueue: { enabled: true } }, report)).toThrow(
      /invite-while-paused line says "fails"/,
    );
    expect(leftovers(emulator)).toEqual([]);
  });

  it('live-feed-acl fails while the Sync service has ACLs off (any token would read every feed)', async () => {
    const means = await issue18Means(world);
    await client.sync.v1.services(seed.syncServiceSid).update({ aclEnabled: false });
    const report = await runLiveCheck(client, { ...FAST, ...means });
    expect(report.lines.find((line) => line.id === 'live-feed-acl')).toMatchObject({
      verdict: 'fails',
      detail: expect.stringMatching(/^acl_enabled is false/),
      fields: { acl_enabled: false },
    });
    expect(leftovers(emulator)).toEqual([]);
  });

  it('pause-events-webhook: a webhook create answered 5xx could not tell (a 4xx fails); the walk goes on', async () => {
    const path = '/conversations/v1/Conversations/CH[0-9a-f]+/Webhooks$';
    emulator.faults.add({ method: 'POST', pathPattern: path, status: 500, times: 10 });
    const report = await runLiveCheck(client, { ...FAST, ...(await issue18Means(world)) });
    expect(report.lines.find((line) => line.id === 'pause-events-webhook')).toMatchObject({
      verdict: 'could not tell',
      detail: expect.stringMatching(/^the webhook got no clear answer: HTTP 500/),
    });
    expect(report.lines.find((line) => line.id === 'active-accepted')?.verdict).toBe('holds');
    expect(leftovers(emulator)).toEqual([]);
    expect(emulator.world.webhooks.size).toBe(0);
  });

  it.each([
    [
      'the workflow create (early)',
      { method: 'POST', pathPattern: '/taskrouter/v1/Workspaces/WS[0-9a-f]+/Workflows$' },
    ],
    [
      'the customer reply (late)',
      {
        method: 'POST',
        pathPattern: '/conversations/v1/Conversations/CH[0-9a-f]+/Messages$',
        mode: 'drop' as const,
      },
    ],
  ])('cleans up after a failure injected at %s', async (_where, fault) => {
    emulator.faults.add({ ...fault, times: 10 });
    const report = await runLiveCheck(client, FAST);

    expect(report.stopped).not.toBeNull();
    expect(report.lines.map((line) => line.id).sort()).toEqual([...BEHAVIOUR_IDS].sort());
    expect(report.lines.some((line) => line.verdict === 'could not tell')).toBe(true);
    expect(report.created.length).toBeGreaterThan(0);
    expect(report.cleanup.every((removal) => removal.result === 'deleted')).toBe(true);
    expect(leftovers(emulator)).toEqual([]);
  });

  it.each([
    ['TaskQueues', 'queue'],
    ['Workflows', 'workflow'],
  ])(
    'removes by its own name what Twilio created although the answer was lost (%s)',
    async (resource, kind) => {
      // Created, but answered after the client gave up: the transport sends it again, so two exist and only
      // the second SID reaches the registry.
      emulator.faults.add({
        method: 'POST',
        pathPattern: `/taskrouter/v1/Workspaces/WS[0-9a-f]+/${resource}$`,
        mode: 'timeout',
        holdMs: 1500,
      });
      const report = await runLiveCheck(client, FAST);

      expect(report.cleanup.filter((removal) => removal.kind === kind)).toEqual([
        expect.objectContaining({ result: 'deleted' }),
        expect.objectContaining({ result: 'deleted' }),
      ]);
      expect(leftovers(emulator)).toEqual([]);
    },
  );

  it('removes a conversation whose create answer was lost, found by its unique name', async () => {
    emulator.faults.add({
      method: 'POST',
      pathPattern: '/conversations/v1/Conversations$',
      mode: 'timeout',
      holdMs: 1500,
    });
    const report = await runLiveCheck(client, FAST);

    expect(report.cleanup.filter((removal) => removal.kind === 'conversation')).toContainEqual(
      expect.objectContaining({ name: `${report.prefix}-a`, result: 'deleted' }),
    );
    expect(leftovers(emulator)).toEqual([]);
  });

  it('reports a pause answered 200 with "status": "failed" and an error_code as not accepted', async () => {
    // The first channel change after the probe (the walk's Pause) answered as the spec's examples answer a
    // change Twilio could not make.
    emulator.faults.add({
      method: 'POST',
      pathPattern: '/flex-api/v1/Interactions/KD[0-9a-f]{32}/Channels/UO(?!0{32})[0-9a-f]{32}$',
      mode: 'failed',
    });
    const report = await runLiveCheck(client, FAST);
    const verdicts = Object.fromEntries(report.lines.map((line) => [line.id, line.verdict]));

    expect(report.lines.find((line) => line.id === 'pause-accepted')).toMatchObject({
      verdict: 'fails',
      fields: { http_status: 200, error_code: 19025, answer_status: 'failed', read: 'active' },
      evidence: [expect.objectContaining({ method: 'POST', status: 200, errorCode: 19025 })],
    });
    expect(verdicts['status-timeout']).toBe('could not tell');
    expect(verdicts['resume-task-same-worker']).toBe('could not tell');
    // The walk goes on from the active channel.
    expect(verdicts['leave-inactive-closed']).toBe('holds');
    expect(verdicts['reply-after-leave-new-task']).toBe('holds');
    expect(leftovers(emulator)).toEqual([]);
  });

  it('stops before creating anything when Twilio refuses Status=pause (the public spec read literally)', async () => {
    emulator.configure({ channelUpdateEnum: 'public-spec' });
    const report = await runLiveCheck(client, FAST);

    expect(report.lines.find((line) => line.id === 'probe-pause-known')).toMatchObject({
      verdict: 'fails',
      evidence: [
        { method: 'POST', status: 400, errorCode: 20001 },
        { method: 'POST', status: 400, errorCode: 20001 },
      ],
    });
    expect(report.stopped).toMatch(/Pause and Resume cannot work on this account/);
    expect(report.created).toEqual([]);
    const writes = emulator.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => request.path)).toEqual(
      Array(3).fill(expect.stringMatching(/\/Channels\/UO0{32}$/)),
    );
    expect(report.lines.filter((line) => line.verdict === 'holds')).toEqual([]);
  });

  it("never accepts a real customer's task offered to the test worker by a queue that targets everyone", async () => {
    // Every agent busy elsewhere: a real customer's chat waits in the account's "Everyone" queue (1==1), which
    // offers it to the test worker as soon as the check makes it available.
    const workers = client.taskrouter.v1.workspaces(seed.workspaceSid).workers;
    for (const sid of [seed.workers.alice, seed.workers.bob])
      await workers(sid).update({ activitySid: seed.activities.offline });
    const real = await emulator.customer.start({ channelType: 'chat', customerName: 'Real', body: 'Hello' });
    const notes: string[] = [];
    const report = await runLiveCheck(client, { ...FAST, onNote: (text) => notes.push(text) });

    expect(notes).toEqual([expect.stringMatching(/^queue "Everyone" targets every worker/)]);
    expect(report.notes).toEqual(notes);
    // Its reservation was offered to the test worker and never accepted (the check waited for its own task);
    // the cleanup rejected it, so the task is back in its queue at once.
    const offered = [...emulator.world.reservations.values()].filter((r) => r.taskSid === real.taskSid);
    expect(offered.map((r) => r.status)).toEqual(['rejected']);
    expect(emulator.world.tasks.get(real.taskSid)?.assignmentStatus).toBe('pending');
    expect(emulator.world.conversations.get(real.conversationSid)?.state).toBe('active');
    expect(report.lines.find((line) => line.id === 'agent-joined')?.verdict).toBe('could not tell');
    expect(leftovers(emulator)).toEqual([]);
  });

  it('stops when the interrupt signal comes, and still removes what it created', async () => {
    const controller = new AbortController();
    const report = await runLiveCheck(client, {
      ...FAST,
      signal: controller.signal,
      onLine: (line) => {
        if (line.id === 'agent-joined') controller.abort();
      },
    });
    expect(report.stopped).toMatch(/interrupted/);
    expect(report.created.length).toBe(4);
    expect(leftovers(emulator)).toEqual([]);
  });

  it('--cleanup finds leftovers by the prefix and removes only them', async () => {
    const ws = emulator.world.workspace?.sid ?? '';
    const before = othersOf(emulator);
    // A run that died without its cleanup: resources named with the prefix, one conversation with a task.
    const deadWorker = await client.taskrouter.v1
      .workspaces(ws)
      .workers.create({ friendlyName: `${LIVE_CHECK_PREFIX}-dead1` });
    // Its live feed (live-feed-acl), named after the worker, and a real agent's feed that must stay.
    const sync = client.sync.v1.services(seed.syncServiceSid);
    await sync.documents.create({ uniqueName: `leavePause-feed-${deadWorker.sid}`, data: {} });
    await sync.documents.create({ uniqueName: `leavePause-feed-${seed.workers.alice}`, data: {} });
    const queue = await client.taskrouter.v1
      .workspaces(ws)
      .taskQueues.create({ friendlyName: `${LIVE_CHECK_PREFIX}-dead1`, targetWorkers: '1==2' });
    await client.taskrouter.v1.workspaces(ws).workflows.create({
      friendlyName: `${LIVE_CHECK_PREFIX}-dead1`,
      configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    });
    await client.conversations.v1.conversations.create({ uniqueName: `${LIVE_CHECK_PREFIX}-dead1-a` });
    const stranger = await client.conversations.v1.conversations.create({ friendlyName: 'leave-pause-live' });

    const found = await findLeftovers(client, ws, seed.syncServiceSid);
    expect(found.created.map((entry) => entry.kind).sort()).toEqual([
      'conversation',
      'queue',
      'sync-document',
      'worker',
      'workflow',
    ]);
    const removals = await removeCreated(client, found);
    expect(removals.every((removal) => removal.result === 'deleted')).toBe(true);
    expect(leftovers(emulator)).toEqual([]);
    expect(emulator.world.conversations.has(stranger.sid)).toBe(true);
    expect([...emulator.world.syncDocuments.values()].map((doc) => doc.uniqueName)).toContain(
      `leavePause-feed-${seed.workers.alice}`,
    );
    expect([...emulator.world.syncDocuments.values()].map((doc) => doc.uniqueName)).not.toContain(
      `leavePause-feed-${deadWorker.sid}`,
    );
    expect(othersOf(emulator)).toEqual(before);
  });
});

describe("npm run doctor -- --live, the admin's command", () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, '../../scripts/doctor.ts'), ...args],
        { env: { ...process.env, ...env }, timeout: 60_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });

  it('prints one line per behaviour, writes the JSON report, exits 0 when all hold; --cleanup finds nothing', async () => {
    const key = emulator.syncDocuments.createApiKey();
    const env = {
      ACCOUNT_SID: emulator.accountSid,
      AUTH_TOKEN: emulator.authToken,
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_API_KEY: key.sid,
      TWILIO_API_SECRET: key.secret,
    };
    await client.sync.v1.services(seed.syncServiceSid).update({ aclEnabled: true });
    const port = await freePort();
    const reportFile = path.join(mkdtempSync(path.join(tmpdir(), 'live-check-')), 'report.json');
    emulator.configure({ invitesWhilePaused: 'routed' });
    const live = await run(
      [
        '--live',
        '--report',
        reportFile,
        '--sync-service',
        seed.syncServiceSid,
        '--public-url',
        `http://127.0.0.1:${port}`,
        '--listen-port',
        String(port),
      ],
      env,
    );

    expect(live.code).toBe(0);
    for (const id of BEHAVIOUR_IDS)
      expect(live.stdout).toMatch(
        new RegExp(`^${NEVER_WALKED.includes(id) ? 'skipped' : 'holds'} +${id} `, 'm'),
      );
    expect(live.stdout).toMatch(/^not walked on this run \(nothing proven\): participant-removed-at-limit$/m);
    expect(live.stdout).toMatch(/the test worker joined through: interaction-participant-create/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Awaited<ReturnType<typeof runLiveCheck>>;
    expect(Object.fromEntries(report.lines.map((line) => [line.id, line.verdict]))).toEqual(
      Object.fromEntries(BEHAVIOUR_IDS.map((id) => [id, NEVER_WALKED.includes(id) ? 'skipped' : 'holds'])),
    );
    expect(report.cleanup).toHaveLength(7);
    expect(JSON.stringify(report)).not.toContain(key.secret);
    expect(JSON.stringify(report)).not.toContain(emulator.authToken);

    const cleanup = await run(['--cleanup'], env);
    expect(cleanup).toEqual({ code: 0, stdout: 'nothing named leave-pause-live-check-… is left\n' });
    expect(leftovers(emulator)).toEqual([]);
  }, 90_000);

  it('--only invite-while-paused walks that step alone; configure --live-report takes its report', async () => {
    const env = {
      ACCOUNT_SID: emulator.accountSid,
      AUTH_TOKEN: emulator.authToken,
      TWILIO_API_BASE_URL: emulator.url,
    };
    emulator.configure({ invitesWhilePaused: 'routed' });
    const dir = mkdtempSync(path.join(tmpdir(), 'live-check-'));
    const reportFile = path.join(dir, 'report.json');
    const live = await run(['--live', '--only', 'invite-while-paused', '--report', reportFile], env);
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(/^Live contract check, invite-while-paused only:/);
    const held = live.stdout
      .split('\n')
      .filter((line) => line.startsWith('holds '))
      .map((line) => line.split(/ +/)[1]);
    expect(held).toEqual(['invite-while-paused']);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Awaited<ReturnType<typeof runLiveCheck>>;
    expect(report.lines.filter((line) => line.verdict !== 'skipped').map((line) => line.id)).toEqual([
      'invite-while-paused',
    ]);
    expect(leftovers(emulator)).toEqual([]);
    const settingsFile = path.join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ returnToQueue: { enabled: true } }));
    const configure = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(__dirname, '../../scripts/configure.ts'),
          '--file',
          settingsFile,
          '--live-report',
          reportFile,
        ],
        { env: { ...process.env, ...env }, timeout: 60_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
    expect(configure.code).toBe(0);
    expect(configure.stdout).toContain(`"runId":"${report.runId}"`);
    expect(await run(['--live', '--only', 'pause-accepted'], env)).toMatchObject({ code: 1 });
  }, 90_000);

  it('exits 1 and creates nothing when Twilio refuses Status=pause', async () => {
    emulator.configure({ channelUpdateEnum: 'public-spec' });
    const reportFile = path.join(mkdtempSync(path.join(tmpdir(), 'live-check-')), 'report.json');
    const live = await run(['--live', '--report', reportFile], {
      ACCOUNT_SID: emulator.accountSid,
      AUTH_TOKEN: emulator.authToken,
      TWILIO_API_BASE_URL: emulator.url,
    });
    expect(live.code).toBe(1);
    expect(live.stdout).toMatch(/^fails +probe-pause-known /m);
    expect(live.stdout).toMatch(/Pause and Resume cannot work on this account/);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ created: [], cleanup: [] });
  }, 90_000);
});

describe('the probe on an account that looks the channel up before it reads Status', () => {
  it('could not tell: a 404 for pause says nothing when a made-up Status gets a 404 too', async () => {
    // A stand-in for such an account on 127.0.0.1: every request is "not found", whatever its Status.
    const server = http.createServer((request, response) => {
      request.resume();
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const lines = await probeStatuses(
        createTwilioClient({
          ACCOUNT_SID: `AC${'1'.repeat(32)}`,
          AUTH_TOKEN: 'not-a-secret',
          TWILIO_API_BASE_URL: `http://127.0.0.1:${port}`,
        }),
      );
      expect(lines.map((line) => [line.id, line.verdict])).toEqual([
        ['probe-pause-known', 'could not tell'],
        ['probe-active-known', 'could not tell'],
      ]);
      expect(lines[0].detail).toMatch(/looks for the channel before it reads Status/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('refused-change-reported reads every way Twilio can answer a refusal', () => {
  const post = {
    method: 'post' as const,
    uri: 'https://flex-api.twilio.com/v1/Interactions/KD1/Channels/UO1',
  };
  const inactive = { status: 'inactive', errorCode: null, statusTimeout: null, dateUpdated: null };

  it('a 200 whose body says failed with an error_code (the spec’s own example) is a reported refusal', () => {
    const answer = exchangeOf(post, 200, JSON.stringify({ status: 'failed', error_code: 19025 }));
    const line = refusalLine(answer, inactive);
    expect(line.verdict).toBe('holds');
    expect(line.fields).toEqual({
      http_status: 200,
      error_code: 19025,
      answer_status: 'failed',
      read: 'inactive',
    });
    expect(line.evidence).toEqual([expect.objectContaining({ status: 200, errorCode: 19025 })]);
  });

  it('a 4xx with Twilio’s error code is a reported refusal', () => {
    const answer = exchangeOf(post, 409, { code: 45007, message: 'Resource Conflict Error', status: 409 });
    expect(refusalLine(answer, inactive)).toMatchObject({
      verdict: 'holds',
      fields: { http_status: 409, error_code: 45007, answer_status: null },
    });
  });

  it('a 2xx with no failure mark fails: only a read-back would show the refusal', () => {
    const answer = exchangeOf(post, 200, { status: 'inactive', error_code: null });
    expect(refusalLine(answer, inactive).verdict).toBe('fails');
  });

  it('a 5xx could not tell', () => {
    expect(refusalLine(exchangeOf(post, 503, { code: 20503 }), null).verdict).toBe('could not tell');
  });
});

describe("the emulator's facts list", () => {
  it('names, for every assumption, a live-check line that verifies it on a real account', () => {
    const assumptions = FACTS.filter((fact) => fact.source === 'assumption');
    expect(assumptions.length).toBeGreaterThan(0);
    for (const fact of assumptions) expect(fact.liveCheck?.length).toBeGreaterThan(0);
    for (const id of FACTS.flatMap((fact) => fact.liveCheck ?? [])) expect(BEHAVIOUR_IDS).toContain(id);
  });
});
