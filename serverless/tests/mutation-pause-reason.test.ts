import { REASON_NOTE_MAX_LENGTH, type PauseSettings } from '../../src/config';
import { ActionError } from '../src/lib/errors';
import { INSIGHTS_REASON_KEY, reasonOf, taskReadOf, writeReasonForInsights } from '../src/lib/pause-reason';
import type { TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeAnswer, type FakeTwilio, oneAttemptClient } from './fake-twilio';

/**
 * lib/pause-reason.ts on its own (issue 20, mutation survivors): which reason and note a Pause takes, the words of
 * each refusal, and how the code is merged into the task's attributes for Flex Insights — every other key kept,
 * the write conditional on the task's ETag, someone else's value never replaced. A scripted Twilio
 * (fake-twilio.ts) answers the task's read and update; pause-reasons.test.ts covers the same end to end.
 */

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WS = 'WS' + '0'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const TASK_PATH = `/taskrouter/v1/Workspaces/${WS}/Tasks/${TASK}`;

const REASONS = [
  { code: 'lunch', label: { en: 'Lunch', es: 'Almuerzo' } },
  { code: 'docs', label: { en: 'Waiting for documents' } },
];
const pause = (extra: Partial<PauseSettings> = {}): PauseSettings => ({
  enabled: true,
  timeLimitMinutes: 60,
  reasons: REASONS,
  reasonNote: true,
  ...extra,
});

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ActionError)
      return { status: error.status, code: error.code, field: error.field, message: error.message };
    throw error;
  }
  return undefined;
}

describe('reasonOf', () => {
  it.each<[string, unknown]>([
    ['absent', undefined],
    ['null', null],
    ['empty', ''],
  ])('no reason (%s) and no note: none, even with reasons configured', (_what, code) => {
    expect(reasonOf({ Reason: code }, pause())).toBeUndefined();
    expect(reasonOf({ Reason: code, ReasonNote: '' }, pause())).toBeUndefined();
    expect(reasonOf({ Reason: code, ReasonNote: null }, pause())).toBeUndefined();
  });

  it('a note without a reason: 400 missing_field naming Reason', () => {
    expect(refusal(() => reasonOf({ ReasonNote: 'back soon' }, pause()))).toEqual({
      status: 400,
      code: 'missing_field',
      field: 'Reason',
      message: 'Reason is required with a ReasonNote: send the reason code too',
    });
  });

  it('a reason that is not a string: 400 invalid_field', () => {
    expect(refusal(() => reasonOf({ Reason: 7 }, pause()))).toEqual({
      status: 400,
      code: 'invalid_field',
      field: 'Reason',
      message: "Reason must be a string: one of the admin's reason codes",
    });
  });

  it('an unknown code: 400 listing the codes accepted, never echoing the one sent', () => {
    expect(refusal(() => reasonOf({ Reason: 'nap' }, pause()))).toEqual({
      status: 400,
      code: 'invalid_field',
      field: 'Reason',
      message:
        "Reason is not one of the admin's pause reasons (lunch, docs): reload Flex to see the current list",
    });
  });

  it('a reason when the admin configured none: 400 saying so', () => {
    const expected = {
      status: 400,
      code: 'invalid_field',
      field: 'Reason',
      message:
        'Reason is not accepted: the admin has configured no pause reasons (reload Flex to see the current settings)',
    };
    expect(refusal(() => reasonOf({ Reason: 'lunch' }, pause({ reasons: undefined })))).toEqual(expected);
    expect(refusal(() => reasonOf({ Reason: 'lunch' }, pause({ reasons: [] })))).toEqual(expected);
  });

  it('a known code: its code and a copy of its labels, no note', () => {
    const picked = reasonOf({ Reason: 'docs' }, pause());
    expect(picked).toEqual({ code: 'docs', label: { en: 'Waiting for documents' } });
    expect(picked).not.toHaveProperty('note');
    expect(picked?.label).not.toBe(REASONS[1].label);
    expect(reasonOf({ Reason: 'lunch', ReasonNote: '' }, pause())).toEqual({
      code: 'lunch',
      label: { en: 'Lunch', es: 'Almuerzo' },
    });
  });

  it('a note that is not a string: 400 naming ReasonNote', () => {
    expect(refusal(() => reasonOf({ Reason: 'lunch', ReasonNote: 5 }, pause()))).toEqual({
      status: 400,
      code: 'invalid_field',
      field: 'ReasonNote',
      message: 'ReasonNote must be a string',
    });
  });

  it('a note when the admin allows none: 400 naming the setting', () => {
    for (const reasonNote of [false, undefined]) {
      expect(refusal(() => reasonOf({ Reason: 'lunch', ReasonNote: 'x' }, pause({ reasonNote })))).toEqual({
        status: 400,
        code: 'invalid_field',
        field: 'ReasonNote',
        message:
          'ReasonNote is not accepted: the admin has not turned on notes (leavePause.pause.reasonNote)',
      });
    }
  });

  it('a note is kept on one line: control characters become spaces, runs of spaces one, the ends trimmed', () => {
    const note = (text: string) => reasonOf({ Reason: 'lunch', ReasonNote: text }, pause())?.note;
    expect(note('back\nsoon')).toBe('back soon');
    expect(note('a\u0000b\u001fc\u007fd')).toBe('a b c d');
    expect(note('a\r\n\tb')).toBe('a b');
    expect(note('a  b   c')).toBe('a b c');
    expect(note('  ~ café ~  ')).toBe('~ café ~');
    expect(note('\u0080x')).toBe('\u0080x');
  });

  it('a note that is only blanks: the reason without a note', () => {
    const picked = reasonOf({ Reason: 'lunch', ReasonNote: ' \n\t ' }, pause());
    expect(picked).toEqual({ code: 'lunch', label: { en: 'Lunch', es: 'Almuerzo' } });
    expect(picked).not.toHaveProperty('note');
  });

  it(`a note of ${REASON_NOTE_MAX_LENGTH} characters once cleaned is kept; one more is refused`, () => {
    const longest = 'n'.repeat(REASON_NOTE_MAX_LENGTH);
    expect(reasonOf({ Reason: 'lunch', ReasonNote: `  ${longest}\n` }, pause())?.note).toBe(longest);
    expect(refusal(() => reasonOf({ Reason: 'lunch', ReasonNote: `${longest}n` }, pause()))).toEqual({
      status: 400,
      code: 'invalid_field',
      field: 'ReasonNote',
      message: `ReasonNote is too long (over ${REASON_NOTE_MAX_LENGTH} characters)`,
    });
    expect(REASON_NOTE_MAX_LENGTH).toBe(200);
  });
});

describe('taskReadOf', () => {
  it('the attributes as an object, and the ETag', () => {
    expect(taskReadOf({ status: 200, body: { attributes: '{"a":1}' }, etag: '"e1"' })).toEqual({
      attributes: { a: 1 },
      etag: '"e1"',
    });
    expect(taskReadOf({ status: 399, body: { attributes: '{}' } })).toEqual({ attributes: {} });
  });

  it('no attributes text: an empty object', () => {
    expect(taskReadOf({ status: 200, body: {} })).toEqual({ attributes: {} });
    expect(taskReadOf({ status: 200, body: { attributes: { a: 1 } } })).toEqual({ attributes: {} });
  });

  it.each([400, 404, 500])('TaskRouter refused the read (%i): 502 naming the status', (status) => {
    expect(refusal(() => taskReadOf({ status, body: { attributes: '{}' } }))).toEqual({
      status: 502,
      code: 'twilio_error',
      field: undefined,
      message: `reading the task's attributes answered HTTP ${status}`,
    });
  });

  it.each(['not json', '[1]', '"text"', 'null', '7'])(
    'attributes %p are not a JSON object: 502, left as they are',
    (attributes) => {
      expect(refusal(() => taskReadOf({ status: 200, body: { attributes } }))).toEqual({
        status: 502,
        code: 'twilio_error',
        field: undefined,
        message: "the task's attributes are not a JSON object: left as they are",
      });
    },
  );
});

describe('writeReasonForInsights', () => {
  let fake: FakeTwilio;
  let client: TwilioClient;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    client = oneAttemptClient(fake, ACCOUNT);
  });

  afterEach(async () => {
    await fake.close();
  });

  const task = (attributes: unknown, etag?: string): FakeAnswer => ({
    status: 200,
    ...(etag ? { headers: { ETag: etag } } : {}),
    body: { sid: TASK, attributes: JSON.stringify(attributes) },
  });
  const writes = () =>
    fake.seen.flatMap((request, index) =>
      request.method === 'POST'
        ? [
            {
              attributes: JSON.parse(new URLSearchParams(fake.bodies[index]).get('Attributes') ?? 'null'),
              ifMatch: fake.headers[index]['if-match'],
            },
          ]
        : [],
    );
  const write = (code: string, firstRead?: Parameters<typeof writeReasonForInsights>[5]) =>
    writeReasonForInsights(client, WS, TASK, code, ['lunch', 'docs'], firstRead);

  it('merges the code into conversations, every other key kept, on the ETag of the read it was given', async () => {
    fake.script = [task({})];
    const attributes = { channel: 'chat', conversations: { conversation_label_1: 'vip' } };
    expect(await write('lunch', { attributes, etag: '"e1"' })).toBe('written');
    expect(fake.seen).toEqual([{ method: 'POST', path: TASK_PATH }]);
    expect(writes()).toEqual([
      {
        attributes: {
          channel: 'chat',
          conversations: { conversation_label_1: 'vip', [INSIGHTS_REASON_KEY]: 'lunch' },
        },
        ifMatch: '"e1"',
      },
    ]);
    expect(INSIGHTS_REASON_KEY).toBe('conversation_label_10');
  });

  it('without a read: reads the task first; no ETag, no If-Match', async () => {
    fake.script = (request) => (request.method === 'GET' ? task({ a: 1 }) : task({}));
    expect(await write('docs')).toBe('written');
    expect(fake.seen.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(writes()).toEqual([
      { attributes: { a: 1, conversations: { [INSIGHTS_REASON_KEY]: 'docs' } }, ifMatch: undefined },
    ]);
  });

  it.each<[string, unknown]>([
    ['a list', ['x']],
    ['a string', 'x'],
    ['null', null],
  ])('conversations that are %s: a new object with the code', async (_what, conversations) => {
    fake.script = [task({})];
    expect(await write('lunch', { attributes: { conversations } })).toBe('written');
    expect(writes()[0].attributes).toEqual({ conversations: { [INSIGHTS_REASON_KEY]: 'lunch' } });
  });

  it('the same code already there: unchanged, nothing written', async () => {
    expect(await write('lunch', { attributes: { conversations: { [INSIGHTS_REASON_KEY]: 'lunch' } } })).toBe(
      'unchanged',
    );
    expect(fake.seen).toEqual([]);
  });

  it("another of the admin's codes (an earlier pause) is replaced; an empty slot (null) is filled", async () => {
    fake.script = [task({})];
    expect(await write('docs', { attributes: { conversations: { [INSIGHTS_REASON_KEY]: 'lunch' } } })).toBe(
      'written',
    );
    expect(await write('docs', { attributes: { conversations: { [INSIGHTS_REASON_KEY]: null } } })).toBe(
      'written',
    );
    expect(writes().map((w) => w.attributes.conversations[INSIGHTS_REASON_KEY])).toEqual(['docs', 'docs']);
  });

  it.each<[string, unknown]>([
    ['text that is no reason code', 'escalated'],
    ['a number', 3],
    ['an object', { code: 'lunch' }],
  ])('someone else’s value in the slot (%s) is never replaced: slot-taken', async (_what, current) => {
    expect(await write('lunch', { attributes: { conversations: { [INSIGHTS_REASON_KEY]: current } } })).toBe(
      'slot-taken',
    );
    expect(fake.seen).toEqual([]);
  });

  it('the task changed in between (412): read again, merged again, written once more', async () => {
    let posts = 0;
    fake.script = (request) => {
      if (request.method === 'GET') return task({ changed: true }, '"e2"');
      posts++;
      return posts === 1 ? { status: 412, body: { code: 20412, message: 'changed' } } : task({});
    };
    expect(await write('lunch', { attributes: { a: 1 }, etag: '"e1"' })).toBe('written');
    expect(fake.seen.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(writes()).toEqual([
      { attributes: { a: 1, conversations: { [INSIGHTS_REASON_KEY]: 'lunch' } }, ifMatch: '"e1"' },
      { attributes: { changed: true, conversations: { [INSIGHTS_REASON_KEY]: 'lunch' } }, ifMatch: '"e2"' },
    ]);
  });

  it('changed again on the second try: the 412 is thrown, no third write', async () => {
    fake.script = (request) =>
      request.method === 'GET'
        ? task({}, '"e2"')
        : { status: 412, body: { code: 20412, message: 'changed' } };
    await expect(write('lunch', { attributes: {}, etag: '"e1"' })).rejects.toMatchObject({ status: 412 });
    expect(fake.seen.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('any other failure is thrown at once, without a new read', async () => {
    fake.script = [{ status: 400, body: { code: 20001, message: 'bad' } }];
    await expect(write('lunch', { attributes: {}, etag: '"e1"' })).rejects.toMatchObject({ status: 400 });
    expect(fake.seen.map((r) => r.method)).toEqual(['POST']);
  });
});
