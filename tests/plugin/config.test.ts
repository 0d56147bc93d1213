import {
  DEFAULT_CONFIG,
  LEAVE_ROUTING_RETIRED,
  MAX_PAUSE_MINUTES,
  detectNativeFeatures,
  parseConfig,
  parseIsoDurationMinutes,
  readHostedConfig,
  resolveConfig,
} from '../../src/config';

const FLOW = 'FW' + '0123456789abcdef'.repeat(2);
const base = { backendUrl: 'https://leave-pause-1234.twil.io' };

describe('parseConfig defaults', () => {
  it('turns both features off when nothing is configured', () => {
    for (const raw of [undefined, null, {}]) {
      const { config, problems } = parseConfig(raw);
      expect(problems).toEqual([]);
      expect(config).toEqual(DEFAULT_CONFIG);
      expect(config.leave.enabled).toBe(false);
      expect(config.pause.enabled).toBe(false);
      expect(config.pause.timeLimitMinutes).toBe(14 * 24 * 60);
      expect(config.supervisorsMayAct).toBe(false);
    }
  });

  it('enables features when asked and keeps the default time limit', () => {
    const { config, problems } = parseConfig({ ...base, leave: { enabled: true }, pause: { enabled: true } });
    expect(problems).toEqual([]);
    expect(config.leave).toEqual({ enabled: true });
    expect(config.pause).toEqual({ enabled: true, timeLimitMinutes: 20160 });
  });

  it('lets the local override win key by key', () => {
    const { config } = parseConfig(
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: 60 } },
      { pause: { enabled: false }, backendUrl: 'http://127.0.0.1:3000/' },
    );
    expect(config.leave.enabled).toBe(true);
    expect(config.pause).toEqual({ enabled: false, timeLimitMinutes: 60 });
    expect(config.backendUrl).toBe('http://127.0.0.1:3000');
  });

  it('strips trailing slashes from backendUrl but keeps a path', () => {
    expect(parseConfig({ backendUrl: 'https://x.twil.io/api//' }).config.backendUrl).toBe(
      'https://x.twil.io/api',
    );
  });
});

describe('parseConfig invalid values', () => {
  const cases: Array<[string, unknown, 'leave' | 'pause' | 'both', RegExp]> = [
    [
      'leave not an object',
      { ...base, leave: true, pause: { enabled: true } },
      'leave',
      /leavePause\.leave must/,
    ],
    [
      'leave.enabled not boolean',
      { ...base, leave: { enabled: 'yes' }, pause: { enabled: true } },
      'leave',
      /leave\.enabled/,
    ],
    [
      'pause not an object',
      { ...base, leave: { enabled: true }, pause: 'on' },
      'pause',
      /leavePause\.pause must/,
    ],
    [
      'pause.enabled not boolean',
      { ...base, leave: { enabled: true }, pause: { enabled: 1 } },
      'pause',
      /pause\.enabled/,
    ],
    [
      'timeLimit zero',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: 0 } },
      'pause',
      /pause\.timeLimit/,
    ],
    [
      'timeLimit too long',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: 20161 } },
      'pause',
      /pause\.timeLimit/,
    ],
    [
      'timeLimit fractional',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: 1.5 } },
      'pause',
      /whole number/,
    ],
    [
      'timeLimit 15 days',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: 'P15D' } },
      'pause',
      /14 days/,
    ],
    [
      'timeLimit garbage',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: '2 weeks' } },
      'pause',
      /ISO 8601/,
    ],
    [
      'timeLimit seconds',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimit: 'PT30S' } },
      'pause',
      /ISO 8601/,
    ],
    [
      'timeLimitMinutes bad',
      { ...base, leave: { enabled: true }, pause: { enabled: true, timeLimitMinutes: -5 } },
      'pause',
      /pause\.timeLimitMinutes/,
    ],
    [
      'backendUrl invalid',
      { backendUrl: 'ftp://x', leave: { enabled: true }, pause: { enabled: true } },
      'both',
      /backendUrl/,
    ],
    [
      'backendUrl http remote',
      { backendUrl: 'http://x.twil.io', leave: { enabled: true }, pause: { enabled: true } },
      'both',
      /backendUrl/,
    ],
    [
      'backendUrl missing',
      { leave: { enabled: true }, pause: { enabled: true } },
      'both',
      /backendUrl is missing/,
    ],
  ];

  it.each(cases)('%s → problem naming the key, feature off', (_name, raw, off, message) => {
    const { config, problems } = parseConfig(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(config.leave.enabled).toBe(off === 'pause');
    expect(config.pause.enabled).toBe(off === 'leave');
  });

  it('never throws, whatever it is given', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const raw of [42, 'x', [], () => 1, circular, { leave: circular, pause: circular }]) {
      expect(() => parseConfig(raw, raw)).not.toThrow();
    }
    expect(parseConfig('x').problems[0]).toMatch(/must be an object/);
  });

  it('reports a non-boolean supervisorsMayAct without touching the features', () => {
    const { config, problems } = parseConfig({ ...base, leave: { enabled: true }, supervisorsMayAct: 'yes' });
    expect(problems[0]).toMatch(/supervisorsMayAct/);
    expect(config.supervisorsMayAct).toBe(false);
    expect(config.leave.enabled).toBe(true);
  });
});

describe('the retired leave.routing', () => {
  it.each([
    ['studio', { kind: 'studio', flowSid: FLOW }],
    ['webhook', { kind: 'webhook', url: 'https://hooks.example.com/leave' }],
    ['default', { kind: 'default' }],
    ['anything at all', 'queue'],
  ])(
    'a %s routing is ignored: Leave stays on, and the notice points to Console\'s "Use custom routing"',
    (_name, routing) => {
      const { config, problems } = parseConfig({ ...base, leave: { enabled: true, routing } });
      expect(config.leave).toEqual({ enabled: true });
      expect(problems).toEqual([LEAVE_ROUTING_RETIRED]);
      expect(LEAVE_ROUTING_RETIRED).toMatch(/"Use custom routing" in Console → Flex → Conversations/);
      expect(LEAVE_ROUTING_RETIRED).toMatch(/Leave stays on/);
    },
  );

  it('leaves Pause and the other settings alone', () => {
    const { config } = parseConfig({
      ...base,
      leave: { enabled: true, routing: { kind: 'studio', flowSid: 'FW123' } },
      pause: { enabled: true, timeLimitMinutes: 60 },
      routingStatus: 'wrapup',
    });
    expect(config.pause).toEqual({ enabled: true, timeLimitMinutes: 60 });
    expect(config.routingStatus).toBe('wrapup');
    expect(config.backendUrl).toBe(base.backendUrl);
  });
});

describe('time limits that are valid', () => {
  it.each([
    ['P14D', 20160],
    ['PT90M', 90],
    ['PT1H30M', 90],
    ['P1DT2H', 1560],
    ['P2W', 20160],
    ['pt1m', 1],
  ])('ISO duration %s = %i minutes', (text, minutes) => {
    expect(parseIsoDurationMinutes(text)).toBe(minutes);
    expect(
      parseConfig({ ...base, pause: { enabled: true, timeLimit: text } }).config.pause.timeLimitMinutes,
    ).toBe(minutes);
  });

  it.each(['P', 'PT', 'P1DT', '14D', 'P1.5D', 'P1Y', ''])('rejects malformed duration %j', (text) => {
    expect(parseIsoDurationMinutes(text)).toBeUndefined();
  });

  it('accepts the bounds in minutes', () => {
    expect(
      parseConfig({ ...base, pause: { enabled: true, timeLimit: 1 } }).config.pause.timeLimitMinutes,
    ).toBe(1);
    const max = parseConfig({ ...base, pause: { enabled: true, timeLimit: MAX_PAUSE_MINUTES } });
    expect(max.problems).toEqual([]);
    expect(max.config.pause).toEqual({ enabled: true, timeLimitMinutes: 20160 });
  });
});

describe('native feature detection', () => {
  it('reads Flex 2 agent_conv_end_methods', () => {
    const native = detectNativeFeatures({ agent_conv_end_methods: { dateUpdated: 'x', enabled: ['Pause'] } });
    expect(native.leave).toBe(false);
    expect(native.pause).toBe(true);
    expect(native.sources).toEqual(['agent_conv_end_methods.enabled: Pause']);
  });

  it.each([
    [{ ui_attributes: { conversations: { leave_enabled: true } } }, { leave: true, pause: false }],
    [{ ui_attributes: { conversations: { pauseEnabled: 'true' } } }, { leave: false, pause: true }],
    [
      { feature_flags: { conversations_pause: { enabled: true }, leave_conversation: true } },
      { leave: true, pause: true },
    ],
    [{ ui_attributes: { feature_flags: ['LeaveChannel'] } }, { leave: true, pause: false }],
    [{ feature_flags: { LeavePauseResumeForEmailOnly: true } }, { leave: false, pause: false }],
    [
      { feature_flags: { pause: false }, ui_attributes: { conversations: { leave_enabled: false } } },
      { leave: false, pause: false },
    ],
    [{ agent_conv_end_methods: { enabled: 'Leave' } }, { leave: false, pause: false }],
    [null, { leave: false, pause: false }],
    ['nonsense', { leave: false, pause: false }],
  ])('%j → %j', (serviceConfiguration, expected) => {
    const native = detectNativeFeatures(serviceConfiguration);
    expect({ leave: native.leave, pause: native.pause }).toEqual(expected);
  });

  it('switches off only the plugin copy of a natively enabled feature', () => {
    const resolved = resolveConfig(
      {
        agent_conv_end_methods: { enabled: ['Pause'] },
        ui_attributes: {
          custom_data: { leavePause: { ...base, leave: { enabled: true }, pause: { enabled: true } } },
        },
      },
      undefined,
    );
    expect(resolved.config.leave.enabled).toBe(true);
    expect(resolved.config.pause.enabled).toBe(false);
    expect(resolved.yieldedToNative).toEqual(['pause']);
    expect(resolved.problems).toEqual([]);
  });

  it('reads the hosted config from ui_attributes.custom_data.leavePause', () => {
    expect(readHostedConfig({ ui_attributes: { custom_data: { leavePause: { a: 1 } } } })).toEqual({ a: 1 });
    expect(readHostedConfig({ ui_attributes: null })).toBeUndefined();
    expect(readHostedConfig(undefined)).toBeUndefined();
  });
});
