import { ActionError } from '../src/lib/errors';
import { defineHandler, errorBody, jsonResponse, MAX_BODY_BYTES, type HandlerOptions } from '../src/lib/http';
import type { FunctionContext, FunctionEvent } from '../src/lib/runtime';

/**
 * lib/http.ts on its own (issue 20, mutation survivors): the request pipeline every Function goes through —
 * which requests it takes, what each refusal answers, how an error becomes a JSON answer — with the runtime's
 * Response played by a recording class. hardening.test.ts covers the same over real HTTP.
 */

class RecordedResponse {
  status = 0;
  body: unknown;
  headers: Record<string, string> = {};
  setStatusCode(code: number) {
    this.status = code;
  }
  setBody(body: unknown) {
    this.body = body;
  }
  appendHeader(name: string, value: string) {
    this.headers[name] = value;
  }
}

beforeAll(() => {
  (globalThis as unknown as { Twilio: unknown }).Twilio = { Response: RecordedResponse };
});

afterEach(() => {
  jest.restoreAllMocks();
});

const CONTEXT: FunctionContext = {
  PATH: '/pause',
  ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  AUTH_TOKEN: 'secret',
} as unknown as FunctionContext;

type Run = Parameters<typeof defineHandler>[0];

async function call(
  event: FunctionEvent,
  run: Run = async () => ({ body: { done: true } }),
  options: HandlerOptions = {},
  context: FunctionContext = CONTEXT,
): Promise<RecordedResponse> {
  let answered: RecordedResponse | undefined;
  await defineHandler(run, options)(context, event, (error, response) => {
    expect(error).toBeNull();
    answered = response as RecordedResponse;
  });
  if (!answered) throw new Error('no answer');
  return answered;
}

/** An event as the runtime builds it for a JSON (or form) POST of these fields. */
function posted(
  fields: Record<string, unknown>,
  options: { form?: boolean; length?: number | string; headers?: Record<string, string | string[]> } = {},
): FunctionEvent {
  const text = options.form
    ? new URLSearchParams(fields as Record<string, string>).toString()
    : JSON.stringify(fields);
  return {
    request: {
      headers: {
        'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
        'content-length': String(options.length ?? Buffer.byteLength(text)),
        ...options.headers,
      },
      cookies: {},
    },
    ...fields,
  } as unknown as FunctionEvent;
}

const errorOf = (response: RecordedResponse) =>
  (response.body as { error?: { code: string; message: string; field?: string } }).error;

describe('answers', () => {
  it('jsonResponse: the status, JSON, CORS for the plugin’s origin, extra headers over them', () => {
    const response = jsonResponse(
      201,
      { a: 1 },
      { 'Access-Control-Allow-Origin': 'x', Allow: 'POST' },
    ) as unknown as RecordedResponse;
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ a: 1 });
    expect(response.headers).toEqual({
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': 'x',
      'Access-Control-Allow-Methods': 'OPTIONS, POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      Allow: 'POST',
    });
    expect(
      (jsonResponse(200, {}) as unknown as RecordedResponse).headers['Access-Control-Allow-Origin'],
    ).toBe('*');
  });

  it('errorBody: the code and message, the field only when there is one', () => {
    expect(errorBody(new ActionError(400, 'invalid_field', 'bad', 'TaskSid'))).toEqual({
      ok: false,
      error: { code: 'invalid_field', message: 'bad', field: 'TaskSid' },
    });
    expect(errorBody(new ActionError(409, 'feature_off', 'off'))).toEqual({
      ok: false,
      error: { code: 'feature_off', message: 'off' },
    });
  });

  it('a success: the run’s status (200 by default) and body, ok and the server’s time', async () => {
    const response = await call(posted({ Token: 'abc' }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, done: true, serverTime: expect.any(String) });
    expect(Number.isFinite(Date.parse((response.body as { serverTime: string }).serverTime))).toBe(true);
    expect((await call(posted({ Token: 'abc' }), async () => ({ status: 202, body: {} }))).status).toBe(202);
  });

  it('the run is handed the environment read once, and the event', async () => {
    const run = jest.fn(async () => ({ body: {} }));
    const event = posted({ Token: 'abc' });
    await call(event, run);
    expect(run).toHaveBeenCalledWith(
      expect.objectContaining({
        twilio: expect.objectContaining({ accountSid: CONTEXT.ACCOUNT_SID, authToken: 'secret' }),
      }),
      event,
    );
  });
});

describe('errors become JSON answers', () => {
  it('a refusal (4xx) keeps its status and is not logged', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await call(posted({ Token: 'abc' }), async () => {
      throw new ActionError(403, 'forbidden', 'not yours', 'TaskSid');
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'TaskSid' } });
    expect(response.headers.Allow).toBeUndefined();
    expect(log).not.toHaveBeenCalled();
  });

  it('a 5xx of ours is logged for the admin, naming the Function', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await call(posted({ Token: 'abc' }), async () => {
      throw new ActionError(500, 'misconfigured', 'Functions environment: x');
    });
    expect(response.status).toBe(500);
    expect(log).toHaveBeenCalledWith(
      'leave-pause: pause answered 500: misconfigured: Functions environment: x',
    );
  });

  it.each([{ status: 401 }, { code: 20003 }, { status: 401, code: 20003 }])(
    'Twilio refusing the account (%p): 500 misconfigured, logged',
    async (refusal) => {
      const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const response = await call(posted({ Token: 'abc' }), async () => {
        throw refusal;
      });
      expect(response.status).toBe(500);
      expect(errorOf(response)).toMatchObject({
        code: 'misconfigured',
        message: expect.stringContaining('ACCOUNT_SID and AUTH_TOKEN'),
      });
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^leave-pause: pause answered 500: /));
    },
  );

  it.each<unknown>([{ status: 503 }, { code: 20404 }, new Error('boom'), 'text', null])(
    'anything else (%p): 502 twilio_error, logged as failed',
    async (thrown) => {
      const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const response = await call(posted({ Token: 'abc' }), async () => {
        throw thrown;
      });
      expect(response.status).toBe(502);
      expect(errorOf(response)).toMatchObject({
        code: 'twilio_error',
        message: expect.stringMatching(/^A Twilio request failed: /),
      });
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^leave-pause: pause failed: /));
    },
  );

  it('a context without the account: 500 misconfigured before the run', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const run = jest.fn(async () => ({ body: {} }));
    const response = await call(posted({ Token: 'abc' }), run, {}, {
      PATH: '/pause',
    } as unknown as FunctionContext);
    expect(response.status).toBe(500);
    expect(errorOf(response)?.code).toBe('misconfigured');
    expect(run).not.toHaveBeenCalled();
  });
});

describe('which requests are taken', () => {
  const refusedWith = async (event: FunctionEvent) => {
    const run = jest.fn(async () => ({ body: {} }));
    const response = await call(event, run);
    expect(run).not.toHaveBeenCalled();
    return { status: response.status, code: errorOf(response)?.code, headers: response.headers };
  };

  it('each refusal says what to do, and names the field where there is one', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const said = async (event: FunctionEvent) => errorOf(await call(event));
    expect(await said({ Token: 'abc' } as unknown as FunctionEvent)).toEqual({
      code: 'misconfigured',
      message:
        'Functions environment: the runtime passed no request headers: deploy with @twilio/runtime-handler 1.2.0 or later',
    });
    expect(await said({ Token: 'abc', request: 'x' } as unknown as FunctionEvent)).toEqual({
      code: 'unknown_field',
      message:
        'Unknown field request: it is reserved for the runtime, send only the fields this endpoint takes',
      field: 'request',
    });
    expect(await said(posted({ Token: 'abc' }, { headers: { 'content-type': 'text/plain' } }))).toEqual({
      code: 'method_not_allowed',
      message: 'Only POST with a JSON or form body is accepted (OPTIONS answers CORS)',
    });
    expect(await said(posted({ Token: 'abc' }, { length: 'x' }))).toEqual({
      code: 'length_required',
      message: 'Send the body with a Content-Length header',
    });
    expect(await said(posted({ Token: 'abc' }, { length: 20000 }))).toEqual({
      code: 'payload_too_large',
      message: 'The body is 20000 bytes: this endpoint takes at most 16384',
    });
    expect(await said(posted({ Token: 'abc' }, { length: 3 }))).toEqual({
      code: 'field_in_url',
      message: 'Send every field in the POST body, none in the URL: a Token in a URL ends up in access logs',
    });
  });

  it('the runtime’s request: every header and every cookie must be text', async () => {
    const request = (headers: Record<string, unknown>, cookies: Record<string, unknown>) =>
      ({ Token: 'abc', request: { headers, cookies } }) as unknown as FunctionEvent;
    const json = { 'content-type': 'application/json', 'content-length': '15' };
    expect((await call(request({ ...json, 'x-number': 5 }, {}))).status).toBe(400);
    expect((await call(request(json, { a: 'b', c: 1 }))).status).toBe(400);
    expect((await call(request(json, { a: 'b' }))).status).toBe(200);
  });

  it('no request from the runtime: 500 misconfigured', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await refusedWith({ Token: 'abc' } as unknown as FunctionEvent)).toMatchObject({
      status: 500,
      code: 'misconfigured',
    });
  });

  it.each<[string, unknown]>([
    ['a string', 'x'],
    ['an array', []],
    ['an extra key', { headers: {}, cookies: {}, body: 1 }],
    ['no cookies', { headers: {} }],
    ['headers an array', { headers: [], cookies: {} }],
    // Text and lists have string values too: only a plain object is the runtime's header map.
    ['headers a text', { headers: 'x', cookies: {} }],
    ['headers a list of text', { headers: ['application/json'], cookies: {} }],
    ['a header a number', { headers: { 'content-type': 5 }, cookies: {} }],
    ['a header a list with a number', { headers: { 'content-type': ['a', 5] }, cookies: {} }],
    ['a cookie a number', { headers: {}, cookies: { a: 1 } }],
  ])('a `request` that is not the runtime’s (%s): 400 unknown_field', async (_what, request) => {
    expect(await refusedWith({ Token: 'abc', request } as unknown as FunctionEvent)).toMatchObject({
      status: 400,
      code: 'unknown_field',
    });
  });

  it.each(['', ' 15', '0x0f', '1e1', '15.0', '+15'])(
    'a Content-Length that is not digits alone (%p): 411 length_required',
    async (length) => {
      expect(await refusedWith(posted({ Token: 'abc' }, { length }))).toMatchObject({
        status: 411,
        code: 'length_required',
      });
    },
  );

  it('header lists of strings are the runtime’s: the first value counts', async () => {
    const response = await call(
      posted({ Token: 'abc' }, { headers: { 'content-type': ['application/json', 'text/plain'] } }),
    );
    expect(response.status).toBe(200);
  });

  it('a body that is neither JSON nor a form: 405, Allow: OPTIONS, POST', async () => {
    const refused = await refusedWith(
      posted({ Token: 'abc' }, { headers: { 'content-type': 'text/plain' } }),
    );
    expect(refused).toMatchObject({ status: 405, code: 'method_not_allowed' });
    expect(refused.headers.Allow).toBe('OPTIONS, POST');
  });

  it('media types are read without parameters and case', async () => {
    expect(
      (
        await call(
          posted({ Token: 'abc' }, { headers: { 'content-type': ' Application/JSON ; charset=utf-8' } }),
        )
      ).status,
    ).toBe(200);
  });

  it('a CORS preflight: 204 with CORS, cached 10 minutes, no body, the run not called', async () => {
    const run = jest.fn(async () => ({ body: {} }));
    const response = await call(
      {
        request: { headers: { 'access-control-request-method': 'POST' }, cookies: {} },
      } as unknown as FunctionEvent,
      run,
    );
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'OPTIONS, POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600',
    });
    expect(run).not.toHaveBeenCalled();
  });

  it.each([undefined, '', '12abc', '-1', '1.5'])('Content-Length %p: 411 length_required', async (length) => {
    const event = posted({ Token: 'abc' });
    const headers = (event.request as { headers: Record<string, string | undefined> }).headers;
    if (length === undefined) delete headers['content-length'];
    else headers['content-length'] = length;
    expect(await refusedWith(event)).toMatchObject({ status: 411, code: 'length_required' });
  });

  it(`a body of ${MAX_BODY_BYTES} bytes is taken, one more is 413`, async () => {
    expect(MAX_BODY_BYTES).toBe(16 * 1024);
    const fill = (total: number) => 'x'.repeat(total - JSON.stringify({ Token: '' }).length);
    expect((await call(posted({ Token: fill(MAX_BODY_BYTES) }))).status).toBe(200);
    expect(await refusedWith(posted({ Token: fill(MAX_BODY_BYTES + 1) }))).toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
  });

  describe('every field from the body: fewer bytes than its fields need means some came from the URL', () => {
    it('JSON: {"Token":"abc"} is 15 bytes; declared 14 → 400 field_in_url', async () => {
      expect((await call(posted({ Token: 'abc' }, { length: 15 }))).status).toBe(200);
      expect(await refusedWith(posted({ Token: 'abc' }, { length: 14 }))).toMatchObject({
        status: 400,
        code: 'field_in_url',
      });
    });

    it('JSON with two fields counts the comma; a non-string value at least one byte', async () => {
      // {"a":"b","c":1} is 15 bytes.
      expect((await call(posted({ a: 'b', c: 1 }, { length: 15 }))).status).toBe(200);
      expect(await refusedWith(posted({ a: 'b', c: 1 }, { length: 14 }))).toMatchObject({
        code: 'field_in_url',
      });
      // Multi-byte characters count in bytes: {"a":"é"} is 10 bytes.
      expect(await refusedWith(posted({ a: 'é' }, { length: 9 }))).toMatchObject({ code: 'field_in_url' });
      expect((await call(posted({ a: 'é' }, { length: 10 }))).status).toBe(200);
    });

    it('a JSON array, spread into fields "0", "1": ["ab","c"] is 10 bytes', async () => {
      const event = posted({ 0: 'ab', 1: 'c' }, { length: 10 });
      expect((await call(event)).status).toBe(200);
      expect(await refusedWith(posted({ 0: 'ab', 1: 'c' }, { length: 9 }))).toMatchObject({
        code: 'field_in_url',
      });
      // [1,2] is 5 bytes.
      expect((await call(posted({ 0: 1, 1: 2 }, { length: 5 }))).status).toBe(200);
      expect(await refusedWith(posted({ 0: 1, 1: 2 }, { length: 4 }))).toMatchObject({
        code: 'field_in_url',
      });
    });

    it('a form: Token=abc&x=1 is 13 bytes; declared 12 → 400 field_in_url', async () => {
      expect((await call(posted({ Token: 'abc', x: '1' }, { form: true, length: 13 }))).status).toBe(200);
      expect(await refusedWith(posted({ Token: 'abc', x: '1' }, { form: true, length: 12 }))).toMatchObject({
        code: 'field_in_url',
      });
      // A non-string value counts as its key and "=": a=&b= is at least 5 bytes.
      expect((await call(posted({ a: 1, b: 2 }, { form: true, length: 5 }))).status).toBe(200);
      expect(await refusedWith(posted({ a: 1, b: 2 }, { form: true, length: 4 }))).toMatchObject({
        code: 'field_in_url',
      });
    });

    it('fields "0" and another are a JSON object, not an array: {"0":"a","b":"c"} is 17 bytes', async () => {
      // As an array (["a","c"], 9 bytes) a 16-byte body would pass; as the object it is, it cannot hold both.
      expect((await call(posted({ 0: 'a', b: 'c' }, { length: 17 }))).status).toBe(200);
      expect(await refusedWith(posted({ 0: 'a', b: 'c' }, { length: 16 }))).toMatchObject({
        code: 'field_in_url',
      });
    });

    it('a value that is no text is never walked: one byte at least, whatever it holds', async () => {
      // {"a":{…}} with a long nested text: its least size counts the object as one byte, so a body declared
      // too short for the nested text (which only the body can have carried) is not taken for a URL field.
      const nested = { deep: 'x'.repeat(40) };
      expect((await call(posted({ a: nested }, { length: 7 }))).status).toBe(200);
      expect((await call(posted({ 0: nested }, { length: 3 }))).status).toBe(200);
    });

    it('an empty body holds no field: {} is 2 bytes', async () => {
      expect((await call(posted({}, { length: 2 }))).status).toBe(200);
      expect(await refusedWith(posted({}, { length: 1 }))).toMatchObject({ code: 'field_in_url' });
    });
  });

  it('accepts "any" (server-time): no request checks at all', async () => {
    const response = await call({} as FunctionEvent, async () => ({ body: { now: 1 } }), { accepts: 'any' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, now: 1 });
  });
});
