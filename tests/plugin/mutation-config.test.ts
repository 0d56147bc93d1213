import {
  DEFAULT_PAUSE_MINUTES,
  detectNativeFeatures,
  LEAVE_ROUTING_RETIRED,
  MAX_PAUSE_MINUTES,
  MIN_PAUSE_MINUTES,
  parseConfig,
  parseIsoDurationMinutes,
  readHostedConfig,
  resolveConfig,
} from '../../src/config';

/**
 * The plugin's configuration parser on its own (issue 20, mutation survivors): each value it takes or refuses,
 * the words of each problem, and every shape of Flex's own Leave/Pause switch it recognises.
 */

const URL_OK = 'https://functions.example.com';
const ON = { leave: { enabled: true }, pause: { enabled: true }, backendUrl: URL_OK };

describe('parseIsoDurationMinutes', () => {
  it.each<[string, number | undefined]>([
    ['P14D', 14 * 24 * 60],
    ['P2W', 2 * 7 * 24 * 60],
    ['PT90M', 90],
    ['PT2H', 120],
    ['P1DT1H1M', 24 * 60 + 60 + 1],
    ['P1W1D', 8 * 24 * 60],
    [' pt5m ', 5],
    ['P', undefined],
    ['PT', undefined],
    ['P1DT', undefined],
    ['P1H', undefined],
    ['PT1S', undefined],
    ['1D', undefined],
    ['P1D trailing', undefined],
    ['xP1D', undefined],
  ])('%p → %p minutes', (text, minutes) => {
    expect(parseIsoDurationMinutes(text)).toBe(minutes);
  });
});

describe('parseConfig', () => {
  it('the bounds of the pause limit: 1 minute to 14 days; the default is the most', () => {
    expect([MIN_PAUSE_MINUTES, MAX_PAUSE_MINUTES, DEFAULT_PAUSE_MINUTES]).toEqual([1, 20160, 20160]);
    const limit = (timeLimit: unknown) =>
      parseConfig({ ...ON, pause: { enabled: true, timeLimit } }).config.pause;
    expect(limit(1)).toEqual({ enabled: true, timeLimitMinutes: 1 });
    expect(limit(20160)).toEqual({ enabled: true, timeLimitMinutes: 20160 });
    expect(limit(0)).toEqual({ enabled: false, timeLimitMinutes: DEFAULT_PAUSE_MINUTES });
    expect(limit(20161).enabled).toBe(false);
    expect(limit(1.5).enabled).toBe(false);
    expect(limit('P14D')).toEqual({ enabled: true, timeLimitMinutes: 20160 });
    expect(limit('P15D').enabled).toBe(false);
    expect(limit(true).enabled).toBe(false);
  });

  it('timeLimitMinutes is accepted as a name too; timeLimit wins; the problem names the key used', () => {
    expect(
      parseConfig({ ...ON, pause: { enabled: true, timeLimitMinutes: 30 } }).config.pause.timeLimitMinutes,
    ).toBe(30);
    expect(
      parseConfig({ ...ON, pause: { enabled: true, timeLimit: 20, timeLimitMinutes: 30 } }).config.pause
        .timeLimitMinutes,
    ).toBe(20);
    const { problems } = parseConfig({ ...ON, pause: { enabled: true, timeLimitMinutes: 'soon' } });
    expect(problems).toEqual([
      'leavePause.pause.timeLimitMinutes must be a whole number of minutes or an ISO 8601 duration such as "P14D" or ' +
        '"PT90M", between 1 minute and 14 days (20160 minutes), got "soon"; Pause is off.',
    ]);
  });

  it('each feature off on its own, with the words for it', () => {
    expect(parseConfig({ ...ON, leave: 'yes' })).toEqual({
      config: expect.objectContaining({
        leave: { enabled: false },
        pause: { enabled: true, timeLimitMinutes: 20160 },
      }),
      problems: ['leavePause.leave must be an object like { "enabled": true }, got "yes"; Leave is off.'],
    });
    expect(parseConfig({ ...ON, pause: [true] }).problems).toEqual([
      'leavePause.pause must be an object like { "enabled": true }, got [true]; Pause is off.',
    ]);
    expect(parseConfig({ ...ON, leave: { enabled: 1 } }).problems).toEqual([
      'leavePause.leave.enabled must be true or false, got 1; Leave is off.',
    ]);
    expect(parseConfig({ ...ON, pause: { enabled: null } }).config.pause.enabled).toBe(false);
    expect(parseConfig({ ...ON, pause: { enabled: 'true' } }).problems).toEqual([
      'leavePause.pause.enabled must be true or false, got "true"; Pause is off.',
    ]);
    expect(parseConfig({ ...ON, leave: { enabled: false } }).config.leave.enabled).toBe(false);
    expect(parseConfig({ ...ON, pause: {} }).config.pause.enabled).toBe(false);
  });

  it('leave.routing is a notice only: Leave stays on', () => {
    const { config, problems } = parseConfig({ ...ON, leave: { enabled: true, routing: { to: 'studio' } } });
    expect(config.leave.enabled).toBe(true);
    expect(problems).toEqual([LEAVE_ROUTING_RETIRED]);
    expect(parseConfig({ ...ON, leave: { enabled: true, routing: null } }).problems).toEqual([
      LEAVE_ROUTING_RETIRED,
    ]);
  });

  it.each<[unknown, string | undefined]>([
    ['https://functions.example.com/', 'https://functions.example.com'],
    ['  https://functions.example.com/base//  ', 'https://functions.example.com/base'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['http://functions.example.com', undefined],
    ['http://localhost.example.com', undefined],
    ['ftp://localhost', undefined],
    ['not a url', undefined],
    ['', undefined],
    ['   ', undefined],
    [42, undefined],
  ])('backendUrl %p → %p', (backendUrl, expected) => {
    const { config, problems } = parseConfig({ ...ON, backendUrl });
    if (expected === undefined) {
      expect(config.backendUrl).toBe('');
      expect(config.leave.enabled).toBe(false);
      expect(config.pause.enabled).toBe(false);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^leavePause\.backendUrl must be the https:\/\/ URL .*; Leave and Pause are off\.$/,
      );
    } else {
      expect(config.backendUrl).toBe(expected);
      expect(config.leave.enabled).toBe(true);
      expect(problems).toEqual([]);
    }
  });

  it('no backendUrl: a problem only when a feature wanted it', () => {
    expect(parseConfig({ leave: { enabled: true } }).problems).toEqual([
      'leavePause.backendUrl is missing: set it to the URL of the Leave & Pause functions; Leave and Pause are off.',
    ]);
    expect(parseConfig({ pause: { enabled: true } }).problems).toHaveLength(1);
    expect(parseConfig({ leave: { enabled: false } }).problems).toEqual([]);
    expect(parseConfig({}).problems).toEqual([]);
  });

  it('settings that are not objects are reported by where they came from', () => {
    expect(parseConfig('x', 5).problems).toEqual([
      'ui_attributes.custom_data.leavePause must be an object, got "x"; it is ignored.',
      'window.appConfig.leavePause must be an object, got 5; it is ignored.',
    ]);
    expect(parseConfig(null, null).problems).toEqual([]);
    expect(parseConfig([1], undefined).problems).toEqual([
      'ui_attributes.custom_data.leavePause must be an object, got [1]; it is ignored.',
    ]);
  });

  it('the local override wins key by key, nested; the hosted rest stays', () => {
    const { config } = parseConfig(
      { ...ON, pause: { enabled: true, timeLimit: 60 }, routingStatus: 'wrapup' },
      { pause: { enabled: false } },
    );
    expect(config.pause).toEqual({ enabled: false, timeLimitMinutes: 60 });
    expect(config.routingStatus).toBe('wrapup');
    const deeper = parseConfig(
      { ...ON, pause: { enabled: false, timeLimit: 60 } },
      { pause: { enabled: true } },
    );
    expect(deeper.config.pause).toEqual({ enabled: true, timeLimitMinutes: 60 });
    // An override that is not an object replaces the hosted value whole.
    expect(parseConfig({ ...ON }, { pause: 'off' }).config.pause.enabled).toBe(false);
  });

  it('a circular override is merged to a bounded depth, never forever, and described without throwing', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const hosted: Record<string, unknown> = {};
    hosted.self = hosted;
    const { config, problems } = parseConfig(
      { ...ON, supervisorsMayAct: hosted },
      { supervisorsMayAct: loop },
    );
    expect(config.supervisorsMayAct).toBe(false);
    expect(problems).toEqual([
      'leavePause.supervisorsMayAct must be true or false, got [object Object]; supervisors may not act.',
    ]);
  });

  it('routingStatus: closed or wrapup; anything else is "closed" with a problem', () => {
    expect(parseConfig({ ...ON, routingStatus: 'wrapup' }).config.routingStatus).toBe('wrapup');
    expect(parseConfig({ ...ON, routingStatus: 'closed' }).config.routingStatus).toBe('closed');
    const { config, problems } = parseConfig({ ...ON, routingStatus: 'WRAPUP' });
    expect(config.routingStatus).toBe('closed');
    expect(problems).toEqual([
      'leavePause.routingStatus must be "closed" or "wrapup", got "WRAPUP"; "closed" is used.',
    ]);
  });

  it('supervisorsMayAct: true or false as given', () => {
    expect(parseConfig({ ...ON, supervisorsMayAct: true }).config.supervisorsMayAct).toBe(true);
    expect(parseConfig({ ...ON, supervisorsMayAct: false }).config.supervisorsMayAct).toBe(false);
    expect(parseConfig({ ...ON, supervisorsMayAct: 'true' }).problems).toEqual([
      'leavePause.supervisorsMayAct must be true or false, got "true"; supervisors may not act.',
    ]);
  });
});

describe('readHostedConfig', () => {
  it('only from objects all the way down', () => {
    expect(readHostedConfig({ ui_attributes: { custom_data: { leavePause: ON } } })).toEqual(ON);
    expect(readHostedConfig({ ui_attributes: { custom_data: [ON] } })).toBeUndefined();
    expect(readHostedConfig({ ui_attributes: [] })).toBeUndefined();
    expect(readHostedConfig([])).toBeUndefined();
    expect(readHostedConfig(null)).toBeUndefined();
  });
});

describe('detectNativeFeatures', () => {
  it('nothing for anything that is not a configuration', () => {
    expect(detectNativeFeatures(null)).toEqual({ leave: false, pause: false, sources: [] });
    expect(detectNativeFeatures([])).toEqual({ leave: false, pause: false, sources: [] });
  });

  it('Flex 2’s agent_conv_end_methods.enabled, each method named', () => {
    expect(
      detectNativeFeatures({ agent_conv_end_methods: { enabled: ['Leave', 'Pause', 7, 'Close'] } }),
    ).toEqual({
      leave: true,
      pause: true,
      sources: ['agent_conv_end_methods.enabled: Leave', 'agent_conv_end_methods.enabled: Pause'],
    });
    expect(detectNativeFeatures({ agent_conv_end_methods: { enabled: 'Leave' } }).leave).toBe(false);
    expect(detectNativeFeatures({ agent_conv_end_methods: ['Leave'] }).leave).toBe(false);
  });

  it.each<[unknown, boolean]>([
    [true, true],
    ['true', true],
    ['enabled', true],
    ['on', true],
    [1, true],
    [{ enabled: true }, true],
    [{ enable: 'on' }, true],
    [{ on: 1 }, true],
    [false, false],
    ['yes', false],
    [0, false],
    [{ enabled: false }, false],
    [{}, false],
  ])('a switch set to %p is %p', (value, on) => {
    expect(detectNativeFeatures({ ui_attributes: { conversations: { pause_enabled: value } } }).pause).toBe(
      on,
    );
  });

  it('every switch name, under ui_attributes.conversations and ui_attributes', () => {
    for (const key of ['leave_enabled', 'leaveEnabled', 'enable_leave']) {
      expect(detectNativeFeatures({ ui_attributes: { [key]: true } })).toEqual({
        leave: true,
        pause: false,
        sources: [`ui_attributes.${key}`],
      });
    }
    for (const key of ['pause_enabled', 'pauseEnabled', 'enable_pause']) {
      expect(detectNativeFeatures({ ui_attributes: { conversations: { [key]: true } } })).toEqual({
        leave: false,
        pause: true,
        sources: [`ui_attributes.conversations.${key}`],
      });
    }
    expect(detectNativeFeatures({ ui_attributes: { conversations: 'pause_enabled' } }).pause).toBe(false);
  });

  it('feature flags, as a list or as named switches, at the top or under ui_attributes', () => {
    expect(
      detectNativeFeatures({ feature_flags: ['conversations_leave_enabled', 'PauseChannel', 9] }),
    ).toEqual({
      leave: true,
      pause: true,
      sources: ['feature_flags: conversations_leave_enabled', 'feature_flags: PauseChannel'],
    });
    expect(
      detectNativeFeatures({ ui_attributes: { feature_flags: { 'flex-agent-pause': true, leave: false } } }),
    ).toEqual({
      leave: false,
      pause: true,
      sources: ['ui_attributes.feature_flags.flex-agent-pause'],
    });
  });

  it.each(['LeavePauseResumeForEmailOnly', 'pause_status_timeout', 'conversations', 'leaves', 'unpause'])(
    'a flag %p is no plain switch of either feature',
    (flag) => {
      expect(detectNativeFeatures({ feature_flags: [flag] })).toEqual({
        leave: false,
        pause: false,
        sources: [],
      });
    },
  );

  it.each(['LeaveConversation', 'leave-channel', 'FLEX_LEAVE', 'agentLeaveEnabled', '__leave__', 'Leave2'])(
    'a flag %p names Leave',
    (flag) => {
      expect(detectNativeFeatures({ feature_flags: [flag] }).leave).toBe(true);
    },
  );
});

describe('resolveConfig', () => {
  it('the plugin steps aside only for a feature Flex has on and the plugin would run', () => {
    const serviceConfiguration = {
      ui_attributes: { custom_data: { leavePause: ON } },
      agent_conv_end_methods: { enabled: ['Pause'] },
    };
    const resolved = resolveConfig(serviceConfiguration);
    expect(resolved.config.pause.enabled).toBe(false);
    expect(resolved.config.leave.enabled).toBe(true);
    expect(resolved.yieldedToNative).toEqual(['pause']);
    expect(resolved.native.pause).toBe(true);
    const off = resolveConfig({
      ...serviceConfiguration,
      ui_attributes: { custom_data: { leavePause: { ...ON, pause: { enabled: false } } } },
    });
    expect(off.yieldedToNative).toEqual([]);
    expect(resolveConfig(serviceConfiguration, { leave: { enabled: false } }).config.leave.enabled).toBe(
      false,
    );
  });

  it('does not change the parsed configuration it started from', () => {
    const serviceConfiguration = {
      ui_attributes: { custom_data: { leavePause: ON } },
      agent_conv_end_methods: { enabled: ['Leave', 'Pause'] },
    };
    const resolved = resolveConfig(serviceConfiguration);
    expect(resolved.yieldedToNative).toEqual(['leave', 'pause']);
    expect(parseConfig(ON).config.leave.enabled).toBe(true);
    expect(resolved.problems).toEqual([]);
  });
});
