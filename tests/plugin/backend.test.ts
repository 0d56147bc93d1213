import { BackendError, createBackendClient } from '../../src/backend/client';

type Call = { url: string; init: RequestInit };

function stubFetch(respond: (call: Call) => Promise<Response> | Response) {
  const calls: Call[] = [];
  const fetchImpl = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(url), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

function json(status: number, body: unknown): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => body,
  } as Response;
}

describe('backend client', () => {
  const REF = { taskSid: 'WT123', interactionSid: 'KD1', channelSid: 'UO1' };
  it.each([
    ['leave', { Token: 'tok-1', TaskSid: 'WT123', InteractionSid: 'KD1', ChannelSid: 'UO1' }],
    ['pause', { Token: 'tok-1', TaskSid: 'WT123', InteractionSid: 'KD1', ChannelSid: 'UO1' }],
    ['resume', { Token: 'tok-1', TaskSid: 'WT123' }],
  ] as const)('%s POSTs its fields as JSON', async (operation, body) => {
    const { fetchImpl, calls } = stubFetch(() =>
      json(200, { ok: true, serverTime: '2030-01-01T00:00:00.000Z' }),
    );
    const client = createBackendClient({
      baseUrl: 'https://fn.twil.io/',
      getToken: () => 'tok-1',
      fetchImpl,
    });
    const result = operation === 'resume' ? await client.resume('WT123') : await client[operation](REF);
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(`https://fn.twil.io/${operation}`);
    expect(calls[0].init.method).toBe('POST');
    expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    const sent = JSON.parse(String(calls[0].init.body)) as Record<string, unknown>;
    // One key per user action, so a retry after a time-out is recognised by the Functions.
    expect(sent).toEqual({ ...body, IdempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('sends the key it is given, so a retry of the same action carries the same key', async () => {
    const { fetchImpl, calls } = stubFetch(() =>
      json(200, { ok: true, serverTime: '2030-01-01T00:00:00.000Z' }),
    );
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 'tok-1', fetchImpl });
    await client.pause(REF, 'key-1234-abcd');
    await client.pause(REF, 'key-1234-abcd');
    await client.pause(REF);
    const keys = calls.map(
      (call) => (JSON.parse(String(call.init.body)) as { IdempotencyKey: string }).IdempotencyKey,
    );
    expect(keys[0]).toBe('key-1234-abcd');
    expect(keys[1]).toBe('key-1234-abcd');
    expect(keys[2]).not.toBe('key-1234-abcd');
  });

  it('says "can\'t be reached" in words, never the browser\'s own text', async () => {
    const client = createBackendClient({
      baseUrl: 'https://fn.twil.io',
      getToken: () => 'tok-1',
      fetchImpl: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const error = await client.leave(REF).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect((error as Error).message).toBe("The Leave & Pause service can't be reached.");
    expect((error as Error).message).not.toMatch(/fetch/i);
  });

  it('paused POSTs only the token and answers the valid records', async () => {
    const record = {
      taskSid: 'WT1',
      pausedBy: 'WK1',
      pausedAt: '2030-01-01T00:00:00Z',
      reassignAt: '2030-01-15T00:00:00Z',
      deadlineSource: 'twilio',
      interactionSid: 'KD1',
      channelSid: 'UO1',
      conversationSid: 'CH1',
      taskChannel: 'chat',
      customer: 'Casey',
    };
    const { fetchImpl, calls } = stubFetch(() =>
      json(200, { ok: true, serverTime: '2030-01-01T00:00:00Z', paused: [record, { taskSid: 'broken' }] }),
    );
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 't', fetchImpl });
    await expect(client.paused()).resolves.toEqual([record]);
    expect(calls[0].url).toBe('https://fn.twil.io/paused');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ Token: 't' });
  });

  it('reads the token at call time, so refreshed tokens are used', async () => {
    let token = 'old';
    const { fetchImpl, calls } = stubFetch(() =>
      json(200, { ok: true, serverTime: new Date().toISOString() }),
    );
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => token, fetchImpl });
    await client.leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    token = 'new';
    await client.leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    expect(calls.map((c) => JSON.parse(String(c.init.body)).Token)).toEqual(['old', 'new']);
  });

  it('returns the success details', async () => {
    const { fetchImpl } = stubFetch(() =>
      json(200, { ok: true, serverTime: '2030-01-01T00:00:00Z', pausedUntil: '2030-01-15T00:00:00Z' }),
    );
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 't', fetchImpl });
    await expect(
      client.pause({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' }),
    ).resolves.toMatchObject({ pausedUntil: '2030-01-15T00:00:00Z' });
  });

  it('throws a typed BackendError with the server code, message and field', async () => {
    const { fetchImpl } = stubFetch(() =>
      json(409, {
        ok: false,
        error: { code: 'task_not_assigned', message: 'Task is not assigned', field: 'TaskSid' },
      }),
    );
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 't', fetchImpl });
    const error = await client
      .leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({
      status: 409,
      code: 'task_not_assigned',
      message: 'Task is not assigned',
      field: 'TaskSid',
    });
  });

  it('turns a network failure into code "network"', async () => {
    const { fetchImpl } = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 't', fetchImpl });
    await expect(client.resume('WT1')).rejects.toMatchObject({
      name: 'BackendError',
      status: 0,
      code: 'network',
    });
  });

  it('turns an HTTP error without our JSON into code "bad_response" with the status', async () => {
    const { fetchImpl } = stubFetch(
      () =>
        ({
          ok: false,
          status: 502,
          json: async () => Promise.reject(new SyntaxError('x')),
        }) as unknown as Response,
    );
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 't', fetchImpl });
    await expect(
      client.leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' }),
    ).rejects.toMatchObject({ status: 502, code: 'bad_response' });
  });

  it('rejects a 200 that does not say ok: true', async () => {
    const { fetchImpl } = stubFetch(() => json(200, { ok: false }));
    const client = createBackendClient({ baseUrl: 'https://fn.twil.io', getToken: () => 't', fetchImpl });
    await expect(
      client.leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' }),
    ).rejects.toMatchObject({ status: 200, code: 'bad_response' });
  });

  it('gives up after the timeout with code "timeout"', async () => {
    const fetchImpl = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      })) as unknown as typeof fetch;
    const client = createBackendClient({
      baseUrl: 'https://fn.twil.io',
      getToken: () => 't',
      fetchImpl,
      timeoutMs: 10,
    });
    await expect(
      client.leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' }),
    ).rejects.toMatchObject({ code: 'timeout' });
  });

  it('keeps the latest server time offset', async () => {
    let clock = 1_000_000;
    const serverTimes = [
      new Date(1_000_000 + 5_000 + 50).toISOString(),
      new Date(2_000_000 - 3_000 + 50).toISOString(),
    ];
    const { fetchImpl } = stubFetch(() => {
      clock += 100; // the round trip takes 100 ms
      return json(200, { ok: true, serverTime: serverTimes.shift() });
    });
    const client = createBackendClient({
      baseUrl: 'https://fn.twil.io',
      getToken: () => 't',
      fetchImpl,
      now: () => clock,
    });
    expect(client.getServerTimeOffsetMs()).toBe(0);
    await client.leave({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    expect(client.getServerTimeOffsetMs()).toBe(5_000);
    clock = 2_000_000;
    await client.pause({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    expect(client.getServerTimeOffsetMs()).toBe(-3_000);
  });

  it('learns the server time at start-up from /server-time, and survives a server that is down', async () => {
    let clock = 1_000_000;
    const { fetchImpl, calls } = stubFetch(() => {
      clock += 100;
      return json(200, { ok: true, serverTime: new Date(1_000_000 + 600_000 + 50).toISOString() });
    });
    const client = createBackendClient({
      baseUrl: 'https://fn.twil.io/',
      getToken: () => 't',
      fetchImpl,
      now: () => clock,
    });
    await expect(client.syncServerTime()).resolves.toBe(true);
    expect(calls[0].url).toBe('https://fn.twil.io/server-time');
    expect(client.getServerTimeOffsetMs()).toBe(600_000);

    const down = createBackendClient({
      baseUrl: 'https://fn.twil.io',
      getToken: () => 't',
      fetchImpl: (() => Promise.reject(new Error('offline'))) as unknown as typeof fetch,
    });
    await expect(down.syncServerTime()).resolves.toBe(false);
    expect(down.getServerTimeOffsetMs()).toBe(0);
  });
});
