import { startEmulator, type Emulator } from '../../emulator/src';
import { createTwilioClient, type TwilioClient } from '../src/lib/twilio-client';
import { doctor, HIPAA_WARNING } from '../src/provisioning/doctor';
import { provision, ROUTE_BACK_WORKFLOW_NAME } from '../src/provisioning/provision';

let emulator: Emulator;
let client: TwilioClient;
let workspaceSid: string;
const functionsBaseUrl = 'https://leave-pause-1234.twil.io';

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
  workspaceSid = (await emulator.seed()).workspaceSid;
  client = createTwilioClient({
    ACCOUNT_SID: emulator.accountSid,
    AUTH_TOKEN: emulator.authToken,
    TWILIO_API_BASE_URL: emulator.url,
  });
});

afterEach(async () => {
  expect(emulator.violations).toEqual([]);
  await emulator.close();
});

const messages = (findings: { level: string; message: string }[], level: string) =>
  findings.filter((finding) => finding.level === level).map((finding) => finding.message);

describe('doctor', () => {
  it('fails an account that was never provisioned, naming each missing piece', async () => {
    const findings = await doctor(client, { workspaceSid, functionsBaseUrl });
    const failures = messages(findings, 'fail');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringContaining('task channel "paused" is missing'),
        expect.stringContaining('queue "Leave & Pause: pause timers" is missing'),
        expect.stringContaining(`workflow "${ROUTE_BACK_WORKFLOW_NAME}" is missing`),
        expect.stringContaining('no event callback URL'),
      ]),
    );
  });

  it('passes after provisioning, and warns that Email, WhatsApp and Messenger are not HIPAA-eligible', async () => {
    await provision(client, { workspaceSid, functionsBaseUrl });
    const findings = await doctor(client, { workspaceSid, functionsBaseUrl });
    expect(messages(findings, 'fail')).toEqual([]);
    expect(messages(findings, 'warn')).toEqual([
      `${HIPAA_WARNING} (this workspace has: Email, WhatsApp, Facebook Messenger)`,
    ]);
  });

  it('provisioning twice changes nothing the second time', async () => {
    const first = await provision(client, { workspaceSid, functionsBaseUrl });
    const second = await provision(client, { workspaceSid, functionsBaseUrl });
    expect(first.changes.length).toBeGreaterThan(0);
    expect(second.changes).toEqual([]);
    expect(second.routeBackWorkflowSid).toBe(first.routeBackWorkflowSid);
  });

  it('never overwrites an event callback that belongs to someone else, and says so', async () => {
    await client.taskrouter.v1
      .workspaces(workspaceSid)
      .update({ eventCallbackUrl: 'https://example.org/events' });
    const result = await provision(client, { workspaceSid, functionsBaseUrl });
    expect(result.warnings.join(' ')).toContain('https://example.org/events');
    const findings = await doctor(client, { workspaceSid, functionsBaseUrl });
    expect(messages(findings, 'warn').join(' ')).toContain('make sure they are forwarded');
  });

  it('warns when a queue added after provisioning has no route-back filter', async () => {
    await provision(client, { workspaceSid, functionsBaseUrl });
    await client.taskrouter.v1
      .workspaces(workspaceSid)
      .taskQueues.create({ friendlyName: 'Billing', targetWorkers: '1==1' });
    const findings = await doctor(client, { workspaceSid, functionsBaseUrl });
    expect(messages(findings, 'warn').join(' ')).toContain('"Billing"');
  });
});
