import { control, raw, setup, type Harness } from './helpers';

describe('Flex Configuration, account settings and injected latency', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(async () => {
    expect(h.emu.violations).toEqual([]);
    await h.emu.close();
  });

  test('GET /v1/Configuration answers the flex.v1.configuration shape; Leave/Pause off by default', async () => {
    const cfg = await h.client.flexApi.v1.configuration().fetch();
    expect(cfg.accountSid).toBe(h.emu.accountSid);
    expect(cfg.taskrouterWorkspaceSid).toBe(h.seed.workspaceSid);
    expect(cfg.uiAttributes).toEqual({});
    expect(cfg.agentConvEndMethods).toMatchObject({ enabled: [] });
    expect(cfg.chatServiceInstanceSid).toBe(h.seed.conversationsServiceSid);
    // Every property of the spec's schema is present.
    const res = await raw(h.emu, 'GET', '/flex-api/v1/Configuration');
    const spec = (await import('../specs/twilio_flex_v1.json')) as unknown as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(res.json ?? {}).sort()).toEqual(
      Object.keys(spec.components.schemas['flex.v1.configuration'].properties).sort(),
    );
  });

  test('the admin sets ui_attributes and the conversation end methods: merged, nothing else lost', async () => {
    const set = await control(h.emu, 'POST', '/flex/configuration', {
      ui_attributes: {
        custom_data: { leavePause: { leave: true, pause: true, routingStatus: 'wrapup' } },
        colour: 'x',
      },
      agent_conv_end_methods: { enabled: ['Leave', 'Pause'] },
    });
    expect(set.status).toBe(200);
    await control(h.emu, 'POST', '/flex/configuration', {
      ui_attributes: { custom_data: { other: 1 }, colour: null },
    });
    const cfg = await h.client.flexApi.v1.configuration().fetch();
    expect(cfg.uiAttributes).toEqual({
      custom_data: { leavePause: { leave: true, pause: true, routingStatus: 'wrapup' }, other: 1 },
    });
    expect(cfg.agentConvEndMethods).toMatchObject({ enabled: ['Leave', 'Pause'] });
    expect((await control(h.emu, 'GET', '/flex/configuration')).json).toMatchObject({
      ui_attributes: { custom_data: { other: 1 } },
    });

    // Twilio's own way: POST /v1/Configuration with a JSON body (twilio-node sends JSON), merged the same way.
    const updated = await h.client.flexApi.v1.configuration().update({
      account_sid: h.emu.accountSid,
      ui_attributes: { custom_data: { leavePause: { pauseLimitSeconds: 3600 } } },
    } as Parameters<ReturnType<Harness['client']['flexApi']['v1']['configuration']>['update']>[0]);
    expect(updated.uiAttributes).toEqual({
      custom_data: {
        leavePause: { leave: true, pause: true, routingStatus: 'wrapup', pauseLimitSeconds: 3600 },
        other: 1,
      },
    });
    const unknown = await control(h.emu, 'POST', '/flex/configuration', { no_such_field: 1 });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain('no_such_field');
    // A form body is not what this operation takes.
    const form = await raw(h.emu, 'POST', '/flex-api/v1/Configuration', { ui_attributes: '{}' });
    expect(form.status).toBe(400);
    expect(h.emu.violations).toHaveLength(1);
    h.emu.violations.length = 0;
  });

  test('settings: the pause limit, latency and custom routing after Leave are validated, read back, and reset by seed', async () => {
    expect((await control(h.emu, 'GET', '/settings')).json).toEqual({
      pauseLimitSeconds: 1209600,
      latencyMs: 0,
      channelUpdateEnum: 'flex-client',
      invitesWhilePaused: 'refused',
      leaveRouting: { kind: 'default' },
      resumeArrives: 'accepted',
      reportStatusTimeout: true,
    });
    expect((await control(h.emu, 'POST', '/settings', { pauseLimitSeconds: 0 })).status).toBe(400);
    expect((await control(h.emu, 'POST', '/settings', { pauseLimitSeconds: 1209601 })).status).toBe(400);
    expect((await control(h.emu, 'POST', '/settings', { latencyMs: -1 })).status).toBe(400);
    expect(
      (
        await control(h.emu, 'POST', '/settings', {
          pauseLimitSeconds: 600,
          latencyMs: 5,
          leaveRouting: { kind: 'interactions-webhook', url: 'https://example.com/interactions' },
        })
      ).json,
    ).toEqual({
      pauseLimitSeconds: 600,
      latencyMs: 5,
      channelUpdateEnum: 'flex-client',
      invitesWhilePaused: 'refused',
      leaveRouting: { kind: 'interactions-webhook', url: 'https://example.com/interactions' },
      resumeArrives: 'accepted',
      reportStatusTimeout: true,
    });
    expect((await control(h.emu, 'POST', '/settings', { channelUpdateEnum: 'strict' })).status).toBe(400);
    expect(
      (await control(h.emu, 'POST', '/settings', { channelUpdateEnum: 'public-spec' })).json as object,
    ).toMatchObject({ channelUpdateEnum: 'public-spec' });
    h.emu.seed();
    expect(h.emu.settings).toEqual({
      pauseLimitSeconds: 1209600,
      latencyMs: 0,
      channelUpdateEnum: 'flex-client',
      invitesWhilePaused: 'refused',
      leaveRouting: { kind: 'default' },
      resumeArrives: 'accepted',
      reportStatusTimeout: true,
    });
  });

  test('latency: every Twilio API answer waits the set time; control calls do not', async () => {
    // The wait itself is swapped for a recorder, so nothing here depends on wall-clock time.
    const waits: number[] = [];
    h.emu.delay = (ms) => {
      waits.push(ms);
      return Promise.resolve();
    };
    await h.ws.fetch();
    expect(waits).toEqual([]);
    await control(h.emu, 'POST', '/settings', { latencyMs: 150 });
    await h.ws.fetch();
    await h.client.flexApi.v1.configuration().fetch();
    await h.client.sync.v1.services(h.seed.syncServiceSid).fetch();
    await h.client.conversations.v1.conversations.list();
    await fetch(`${h.emu.url}/iam/v1/Accounts/${h.emu.accountSid}/Tokens/validate`, {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${h.emu.accountSid}:${h.emu.authToken}`).toString('base64'),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ token: 'x' }),
    });
    await control(h.emu, 'GET', '/state');
    expect(waits).toEqual([150, 150, 150, 150, 150]);
    h.emu.configure({ latencyMs: 0 });
    await h.ws.fetch();
    expect(waits).toHaveLength(5);
  });

  test('onChange: one notification per burst of changes, none for reads, none after unsubscribing', async () => {
    let calls = 0;
    const off = h.emu.onChange(() => {
      calls++;
    });
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    await h.ws.fetch();
    await tick();
    expect(calls).toBe(0);
    await h.emu.customer.start({ channelType: 'chat', body: 'hi' });
    await tick();
    expect(calls).toBe(1);
    await h.ws.update({ friendlyName: 'Renamed' });
    await tick();
    expect(calls).toBe(2);
    await h.emu.clock.advance(1);
    await tick();
    expect(calls).toBe(3);
    // A control call notifies too (its own change and the request's end may land in one burst or two).
    await control(h.emu, 'POST', '/settings', { latencyMs: 0 });
    await tick();
    expect(calls).toBeGreaterThanOrEqual(4);
    const seen = calls;
    off();
    await h.emu.clock.advance(1);
    await tick();
    expect(calls).toBe(seen);
  });

  test('the default delay really waits (one call, no timing asserted)', async () => {
    h.emu.configure({ latencyMs: 1 });
    expect((await h.ws.fetch()).sid).toBe(h.seed.workspaceSid);
  });
});
