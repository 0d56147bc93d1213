import { doctor, HIPAA_WARNING } from '../src/provisioning/doctor';
import { provision, SYNC_SERVICE_NAME } from '../src/provisioning/provision';
import { DEFAULT_LEAVE_PAUSE, startBackend, type Backend } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const levels = (findings: { level: string; message: string }[], level: string) =>
  findings.filter((finding) => finding.level === level).map((finding) => finding.message);

describe('provision', () => {
  it('creates the Sync service for the pause records once; the second run changes nothing', async () => {
    const first = await provision(backend.client);
    expect(first.changes).toEqual([
      expect.stringContaining(SYNC_SERVICE_NAME),
      expect.stringContaining('leavePause-paused'),
      expect.stringContaining('leavePause-requests'),
    ]);
    expect(first.syncServiceSid).toMatch(/^IS[0-9a-f]{32}$/);
    const second = await provision(backend.client);
    expect(second).toEqual({ syncServiceSid: first.syncServiceSid, changes: [] });
    expect((await backend.client.sync.v1.services(first.syncServiceSid).fetch()).aclEnabled).toBe(true);
  });

  it('turns ACLs on for a service provisioned before the live feed', async () => {
    const old = await backend.client.sync.v1.services.create({ friendlyName: SYNC_SERVICE_NAME });
    const result = await provision(backend.client);
    expect(result.syncServiceSid).toBe(old.sid);
    expect(result.changes).toEqual(expect.arrayContaining([expect.stringContaining('turned ACLs on')]));
    expect((await backend.client.sync.v1.services(old.sid).fetch()).aclEnabled).toBe(true);
  });
});

describe('doctor', () => {
  it('fails a Sync service with ACLs off, and reports the live feed key missing, half set or set', async () => {
    await backend.client.sync.v1.services(backend.seed.syncServiceSid).update({ aclEnabled: false });
    const off = await doctor(backend.client, {
      syncServiceSid: backend.seed.syncServiceSid,
      liveKey: { secretSet: false },
    });
    expect(levels(off, 'fail')).toEqual([expect.stringContaining('has ACLs off')]);
    expect(levels(off, 'warn')).toEqual(
      expect.arrayContaining([expect.stringContaining('TWILIO_API_KEY / TWILIO_API_SECRET are not set')]),
    );
    await backend.client.sync.v1.services(backend.seed.syncServiceSid).update({ aclEnabled: true });
    const sid = 'SK' + 'a'.repeat(32);
    const half = await doctor(backend.client, {
      syncServiceSid: backend.seed.syncServiceSid,
      liveKey: { sid, secretSet: false },
    });
    expect(levels(half, 'fail')).toEqual([expect.stringContaining('TWILIO_API_SECRET is missing')]);
    const whole = await doctor(backend.client, {
      syncServiceSid: backend.seed.syncServiceSid,
      liveKey: { sid, secretSet: true },
    });
    expect(levels(whole, 'fail')).toEqual([]);
    expect(levels(whole, 'ok')).toEqual(
      expect.arrayContaining([expect.stringContaining('ACLs are on'), expect.stringContaining(sid)]),
    );
  });

  it('reads the same Flex configuration as the Functions and names each invalid setting', async () => {
    await backend.configure({ leave: { enabled: 'yes' } });
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(findings, 'fail')).toEqual([expect.stringContaining('leavePause.leave.enabled')]);
  });

  it("an old leave.routing is ignored, Leave stays on, and the admin is sent to Console's custom routing", async () => {
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      leave: { enabled: true, routing: { kind: 'studio', flowSid: 'FW' + '1'.repeat(32) } },
    });
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(findings, 'fail')).toEqual([]);
    expect(levels(findings, 'warn')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/leave\.routing is no longer used .*Leave stays on.*"Use custom routing"/),
      ]),
    );
    expect(levels(findings, 'ok')).toEqual(expect.arrayContaining([expect.stringContaining('Leave on')]));
  });

  it('with routingStatus "wrapup", says it applies to Pause only and that Leave always closes', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, routingStatus: 'wrapup' });
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(findings, 'warn')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"wrapup" applies to Pause only: Leave always sends Routing\.status "closed"/),
      ]),
    );
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, routingStatus: 'closed' });
    const closed = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(closed.some((finding) => finding.message.includes('applies to Pause only'))).toBe(false);
  });

  it("reports where the settings disagree with Twilio's own Leave/Pause (agent_conv_end_methods)", async () => {
    await backend.configure(
      { ...DEFAULT_LEAVE_PAUSE, pause: { enabled: false } },
      { agent_conv_end_methods: { enabled: ['Pause'] } },
    );
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    const warnings = levels(findings, 'warn');
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Leave is on in leavePause but off in Twilio's settings/),
        expect.stringMatching(/Twilio's own Pause is on .* leavePause.pause.enabled is false/),
      ]),
    );
  });

  it('warns when the configured limit differs from the 14 days Twilio enforces by default', async () => {
    await backend.configure({ ...DEFAULT_LEAVE_PAUSE, pause: { enabled: true, timeLimitMinutes: 60 } });
    const findings = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(findings, 'warn')).toEqual(
      expect.arrayContaining([expect.stringContaining('the pause limit is 60 minutes here')]),
    );
  });

  it('fails a Sync service that does not exist, and warns that some channels are not HIPAA-eligible', async () => {
    const findings = await doctor(backend.client, {
      syncServiceSid: 'IS' + '0'.repeat(32),
      workspaceSid: backend.seed.workspaceSid,
    });
    expect(levels(findings, 'fail')).toEqual([expect.stringContaining('run npm run provision')]);
    expect(levels(findings, 'warn')).toEqual(
      expect.arrayContaining([expect.stringContaining(HIPAA_WARNING)]),
    );
  });
});

describe('doctor: the team view (issue 18 part 4)', () => {
  it('says why Return to the queue is hidden, and when it is offered, on which live check', async () => {
    const hidden = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(hidden, 'ok')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/team view: Return to the queue is hidden: .*npm run doctor -- --live/),
        expect.stringContaining('may not Resume for an agent'),
      ]),
    );
    await backend.configure({
      ...DEFAULT_LEAVE_PAUSE,
      supervisorsMayAct: true,
      returnToQueue: {
        enabled: true,
        evidence: { liveCheck: 'invite-while-paused', runId: 'a1b2c3d4', checkedAt: '2026-12-04T17:00:00Z' },
      },
    });
    const offered = await doctor(backend.client, { syncServiceSid: backend.seed.syncServiceSid });
    expect(levels(offered, 'ok')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /Return to the queue is offered \(live check run a1b2c3d4 at 2026-12-04T17:00:00Z/,
        ),
        expect.stringContaining('may Resume for an agent'),
      ]),
    );
  });
});
