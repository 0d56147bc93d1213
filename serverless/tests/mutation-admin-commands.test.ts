import { configureLeavePause } from '../src/provisioning/configure';
import { doctor, HIPAA_WARNING, type Finding } from '../src/provisioning/doctor';
import { provision, SYNC_SERVICE_NAME } from '../src/provisioning/provision';
import { oneAttemptClient, startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';
import { DEFAULT_LEAVE_PAUSE, startBackend, type Backend } from './harness';

/**
 * The admin commands on their own (issue 20, mutation survivors): what `npm run configure`, `npm run doctor`
 * and `npm run provision` tell the admin — every sentence and its level, in order — what configure writes into
 * the Flex configuration and what it refuses. The emulator plays the account where a real one is needed; a
 * scripted Twilio (fake-twilio.ts) gives the answers the emulator does not (an unreadable configuration, a
 * failing Sync or workspace read, a configuration whose ui_attributes come as JSON text).
 */

const SETTINGS = {
  leave: { enabled: true },
  pause: { enabled: true, timeLimitMinutes: 7 * 24 * 60 },
  routingStatus: 'wrapup',
  backendUrl: 'https://leave-pause-1234-dev.twil.io',
};

const ADVICE =
  'nothing was written: run npm run doctor -- --live --report <report.json> on a test account of this contact ' +
  'centre and pass --live-report <report.json>.';

const HOLDS = { id: 'invite-while-paused', verdict: 'holds', detail: 'Twilio accepted the invite' };

describe('configure (emulator)', () => {
  let backend: Backend;

  beforeEach(async () => {
    backend = await startBackend();
  });

  afterEach(async () => {
    expect(backend.emulator.violations).toEqual([]);
    await backend.close();
  });

  const refusal = async (settings: Record<string, unknown>, report?: Record<string, unknown>) => {
    const before = JSON.stringify(backend.emulator.flexConfiguration);
    const error = await configureLeavePause(backend.client, settings, report).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    // A refusal writes nothing.
    expect(JSON.stringify(backend.emulator.flexConfiguration)).toBe(before);
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };

  it('names every problem, one per line, and writes nothing', async () => {
    const message = await refusal({ ...SETTINGS, routingStatus: 'later', leave: { enabled: 'yes' } });
    const lines = message.split('\n');
    expect(lines[0]).toBe('these settings need a change, nothing was written:');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.startsWith('- leavePause.'))).toBe(true);
    expect(message).toMatch(/\n- leavePause\.leave\.enabled[^\n]*\n- leavePause\.routingStatus must be/);
  });

  it('refuses Return to the queue with no report in full words, saying how to get one', async () => {
    expect(await refusal({ ...SETTINGS, returnToQueue: { enabled: true } })).toBe(
      `returnToQueue.enabled is true but no live report was given (--live-report), ${ADVICE}`,
    );
  });

  it('reads only the invite-while-paused line of the report, not the first one', async () => {
    const other = { id: 'pause-holds-channel', verdict: 'holds', detail: 'ok' };
    const report = { runId: 'r1', finishedAt: '2026-12-04T17:00:00Z', lines: [other] };
    expect(await refusal({ ...SETTINGS, returnToQueue: { enabled: true } }, report)).toBe(
      `returnToQueue.enabled is true but the live report's invite-while-paused line is missing, ${ADVICE}`,
    );
    const failing = { id: 'invite-while-paused', verdict: 'fails', detail: 'Twilio said 409' };
    expect(
      await refusal(
        { ...SETTINGS, returnToQueue: { enabled: true } },
        { ...report, lines: [other, failing] },
      ),
    ).toBe(
      'returnToQueue.enabled is true but the live report\'s invite-while-paused line says "fails": ' +
        `Twilio said 409, ${ADVICE}`,
    );
  });

  it('a report whose lines are not a list has no line', async () => {
    expect(
      await refusal(
        { ...SETTINGS, returnToQueue: { enabled: true } },
        { runId: 'r1', finishedAt: '2026-12-04T17:00:00Z', lines: HOLDS },
      ),
    ).toMatch(/invite-while-paused line is missing/);
  });

  it.each([
    ['no run id', { finishedAt: '2026-12-04T17:00:00Z' }],
    ['no time', { runId: 'r1' }],
    ['a run id that is not text', { runId: 7, finishedAt: '2026-12-04T17:00:00Z' }],
  ])('refuses a report where the line holds but with %s', async (_what, stamp) => {
    expect(
      await refusal({ ...SETTINGS, returnToQueue: { enabled: true } }, { ...stamp, lines: [HOLDS] }),
    ).toBe(`returnToQueue.enabled is true but the live report has no run id or time, ${ADVICE}`);
  });

  it('reads a returnToQueue given as JSON text as the object it spells', async () => {
    expect(await refusal({ ...SETTINGS, returnToQueue: '{"enabled": true}' })).toMatch(
      /^returnToQueue\.enabled is true but no live report was given/,
    );
  });

  it.each([
    ['text that is not JSON', 'on'],
    ['null', null],
  ])('leaves a returnToQueue that is %s to the parser, which refuses it', async (_what, value) => {
    expect(await refusal({ ...SETTINGS, returnToQueue: value })).toMatch(
      /^these settings need a change, nothing was written:\n- leavePause\.returnToQueue must be an object/,
    );
  });
});

describe('configure (scripted Twilio)', () => {
  let fake: FakeTwilio;

  beforeEach(async () => {
    fake = await startFakeTwilio();
  });

  afterEach(async () => {
    await fake.close();
  });

  const updates = () =>
    fake.bodies
      .filter((_body, index) => fake.seen[index].method === 'POST')
      .map((body) => JSON.parse(body) as Record<string, unknown>);

  it('merges into ui_attributes given as JSON text and names the account it updates', async () => {
    const ACCOUNT = 'AC' + 'b'.repeat(32);
    const stored = { colorTheme: 'dark', custom_data: { otherPlugin: { keep: true } } };
    let written: unknown = JSON.stringify(stored);
    fake.script = (request): FakeAnswer => {
      if (request.method === 'POST') {
        written = (JSON.parse(fake.bodies[fake.bodies.length - 1]) as { ui_attributes: unknown })
          .ui_attributes;
        return { status: 200, body: {} };
      }
      return { status: 200, body: { account_sid: ACCOUNT, ui_attributes: written } };
    };
    const result = await configureLeavePause(oneAttemptClient(fake), SETTINGS);
    expect(updates()).toEqual([
      {
        account_sid: ACCOUNT,
        ui_attributes: {
          colorTheme: 'dark',
          custom_data: { otherPlugin: { keep: true }, leavePause: SETTINGS },
        },
      },
    ]);
    expect(result).toEqual({ previous: undefined, current: SETTINGS });
  });

  it('replaces a custom_data that is a list, not an object, by one holding only leavePause', async () => {
    fake.script = [
      {
        status: 200,
        body: { account_sid: 'AC' + 'c'.repeat(32), ui_attributes: { custom_data: ['stray'] } },
      },
    ];
    const result = await configureLeavePause(oneAttemptClient(fake), SETTINGS);
    expect(updates()).toEqual([
      { account_sid: 'AC' + 'c'.repeat(32), ui_attributes: { custom_data: { leavePause: SETTINGS } } },
    ]);
    // The scripted Twilio answers the read after the write with the same configuration: nothing there yet.
    expect(result).toEqual({ previous: undefined, current: {} });
  });

  it('reports an object as what is now stored, even when the read after the write finds no object there', async () => {
    // Another writer may have changed it between the write and the read: configure's caller prints an object.
    fake.script = [
      { status: 200, body: { account_sid: 'AC' + 'c'.repeat(32), ui_attributes: {} } },
      { status: 200, body: {} },
      { status: 200, body: { ui_attributes: { custom_data: { leavePause: 7 } } } },
    ];
    expect(await configureLeavePause(oneAttemptClient(fake), SETTINGS)).toEqual({
      previous: undefined,
      current: {},
    });
  });

  it('sends no account_sid that is not text', async () => {
    fake.script = [{ status: 200, body: { account_sid: 42, ui_attributes: {} } }];
    await configureLeavePause(oneAttemptClient(fake), SETTINGS);
    expect(updates()).toEqual([{ ui_attributes: { custom_data: { leavePause: SETTINGS } } }]);
  });
});

const levels = (findings: Finding[]) => findings.map((finding) => `${finding.level}: ${finding.message}`);

const SETTINGS_LINE = (leave: string, pause: string, routing = 'closed') =>
  `ok: settings: Leave ${leave}, Pause ${pause}, routing status ${routing} (Pause; Leave always closes the task)`;
const HIDDEN =
  'ok: team view: Return to the queue is hidden: it rests on Twilio accepting an invite on a paused channel, ' +
  'which Twilio does not document. Run npm run doctor -- --live on a test account; where its line ' +
  'invite-while-paused holds, turn it on with npm run configure -- --file <settings.json> --live-report ' +
  '<report.json> (settings with "returnToQueue": {"enabled": true}).';
const MAY_NOT = 'ok: team view: supervisors and admins may not Resume for an agent (supervisorsMayAct)';
const NOTIFY =
  'ok: pause.onCustomerMessage "notify": a customer writing during a pause is counted for the agent who paused ' +
  'it (unread count, one notification per burst); set "resume" to hand it back at once';
const ACLS_ON = "ok: Sync ACLs are on: an agent's live token reads only their own feed";
const OFF_IN_TWILIO = (name: string, value: string) =>
  `warn: ${name} is on in leavePause but off in Twilio's settings (agent_conv_end_methods): if Twilio refuses ` +
  `"${value}", turn ${name} on in Console → Flex → General settings → "Conversation tasks workflows"`;

describe('doctor (emulator): every sentence, its level and its order', () => {
  let backend: Backend;

  beforeEach(async () => {
    backend = await startBackend();
  });

  afterEach(async () => {
    expect(backend.emulator.violations).toEqual([]);
    await backend.close();
  });

  const syncLine = () =>
    `ok: Sync service Default Service is ${backend.seed.syncServiceSid} (SYNC_SERVICE_SID)`;

  it('the default settings: both on here and off in Twilio, the 14-day limit, "notify"', async () => {
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(findings)).toEqual([
      SETTINGS_LINE('on', 'on (limit 20160 min)'),
      OFF_IN_TWILIO('Leave', 'inactive'),
      OFF_IN_TWILIO('Pause', 'pause'),
      HIDDEN,
      MAY_NOT,
      NOTIFY,
      syncLine(),
      ACLS_ON,
    ]);
  });

  it("both off here while Twilio's own are on: agents use Flex's, each in its own words", async () => {
    await backend.configure(
      { leave: { enabled: false }, pause: { enabled: false, timeLimitMinutes: 60 }, routingStatus: 'closed' },
      { agent_conv_end_methods: { enabled: ['Leave', 'Pause'] } },
    );
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(findings)).toEqual([
      SETTINGS_LINE('off', 'off'),
      "warn: Twilio's own Leave is on (agent_conv_end_methods) but leavePause.leave.enabled is false: agents use " +
        "Flex's Leave; the plugin's Paused work and reminders do not apply",
      "warn: Twilio's own Pause is on (agent_conv_end_methods) but leavePause.pause.enabled is false: agents use " +
        "Flex's Pause; the plugin's Paused work and reminders are off",
      HIDDEN,
      MAY_NOT,
      syncLine(),
      ACLS_ON,
    ]);
  });

  it('everything on: reasons, Twilio\'s own buttons, Return to the queue, wrap-up, a limit, "resume"', async () => {
    const provisioned = await provision(backend.client);
    await backend.configure(
      {
        leave: { enabled: true },
        pause: {
          enabled: true,
          timeLimitMinutes: 60,
          onCustomerMessage: 'resume',
          reasons: [
            { code: 'waiting-docs', label: { en: 'Waiting for documents' } },
            { code: 'callback', label: { en: 'Call back' } },
          ],
          reasonNote: true,
        },
        routingStatus: 'wrapup',
        supervisorsMayAct: true,
        returnToQueue: {
          enabled: true,
          evidence: {
            liveCheck: 'invite-while-paused',
            runId: 'a1b2c3d4',
            checkedAt: '2026-12-04T17:00:00Z',
          },
        },
      },
      { agent_conv_end_methods: { enabled: ['Leave', 'Pause'] } },
    );
    const sources = 'agent_conv_end_methods.enabled: Leave, agent_conv_end_methods.enabled: Pause';
    // Found by its name, not the first service of the account.
    const findings = await doctor(backend.client, {
      liveKey: { sid: 'AK' + 'a'.repeat(32), secretSet: true },
    });
    expect(levels(findings)).toEqual([
      SETTINGS_LINE('on', 'on (limit 60 min)', 'wrapup'),
      "ok: pause reasons: waiting-docs, callback, with a note; the code goes into the task's " +
        'conversations.conversation_label_10 for Flex Insights',
      'warn: routingStatus "wrapup" applies to Pause only: Leave always sends Routing.status "closed", the only ' +
        'value the public API allows with "inactive", so a left task is completed at once, without wrap-up',
      `ok: Twilio's own Leave is on (${sources}): agents see Flex's Leave button, the plugin's stays hidden; ` +
        'countdown, reminders and Paused work still come from the plugin',
      `ok: Twilio's own Pause is on (${sources}): agents see Flex's Pause button, the plugin's stays hidden; ` +
        'countdown, reminders and Paused work still come from the plugin',
      'ok: team view: Return to the queue is offered (live check run a1b2c3d4 at 2026-12-04T17:00:00Z saw ' +
        'invite-while-paused hold); run the live check again after Twilio changes, and turn it off if it fails',
      'ok: team view: supervisors and admins may Resume for an agent (supervisorsMayAct)',
      'warn: the pause limit is 60 minutes here: set the same limit in Console → "Conversation tasks workflows", ' +
        "which is what Twilio enforces; the plugin shows Twilio's deadline when Twilio gives it",
      'ok: pause.onCustomerMessage "resume": a customer writing during a pause resumes it for the agent who ' +
        'paused it when their worker is available, else counts it for them (unread count, notification)',
      `ok: Sync service ${SYNC_SERVICE_NAME} is ${provisioned.syncServiceSid} (SYNC_SERVICE_SID)`,
      ACLS_ON,
      'fail: TWILIO_API_KEY must be an API key SID (SK…) when TWILIO_API_SECRET is set',
    ]);
  });

  it('reasons without a note, and none at all while Pause is off', async () => {
    const reasons = [{ code: 'waiting-docs', label: { en: 'Waiting for documents' } }];
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, reasons } });
    const on = levels(await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid }));
    expect(on.filter((line) => line.includes('pause reasons'))).toEqual([
      "ok: pause reasons: waiting-docs; the code goes into the task's conversations.conversation_label_10 for " +
        'Flex Insights',
    ]);
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: false, reasons } });
    const off = levels(await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid }));
    expect(off.filter((line) => line.includes('pause reasons'))).toEqual([]);
  });

  it('no service of that name: says which name is missing', async () => {
    const findings = await doctor(backend.client);
    expect(levels(findings).filter((line) => line.startsWith('fail'))).toEqual([
      `fail: Sync service "${SYNC_SERVICE_NAME}" is missing: run npm run provision`,
    ]);
  });

  it('a given SYNC_SERVICE_SID that does not exist: names that SID', async () => {
    const missing = 'IS' + '0'.repeat(32);
    const findings = await doctor(backend.client, { syncServiceSid: missing });
    expect(levels(findings).filter((line) => line.startsWith('fail'))).toEqual([
      `fail: Sync service ${missing} does not exist: run npm run provision`,
    ]);
  });

  it('names the service with ACLs off and how to turn them on; the live key unset, in full', async () => {
    await backend.client.sync.v1.services(backend.seed.syncServiceSid).update({ aclEnabled: false });
    const findings = await doctor(backend.client, {
      syncServiceSid: backend.seed.syncServiceSid,
      liveKey: { secretSet: false },
    });
    expect(levels(findings).slice(-3)).toEqual([
      syncLine(),
      `fail: Sync service ${backend.seed.syncServiceSid} has ACLs off: a token for it could read every agent's ` +
        'pauses; run npm run provision (it turns AclEnabled on)',
      'warn: TWILIO_API_KEY / TWILIO_API_SECRET are not set: Paused work is read at start-up and after the ' +
        'agent\'s own actions, not live (README, admin guide: "Live lists")',
    ]);
  });

  it.each([
    ['a secret without a key', undefined],
    ['text before the SID', 'xSK' + 'a'.repeat(32)],
    ['text after the SID', 'SK' + 'a'.repeat(32) + 'x'],
  ])('fails an API key that is not an SK SID: %s', async (_what, sid) => {
    const findings = await doctor(backend.client, {
      syncServiceSid: backend.seed.syncServiceSid,
      liveKey: { sid, secretSet: true },
    });
    expect(levels(findings).slice(-1)).toEqual([
      'fail: TWILIO_API_KEY must be an API key SID (SK…) when TWILIO_API_SECRET is set',
    ]);
  });
});

describe('doctor (scripted Twilio): what it says when Twilio fails it', () => {
  let fake: FakeTwilio;
  const WS = 'WS' + '1'.repeat(32);
  const IS = 'IS' + '2'.repeat(32);

  beforeEach(async () => {
    fake = await startFakeTwilio();
  });

  afterEach(async () => {
    await fake.close();
  });

  const failure = { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
  const configuration = {
    status: 200,
    body: {
      ui_attributes: {
        custom_data: { leavePause: { leave: { enabled: false }, pause: { enabled: false } } },
      },
    },
  };
  const services = {
    status: 200,
    body: {
      services: [{ sid: IS, friendly_name: SYNC_SERVICE_NAME, acl_enabled: true }],
      meta: { key: 'services', next_page_url: null },
    },
  };
  const channels = (names: string[]) => ({
    status: 200,
    body: {
      channels: names.map((name) => ({ unique_name: name, sid: 'TC' + name.padEnd(32, '0').slice(0, 32) })),
      meta: { key: 'channels', next_page_url: null },
    },
  });
  const scripted = (answers: { configuration?: FakeAnswer; sync?: FakeAnswer; channels?: FakeAnswer }) => {
    fake.script = (request) => {
      if (request.path.startsWith('/flex-api/')) return answers.configuration ?? configuration;
      if (request.path.startsWith('/sync/')) return answers.sync ?? services;
      return answers.channels ?? channels([]);
    };
  };
  const DISABLED_BASE = [SETTINGS_LINE('off', 'off'), HIDDEN, MAY_NOT];

  it('an unreadable Flex configuration: one failure, with what Twilio said, and nothing else is read', async () => {
    scripted({ configuration: failure });
    const findings = await doctor(oneAttemptClient(fake), { workspaceSid: WS });
    expect(levels(findings)).toEqual([
      'fail: the Flex configuration cannot be read: GET /v1/Configuration: HTTP 500',
    ]);
    expect(fake.seen).toHaveLength(1);
  });

  it('leavePause not set: both off, and nothing about Twilio, limits or customer messages', async () => {
    scripted({ configuration: { status: 200, body: { ui_attributes: { custom_data: {} } } } });
    const findings = await doctor(oneAttemptClient(fake));
    expect(levels(findings)).toEqual([
      'warn: ui_attributes.custom_data.leavePause is not set: Leave and Pause are off',
      ...DISABLED_BASE,
      `ok: Sync service ${SYNC_SERVICE_NAME} is ${IS} (SYNC_SERVICE_SID)`,
      ACLS_ON,
    ]);
  });

  it('reads one page of up to 100 Sync services', async () => {
    scripted({});
    await doctor(oneAttemptClient(fake));
    expect(fake.seen.filter((request) => request.path.startsWith('/sync/')).map((r) => r.path)).toEqual([
      '/sync/v1/Services?PageSize=100',
    ]);
  });

  it('Sync and the workspace unreadable: each a failure, with what Twilio said', async () => {
    scripted({ sync: failure, channels: failure });
    const findings = await doctor(oneAttemptClient(fake), { workspaceSid: WS });
    expect(levels(findings).slice(0, 3)).toEqual(DISABLED_BASE);
    expect(levels(findings).slice(3)).toEqual([
      'fail: Sync cannot be read: Internal Server Error',
      `fail: workspace ${WS} cannot be read: Internal Server Error`,
    ]);
  });

  it.each([
    [['voice', 'chat', 'sms'], []],
    [['chat', 'whatsapp'], [`warn: ${HIPAA_WARNING} (this workspace has: WhatsApp)`]],
    [
      ['email', 'chat', 'messenger'],
      [`warn: ${HIPAA_WARNING} (this workspace has: Email, Facebook Messenger)`],
    ],
  ])('channels %j: warns only of the non-HIPAA-eligible ones it has', async (names, expected) => {
    scripted({ channels: channels(names) });
    const findings = await doctor(oneAttemptClient(fake), { workspaceSid: WS });
    expect(levels(findings)).toEqual([
      ...DISABLED_BASE,
      `ok: Sync service ${SYNC_SERVICE_NAME} is ${IS} (SYNC_SERVICE_SID)`,
      ACLS_ON,
      ...expected,
    ]);
  });
});

describe('provision (scripted Twilio)', () => {
  let fake: FakeTwilio;
  const IS = 'IS' + '3'.repeat(32);

  beforeEach(async () => {
    fake = await startFakeTwilio();
  });

  afterEach(async () => {
    await fake.close();
  });

  const services = {
    status: 200,
    body: {
      services: [{ sid: IS, friendly_name: SYNC_SERVICE_NAME, acl_enabled: true }],
      meta: { key: 'services', next_page_url: null },
    },
  };

  it('reads one page of up to 100 services, and stops at a map it cannot read for another reason than 404', async () => {
    fake.script = (request) => {
      if (request.path.startsWith('/sync/v1/Services?')) return services;
      return { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
    };
    await expect(provision(oneAttemptClient(fake))).rejects.toMatchObject({ status: 500 });
    expect(fake.seen.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /sync/v1/Services?PageSize=100',
      `GET /sync/v1/Services/${IS}/Maps/leavePause-paused`,
    ]);
  });

  it('creates a map that answers 404, and only that one', async () => {
    fake.script = (request) => {
      if (request.path.startsWith('/sync/v1/Services?')) return services;
      if (request.method === 'POST')
        return { status: 201, body: { sid: 'MP' + '4'.repeat(32), unique_name: 'leavePause-paused' } };
      if (request.path.endsWith('/leavePause-paused'))
        return { status: 404, body: { code: 20404, message: 'not found', status: 404 } };
      return { status: 200, body: { sid: 'MP' + '5'.repeat(32), unique_name: 'leavePause-requests' } };
    };
    expect(await provision(oneAttemptClient(fake))).toEqual({
      syncServiceSid: IS,
      changes: ['created Sync map "leavePause-paused"'],
    });
    expect(fake.seen.filter((request) => request.method === 'POST').map((r) => r.path)).toEqual([
      `/sync/v1/Services/${IS}/Maps`,
    ]);
  });
});
