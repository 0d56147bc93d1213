import type { TwilioClient } from '../src/lib/twilio-client';
import { BEHAVIOUR_IDS, BEHAVIOURS, formatLine, type Line } from '../src/provisioning/live/behaviours';
import {
  call,
  describe as describeAnswer,
  exchangeOf,
  listAll,
  ok,
  recordingClient,
  type Exchange,
} from '../src/provisioning/live/exchange';
import { answerFields, failedIn2xx, lineOf, messageOf } from '../src/provisioning/live/lines';
import { ONLY_INVITE_WHILE_PAUSED } from '../src/provisioning/live/options';
import { PROBE_CONTROL_STATUS, probeStatuses } from '../src/provisioning/live/probe';
import { oneAttemptClient, startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';

/**
 * The live check's small modules on their own (issue 20): the non-destructive probe's verdicts against a
 * scripted Twilio on 127.0.0.1 (fake-twilio.ts), and the pure readings every step shares — how an answer becomes
 * evidence, how a line is printed. live-check.test.ts walks whole conversations against the emulator, far too
 * slow to run once per planted bug.
 */

const KD = `KD${'0'.repeat(32)}`;
const UO = `UO${'0'.repeat(32)}`;
const PROBE_PATH = `/flex-api/v1/Interactions/${KD}/Channels/${UO}`;
const PROBE_EVIDENCE_PATH = `flex-api /v1/Interactions/${KD}/Channels/${UO}`;

let fake: FakeTwilio;
let client: TwilioClient;

beforeEach(async () => {
  fake = await startFakeTwilio();
  client = oneAttemptClient(fake);
});

afterEach(async () => {
  await fake.close();
});

const refused = (message: string, code = 20001): FakeAnswer => ({ status: 400, body: { code, message } });
const notFound: FakeAnswer = {
  status: 404,
  body: { code: 20404, message: 'The requested resource was not found' },
};

/** Answers by the Status asked about: the control, pause and active each get their own. */
function byStatus(answers: Record<'control' | 'pause' | 'active', FakeAnswer>) {
  return () => {
    const body = new URLSearchParams(fake.bodies[fake.bodies.length - 1]);
    const status = body.get('Status');
    return status === 'pause' ? answers.pause : status === 'active' ? answers.active : answers.control;
  };
}

const evidence = (status: number, errorCode: number | null) => ({
  method: 'POST',
  path: PROBE_EVIDENCE_PATH,
  status,
  errorCode,
});

describe('probeStatuses', () => {
  it('asks a made-up Status first, then pause with Flex’s Routing, then active without, all on the made-up channel', async () => {
    fake.script = [refused('Invalid Status'), notFound];
    await probeStatuses(client);
    expect(fake.seen).toEqual([
      { method: 'POST', path: PROBE_PATH },
      { method: 'POST', path: PROBE_PATH },
      { method: 'POST', path: PROBE_PATH },
    ]);
    const bodies = fake.bodies.map((b) => Object.fromEntries(new URLSearchParams(b)));
    expect(bodies).toEqual([
      { Status: PROBE_CONTROL_STATUS },
      { Status: 'pause', Routing: JSON.stringify({ status: 'closed' }) },
      { Status: 'active' },
    ]);
    expect(fake.headers[1]['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('holds for both when the made-up Status is refused naming Status and the real ones are "not found"', async () => {
    fake.script = [refused('Invalid Status'), notFound];
    const lines = await probeStatuses(client);
    expect(lines).toEqual([
      {
        id: 'probe-pause-known',
        title: BEHAVIOURS['probe-pause-known'],
        verdict: 'holds',
        detail:
          'POST …/Channels/UO000… Status=pause: HTTP 404, error 20404, "The requested resource was not found", ' +
          'while a made-up Status is refused (HTTP 400): Status=pause passed validation with account credentials; ' +
          "whether a real channel moves is the walk's question",
        evidence: [evidence(404, 20404), evidence(400, 20001)],
        fields: {},
      },
      {
        id: 'probe-active-known',
        title: BEHAVIOURS['probe-active-known'],
        verdict: 'holds',
        detail:
          'POST …/Channels/UO000… Status=active: HTTP 404, error 20404, "The requested resource was not found", ' +
          'while a made-up Status is refused (HTTP 400): Status=active passed validation with account credentials; ' +
          "whether a real channel moves is the walk's question",
        evidence: [evidence(404, 20404), evidence(400, 20001)],
        fields: {},
      },
    ]);
  });

  it('reads "status" in the refusal case-insensitively', async () => {
    fake.script = [refused('STATUS is not one of the allowed values'), notFound];
    const lines = await probeStatuses(client);
    expect(lines.map((l) => l.verdict)).toEqual(['holds', 'holds']);
  });

  it('cannot tell when the made-up Status is "not found" too: Twilio looks for the channel first', async () => {
    fake.script = [notFound];
    const lines = await probeStatuses(client);
    expect(lines.map((l) => [l.id, l.verdict, l.detail])).toEqual([
      [
        'probe-pause-known',
        'could not tell',
        'POST …/Channels/UO000… Status=pause: HTTP 404, error 20404, "The requested resource was not found", and a ' +
          'made-up Status gets HTTP 404 too: Twilio looks for the channel before it reads Status, so this says ' +
          'nothing about the value (the walk will)',
      ],
      [
        'probe-active-known',
        'could not tell',
        'POST …/Channels/UO000… Status=active: HTTP 404, error 20404, "The requested resource was not found", and a ' +
          'made-up Status gets HTTP 404 too: Twilio looks for the channel before it reads Status, so this says ' +
          'nothing about the value (the walk will)',
      ],
    ]);
    expect(lines[0].evidence).toEqual([evidence(404, 20404), evidence(404, 20404)]);
  });

  it('cannot tell when the control got no answer, and cites only the answer it has', async () => {
    fake.script = ['drop', notFound];
    const lines = await probeStatuses(client);
    expect(lines[0].verdict).toBe('could not tell');
    expect(lines[0].detail).toContain('and a made-up Status gets no answer too');
    expect(lines[0].evidence).toEqual([evidence(404, 20404)]);
    expect(fake.seen).toHaveLength(3);
  });

  it('does not count a control refused without naming Status, or refused with another HTTP status, as validation', async () => {
    for (const control of [
      refused('Invalid Routing'),
      { status: 400, body: {} } as FakeAnswer,
      { status: 409, body: { code: 20001, message: 'Invalid Status' } } as FakeAnswer,
    ]) {
      fake.script = byStatus({ control, pause: notFound, active: notFound });
      const lines = await probeStatuses(client);
      expect(lines.map((l) => l.verdict)).toEqual(['could not tell', 'could not tell']);
    }
  });

  it('fails a Status Twilio refuses by name, whatever the control said', async () => {
    fake.script = byStatus({
      control: refused('Invalid Status'),
      pause: refused('Status pause is invalid', 20002),
      active: notFound,
    });
    const lines = await probeStatuses(client);
    expect(lines[0]).toMatchObject({
      verdict: 'fails',
      detail:
        'POST …/Channels/UO000… Status=pause: HTTP 400, error 20002, "Status pause is invalid": Twilio refuses the value',
      evidence: [evidence(400, 20002), evidence(400, 20001)],
    });
    expect(lines[1].verdict).toBe('holds');
  });

  it('cannot tell from an answer that is neither "not found" nor a refusal of Status', async () => {
    fake.script = byStatus({
      control: refused('Invalid Status'),
      pause: refused('Invalid Routing'),
      active: { status: 422, body: { code: 20001, message: 'Invalid Status' } },
    });
    const lines = await probeStatuses(client);
    expect(lines.map((l) => [l.verdict, l.detail])).toEqual([
      [
        'could not tell',
        'POST …/Channels/UO000… Status=pause: HTTP 400, error 20001, "Invalid Routing": neither "not found" nor a refusal of Status',
      ],
      [
        'could not tell',
        'POST …/Channels/UO000… Status=active: HTTP 422, error 20001, "Invalid Status": neither "not found" nor a refusal of Status',
      ],
    ]);
  });

  it('cannot tell about a Status whose question got no answer, and still asks the next one', async () => {
    let pauseAsked = false;
    fake.script = () => {
      const status = new URLSearchParams(fake.bodies[fake.bodies.length - 1]).get('Status');
      if (status === 'pause') {
        pauseAsked = true;
        return 'drop';
      }
      return status === 'active' ? notFound : refused('Invalid Status');
    };
    const lines = await probeStatuses(client);
    expect(pauseAsked).toBe(true);
    expect(lines[0]).toMatchObject({ id: 'probe-pause-known', verdict: 'could not tell', evidence: [] });
    expect(lines[0].detail).toMatch(/^no answer: \S/);
    expect(lines[1]).toMatchObject({ id: 'probe-active-known', verdict: 'holds' });
  });
});

const exchange = (over: Partial<Exchange> = {}): Exchange => ({
  method: 'POST',
  path: 'flex-api /v1/Interactions/KD…',
  status: 200,
  errorCode: null,
  message: null,
  body: {},
  ...over,
});

describe('lines', () => {
  it('lineOf names the behaviour, keeps only each answer’s method, path, status and error code, and skips missing ones', () => {
    const line = lineOf(
      'pause-accepted',
      'holds',
      'seen',
      [exchange({ status: 201, errorCode: 5, message: 'm', body: { a: 1 } }), undefined],
      { x: 1 },
    );
    expect(line).toEqual({
      id: 'pause-accepted',
      title: BEHAVIOURS['pause-accepted'],
      verdict: 'holds',
      detail: 'seen',
      evidence: [{ method: 'POST', path: 'flex-api /v1/Interactions/KD…', status: 201, errorCode: 5 }],
      fields: { x: 1 },
    });
    expect(lineOf('agent-joined', 'fails', 'd')).toMatchObject({ evidence: [], fields: {} });
  });

  it('messageOf reads an Error’s message and anything else as text', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
  });

  it('answerFields gives the channel status of a 2xx body only', () => {
    expect(answerFields(exchange({ status: 200, body: { status: 'paused' } }))).toEqual({
      http_status: 200,
      error_code: null,
      answer_status: 'paused',
    });
    expect(answerFields(exchange({ status: 400, errorCode: 20001, body: { status: 'paused' } }))).toEqual({
      http_status: 400,
      error_code: 20001,
      answer_status: null,
    });
  });

  it('failedIn2xx: a 2xx whose body says failed or carries an error code; never a 4xx', () => {
    expect(failedIn2xx(exchange({ body: { status: 'failed' } }))).toBe(true);
    expect(failedIn2xx(exchange({ errorCode: 50000 }))).toBe(true);
    expect(failedIn2xx(exchange({ body: { status: 'paused' } }))).toBe(false);
    expect(failedIn2xx(exchange({ status: 400, errorCode: 20001, body: { status: 'failed' } }))).toBe(false);
  });
});

describe('options', () => {
  it('--only names the behaviour line it walks (the doctor and the sandbox read that line alone)', () => {
    expect(BEHAVIOUR_IDS).toContain(ONLY_INVITE_WHILE_PAUSED);
    expect(ONLY_INVITE_WHILE_PAUSED).toBe('invite-while-paused');
  });
});

describe('formatLine', () => {
  const line = (over: Partial<Line> = {}): Line => ({
    ...lineOf('agent-joined', 'holds', 'joined'),
    ...over,
  });

  it('pads the verdict and id into columns and cites the first answer with SIDs shortened', () => {
    const text = formatLine(
      line({
        evidence: [
          {
            method: 'POST',
            path: `flex-api /v1/Interactions/${KD}/Channels/${UO}`,
            status: 404,
            errorCode: 20404,
          },
          { method: 'GET', path: 'other', status: 200, errorCode: null },
        ],
      }),
    );
    expect(text).toBe(
      `${'holds'.padEnd(14)} ${'agent-joined'.padEnd(28)} joined ` +
        '[POST flex-api /v1/Interactions/KD…/Channels/UO…: HTTP 404, error 20404]',
    );
  });

  it('leaves out the error code when there is none, and SIDs that are no SIDs', () => {
    const text = formatLine(
      line({
        evidence: [
          {
            method: 'GET',
            path: `x /v1/ab${'0'.repeat(32)}/KD${'0'.repeat(31)}`,
            status: 200,
            errorCode: null,
          },
        ],
      }),
    );
    expect(text).toBe(
      `${'holds'.padEnd(14)} ${'agent-joined'.padEnd(28)} joined [GET x /v1/ab${'0'.repeat(32)}/KD${'0'.repeat(31)}: HTTP 200]`,
    );
    expect(
      formatLine(
        line({ evidence: [{ method: 'GET', path: `/XKD${'f'.repeat(32)}9`, status: 200, errorCode: null }] }),
      ),
    ).toContain(`/XKD${'f'.repeat(32)}9`);
    expect(
      formatLine(
        line({ evidence: [{ method: 'GET', path: `/KD${'F'.repeat(32)}`, status: 200, errorCode: null }] }),
      ),
    ).toContain('/KD…:');
    expect(
      formatLine(
        line({
          evidence: [
            { method: 'GET', path: `/KD${'f'.repeat(32)}/WT${'0'.repeat(32)}`, status: 200, errorCode: null },
          ],
        }),
      ),
    ).toContain('/KD…/WT…:');
  });

  it('cites no answer when the words already give the HTTP status, and adds the fields as JSON', () => {
    const text = formatLine(
      line({
        detail: 'HTTP 404 seen',
        evidence: [{ method: 'GET', path: 'p', status: 404, errorCode: null }],
        fields: { http_status: 404 },
      }),
    );
    expect(text).toBe(`${'holds'.padEnd(14)} ${'agent-joined'.padEnd(28)} HTTP 404 seen {"http_status":404}`);
    expect(formatLine(line())).toBe(`${'holds'.padEnd(14)} ${'agent-joined'.padEnd(28)} joined`);
  });
});

describe('exchangeOf', () => {
  const options = { method: 'post' as const, uri: 'https://flex-api.twilio.com/v1/Interactions/KD1' };

  it('reads method, host and path, and parses a JSON text body', () => {
    expect(exchangeOf(options, 201, '{"status":"paused"}')).toEqual({
      method: 'POST',
      path: 'flex-api /v1/Interactions/KD1',
      status: 201,
      errorCode: null,
      message: null,
      body: { status: 'paused' },
    });
    expect(exchangeOf({ uri: 'https://sync.twilio.com/v1/Services?Page=2' }, 200, {}).method).toBe('GET');
    expect(exchangeOf({ uri: 'https://sync.twilio.com/v1/Services?Page=2' }, 200, {}).path).toBe(
      'sync /v1/Services',
    );
  });

  it('strips only a trailing .twilio.com from the host', () => {
    expect(exchangeOf({ uri: 'http://127.0.0.1:9/x' }, 200, {}).path).toBe('127.0.0.1 /x');
    expect(exchangeOf({ uri: 'https://a.twilio.com.example/x' }, 200, {}).path).toBe(
      'a.twilio.com.example /x',
    );
    expect(exchangeOf({ uri: 'https://atwilioxcom/x' }, 200, {}).path).toBe('atwilioxcom /x');
  });

  it('reads an empty, unreadable or non-object body as an empty one', () => {
    expect(exchangeOf(options, 204, '').body).toEqual({});
    expect(exchangeOf(options, 200, 'not json').body).toEqual({});
    expect(exchangeOf(options, 200, '7').body).toEqual({});
    expect(exchangeOf(options, 200, 7).body).toEqual({});
    expect(exchangeOf(options, 200, null).body).toEqual({});
    expect(exchangeOf(options, 200, { a: 1 }).body).toEqual({ a: 1 });
  });

  it('takes a 2xx body’s non-zero error_code, and a failure’s code', () => {
    expect(exchangeOf(options, 200, { error_code: 50000 }).errorCode).toBe(50000);
    expect(exchangeOf(options, 200, { error_code: 0, code: 1 }).errorCode).toBeNull();
    expect(exchangeOf(options, 400, { error_code: 0, code: 20001 }).errorCode).toBe(20001);
    expect(exchangeOf(options, 400, { error_code: '5', code: 20001 }).errorCode).toBe(20001);
    expect(exchangeOf(options, 399, { code: 20001 }).errorCode).toBeNull();
    expect(exchangeOf(options, 404, { code: '20404' }).errorCode).toBeNull();
  });

  it('takes the message, else the error_message, else none', () => {
    expect(exchangeOf(options, 400, { message: 'm', error_message: 'e' }).message).toBe('m');
    expect(exchangeOf(options, 200, { message: 3, error_message: 'e' }).message).toBe('e');
    expect(exchangeOf(options, 200, { error_message: 3 }).message).toBeNull();
  });
});

describe('describe', () => {
  it('gives the HTTP status, the error code and the first 100 characters of the message', () => {
    expect(describeAnswer(exchange({ status: 404 }))).toBe('HTTP 404');
    expect(describeAnswer(exchange({ status: 400, errorCode: 20001, message: 'x'.repeat(120) }))).toBe(
      `HTTP 400, error 20001, "${'x'.repeat(100)}"`,
    );
    expect(describeAnswer(exchange({ status: 400, message: '' }))).toBe('HTTP 400');
  });
});

describe('ok', () => {
  it('is the 2xx range', () => {
    expect([199, 200, 299, 300].map((status) => ok(exchange({ status })))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('call and recordingClient', () => {
  it('posts form data with its headers, and reads the answer', async () => {
    fake.script = [{ status: 201, body: { status: 'paused' } }];
    const answer = await call(
      client,
      'post',
      'https://flex-api.twilio.com/v1/X',
      { A: 'b' },
      { 'X-Extra': 'y' },
    );
    expect(fake.seen).toEqual([{ method: 'POST', path: '/flex-api/v1/X' }]);
    expect(fake.bodies[0]).toBe('A=b');
    expect(fake.headers[0]['content-type']).toBe('application/x-www-form-urlencoded');
    expect(fake.headers[0]['x-extra']).toBe('y');
    expect(answer).toMatchObject({
      method: 'POST',
      path: 'flex-api /v1/X',
      status: 201,
      body: { status: 'paused' },
    });
  });

  it('sends no body and no extra headers on a read', async () => {
    fake.script = [{ status: 404, body: { code: 20404, message: 'nf' } }];
    const answer = await call(client, 'get', 'https://flex-api.twilio.com/v1/X', undefined, {
      'X-Extra': 'y',
    });
    expect(fake.seen).toEqual([{ method: 'GET', path: '/flex-api/v1/X' }]);
    expect(fake.bodies[0]).toBe('');
    expect(fake.headers[0]['x-extra']).toBeUndefined();
    expect(answer).toMatchObject({ status: 404, errorCode: 20404, message: 'nf' });
  });

  it('recordingClient logs every answer and leaves the rest of the client as it is', async () => {
    fake.script = [{ status: 200, body: { status: 'active' } }];
    const log: Exchange[] = [];
    const recording = recordingClient(client, log);
    expect(recording.accountSid).toBe(client.accountSid);
    const response = await recording.request({ method: 'get', uri: 'https://flex-api.twilio.com/v1/Y' });
    expect(response.statusCode).toBe(200);
    expect(log).toEqual([
      {
        method: 'GET',
        path: 'flex-api /v1/Y',
        status: 200,
        errorCode: null,
        message: null,
        body: { status: 'active' },
      },
    ]);
  });

  // twilio-node builds each domain on the client it is first read through and caches it there; the domain sends
  // its requests through that client. A recorder keeps its own domains, so what was read before never decides
  // which log a request lands in.
  const conversationPath = (label: string) => `conversations /v1/Conversations/CH${label.repeat(32)}`;
  const fetchConversation = (on: TwilioClient, label: string) =>
    on.conversations.v1.conversations(`CH${label.repeat(32)}`).fetch();
  const pathsOf = (log: Exchange[]) => log.map((exchange) => exchange.path);

  it('recordingClient records a domain the plain client read and used first', async () => {
    fake.script = () => ({ status: 200, body: {} });
    await fetchConversation(client, '1');
    const log: Exchange[] = [];
    const recording = recordingClient(client, log);
    await fetchConversation(recording, '2');
    await recording.sync.v1.services(`IS${'3'.repeat(32)}`).fetch();
    expect(pathsOf(log)).toEqual([conversationPath('2'), `sync /v1/Services/IS${'3'.repeat(32)}`]);
    expect(fake.seen).toHaveLength(3);
  });

  it('two recorders on one client each log their own requests only', async () => {
    fake.script = () => ({ status: 200, body: {} });
    const first: Exchange[] = [];
    const second: Exchange[] = [];
    const firstRecording = recordingClient(client, first);
    const secondRecording = recordingClient(client, second);
    await fetchConversation(firstRecording, '1');
    await fetchConversation(secondRecording, '2');
    await fetchConversation(firstRecording, '3');
    expect(pathsOf(first)).toEqual([conversationPath('1'), conversationPath('3')]);
    expect(pathsOf(second)).toEqual([conversationPath('2')]);
  });

  it('the plain client’s requests are logged by no recorder, even on a domain a recorder read first', async () => {
    fake.script = () => ({ status: 200, body: {} });
    const log: Exchange[] = [];
    const recording = recordingClient(client, log);
    await fetchConversation(recording, '1');
    await fetchConversation(client, '2');
    await client.request({ method: 'get', uri: 'https://flex-api.twilio.com/v1/Y' });
    expect(pathsOf(log)).toEqual([conversationPath('1')]);
    expect(fake.seen).toHaveLength(3);
  });

  it('recordingClient sets on the client whatever it is given but a domain cache', () => {
    const recording = recordingClient(client, []) as TwilioClient & { edge?: string };
    recording.edge = 'sydney';
    expect(client.edge).toBe('sydney');
    expect(recording.edge).toBe('sydney');
  });

  it('recordingClient keeps the client’s transport (its http client, with the retry policy) for its domains', async () => {
    fake.script = [{ status: 200, body: {} }];
    const log: Exchange[] = [];
    const recording = recordingClient(client, log);
    expect(recording.httpClient).toBe(client.httpClient);
    await fetchConversation(recording, '1');
    expect(pathsOf(log)).toEqual([conversationPath('1')]);
  });
});

describe('listAll', () => {
  const page = (items: unknown[], next: string | null): FakeAnswer => ({
    status: 200,
    body: { things: items, meta: { next_page_url: next } },
  });

  it('follows next_page_url to the last page', async () => {
    fake.script = [
      page([{ n: 1 }], 'https://taskrouter.twilio.com/v1/Workspaces?Page=1'),
      { status: 200, body: { things: [{ n: 2 }] } },
    ];
    const items = await listAll(client, 'https://taskrouter.twilio.com/v1/Workspaces', 'things');
    expect(items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(fake.seen.map((s) => s.path)).toEqual([
      '/taskrouter/v1/Workspaces',
      '/taskrouter/v1/Workspaces?Page=1',
    ]);
  });

  it('stops after maxPages, and skips a page without the list', async () => {
    fake.script = [
      {
        status: 200,
        body: { things: 'no list', meta: { next_page_url: 'https://taskrouter.twilio.com/v1/W?Page=1' } },
      },
      page([{ n: 2 }], 'https://taskrouter.twilio.com/v1/W?Page=2'),
    ];
    expect(await listAll(client, 'https://taskrouter.twilio.com/v1/W', 'things', 2)).toEqual([{ n: 2 }]);
    expect(fake.seen).toHaveLength(2);
    fake.seen.length = 0;
    fake.script = [page([{ n: 1 }], 'https://taskrouter.twilio.com/v1/W?Page=1')];
    expect(await listAll(client, 'https://taskrouter.twilio.com/v1/W', 'things')).toHaveLength(50);
    expect(fake.seen).toHaveLength(50);
  });

  it('stops at a next page that is no text', async () => {
    fake.script = [page([{ n: 1 }], null), page([{ n: 2 }], null)];
    expect(await listAll(client, 'https://taskrouter.twilio.com/v1/W', 'things')).toEqual([{ n: 1 }]);
    expect(fake.seen).toHaveLength(1);
  });

  it('throws on a page that is not 2xx, saying which', async () => {
    fake.script = [{ status: 403, body: { code: 20003, message: 'Forbidden' } }];
    await expect(listAll(client, 'https://taskrouter.twilio.com/v1/W', 'things')).rejects.toThrow(
      'GET taskrouter /v1/W answered HTTP 403, error 20003, "Forbidden"',
    );
  });
});
