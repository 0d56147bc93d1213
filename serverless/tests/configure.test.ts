import { configureLeavePause } from '../src/provisioning/configure';
import { parseLeavePause } from '../src/lib/settings';
import { startBackend, type Backend } from './harness';

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

const SETTINGS = {
  leave: { enabled: true },
  pause: { enabled: true, timeLimitMinutes: 7 * 24 * 60 },
  routingStatus: 'wrapup',
  backendUrl: 'https://leave-pause-1234-dev.twil.io',
};

describe('npm run configure (configureLeavePause)', () => {
  it('writes leavePause into ui_attributes.custom_data and keeps every other key there', async () => {
    backend.emulator.updateFlexConfiguration({
      ui_attributes: { colorTheme: 'dark', custom_data: { otherPlugin: { keep: true } } },
    });
    const result = await configureLeavePause(backend.client, SETTINGS);
    expect(result.current).toEqual(SETTINGS);
    const ui = backend.emulator.flexConfiguration.ui_attributes as Record<string, unknown>;
    expect(ui.colorTheme).toBe('dark');
    expect(ui.custom_data).toEqual({ otherPlugin: { keep: true }, leavePause: SETTINGS });
    // What the Functions will read from it, with the plugin's own parser.
    const { config, problems } = parseLeavePause((ui.custom_data as Record<string, unknown>).leavePause);
    expect(problems).toEqual([]);
    expect(config.routingStatus).toBe('wrapup');
    expect(config.pause).toEqual({ enabled: true, timeLimitMinutes: 10080 });
  });

  it('refuses settings the parser would switch off, naming the problem, and writes nothing', async () => {
    const before = JSON.stringify(backend.emulator.flexConfiguration);
    await expect(
      configureLeavePause(backend.client, { ...SETTINGS, routingStatus: 'later' }),
    ).rejects.toThrow(/nothing was written:\n- leavePause.routingStatus must be "closed" or "wrapup"/);
    expect(JSON.stringify(backend.emulator.flexConfiguration)).toBe(before);
  });

  it("refuses a leave.routing from an earlier version, pointing to Console's custom routing, and writes nothing", async () => {
    const before = JSON.stringify(backend.emulator.flexConfiguration);
    await expect(
      configureLeavePause(backend.client, {
        ...SETTINGS,
        leave: { enabled: true, routing: { kind: 'studio', flowSid: 'FW' + '1'.repeat(32) } },
      }),
    ).rejects.toThrow(/leave\.routing is no longer used .*"Use custom routing".*remove leave\.routing/);
    expect(JSON.stringify(backend.emulator.flexConfiguration)).toBe(before);
  });
});

describe('Return to the queue (team view, issue 18 part 4): only from a live report where it holds', () => {
  const line = (verdict: string) => ({ id: 'invite-while-paused', verdict, detail: 'seen' });
  const report = (verdict: string) => ({
    runId: 'a1b2c3d4',
    finishedAt: '2026-12-04T17:00:00.000Z',
    lines: [line(verdict)],
  });

  it('stamps the report’s run and time as evidence, and the parser then offers it', async () => {
    const result = await configureLeavePause(
      backend.client,
      { ...SETTINGS, returnToQueue: { enabled: true } },
      report('holds'),
    );
    expect(result.current.returnToQueue).toEqual({
      enabled: true,
      evidence: {
        liveCheck: 'invite-while-paused',
        runId: 'a1b2c3d4',
        checkedAt: '2026-12-04T17:00:00.000Z',
      },
    });
    expect(parseLeavePause(result.current).config.returnToQueue.enabled).toBe(true);
  });

  it.each([
    ['no report', undefined, /no live report was given/],
    ['a report where the line fails', report('fails'), /invite-while-paused line says "fails"/],
    ['a report without the line', { ...report('holds'), lines: [] }, /invite-while-paused line is missing/],
  ])('refuses to turn it on with %s, and writes nothing', async (_what, given, message) => {
    const before = JSON.stringify(backend.emulator.flexConfiguration);
    await expect(
      configureLeavePause(
        backend.client,
        {
          ...SETTINGS,
          // Evidence written by hand is no evidence: only the report counts.
          returnToQueue: {
            enabled: true,
            evidence: { liveCheck: 'invite-while-paused', runId: 'x', checkedAt: '2026-12-04T17:00:00Z' },
          },
        },
        given,
      ),
    ).rejects.toThrow(message);
    expect(JSON.stringify(backend.emulator.flexConfiguration)).toBe(before);
  });

  it('turning it off needs no report', async () => {
    const result = await configureLeavePause(backend.client, {
      ...SETTINGS,
      returnToQueue: { enabled: false },
    });
    expect(result.current.returnToQueue).toEqual({ enabled: false });
  });
});
