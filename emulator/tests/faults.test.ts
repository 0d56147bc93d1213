import { startEmulator, type Emulator } from '../src';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ port: 0 });
});
afterEach(async () => {
  await emu.close();
});

describe("fault mode 'timeout'", () => {
  it('does the work, then holds the answer longer than the client waits', async () => {
    const seed = emu.seed();
    emu.faults.add({ method: 'POST', pathPattern: 'Workers/WK', mode: 'timeout', holdMs: 400 });
    const auth = 'Basic ' + Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64');
    const started = Date.now();
    const attempt = fetch(
      `${emu.url}/taskrouter/v1/Workspaces/${seed.workspaceSid}/Workers/${seed.workers.bob}`,
      {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ActivitySid: seed.activities.available }).toString(),
        signal: AbortSignal.timeout(100),
      },
    );
    await expect(attempt).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(400);
    expect(emu.snapshot().workers.find((w) => w.sid === seed.workers.bob)?.activity_sid).toBe(
      seed.activities.available,
    );
  });

  it('rejects an unknown mode', () => {
    expect(() => emu.faults.add({ pathPattern: 'x', mode: 'slow' as never })).toThrow(/mode/);
  });
});

describe("fault mode 'failed'", () => {
  it('answers 200 with the resource as it is, "status": "failed" and error 19025, and changes nothing', async () => {
    const seed = emu.seed();
    const auth = 'Basic ' + Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64');
    const before = emu.snapshot().workers.find((w) => w.sid === seed.workers.bob)?.activity_sid;
    emu.faults.add({ method: 'POST', pathPattern: 'Workers/WK', mode: 'failed' });
    const answer = await fetch(
      `${emu.url}/taskrouter/v1/Workspaces/${seed.workspaceSid}/Workers/${seed.workers.bob}`,
      {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ActivitySid: seed.activities.offline }).toString(),
      },
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      sid: seed.workers.bob,
      status: 'failed',
      error_code: 19025,
      error_message: 'Channel validation error',
    });
    expect(emu.snapshot().workers.find((w) => w.sid === seed.workers.bob)?.activity_sid).toBe(before);
  });
});
