import {
  customerMessagePolicyOf,
  detectNativeFeatures,
  MAX_PAUSE_REASONS,
  parseConfig,
  REASON_LABEL_MAX_LENGTH,
  reasonLabel,
  RETURN_TO_QUEUE_LINE,
  returnToQueueHiddenBecause,
} from '../../src/config';

/**
 * The issue-18 parts of the configuration parser on their own (issue 20, mutation survivors): pause reasons and
 * their note, the customer-message policy, and Return to the queue with its live-check evidence — what each
 * value turns on, and the exact words of each problem the admin reads.
 */

const BACKEND = 'https://functions.example.com';
const EXAMPLE =
  '{ "code": "waiting-docs", "label": { "en": "Waiting for documents", "es": "Esperando documentos" } }';
const LUNCH = { code: 'lunch', label: { en: 'Lunch', es: 'Almuerzo' } };

const withPause = (pause: Record<string, unknown>) =>
  parseConfig({ pause: { enabled: true, ...pause }, backendUrl: BACKEND });

describe('pause reasons', () => {
  it('valid reasons are kept, labels trimmed, Spanish only where given; the note switch with them', () => {
    const { config, problems } = withPause({
      reasons: [LUNCH, { code: 'docs_2', label: { en: '  Waiting  ' } }],
      reasonNote: true,
    });
    expect(problems).toEqual([]);
    expect(config.pause.enabled).toBe(true);
    expect(config.pause.reasons).toEqual([LUNCH, { code: 'docs_2', label: { en: 'Waiting' } }]);
    // No Spanish given: no `es` key at all, not one that is undefined.
    expect(Object.keys(config.pause.reasons?.[1].label ?? {})).toEqual(['en']);
    expect(config.pause.reasonNote).toBe(true);
    expect(withPause({ reasons: [LUNCH] }).config.pause.reasonNote).toBe(false);
    expect(withPause({ reasons: [LUNCH], reasonNote: false }).config.pause.reasonNote).toBe(false);
  });

  it('no reasons: Pause asks for none; a note switch alone is ignored, and said so', () => {
    const none = withPause({});
    expect(none.config.pause).not.toHaveProperty('reasons');
    expect(none.config.pause).not.toHaveProperty('reasonNote');
    expect(none.problems).toEqual([]);
    expect(withPause({ reasonNote: true }).problems).toEqual([
      'leavePause.pause.reasonNote has no effect without leavePause.pause.reasons; it is ignored.',
    ]);
  });

  it('reasons that are no list: Pause stays on and asks for none', () => {
    const { config, problems } = withPause({ reasons: { lunch: 'Lunch' }, reasonNote: true });
    expect(config.pause.enabled).toBe(true);
    expect(config.pause).not.toHaveProperty('reasons');
    expect(problems).toEqual([
      `leavePause.pause.reasons must be a list like [${EXAMPLE}], got {"lunch":"Lunch"}; Pause asks for no reason.`,
    ]);
  });

  it('each bad entry is left out with its own words; the good ones still work', () => {
    const long = 'x'.repeat(REASON_LABEL_MAX_LENGTH + 1);
    const { config, problems } = withPause({
      reasons: [
        'lunch',
        { code: 'Lunch', label: { en: 'Lunch' } },
        { code: 7, label: { en: 'Seven' } },
        { code: '-x', label: { en: 'Dash' } },
        LUNCH,
        { code: 'lunch', label: { en: 'Again' } },
        { code: 'a', label: 'A' },
        { code: 'b', label: { en: '   ' } },
        { code: 'c', label: { en: long } },
        { code: 'd', label: { en: 5 } },
        { code: 'e', label: { en: 'E', es: '' } },
        { code: 'f', label: { en: 'F', es: 3 } },
        {
          code: 'g',
          label: { en: 'x'.repeat(REASON_LABEL_MAX_LENGTH), es: ` ${'y'.repeat(REASON_LABEL_MAX_LENGTH)} ` },
        },
      ],
    });
    const at = (index: number) => `leavePause.pause.reasons[${index}]`;
    const slug = (index: number, got: string) =>
      `${at(index)}.code must be a short slug (1 to 32 lowercase letters, digits, "-" or "_", starting with a letter or digit), got ${got}; this reason is ignored.`;
    expect(problems).toEqual([
      `${at(0)} must be an object like ${EXAMPLE}, got "lunch"; this reason is ignored.`,
      slug(1, '"Lunch"'),
      slug(2, '7'),
      slug(3, '"-x"'),
      `${at(5)}.code "lunch" is used by an earlier reason: codes must be unique; this reason is ignored.`,
      `${at(6)}.label must be an object like { "en": "…", "es": "…" }, got "A"; this reason is ignored.`,
      `${at(7)}.label.en is required: 1 to ${REASON_LABEL_MAX_LENGTH} characters, got "   "; this reason is ignored.`,
      `${at(8)}.label.en is required: 1 to ${REASON_LABEL_MAX_LENGTH} characters, got "${long}"; this reason is ignored.`,
      `${at(9)}.label.en is required: 1 to ${REASON_LABEL_MAX_LENGTH} characters, got 5; this reason is ignored.`,
      `${at(10)}.label.es must be 1 to ${REASON_LABEL_MAX_LENGTH} characters (or left out: English is shown), got ""; this reason is ignored.`,
      `${at(11)}.label.es must be 1 to ${REASON_LABEL_MAX_LENGTH} characters (or left out: English is shown), got 3; this reason is ignored.`,
    ]);
    expect(config.pause.reasons).toEqual([
      LUNCH,
      {
        code: 'g',
        label: { en: 'x'.repeat(REASON_LABEL_MAX_LENGTH), es: 'y'.repeat(REASON_LABEL_MAX_LENGTH) },
      },
    ]);
  });

  it('a code is 1 to 32 characters', () => {
    const code = (text: string) =>
      withPause({ reasons: [{ code: text, label: { en: 'L' } }] }).config.pause.reasons?.[0]?.code;
    expect(code('a')).toBe('a');
    expect(code('a'.repeat(32))).toBe('a'.repeat(32));
    expect(code('a'.repeat(33))).toBeUndefined();
    expect(code('')).toBeUndefined();
  });

  it(`at most ${MAX_PAUSE_REASONS} reasons: the rest are ignored, one problem each`, () => {
    const reasons = Array.from({ length: MAX_PAUSE_REASONS + 2 }, (_, n) => ({
      code: `r${n}`,
      label: { en: `R${n}` },
    }));
    const { config, problems } = withPause({ reasons });
    expect(config.pause.reasons).toHaveLength(MAX_PAUSE_REASONS);
    expect(config.pause.reasons?.[MAX_PAUSE_REASONS - 1].code).toBe(`r${MAX_PAUSE_REASONS - 1}`);
    expect(problems).toEqual([
      `leavePause.pause.reasons[${MAX_PAUSE_REASONS}] is past the first ${MAX_PAUSE_REASONS} reasons; it is ignored.`,
      `leavePause.pause.reasons[${MAX_PAUSE_REASONS + 1}] is past the first ${MAX_PAUSE_REASONS} reasons; it is ignored.`,
    ]);
    expect(MAX_PAUSE_REASONS).toBe(20);
  });

  it('no valid reason in a list that has some: Pause asks for none, and said so; an empty list says nothing', () => {
    const bad = withPause({ reasons: ['x'], reasonNote: true });
    expect(bad.config.pause).not.toHaveProperty('reasons');
    expect(bad.config.pause).not.toHaveProperty('reasonNote');
    expect(bad.problems[bad.problems.length - 1]).toBe(
      'leavePause.pause.reasons has no valid reason: Pause asks for none.',
    );
    const empty = withPause({ reasons: [] });
    expect(empty.config.pause).not.toHaveProperty('reasons');
    expect(empty.problems).toEqual([]);
  });

  it('a note switch that is no boolean: no note is asked, and said so', () => {
    const { config, problems } = withPause({ reasons: [LUNCH], reasonNote: 'yes' });
    expect(config.pause.reasons).toEqual([LUNCH]);
    expect(config.pause.reasonNote).toBe(false);
    expect(problems).toEqual([
      'leavePause.pause.reasonNote must be true or false, got "yes"; no note is asked.',
    ]);
  });

  it('reasonLabel: the label in the agent’s language, Spanish falling back to English', () => {
    const reasons = [LUNCH, { code: 'docs', label: { en: 'Docs' } }];
    expect(reasonLabel(reasons, 'lunch')).toBe('Lunch');
    expect(reasonLabel(reasons, 'lunch', 'en-US')).toBe('Lunch');
    expect(reasonLabel(reasons, 'lunch', 'ES-mx')).toBe('Almuerzo');
    expect(reasonLabel(reasons, 'docs', 'es')).toBe('Docs');
    expect(reasonLabel(reasons, 'nap', 'es')).toBeUndefined();
    expect(reasonLabel(undefined, 'lunch')).toBeUndefined();
  });
});

describe('what a customer’s message does to a paused conversation', () => {
  it('notify unless the admin chose resume; anything else is a problem and notify', () => {
    expect(withPause({}).config.pause).not.toHaveProperty('onCustomerMessage');
    expect(withPause({ onCustomerMessage: 'notify' }).config.pause).not.toHaveProperty('onCustomerMessage');
    expect(withPause({ onCustomerMessage: 'notify' }).problems).toEqual([]);
    expect(withPause({ onCustomerMessage: 'resume' }).config.pause.onCustomerMessage).toBe('resume');
    const bad = withPause({ onCustomerMessage: 'ignore' });
    expect(bad.config.pause.enabled).toBe(true);
    expect(bad.config.pause).not.toHaveProperty('onCustomerMessage');
    expect(bad.problems).toEqual([
      'leavePause.pause.onCustomerMessage must be "notify" or "resume", got "ignore"; "notify" is used.',
    ]);
    expect(customerMessagePolicyOf(withPause({}).config.pause)).toBe('notify');
    expect(customerMessagePolicyOf(withPause({ onCustomerMessage: 'resume' }).config.pause)).toBe('resume');
  });
});

describe('Return to the queue', () => {
  const evidence = { liveCheck: RETURN_TO_QUEUE_LINE, runId: 'run-1', checkedAt: '2026-12-01T10:00:00Z' };
  const parse = (returnToQueue: unknown) => parseConfig({ backendUrl: BACKEND, returnToQueue });
  const OFF = { enabled: false, evidence: null };
  const NO_EVIDENCE =
    'leavePause.returnToQueue.enabled is true without the evidence of a live check: Return to the queue is ' +
    'hidden. Turn it on with npm run configure -- --file <settings.json> --live-report <report.json>, from ' +
    `a live check where ${RETURN_TO_QUEUE_LINE} holds.`;

  it('on only with the evidence of a live check where its line holds', () => {
    const { config, problems } = parse({ enabled: true, evidence: { ...evidence, extra: 1 } });
    expect(config.returnToQueue).toEqual({ enabled: true, evidence });
    expect(problems).toEqual([]);
    expect(returnToQueueHiddenBecause(config.returnToQueue)).toBeNull();
  });

  it('absent, or not enabled: off, without a problem', () => {
    for (const value of [undefined, {}, { enabled: false, evidence }]) {
      expect(parse(value).config.returnToQueue).toEqual(OFF);
      expect(parse(value).problems).toEqual([]);
    }
  });

  it.each<[string, unknown]>([
    ['a list', [true]],
    ['text', 'on'],
    ['an enabled that is text', { enabled: 'true' }],
    ['null', null],
  ])('%s: off, and a problem naming the shape', (_what, value) => {
    const { config, problems } = parse(value);
    expect(config.returnToQueue).toEqual(OFF);
    expect(problems).toEqual([
      `leavePause.returnToQueue must be an object like { "enabled": true }, got ${JSON.stringify(value)}; Return to the queue is hidden.`,
    ]);
  });

  it.each<[string, unknown]>([
    ['no evidence', undefined],
    ['evidence that is text', 'ok'],
    ['another line', { ...evidence, liveCheck: 'something-else' }],
    ['no run', { ...evidence, runId: undefined }],
    ['a run that is a number', { ...evidence, runId: 7 }],
    ['an empty run', { ...evidence, runId: '' }],
    ['no time', { ...evidence, checkedAt: undefined }],
    ['a time that is a number', { ...evidence, checkedAt: 1764583200000 }],
    ['a time that is no date', { ...evidence, checkedAt: 'yesterday' }],
    ['a time in a list', { ...evidence, checkedAt: [evidence.checkedAt] }],
  ])('enabled with %s: hidden, and the problem says how to turn it on', (_what, proof) => {
    const { config, problems } = parse({ enabled: true, evidence: proof });
    expect(config.returnToQueue).toEqual(OFF);
    expect(problems).toEqual([NO_EVIDENCE]);
  });

  it('why it is hidden, for the supervisor’s view', () => {
    expect(returnToQueueHiddenBecause(OFF)).toBe(
      'Return to the queue is hidden: it rests on Twilio accepting an invite on a paused channel, which Twilio ' +
        `does not document. Run npm run doctor -- --live on a test account; where its line ${RETURN_TO_QUEUE_LINE} ` +
        'holds, turn it on with npm run configure -- --file <settings.json> --live-report <report.json> ' +
        '(settings with "returnToQueue": {"enabled": true}).',
    );
    expect(returnToQueueHiddenBecause({ enabled: true, evidence: null })).not.toBeNull();
    expect(
      returnToQueueHiddenBecause({
        enabled: false,
        evidence: { ...evidence, liveCheck: RETURN_TO_QUEUE_LINE },
      }),
    ).not.toBeNull();
    expect(RETURN_TO_QUEUE_LINE).toBe('invite-while-paused');
  });
});

describe('the rest of the parser’s edges', () => {
  it('Leave given as an object without enabled: off, without a problem', () => {
    const { config, problems } = parseConfig({ leave: {}, backendUrl: BACKEND });
    expect(config.leave.enabled).toBe(false);
    expect(problems).toEqual([]);
  });

  it('routingStatus spelled out as closed or wrapup is taken without a problem', () => {
    for (const routingStatus of ['closed', 'wrapup'] as const) {
      const { config, problems } = parseConfig({ backendUrl: BACKEND, routingStatus });
      expect(config.routingStatus).toBe(routingStatus);
      expect(problems).toEqual([]);
    }
  });

  it('a backendUrl that is no text is a problem, not a crash', () => {
    const { config, problems } = parseConfig({ pause: { enabled: true }, backendUrl: 42 });
    expect(config.pause.enabled).toBe(false);
    expect(problems.join(' ')).toMatch(/backendUrl/);
  });

  it('Flex flags whose other words are noise (channels, enable) still name the feature', () => {
    expect(detectNativeFeatures({ feature_flags: ['leave_channels'] }).leave).toBe(true);
    expect(detectNativeFeatures({ feature_flags: ['enable_pause'] }).pause).toBe(true);
  });
});
