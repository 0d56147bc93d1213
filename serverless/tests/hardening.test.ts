import { format } from 'node:util';
import type { FaultInput } from '../../emulator/src/faults';
import { handler as leaveHandler } from '../src/functions/leave';
import { handler as pauseHandler } from '../src/functions/pause';
import { handler as pausedHandler } from '../src/functions/paused';
import { handler as resumeHandler } from '../src/functions/resume';
import { handler as serverTimeHandler } from '../src/functions/server-time';
import { forgetAcceptedTokens } from '../src/lib/auth';
import type { FunctionContext, FunctionEvent } from '../src/lib/http';
import { forgetCachedSettings, isRunningLocally } from '../src/lib/settings';
import { runtimeEvent, startBackend, ROUTES, type AssignedConversation, type Backend } from './harness';
import { allowConsole } from '../../tests/console-guard';
import { post, refusalTableRows, stateOf } from './support';

/**
 * Issue 12, "the backend fails closed": each describe is one point of the issue, each test a hostile input
 * that once got through, on the engine of issue 10 (agent endpoints leave, pause, resume and paused). The
 * table of refusals in docs/FUNCTIONS.md is tested row by row in refusals.test.ts.
 */

type Handler = typeof leaveHandler;
const SID = (prefix: string, fill = 'a') => prefix + fill.repeat(32);

/** Every line the process logs while `run` runs, as the runtime would print it. */
async function logsDuring(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const spies = (['error', 'warn', 'log', 'info', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(format(...args));
    }),
  );
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

/** The fields each agent endpoint takes, for one conversation and token. */
async function fieldsFor(
  backend: Backend,
  route: 'leave' | 'pause' | 'resume' | 'paused',
  c: AssignedConversation,
  token: string,
): Promise<Record<string, string>> {
  if (route === 'paused') return { Token: token };
  if (route === 'resume') return { Token: token, TaskSid: c.taskSid };
  return backend.actionEvent(c, token);
}

const AGENT_HANDLERS: Record<'leave' | 'pause' | 'resume' | 'paused', Handler> = {
  leave: leaveHandler,
  pause: pauseHandler,
  resume: resumeHandler,
  paused: pausedHandler,
};

/** Calls a handler with an event and context of our choosing, the runtime's way; returns status and body. */
async function call(handler: Handler, context: FunctionContext, event: FunctionEvent) {
  const reply = await new Promise<{ statusCode: number; body: Record<string, unknown>; headers: object }>(
    (resolve, reject) => {
      void handler(context, event, (error, result) => (error ? reject(error) : resolve(result as never)));
    },
  );
  return reply;
}

describe('1. no secret in any log line, under every fault', () => {
  let backend: Backend;
  beforeEach(async () => {
    backend = await startBackend({
      env: {
        // Quick failures: two attempts, a short cut-off (the emulator holds a "timeout" answer longer).
        TWILIO_REQUEST_TIMEOUT_MS: '250',
        TWILIO_RETRY_MAX_ATTEMPTS: '2',
        TWILIO_RETRY_BASE_DELAY_MS: '5',
      },
    });
  });
  afterEach(async () => {
    await backend.close();
  });

  const FAULT_KINDS: [string, Omit<FaultInput, 'pathPattern'>][] = [
    ['429 before any effect', { mode: 'before', status: 429 }],
    ['500 before any effect', { mode: 'before', status: 500 }],
    ['503 before any effect', { mode: 'before', status: 503 }],
    ['500 after the effect', { mode: 'after', status: 500 }],
    ['a dropped connection', { mode: 'drop' }],
    ['a time-out after the effect', { mode: 'timeout', holdMs: 400 }],
    ['a 200 answering "status": "failed" with no effect', { mode: 'failed' }],
  ];

  it.each(FAULT_KINDS)(
    '%s, on every Twilio request and then on every write, of every endpoint (leave, pause, resume, paused, server-time): no log line or answer holds the auth token, the basic-auth header or the agent token',
    async (_kind, fault) => {
      const { env, emulator } = backend;
      const agentToken = await backend.tokenFor(backend.seed.workers.alice);
      const secrets = [
        env.AUTH_TOKEN,
        Buffer.from(`${env.ACCOUNT_SID}:${env.AUTH_TOKEN}`).toString('base64'),
        agentToken,
      ];
      const answers: unknown[] = [];
      const act = async (route: 'leave' | 'pause' | 'resume' | 'paused', c: AssignedConversation) => {
        const answer = await backend.invoke(
          AGENT_HANDLERS[route],
          await fieldsFor(backend, route, c, agentToken),
          env,
        );
        answers.push(answer);
        return answer;
      };
      const forEveryRequest = { ...fault, pathPattern: '.', times: 1000 };
      // Writes only: token validation and reads pass, so the failure comes deeper (read-backs, compensation).
      const forEveryWrite = {
        ...fault,
        method: 'POST',
        pathPattern: '^/(flex-api|conversations|sync)/',
        times: 1000,
      };

      const lines = await logsDuring(async () => {
        // One agent, one conversation per channel (capacity is one per channel).
        const toLeave = await backend.assignedConversation({ channelType: 'chat' });
        const toPause = await backend.assignedConversation({ channelType: 'sms' });
        const toResume = await backend.assignedConversation({ channelType: 'whatsapp' });
        expect((await act('pause', toResume)).status).toBe(200);

        for (const faults of [forEveryRequest, forEveryWrite]) {
          // Nothing cached: token validation and the settings read meet the faults too.
          forgetAcceptedTokens();
          forgetCachedSettings();
          emulator.faults.add(faults);
          // Some recover (a write that took effect is read back); most answer 502: either way, no secret.
          await act('leave', toLeave);
          await act('pause', toPause);
          await act('resume', toResume);
          await act('paused', toResume);
          answers.push(await backend.invoke(serverTimeHandler, {}, env));
          emulator.faults.clear();
        }
      });

      const everything = [...lines, ...answers.map((answer) => JSON.stringify(answer))].join('\n');
      for (const secret of secrets) expect(everything).not.toContain(secret);
      expect(everything).not.toMatch(/authorization|basic /i);
      // Not vacuous: the failures were logged, reduced to method, Twilio path and status or network code.
      const reduced =
        /(GET|POST|DELETE) \/v1\/\S+: (HTTP \d{3}( \(Twilio error \d+\))?|E[A-Z]+|network error|no answer)$/;
      expect(lines.filter((line) => reduced.test(line)).length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(line).toMatch(/^leave-pause: /);
      expect(answers.some((answer) => (answer as { status: number }).status === 502)).toBe(true);
      expect(emulator.violations).toEqual([]);
    },
    // Retries, read-backs and compensation under faults take a few real seconds.
    60_000,
  );
});

describe('2. only POST acts, and every field comes from the body', () => {
  let backend: Backend;
  // A fresh account per test: each test's agent takes a conversation at full capacity.
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => {
    await backend.close();
  });

  const send = async (method: string, route: string, query: string, body?: object) => {
    const response = await fetch(`${backend.functionsUrl}${route}${query}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  };

  it.each(['leave', 'pause', 'resume', 'paused'] as const)(
    'GET /%s?Token=…&TaskSid=… → 405 method_not_allowed, and nothing changes',
    async (route) => {
      const c = await backend.assignedConversation();
      const token = await backend.tokenFor(c.workerSid);
      const before = stateOf(backend.emulator);
      const query = new URLSearchParams(await fieldsFor(backend, route, c, token)).toString();
      const answer = await send('GET', `/${route}`, `?${query}`);
      expect(answer.status).toBe(405);
      expect(JSON.parse(answer.text).error.code).toBe('method_not_allowed');
      expect(answer.headers.get('allow')).toBe('OPTIONS, POST');
      expect(stateOf(backend.emulator)).toBe(before);
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH'])(
    '%s /pause with the fields in the URL → 405 method_not_allowed',
    async (method) => {
      const c = await backend.assignedConversation();
      const token = await backend.tokenFor(c.workerSid);
      const before = stateOf(backend.emulator);
      const query = new URLSearchParams(await backend.actionEvent(c, token)).toString();
      const answer = await send(method, '/pause', `?${query}`);
      expect(answer.status).toBe(405);
      expect(stateOf(backend.emulator)).toBe(before);
    },
  );

  it('a POST with the Token only in the query string → 400 field_in_url, and nothing changes', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    const before = stateOf(backend.emulator);
    const { Token: _inUrl, ...rest } = await backend.actionEvent(c, token);
    const answer = await send('POST', '/pause', `?Token=${token}`, rest);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.code).toBe('field_in_url');
    expect(stateOf(backend.emulator)).toBe(before);
  });

  it('a form POST with the TaskSid only in the query string → 400 field_in_url', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    const { TaskSid, ...rest } = await backend.actionEvent(c, token);
    const answer = await post(backend, `/leave?TaskSid=${TaskSid}`, rest, { form: true });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('field_in_url');
  });

  it('the same fields in the body are accepted, JSON or form', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    expect((await post(backend, '/pause', await backend.actionEvent(c, token))).status).toBe(200);
    const d = await backend.assignedConversation({ channelType: 'sms' });
    const form = await post(backend, '/pause', await backend.actionEvent(d, token), { form: true });
    expect(form.status).toBe(200);
    const listed = await post(backend, '/paused', { Token: token }, { form: true });
    expect(listed.status).toBe(200);
    expect((listed.body.paused as unknown[]).length).toBe(2);
  });

  it('OPTIONS answers the CORS preflight (204, POST allowed) and changes nothing', async () => {
    const response = await fetch(`${backend.functionsUrl}/pause`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST', Origin: 'https://flex.twilio.com' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('a preflight that reaches the Function (the runtime passed it on) is answered 204 with CORS headers', async () => {
    const reply = await call(
      pauseHandler,
      { ...backend.env, DOMAIN_NAME: '127.0.0.1' },
      { request: { headers: { 'access-control-request-method': 'POST' }, cookies: {} } },
    );
    expect(reply.statusCode).toBe(204);
    expect(reply.headers).toMatchObject({ 'Access-Control-Allow-Methods': 'OPTIONS, POST' });
  });

  it('GET /server-time still answers: it reads no input and changes nothing', async () => {
    const answer = await send('GET', '/server-time', '');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).serverTime).toEqual(expect.any(String));
  });
});

describe('3. TWILIO_API_BASE_URL is honoured only for a loopback URL, and only when running locally', () => {
  let backend: Backend;
  // A fresh account per test: each test's agent takes a conversation at full capacity.
  beforeEach(async () => {
    backend = await startBackend();
    // Each refusal here is a 500 the Functions log for the admin, naming the setting (never its value).
    allowConsole('error', /^leave-pause: function answered 500: misconfigured: /);
  });
  afterEach(async () => {
    await backend.close();
  });

  const DEPLOYED_DOMAIN = 'leave-pause-1234-dev.twil.io';
  const SERVICE_SID = SID('ZS');

  async function pauseWith(context: Partial<FunctionContext>) {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    const before = stateOf(backend.emulator);
    const reply = await call(
      pauseHandler,
      { ...backend.env, DOMAIN_NAME: '127.0.0.1', ...context } as FunctionContext,
      runtimeEvent(await backend.actionEvent(c, token)),
    );
    return { reply, unchanged: stateOf(backend.emulator) === before };
  }

  it('local run (twilio-run: DOMAIN_NAME localhost:<port>, no SERVICE_SID) and a loopback URL → used', async () => {
    const { reply } = await pauseWith({ DOMAIN_NAME: 'localhost:3000' });
    expect(reply.statusCode).toBe(200);
  });

  it.each<[string, Partial<FunctionContext>]>([
    ['a deployed DOMAIN_NAME', { DOMAIN_NAME: DEPLOYED_DOMAIN }],
    ['a SERVICE_SID (deployed)', { SERVICE_SID }],
    ['a deployed DOMAIN_NAME and SERVICE_SID', { DOMAIN_NAME: DEPLOYED_DOMAIN, SERVICE_SID }],
  ])('a loopback URL but %s → 500 misconfigured, and no request leaves', async (_name, context) => {
    const { reply, unchanged } = await pauseWith(context);
    expect(reply.statusCode).toBe(500);
    expect(reply.body.error).toMatchObject({ code: 'misconfigured' });
    expect(String((reply.body.error as { message: string }).message)).toContain('TWILIO_API_BASE_URL');
    expect(unchanged).toBe(true);
  });

  it('a loopback URL on AWS Lambda (where deployed Functions run) → 500 misconfigured', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'twilio-functions';
    try {
      const { reply } = await pauseWith({});
      expect(reply.statusCode).toBe(500);
      expect(reply.body.error).toMatchObject({ code: 'misconfigured' });
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  });

  it.each([
    'https://evil.example.com',
    'http://10.0.0.5:4010',
    'http://127.0.0.1.nip.io:4010',
    'http://user:secret@127.0.0.1:4010',
    'http://127.0.0.1:4010/?next=https://evil.example.com',
    'not a url',
  ])('locally, a base URL %s → 500 misconfigured, before any token is sent', async (url) => {
    let seen = 0;
    const trap = await import('node:http').then(({ createServer }) =>
      createServer((_req, res) => {
        seen++;
        res.end('{"valid":true,"worker_sid":"WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}');
      }),
    );
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    try {
      const { reply } = await pauseWith({ TWILIO_API_BASE_URL: url });
      expect(reply.statusCode).toBe(500);
      expect(reply.body.error).toMatchObject({ code: 'misconfigured' });
      expect(seen).toBe(0);
    } finally {
      trap.close();
    }
  });

  it.each<[string, Handler, (c: AssignedConversation, token: string) => Promise<Record<string, string>>]>([
    ['resume', resumeHandler, async (c, token) => fieldsFor(backend, 'resume', c, token)],
    ['paused', pausedHandler, async (c, token) => fieldsFor(backend, 'paused', c, token)],
  ])(
    'the same checks guard %s: deployed with a loopback URL → 500 misconfigured',
    async (_name, handler, fields) => {
      const c = await backend.assignedConversation();
      const token = await backend.tokenFor(c.workerSid);
      const reply = await call(
        handler,
        { ...backend.env, DOMAIN_NAME: DEPLOYED_DOMAIN } as FunctionContext,
        runtimeEvent(await fields(c, token)),
      );
      expect(reply.statusCode).toBe(500);
      expect(reply.body.error).toMatchObject({ code: 'misconfigured' });
    },
  );

  it('"running locally" needs all three signs: loopback DOMAIN_NAME, no SERVICE_SID, no Lambda', () => {
    expect(isRunningLocally({ DOMAIN_NAME: 'localhost:3000' })).toBe(true);
    expect(isRunningLocally({ DOMAIN_NAME: '127.0.0.1' })).toBe(true);
    expect(isRunningLocally({ DOMAIN_NAME: '[::1]:3000' })).toBe(true);
    expect(isRunningLocally({})).toBe(false);
    expect(isRunningLocally({ DOMAIN_NAME: DEPLOYED_DOMAIN })).toBe(false);
    expect(isRunningLocally({ DOMAIN_NAME: 'localhost.twil.io' })).toBe(false);
    expect(isRunningLocally({ DOMAIN_NAME: 'localhost:3000', SERVICE_SID })).toBe(false);
    // twilio-run hides an unset SERVICE_SID behind a getter that warns: it is not called.
    const local: FunctionContext = { DOMAIN_NAME: 'localhost:3000' };
    const warn = jest.fn();
    Object.defineProperty(local, 'SERVICE_SID', { get: warn, enumerable: true });
    expect(isRunningLocally(local)).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('4. a missing or empty secret fails closed: 500 misconfigured', () => {
  let backend: Backend;
  // A fresh account per test: each test's agent takes a conversation at full capacity.
  beforeEach(async () => {
    backend = await startBackend();
    // Each refusal here is a 500 the Functions log for the admin, naming the setting (never its value).
    allowConsole('error', /^leave-pause: function answered 500: misconfigured: /);
  });
  afterEach(async () => {
    await backend.close();
  });

  it.each(['leave', 'pause', 'resume', 'paused'] as const)(
    '%s without AUTH_TOKEN, or with an empty one → 500 misconfigured naming it',
    async (route) => {
      const c = await backend.assignedConversation();
      const token = await backend.tokenFor(c.workerSid);
      for (const authToken of [undefined, '', '   ']) {
        const reply = await call(
          AGENT_HANDLERS[route],
          { ...backend.env, AUTH_TOKEN: authToken, DOMAIN_NAME: '127.0.0.1' },
          runtimeEvent(await fieldsFor(backend, route, c, token)),
        );
        expect(reply.statusCode).toBe(500);
        expect(reply.body.error).toMatchObject({ code: 'misconfigured' });
        expect(String((reply.body.error as { message: string }).message)).toContain('AUTH_TOKEN');
      }
    },
  );

  it('SYNC_SERVICE_SID missing or not an IS… SID → 500 misconfigured naming it (pause, resume, paused)', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    for (const route of ['pause', 'resume', 'paused'] as const) {
      for (const syncServiceSid of [undefined, 'ISnope']) {
        const reply = await call(
          AGENT_HANDLERS[route],
          { ...backend.env, SYNC_SERVICE_SID: syncServiceSid, DOMAIN_NAME: '127.0.0.1' },
          runtimeEvent(await fieldsFor(backend, route, c, token)),
        );
        expect(reply.statusCode).toBe(500);
        expect(String((reply.body.error as { message: string }).message)).toContain('SYNC_SERVICE_SID');
      }
    }
  });

  it('ACCOUNT_SID missing or not an AC… SID → 500 misconfigured naming it', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    for (const accountSid of [undefined, '', 'ACnope']) {
      const reply = await call(
        leaveHandler,
        { ...backend.env, ACCOUNT_SID: accountSid, DOMAIN_NAME: '127.0.0.1' },
        runtimeEvent(await backend.actionEvent(c, token)),
      );
      expect(reply.statusCode).toBe(500);
      expect(String((reply.body.error as { message: string }).message)).toContain('ACCOUNT_SID');
    }
  });

  it('credentials Twilio refuses (IAM answers 401) → 500 misconfigured, not a 401 for the agent', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    const reply = await call(
      leaveHandler,
      { ...backend.env, AUTH_TOKEN: 'not-the-auth-token', DOMAIN_NAME: '127.0.0.1' },
      runtimeEvent(await backend.actionEvent(c, token)),
    );
    expect(reply.statusCode).toBe(500);
    expect(reply.body.error).toMatchObject({ code: 'misconfigured' });
  });
});

// Point 5 (the signed leave-reply webhook's event SIDs) went with the webhook: custom routing after Leave is
// Twilio's Console option now, so no Twilio-signed endpoint is ours.

describe('6. "unknown field → 400" holds for every name, "request" included', () => {
  let backend: Backend;
  // A fresh account per test: each test's agent takes a conversation at full capacity.
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => {
    await backend.close();
  });

  it('the harness builds the event as @twilio/runtime-handler 2.1.0 does: request first, then query, then body', async () => {
    let seen: FunctionEvent | undefined;
    const original = pauseHandler;
    const { ROUTES } = await import('./harness');
    ROUTES['/pause'] = async (_context, event, callback) => {
      seen = event;
      callback(null, {});
    };
    try {
      await fetch(`${backend.functionsUrl}/pause?fromQuery=q&both=query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: 'flavour=oat' },
        body: JSON.stringify({ fromBody: 'b', both: 'body' }),
      });
    } finally {
      ROUTES['/pause'] = original;
    }
    expect(Object.keys(seen ?? {})).toEqual(['request', 'fromQuery', 'both', 'fromBody']);
    expect(seen).toMatchObject({ fromQuery: 'q', fromBody: 'b', both: 'body' });
    expect(seen?.request?.cookies).toEqual({ flavour: 'oat' });
    expect(seen?.request?.headers?.['content-type']).toBe('application/json');
  });

  it.each<[string, unknown]>([
    ['a string', 'x'],
    ['an object with headers only', { headers: { 'content-type': 'application/json' } }],
    ['the runtime shape with an extra key', { headers: {}, cookies: {}, method: 'POST' }],
    ['the runtime shape with a non-string header', { headers: { host: 1 }, cookies: {} }],
  ])(
    'a body field "request" (%s) → 400 unknown_field naming it, and nothing changes',
    async (_name, request) => {
      const c = await backend.assignedConversation();
      const token = await backend.tokenFor(c.workerSid);
      const before = stateOf(backend.emulator);
      const answer = await post(backend, '/pause', { ...(await backend.actionEvent(c, token)), request });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'unknown_field', field: 'request' });
      expect(stateOf(backend.emulator)).toBe(before);
    },
  );

  it('a form field "request" → 400 unknown_field', async () => {
    const c = await backend.assignedConversation();
    const token = await backend.tokenFor(c.workerSid);
    const answer = await post(
      backend,
      '/leave',
      { ...(await backend.actionEvent(c, token)), request: 'x' },
      { form: true },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'unknown_field', field: 'request' });
  });
});

describe('7. malformed, oversized and deeply nested bodies get JSON 400/413 where our code sees them', () => {
  let backend: Backend;
  // A fresh account per test: each test's agent takes a conversation at full capacity.
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(async () => {
    await backend.close();
  });

  const raw = async (route: string, body: string, contentType = 'application/json') => {
    const response = await fetch(`${backend.functionsUrl}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('a body over 16 KB (under the runtime’s 6 MB) → JSON 413 payload_too_large', async () => {
    const answer = await raw('/pause', JSON.stringify({ Token: 'a'.repeat(20_000), TaskSid: SID('WT') }));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.code).toBe('payload_too_large');
  });

  it('a Token nested 60,000 levels deep → JSON 413 payload_too_large; 5,000 levels → JSON 400 invalid_field', async () => {
    const deep = '['.repeat(60_000) + ']'.repeat(60_000);
    const answer = await raw('/pause', `{"Token":${deep},"TaskSid":"${SID('WT')}"}`);
    expect(answer.status).toBe(413);
    const shallower = '['.repeat(5_000) + ']'.repeat(5_000);
    const refused = await raw('/pause', `{"Token":${shallower},"TaskSid":"${SID('WT')}"}`);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: 'invalid_field', field: 'Token' });
  });

  it('an unknown field nested deeply → JSON 400 unknown_field', async () => {
    const deep = '{"a":'.repeat(2_000) + '1' + '}'.repeat(2_000);
    const answer = await raw('/leave', `{"Token":"emu.x","TaskSid":"${SID('WT')}","Deep":${deep}}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toMatchObject({ code: 'unknown_field', field: 'Deep' });
  });

  it('a JSON body that is an array → JSON 400 unknown_field', async () => {
    const answer = await raw('/leave', '["emu.x"]');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.code).toBe('unknown_field');
  });

  it('a body that is neither JSON nor a form → JSON 405 (it is not a POST we take)', async () => {
    const answer = await raw('/leave', 'Token=x', 'text/plain');
    expect(answer.status).toBe(405);
    expect(JSON.parse(answer.text).error.code).toBe('method_not_allowed');
  });

  it('malformed JSON is refused by the runtime before our code (400, not JSON), as ARCHITECTURE says', async () => {
    const answer = await raw('/leave', '{"Token":');
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('text/html');
  });

  it.each([
    ['a space', 'emu. x'],
    ['a quote', 'emu."x'],
    ['a slash', 'emu/x'],
    ['a newline', 'emu.x\n'],
    ['a non-ASCII letter', 'emu.é'],
    ['base64 padding', 'emu.x='],
  ])('a Token with %s (impossible in a JWT) → 400 invalid_field, sent nowhere', async (_name, token) => {
    const c = await backend.assignedConversation();
    const before = backend.emulator.requests.length;
    const answer = await post(backend, '/pause', await backend.actionEvent(c, token));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_field', field: 'Token' });
    expect(backend.emulator.requests.length).toBe(before);
  });

  it('server-time needs no body and answers any method', async () => {
    const reply = await call(
      serverTimeHandler,
      { ...backend.env, DOMAIN_NAME: '127.0.0.1' },
      { request: { headers: {}, cookies: {} } },
    );
    expect(reply.statusCode).toBe(200);
  });
});

describe('8. the table of refused requests (docs/FUNCTIONS.md) is tested row by row (refusals.test.ts), and true for this engine', () => {
  const rows = refusalTableRows();

  it('every row names only endpoints that exist (or "any"), and every endpoint that takes a body has rows', () => {
    const endpoints = new Set(Object.keys(ROUTES).map((route) => route.slice(1)));
    for (const row of rows) {
      for (const name of row.split(' | ')[0].split(' / ')) {
        if (name !== 'any') expect(endpoints).toContain(name);
      }
    }
    for (const endpoint of ['leave', 'pause', 'resume', 'paused']) {
      expect(rows.some((row) => row.split(' | ')[0].split(' / ').includes(endpoint))).toBe(true);
    }
  });

  it("the rows the issue found untrue now say what the engine answers: another agent's paused, reserved or voice task 403; a missing setting 500; a malformed pause record never an answer with undefined", () => {
    const answerOf = (fragment: string) => rows.filter((row) => row.includes(fragment));
    for (const fragment of [
      "another agent's paused task",
      "another agent's task reserved but not accepted",
      "another agent's voice task",
    ]) {
      expect(answerOf(fragment)).toEqual([expect.stringMatching(/→ 403 `forbidden`$/)]);
    }
    expect(answerOf('a Functions setting missing or invalid')).toEqual([
      expect.stringMatching(/→ 500 `misconfigured`$/),
    ]);
    expect(answerOf('pause record that is incomplete or malformed')).toHaveLength(2);
  });
});
