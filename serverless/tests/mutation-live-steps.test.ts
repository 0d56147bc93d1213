import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import twilio from 'twilio';
import { parseLeavePause } from '../src/lib/settings';
import type { TwilioClient } from '../src/lib/twilio-client';
import { PAUSE_EVENT_FILTERS } from '../src/lib/pause-events';
import type { Line } from '../src/provisioning/live/behaviours';
import { exchangeOf, type Exchange } from '../src/provisioning/live/exchange';
import type { LiveCheckOptions } from '../src/provisioning/live/options';
import { LIVE_CHECK_PREFIX, Registry } from '../src/provisioning/live/resources';
import { insightsLine, LIVE_CHECK_REASON } from '../src/provisioning/live/walk/insights';
import { inviteWhilePaused } from '../src/provisioning/live/walk/invite-while-paused';
import { liveFeedAcl } from '../src/provisioning/live/walk/live-feed-acl';
import { pauseEventsWebhook, RECEIVED_MAX_CHARS } from '../src/provisioning/live/walk/pause-events-webhook';
import { Walk, type Opened } from '../src/provisioning/live/walk/walk';
import { oneAttemptClient, startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';
import { freePort } from './live-check-world';

/**
 * The live check's steps for issue 18's and 19's behaviours, one at a time (issue 20): the pause-events webhook,
 * the invite while paused, the live feed's ACL and the Insights label, each driven on a Walk whose Twilio is
 * scripted on 127.0.0.1 (fake-twilio.ts), so every verdict gets exactly the answer it is about.
 * live-check.test.ts walks whole conversations against the emulator, far too slow to run once per planted bug.
 */

const hex = (c: string) => c.repeat(32);
const WS = `WS${hex('1')}`;
const WK = `WK${hex('2')}`;
const WW = `WW${hex('3')}`;
const CH = `CH${hex('4')}`;
const KD = `KD${hex('5')}`;
const UO = `UO${hex('6')}`;
const WH = `WH${hex('7')}`;
const IM = `IM${hex('8')}`;
const IS = `IS${hex('9')}`;
const ET = `ET${hex('a')}`;
const WR = `WR${hex('b')}`;
const RUN = 'run1';
const NAME = `${LIVE_CHECK_PREFIX}-${RUN}`;
const AUTH_TOKEN = 'secret';
const ACCOUNT = `AC${hex('a')}`;

const EARLIER: Exchange = exchangeOf(
  { method: 'post', uri: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Workers` },
  201,
  '{}',
);

type Handler = (body: URLSearchParams, path: string) => FakeAnswer | Promise<FakeAnswer>;
type Route = [method: string, path: RegExp, handler: Handler];

let fake: FakeTwilio;
let unrouted: string[];

beforeEach(async () => {
  fake = await startFakeTwilio();
  unrouted = [];
});

afterEach(async () => {
  await fake.close();
  // Every request a test's Twilio was not scripted for is a request the step should not have made.
  expect(unrouted).toEqual([]);
});

/** Answers each request by the first route matching its method and path (query included). */
function routes(list: Route[]): void {
  fake.script = (request) => {
    const body = new URLSearchParams(fake.bodies[fake.bodies.length - 1]);
    const route = list.find(([method, path]) => method === request.method && path.test(request.path));
    if (!route) {
      unrouted.push(`${request.method} ${request.path}`);
      return { status: 404, body: { code: 20404, message: 'not scripted' } };
    }
    return route[2](body, request.path);
  };
}

const answer =
  (status: number, body: unknown = {}): Handler =>
  () => ({ status, body });

function walkOn(
  options: LiveCheckOptions = {},
  client: TwilioClient = oneAttemptClient(fake),
): { walk: Walk; lines: Line[] } {
  const lines: Line[] = [];
  const settings = parseLeavePause(undefined).config;
  // By default a client of its own per walk: twilio-node caches each domain (client.conversations, …) on the client with
  // the recording wrapper of the first walk that used it, so a second walk on the same client would record
  // its exchanges in the first walk's log.
  const walk = new Walk(
    client,
    new Registry(WS),
    settings,
    RUN,
    { waitSeconds: 0.3, pollMs: 5, ...options },
    (line) => lines.push(line),
  );
  walk.workerSid = WK;
  walk.workflowSid = WW;
  // An earlier step's request: a step's evidence is only what it sent itself.
  walk.log.push(EARLIER);
  return { walk, lines };
}

const evidence = (method: string, path: string, status: number, errorCode: number | null = null) => ({
  method,
  path,
  status,
  errorCode,
});

const seenPaths = () => fake.seen.map((s) => `${s.method} ${s.path}`);

// ---------------------------------------------------------------------------------------------------------------
// task-attributes-insights

describe('insightsLine', () => {
  const TASK = `WT${hex('c')}`;
  const TASK_PATH = `/taskrouter/v1/Workspaces/${WS}/Tasks/${TASK}`;
  const post: Exchange = exchangeOf(
    { method: 'post', uri: `https://taskrouter.twilio.com/v1/Workspaces/${WS}/Tasks/${TASK}` },
    200,
    '{}',
  );
  const postEvidence = evidence('POST', `taskrouter /v1/Workspaces/${WS}/Tasks/${TASK}`, 200);
  const taskEvidence = (status = 200, code: number | null = null) =>
    evidence('GET', `taskrouter /v1/Workspaces/${WS}/Tasks/${TASK}`, status, code);
  const taskWith = (assignment_status: string, attributes: unknown) =>
    routes([['GET', new RegExp(`^${TASK_PATH}$`), answer(200, { assignment_status, attributes })]]);
  const labelled = (label: unknown, extra: Record<string, unknown> = { leave_pause_live_check: RUN }) =>
    JSON.stringify({ ...extra, conversations: { conversation_label_10: label, other: 'kept' } });

  it('a refused merge fails with its message and reads nothing', async () => {
    const { walk, lines } = walkOn();
    await insightsLine(walk, TASK, new Error('HTTP 400 refused'), post);
    await insightsLine(walk, TASK, 42, undefined);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'task-attributes-insights',
        verdict: 'fails',
        detail: 'the merge was refused: HTTP 400 refused',
        evidence: [postEvidence],
      }),
      expect.objectContaining({ verdict: 'fails', detail: 'the merge was refused: 42', evidence: [] }),
    ]);
    expect(fake.seen).toEqual([]);
  });

  it('holds when the closed task carries the label beside its other keys', async () => {
    taskWith('completed', labelled(LIVE_CHECK_REASON));
    const { walk, lines } = walkOn();
    await insightsLine(walk, TASK, 'written', post);
    expect(seenPaths()).toEqual([`GET ${TASK_PATH}`]);
    expect(lines).toStrictEqual([
      {
        id: 'task-attributes-insights',
        title: expect.any(String),
        verdict: 'holds',
        detail:
          'merged (written, HTTP 200) before the move; the completed task reads conversation_label_10=leave-pause-live-check, other keys kept',
        evidence: [postEvidence, taskEvidence()],
        fields: {
          merge: 'written',
          assignment_status: 'completed',
          'conversations.conversation_label_10': LIVE_CHECK_REASON,
          other_keys_kept: true,
        },
      },
    ]);
  });

  it.each(['wrapping', 'canceled'])('a %s task is closed too', async (status) => {
    taskWith(status, labelled(LIVE_CHECK_REASON));
    const { walk, lines } = walkOn();
    await insightsLine(walk, TASK, 'already', undefined);
    expect(lines[0]).toMatchObject({
      verdict: 'holds',
      detail: `merged (already, no write) before the move; the ${status} task reads conversation_label_10=leave-pause-live-check, other keys kept`,
      evidence: [taskEvidence()],
    });
  });

  it.each(['assigned', 'pending', 'reserved'])('could not tell while the task is %s', async (status) => {
    taskWith(status, labelled(LIVE_CHECK_REASON));
    const { walk, lines } = walkOn();
    await insightsLine(walk, TASK, 'written', post);
    expect(lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `merged (written, HTTP 200) before the move; the ${status} task reads conversation_label_10=leave-pause-live-check: the task has not closed`,
      evidence: [postEvidence, taskEvidence()],
    });
  });

  it('fails when the label is another, and says so when the other keys were lost', async () => {
    taskWith('completed', labelled('another-reason'));
    const first = walkOn();
    await insightsLine(first.walk, TASK, 'written', post);
    taskWith('completed', labelled(LIVE_CHECK_REASON, { leave_pause_live_check: 'another-run' }));
    const second = walkOn();
    await insightsLine(second.walk, TASK, 'written', post);
    expect(first.lines[0]).toMatchObject({
      verdict: 'fails',
      detail:
        'merged (written, HTTP 200) before the move; the completed task reads conversation_label_10=another-reason',
      evidence: [postEvidence, taskEvidence()],
      fields: { 'conversations.conversation_label_10': 'another-reason', other_keys_kept: true },
    });
    expect(second.lines[0]).toMatchObject({
      verdict: 'fails',
      detail:
        'merged (written, HTTP 200) before the move; the completed task reads conversation_label_10=leave-pause-live-check, other keys lost',
      fields: { other_keys_kept: false },
    });
  });

  it.each([
    ['unreadable attributes', 'not json'],
    ['null attributes', null],
    ['no attributes', undefined],
    ['attributes without conversations', JSON.stringify({ leave_pause_live_check: RUN })],
  ])('%s read as no label: fails', async (_what, attributes) => {
    taskWith('completed', attributes);
    const { walk, lines } = walkOn();
    await insightsLine(walk, TASK, 'written', post);
    expect(lines[0]).toMatchObject({
      verdict: 'fails',
      detail: expect.stringMatching(
        /^merged \(written, HTTP 200\) before the move; the completed task reads conversation_label_10=absent(, other keys lost)?$/,
      ),
    });
    expect(lines[0].fields['conversations.conversation_label_10']).toBeNull();
  });

  it('could not tell when the closed task cannot be read', async () => {
    routes([['GET', /Tasks/, answer(404, { code: 20404, message: 'The requested resource was not found' })]]);
    const { walk, lines } = walkOn();
    await insightsLine(walk, TASK, 'written', post);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail:
          'the closed task could not be read: HTTP 404, error 20404, "The requested resource was not found"',
        evidence: [taskEvidence(404, 20404)],
        fields: {},
      }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// live-feed-acl

describe('liveFeedAcl', () => {
  const DOC = `leavePause-feed-${WK}`;
  const SERVICE_PATH = `/sync/v1/Services/${IS}`;
  const DOC_PATH = `${SERVICE_PATH}/Documents/${DOC}`;
  const PERMISSIONS_PATH = `${DOC_PATH}/Permissions?PageSize=50`;
  const KEY = { sid: `SK${hex('d')}`, secret: 'key-secret' };
  const readOnly = { identity: WK, read: true, write: false, manage: false };
  const serviceEvidence = evidence('GET', `sync /v1/Services/${IS}`, 200);
  const permissionsEvidence = (status = 200, code: number | null = null) =>
    evidence('GET', `sync /v1/Services/${IS}/Documents/${DOC}/Permissions`, status, code);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  /** A Sync service with ACLs on where the feed is written as writeFeed writes it, and its permissions read. */
  function sync(
    overrides: {
      service?: Handler;
      write?: Handler;
      found?: Handler;
      permissions?: Handler;
    } = {},
  ): void {
    routes([
      [
        'GET',
        new RegExp(`^${escape(SERVICE_PATH)}$`),
        overrides.service ?? answer(200, { acl_enabled: true }),
      ],
      [
        'POST',
        new RegExp(`^${escape(DOC_PATH)}$`),
        overrides.write ?? answer(404, { code: 20404, message: 'not found' }),
      ],
      ['POST', new RegExp(`^${escape(`${SERVICE_PATH}/Documents`)}$`), answer(201, { sid: ET })],
      ['POST', new RegExp(`^${escape(`${DOC_PATH}/Permissions/${WK}`)}$`), answer(200, readOnly)],
      [
        'GET',
        new RegExp(`^${escape(DOC_PATH)}$`),
        overrides.found ?? answer(200, { sid: ET, unique_name: DOC }),
      ],
      [
        'GET',
        new RegExp(`^${escape(PERMISSIONS_PATH)}$`),
        overrides.permissions ??
          answer(200, { permissions: [{ ...readOnly, url: 'https://sync.invalid/x' }], meta: {} }),
      ],
    ]);
  }

  /** A client reader that answers by the identity the token names, recording what it was given. */
  function reader(byIdentity: (identity: string) => number | Promise<number>) {
    const calls: {
      identity: string;
      issuer: string;
      subject: string;
      grantService: unknown;
      serviceSid: string;
      document: string;
    }[] = [];
    const read = async (token: string, serviceSid: string, document: string) => {
      const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
        iss: string;
        sub: string;
        grants: { identity: string; data_sync: { service_sid: string } };
      };
      calls.push({
        identity: payload.grants.identity,
        issuer: payload.iss,
        subject: payload.sub,
        grantService: payload.grants.data_sync.service_sid,
        serviceSid,
        document,
      });
      return byIdentity(payload.grants.identity);
    };
    return { read, calls };
  }

  const rest = `ACLs on; the feed's permissions HTTP 200: 1 (${WK} read=true write=false)`;

  it('is skipped, asking nothing, without a Sync service', async () => {
    const { walk, lines } = walkOn({ signal: AbortSignal.abort() });
    await liveFeedAcl(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'live-feed-acl',
        verdict: 'skipped',
        detail: 'not walked: no Sync service (give --sync-service IS… or SYNC_SERVICE_SID)',
        evidence: [],
      }),
    ]);
    expect(fake.seen).toEqual([]);
  });

  it('stops at an abort before asking anything', async () => {
    const { walk, lines } = walkOn({ syncServiceSid: IS, signal: AbortSignal.abort() });
    await expect(liveFeedAcl(walk)).rejects.toThrow('interrupted (Ctrl-C)');
    expect(lines).toEqual([]);
    expect(fake.seen).toEqual([]);
  });

  it('holds when only the worker reads the feed: the worker’s token 200, another identity’s 403', async () => {
    sync();
    const client = reader((identity) => (identity === WK ? 200 : 403));
    const { walk, lines } = walkOn({ syncServiceSid: IS, apiKey: KEY, syncClientRead: client.read });
    await liveFeedAcl(walk);
    expect(lines).toStrictEqual([
      {
        id: 'live-feed-acl',
        title: expect.any(String),
        verdict: 'holds',
        detail: `${rest}; as a client: the worker's token HTTP 200, another identity's HTTP 403`,
        evidence: [serviceEvidence, permissionsEvidence()],
        fields: {
          acl_enabled: true,
          permissions: [readOnly],
          own_identity_status: 200,
          other_identity_status: 403,
        },
      },
    ]);
    // Tokens minted as /live-token mints them: the account, the key, the identity, the service.
    expect(client.calls).toEqual([
      { identity: WK, issuer: KEY.sid, subject: ACCOUNT, grantService: IS, serviceSid: IS, document: DOC },
      {
        identity: `${NAME}-other`,
        issuer: KEY.sid,
        subject: ACCOUNT,
        grantService: IS,
        serviceSid: IS,
        document: DOC,
      },
    ]);
    // The feed written with the Functions' writeFeed (document, then its one permission), registered for removal.
    expect(seenPaths()).toEqual([
      `GET ${SERVICE_PATH}`,
      `POST ${DOC_PATH}`,
      `POST ${SERVICE_PATH}/Documents`,
      `POST ${DOC_PATH}/Permissions/${WK}`,
      `GET ${DOC_PATH}`,
      `GET ${PERMISSIONS_PATH}`,
    ]);
    expect(walk.registry.created).toEqual([{ kind: 'sync-document', sid: ET, name: DOC, serviceSid: IS }]);
    // An empty feed, stamped now.
    const created = new URLSearchParams(fake.bodies[2]);
    expect(created.get('UniqueName')).toBe(DOC);
    const data = JSON.parse(created.get('Data') ?? 'null') as { records: unknown; changedAt: string };
    expect(data).toEqual({ records: [], changedAt: expect.any(String) });
    expect(Math.abs(Date.parse(data.changedAt) - Date.now())).toBeLessThan(60_000);
  });

  it.each([
    ['the worker is refused', 403, 403],
    ['another identity reads it', 200, 200],
    ['the worker gets a 499', 499, 403],
  ])('fails when %s', async (_what, own, other) => {
    sync();
    const client = reader((identity) => (identity === WK ? own : other));
    const { walk, lines } = walkOn({ syncServiceSid: IS, apiKey: KEY, syncClientRead: client.read });
    await liveFeedAcl(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `${rest}; as a client: the worker's token HTTP ${own}, another identity's HTTP ${other}`,
      evidence: [serviceEvidence, permissionsEvidence()],
      fields: { own_identity_status: own, other_identity_status: other },
    });
  });

  it.each([
    ['the worker’s read throws', 'throw', 403, 0, 403],
    ['another identity’s read throws', 200, 'throw', 200, 0],
    ['the worker’s read answers 500', 500, 403, 500, 403],
    ['another identity’s read answers 500', 200, 500, 200, 500],
  ] as const)('could not tell when %s', async (_what, own, other, ownSeen, otherSeen) => {
    sync();
    const client = reader((identity) => {
      const status = identity === WK ? own : other;
      if (status === 'throw') throw new Error('websocket closed');
      return status;
    });
    const { walk, lines } = walkOn({ syncServiceSid: IS, apiKey: KEY, syncClientRead: client.read });
    await liveFeedAcl(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `${rest}; as a client: the worker's token HTTP ${ownSeen}, another identity's HTTP ${otherSeen}`,
      evidence: [serviceEvidence, permissionsEvidence()],
    });
    expect(client.calls).toHaveLength(2);
  });

  it('skips the client read without an API key, or without a reader, after checking the REST side', async () => {
    sync();
    const noKey = walkOn({ syncServiceSid: IS, syncClientRead: reader(() => 200).read });
    await liveFeedAcl(noKey.walk);
    const noReader = walkOn({ syncServiceSid: IS, apiKey: KEY });
    await liveFeedAcl(noReader.walk);
    expect(noKey.lines).toStrictEqual([
      {
        id: 'live-feed-acl',
        title: expect.any(String),
        verdict: 'skipped',
        detail: `${rest}; the client read not walked: no API key (TWILIO_API_KEY, TWILIO_API_SECRET) to mint the tokens`,
        evidence: [serviceEvidence, permissionsEvidence()],
        fields: { acl_enabled: true, permissions: [readOnly] },
      },
    ]);
    expect(noReader.lines[0]).toMatchObject({
      verdict: 'skipped',
      detail: `${rest}; the client read not walked: Sync's REST API takes account credentials only and its clients speak a websocket SDK the check does not carry`,
    });
  });

  it('could not tell when the Sync service cannot be read', async () => {
    sync({ service: answer(500, { code: 20500, message: 'Internal' }) });
    const { walk, lines } = walkOn({ syncServiceSid: IS, apiKey: KEY });
    await liveFeedAcl(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'the Sync service could not be read: HTTP 500, error 20500, "Internal"',
        evidence: [evidence('GET', `sync /v1/Services/${IS}`, 500, 20500)],
      }),
    ]);
    expect(fake.seen).toHaveLength(1);
  });

  it.each([
    [false, 'false', false],
    ['true', 'true', 'true'],
    [undefined, 'undefined', null],
  ])('fails while acl_enabled is %s, writing nothing', async (value, shown, field) => {
    sync({ service: answer(200, { acl_enabled: value }) });
    const { walk, lines } = walkOn({ syncServiceSid: IS });
    await liveFeedAcl(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'fails',
        detail: `acl_enabled is ${shown}: any token of the service reads every feed (run npm run provision)`,
        evidence: [serviceEvidence],
        fields: { acl_enabled: field },
      }),
    ]);
    expect(fake.seen).toHaveLength(1);
  });

  it('fails when the feed cannot be written, and still registers a document Twilio made', async () => {
    sync({ write: answer(500, { code: 20500, message: 'Internal' }) });
    const { walk, lines } = walkOn({ syncServiceSid: IS });
    await liveFeedAcl(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'fails',
        detail: expect.stringMatching(/^the feed could not be written: .*Internal/),
        evidence: [],
      }),
    ]);
    expect(walk.registry.created).toEqual([{ kind: 'sync-document', sid: ET, name: DOC, serviceSid: IS }]);
    expect(seenPaths()).toEqual([`GET ${SERVICE_PATH}`, `POST ${DOC_PATH}`, `GET ${DOC_PATH}`]);
  });

  it.each([
    ['answered 404', answer(404, { code: 20404, message: 'not found', sid: ET })],
    ['answered without a SID', answer(200, { sid: 42 })],
    ['not answered', () => 'drop' as const],
  ])('registers nothing when the document read is %s', async (_what, found) => {
    sync({ found, write: answer(500, { code: 20500, message: 'Internal' }) });
    const { walk, lines } = walkOn({ syncServiceSid: IS });
    await liveFeedAcl(walk);
    expect(lines[0]).toMatchObject({ verdict: 'fails' });
    expect(walk.registry.created).toEqual([]);
  });

  it.each([
    ['two identities', [readOnly, { ...readOnly, identity: 'someone' }]],
    ['another identity only', [{ ...readOnly, identity: 'someone' }]],
    ['the worker without read', [{ ...readOnly, read: false }]],
    ['the worker with write', [{ ...readOnly, write: true }]],
    ['the worker with manage', [{ ...readOnly, manage: true }]],
    ['none', []],
  ])('fails when the feed’s permissions are %s', async (_what, permissions) => {
    sync({ permissions: answer(200, { permissions, meta: {} }) });
    const { walk, lines } = walkOn({
      syncServiceSid: IS,
      apiKey: KEY,
      syncClientRead: reader(() => 200).read,
    });
    await liveFeedAcl(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'fails',
        detail: `ACLs on; the feed's permissions HTTP 200: ${permissions.length} (${permissions
          .map((p) => `${p.identity} read=${String(p.read)} write=${String(p.write)}`)
          .join('; ')})`,
        evidence: [serviceEvidence, permissionsEvidence()],
        fields: { acl_enabled: true, permissions },
      }),
    ]);
  });

  it('could not tell when the permissions cannot be read; a list that is no list is none', async () => {
    sync({ permissions: answer(500, { code: 20500, message: 'Internal', permissions: [readOnly] }) });
    const failed = walkOn({ syncServiceSid: IS, apiKey: KEY });
    await liveFeedAcl(failed.walk);
    sync({ permissions: answer(200, { permissions: { 0: readOnly } }) });
    const notAList = walkOn({ syncServiceSid: IS, apiKey: KEY });
    await liveFeedAcl(notAList.walk);
    expect(failed.lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `ACLs on; the feed's permissions HTTP 500, error 20500, "Internal": 1 (${WK} read=true write=false)`,
      evidence: [serviceEvidence, permissionsEvidence(500, 20500)],
    });
    expect(notAList.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `ACLs on; the feed's permissions HTTP 200: 0 ()`,
      fields: { permissions: [] },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// pause-events-webhook

describe('pauseEventsWebhook', () => {
  const CONVERSATION_PATH = `/conversations/v1/Conversations/${CH}`;
  const WEBHOOKS_PATH = `${CONVERSATION_PATH}/Webhooks`;
  const MESSAGES_PATH = `${CONVERSATION_PATH}/Messages`;
  const opened: Opened = {
    label: 'a',
    conversationSid: CH,
    customer: `${NAME}-a-customer`,
    ref: { interactionSid: KD, channelSid: UO },
  };
  const urlOn = (base: string) => `${base}/pause-events?PauseKey=${WK}%3Alive-check`;
  const PLACEHOLDER_URL = urlOn('https://leave-pause-live-check.invalid');
  const postEvidence = (status = 201, code: number | null = null) =>
    evidence('POST', `conversations /v1/Conversations/${CH}/Webhooks`, status, code);
  const readEvidence = (status = 200, code: number | null = null) =>
    evidence('GET', `conversations /v1/Conversations/${CH}/Webhooks/${WH}`, status, code);
  const sentEvidence = (status = 201, code: number | null = null) =>
    evidence('POST', `conversations /v1/Conversations/${CH}/Messages`, status, code);
  const FILTERS = [...PAUSE_EVENT_FILTERS];
  const attached = `attached (HTTP 201) and read back with ${FILTERS.join(', ')}`;

  interface Delivered {
    status: number;
    contentType: string | null;
    text: string;
  }

  /** Twilio delivering an event to the check's receiver: a form POST, signed (or not) for `url`. */
  async function deliver(
    port: number,
    params: Record<string, string>,
    signature: string | null,
  ): Promise<Delivered> {
    const response = await fetch(`http://127.0.0.1:${port}/pause-events`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(signature !== null ? { 'X-Twilio-Signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      text: await response.text(),
    };
  }

  const signedFor = (url: string, params: Record<string, string>) =>
    twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);

  const messageEvent = (over: Record<string, string> = {}) => ({
    EventType: 'onMessageAdded',
    MessageSid: IM,
    WebhookSid: WH,
    ConversationSid: CH,
    Author: opened.customer,
    ...over,
  });

  /** The webhook attached, read back as attached, the message sent; `onMessage` plays what Twilio delivers. */
  function conversation(
    url: string,
    overrides: {
      attach?: Handler;
      read?: Handler;
      send?: Handler;
      detach?: Handler;
      /** Awaited before the message is answered, so what it delivers has arrived when the step looks. */
      onMessage?: () => Promise<unknown>;
    } = {},
  ): void {
    routes([
      ['POST', new RegExp(`^${WEBHOOKS_PATH}$`), overrides.attach ?? answer(201, { sid: WH })],
      [
        'GET',
        new RegExp(`^${WEBHOOKS_PATH}/${WH}$`),
        overrides.read ??
          answer(200, {
            sid: WH,
            target: 'webhook',
            configuration: { url, method: 'POST', filters: FILTERS },
          }),
      ],
      [
        'POST',
        new RegExp(`^${MESSAGES_PATH}$`),
        async (body, path) => {
          await overrides.onMessage?.();
          return (overrides.send ?? answer(201, { sid: IM }))(body, path);
        },
      ],
      ['DELETE', new RegExp(`^${WEBHOOKS_PATH}/${WH}$`), overrides.detach ?? answer(204)],
    ]);
  }

  /**
   * The local addresses listening on `port`, read from the kernel's socket tables (Linux; the check is skipped
   * where they are not readable).
   */
  function listenersOn(port: number): string[] {
    const found: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!existsSync(table)) continue;
      for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const [, local, , state] = row.trim().split(/\s+/);
        // 0A: LISTEN. IPv4 addresses are little-endian hex; anything else (0.0.0.0, ::) is named as it is.
        if (state !== '0A' || !local) continue;
        const [address, portHex] = local.split(':');
        if (parseInt(portHex, 16) !== port) continue;
        found.push(
          address.length === 8
            ? `${(address.match(/../g) ?? [])
                .reverse()
                .map((b) => parseInt(b, 16))
                .join('.')}:${port}`
            : `${address}:${port}`,
        );
      }
    }
    return found;
  }

  async function canListen(port: number): Promise<boolean> {
    const server = http.createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) await new Promise((resolve) => server.close(resolve));
    return bound;
  }

  it('stops at an abort before attaching or listening', async () => {
    const port = await freePort();
    const { walk, lines } = walkOn({
      signal: AbortSignal.abort(),
      eventsReceiver: { publicUrl: 'http://127.0.0.1:1', port },
    });
    await expect(pauseEventsWebhook(walk, opened)).rejects.toThrow('interrupted (Ctrl-C)');
    expect(lines).toEqual([]);
    expect(fake.seen).toEqual([]);
    expect(await canListen(port)).toBe(true);
  });

  it('without a receiver: attached to a placeholder URL, read back, the message sent, delivery skipped, removed', async () => {
    conversation(PLACEHOLDER_URL);
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toStrictEqual([
      {
        id: 'pause-events-webhook',
        title: expect.any(String),
        verdict: 'skipped',
        detail:
          `${attached}; delivery not walked: Twilio cannot reach this machine without --public-url (a tunnel ` +
          'to --listen-port), so whether it fires, signed, for a message while paused is not shown',
        evidence: [postEvidence(), readEvidence()],
        fields: { target: 'webhook', filters: FILTERS, method: 'POST', url_kept: true },
      },
    ]);
    expect(seenPaths()).toEqual([
      `POST ${WEBHOOKS_PATH}`,
      `GET ${WEBHOOKS_PATH}/${WH}`,
      `POST ${MESSAGES_PATH}`,
      `DELETE ${WEBHOOKS_PATH}/${WH}`,
    ]);
    // The webhook exactly as Pause attaches it.
    const attachBody = new URLSearchParams(fake.bodies[0]);
    expect(attachBody.get('Target')).toBe('webhook');
    expect(attachBody.get('Configuration.Url')).toBe(PLACEHOLDER_URL);
    expect(attachBody.get('Configuration.Method')).toBe('post');
    expect(attachBody.getAll('Configuration.Filters')).toEqual(FILTERS);
    // The customer writes, as from their device: webhooks fire for it.
    expect(Object.fromEntries(new URLSearchParams(fake.bodies[2]))).toEqual({
      Author: opened.customer,
      Body: 'A message while paused (leave-pause live check)',
    });
    expect(fake.headers[2]['x-twilio-webhook-enabled']).toBe('true');
  });

  it('holds when the customer’s message arrives signed for the URL attached, naming the webhook and conversation', async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    const answered: Delivered[] = [];
    let listening: string[] = [];
    conversation(url, {
      onMessage: async () => {
        listening = listenersOn(port);
        // Another event first (ignored), then the message's.
        const state = { EventType: 'onConversationStateUpdated', ConversationSid: CH, WebhookSid: WH };
        const message = messageEvent();
        answered.push(await deliver(port, state, signedFor(url, state)));
        answered.push(await deliver(port, message, signedFor(url, message)));
      },
    });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
    await pauseEventsWebhook(walk, opened);
    expect(lines).toStrictEqual([
      {
        id: 'pause-events-webhook',
        title: expect.any(String),
        verdict: 'holds',
        detail: `${attached}; onMessageAdded for the customer's message arrived while paused, signed for the URL attached`,
        evidence: [postEvidence(), sentEvidence()],
        fields: {
          target: 'webhook',
          filters: FILTERS,
          method: 'POST',
          url_kept: true,
          events_received: ['onConversationStateUpdated', 'onMessageAdded'],
          signature_valid: true,
          webhook_sid_matches: true,
        },
      },
    ]);
    expect(new URLSearchParams(fake.bodies[0]).get('Configuration.Url')).toBe(url);
    // The receiver listens on the loopback address only, answers Twilio 200 "ok" as plain text, and is closed
    // once the step is done.
    if (existsSync('/proc/net/tcp')) expect(listening).toEqual([`127.0.0.1:${port}`]);
    expect(answered).toEqual([
      { status: 200, contentType: 'text/plain', text: 'ok' },
      { status: 200, contentType: 'text/plain', text: 'ok' },
    ]);
    expect(await canListen(port)).toBe(true);
    expect(seenPaths().at(-1)).toBe(`DELETE ${WEBHOOKS_PATH}/${WH}`);
  });

  it.each([
    [
      'without a signature',
      (_url: string) => null,
      'without a valid X-Twilio-Signature for the URL attached',
      {},
    ],
    [
      'signed for another URL',
      (url: string) => `${url}x`,
      'without a valid X-Twilio-Signature for the URL attached',
      {},
    ],
    [
      'naming another webhook',
      (url: string) => url,
      'naming another webhook or conversation',
      { WebhookSid: `WH${hex('0')}` },
    ],
    [
      'naming another conversation',
      (url: string) => url,
      'naming another webhook or conversation',
      { ConversationSid: `CH${hex('0')}` },
    ],
  ])('fails when the event arrives %s', async (_what, signUrl, says, over) => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    conversation(url, {
      onMessage: () => {
        const params = messageEvent(over);
        const signatureUrl = signUrl(url);
        return deliver(port, params, signatureUrl === null ? null : signedFor(signatureUrl, params));
      },
    });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
    await pauseEventsWebhook(walk, opened);
    const signed = !says.startsWith('without');
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'fails',
        detail: `${attached}; the event arrived ${says}`,
        evidence: [postEvidence(), sentEvidence()],
        fields: expect.objectContaining({
          events_received: ['onMessageAdded'],
          signature_valid: signed,
          webhook_sid_matches: !('WebhookSid' in over),
        }),
      }),
    ]);
  });

  it.each([
    ['at', 'holds', 0],
    ['one character over', 'fails', 1],
  ])('keeps at most RECEIVED_MAX_CHARS of a body: an event %s the limit %s', async (_what, verdict, over) => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    const bare = messageEvent({ Pad: '' });
    const pad = RECEIVED_MAX_CHARS + over - new URLSearchParams(bare).toString().length;
    const params = messageEvent({ Pad: 'x'.repeat(pad) });
    expect(new URLSearchParams(params).toString()).toHaveLength(RECEIVED_MAX_CHARS + over);
    conversation(url, { onMessage: () => deliver(port, params, signedFor(url, params)) });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
    await pauseEventsWebhook(walk, opened);
    // Cut one character short, the fields no longer match their signature.
    expect(lines[0]).toMatchObject({
      verdict,
      fields: expect.objectContaining({ signature_valid: verdict === 'holds' }),
    });
  });

  it('could not tell when no onMessageAdded for the message arrives in time', async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const url = urlOn(publicUrl);
    conversation(url, {
      onMessage: async () => {
        // An event without a type, and one for another message: neither is the message's.
        const untyped = { MessageSid: IM };
        const other = messageEvent({ MessageSid: `IM${hex('0')}` });
        await deliver(port, untyped, signedFor(url, untyped));
        await deliver(port, other, signedFor(url, other));
      },
    });
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port }, waitSeconds: 0.2 });
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: `${attached}; no onMessageAdded for the message in time`,
        evidence: [postEvidence(), sentEvidence()],
        fields: expect.objectContaining({ signature_valid: false, webhook_sid_matches: false }),
      }),
    ]);
    expect(lines[0].fields.events_received).toEqual([null, 'onMessageAdded']);
  });

  it('could not tell when the receiver cannot listen, asking Twilio nothing', async () => {
    const port = await freePort();
    const holder = http.createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const { walk, lines } = walkOn({ eventsReceiver: { publicUrl: 'http://127.0.0.1:1', port } });
      await pauseEventsWebhook(walk, opened);
      expect(lines).toEqual([
        expect.objectContaining({
          verdict: 'could not tell',
          detail: `could not listen on 127.0.0.1:${port}`,
          evidence: [],
        }),
      ]);
      expect(fake.seen).toEqual([]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  const refusal = (status: number) =>
    answer(status, { code: status === 500 ? 20500 : 21620, message: 'Invalid URL' });

  it.each([400, 499])(
    'fails when Twilio refuses the webhook (HTTP %i) for the public URL',
    async (status) => {
      const port = await freePort();
      const publicUrl = `http://127.0.0.1:${port}`;
      conversation(urlOn(publicUrl), { attach: refusal(status) });
      const { walk, lines } = walkOn({ eventsReceiver: { publicUrl, port } });
      await pauseEventsWebhook(walk, opened);
      expect(lines).toEqual([
        expect.objectContaining({
          verdict: 'fails',
          detail: `the webhook was refused: HTTP ${status}, error 21620, "Invalid URL"`,
          evidence: [postEvidence(status, 21620)],
        }),
      ]);
      // Nothing to remove, and the receiver is closed.
      expect(seenPaths()).toEqual([`POST ${WEBHOOKS_PATH}`]);
      expect(await canListen(port)).toBe(true);
    },
  );

  it('could not tell when Twilio refuses the placeholder URL (no receiver)', async () => {
    conversation(PLACEHOLDER_URL, { attach: refusal(400) });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail:
          'the webhook was refused: HTTP 400, error 21620, "Invalid URL" (the placeholder URL: give --public-url)',
        evidence: [postEvidence(400, 21620)],
      }),
    ]);
  });

  it.each([
    ['a 500', false],
    ['a 500 with no receiver', true],
  ])('could not tell when the webhook create gets %s', async (_what, placeholder) => {
    conversation(PLACEHOLDER_URL, { attach: refusal(500) });
    const port = await freePort();
    const { walk, lines } = walkOn(
      placeholder ? {} : { eventsReceiver: { publicUrl: `http://127.0.0.1:${port}`, port } },
    );
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'the webhook got no clear answer: HTTP 500, error 20500, "Invalid URL"',
        evidence: [postEvidence(500, 20500)],
      }),
    ]);
  });

  it('could not tell when the webhook create gets an answer that is neither 2xx nor 4xx (HTTP 399)', async () => {
    conversation(PLACEHOLDER_URL, { attach: answer(399, { code: 20399, message: 'Odd' }) });
    const port = await freePort();
    const { walk, lines } = walkOn({ eventsReceiver: { publicUrl: `http://127.0.0.1:${port}`, port } });
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: expect.stringMatching(/^the webhook got no clear answer: HTTP 399/),
        evidence: [postEvidence(399, null)],
      }),
    ]);
  });

  it('says so when the webhook create is missing from the walk’s log (a client whose Conversations domain was in use before the walk)', async () => {
    // twilio-node keeps the domain it first built on the client: the walk's recording wrapper never sees it.
    const used = oneAttemptClient(fake);
    void used.conversations;
    conversation(PLACEHOLDER_URL);
    const good = walkOn({}, used);
    await pauseEventsWebhook(good.walk, opened);
    conversation(PLACEHOLDER_URL, { read: answer(500, { code: 20500, message: 'Internal' }) });
    const unread = walkOn({}, used);
    await pauseEventsWebhook(unread.walk, opened);
    expect(good.lines[0]).toMatchObject({
      verdict: 'skipped',
      detail: expect.stringMatching(
        new RegExp(`^attached \\(\\?\\) and read back with ${FILTERS.join(', ')}; delivery not walked`),
      ),
      evidence: [readEvidence()],
    });
    expect(unread.lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: expect.stringMatching(/^attached \(no answer\) but read back HTTP 500/),
      evidence: [readEvidence(500, 20500)],
    });
  });

  it('could not tell when the webhook create is not answered', async () => {
    conversation(PLACEHOLDER_URL, { attach: () => 'drop' });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: expect.stringMatching(/^the webhook got no clear answer: (?!HTTP)\S/),
        evidence: [],
      }),
    ]);
    expect(lines[0].detail).not.toContain('placeholder');
  });

  it('could not tell when the read-back fails: every filter missing, no URL', async () => {
    conversation(PLACEHOLDER_URL, { read: answer(500, { code: 20500, message: 'Internal' }) });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toStrictEqual([
      {
        id: 'pause-events-webhook',
        title: expect.any(String),
        verdict: 'could not tell',
        detail: `attached (HTTP 201) but read back HTTP 500, error 20500, "Internal" without ${FILTERS.join(', ')}, with another URL`,
        evidence: [postEvidence(), readEvidence(500, 20500)],
        fields: { target: null, filters: [], method: null, url_kept: false },
      },
    ]);
    // Removed all the same; no message sent.
    expect(seenPaths()).toEqual([
      `POST ${WEBHOOKS_PATH}`,
      `GET ${WEBHOOKS_PATH}/${WH}`,
      `DELETE ${WEBHOOKS_PATH}/${WH}`,
    ]);
  });

  it('fails when the webhook reads back without a filter', async () => {
    const configuration = { url: PLACEHOLDER_URL, method: 'POST', filters: FILTERS.slice(0, -1) };
    conversation(PLACEHOLDER_URL, { read: answer(200, { target: 'webhook', configuration }) });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `attached (HTTP 201) but read back HTTP 200 without ${FILTERS.at(-1) ?? ''}`,
      evidence: [postEvidence(), readEvidence()],
      fields: { filters: FILTERS.slice(0, -1), url_kept: true },
    });
  });

  it('fails when the webhook reads back with another URL, or filters that are no list', async () => {
    const configuration = { url: `${PLACEHOLDER_URL}&x=1`, method: 'POST', filters: FILTERS };
    conversation(PLACEHOLDER_URL, { read: answer(200, { target: 'webhook', configuration }) });
    const other = walkOn();
    await pauseEventsWebhook(other.walk, opened);
    conversation(PLACEHOLDER_URL, {
      read: answer(200, { configuration: { url: PLACEHOLDER_URL, filters: FILTERS.join(',') } }),
    });
    const noList = walkOn();
    await pauseEventsWebhook(noList.walk, opened);
    expect(other.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: 'attached (HTTP 201) but read back HTTP 200, with another URL',
      fields: { url_kept: false },
    });
    expect(noList.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `attached (HTTP 201) but read back HTTP 200 without ${FILTERS.join(', ')}`,
      fields: { target: null, filters: [], method: null, url_kept: true },
    });
  });

  it('could not tell when the message is not sent; the webhook is removed, a failed removal swallowed', async () => {
    conversation(PLACEHOLDER_URL, {
      send: answer(400, { code: 50000, message: 'Bad message' }),
      detach: answer(500, { code: 20500, message: 'Internal' }),
    });
    const { walk, lines } = walkOn();
    await pauseEventsWebhook(walk, opened);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: `${attached}; the message was not sent: HTTP 400, error 50000, "Bad message"`,
        evidence: [sentEvidence(400, 50000)],
      }),
    ]);
    expect(seenPaths().at(-1)).toBe(`DELETE ${WEBHOOKS_PATH}/${WH}`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// invite-while-paused

describe('inviteWhilePaused', () => {
  const WT_OLD = `WT${hex('0')}`;
  const WT_RESERVED = `WT${hex('1')}`;
  const WT_NEW = `WT${hex('2')}`;
  const WT_BARE = `WT${hex('3')}`;
  const TASKRouter = `/taskrouter/v1/Workspaces/${WS}`;
  const CHANNEL_PATH = `/flex-api/v1/Interactions/${KD}/Channels/${UO}`;
  const TASKS_PATH = `${TASKRouter}/Tasks?WorkflowSid=${WW}&PageSize=100`;
  const CUSTOMER = `${NAME}-c-customer`;
  const inviteEvidence = (status: number, code: number | null = null) =>
    evidence('POST', `flex-api /v1/Interactions/${KD}/Channels/${UO}/Invites`, status, code);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  interface Account {
    reservations?: Record<string, unknown>[];
    /** The pause's answer; by default the channel pauses. */
    pause?: FakeAnswer;
    invite?: (state: { channel: string; tasks: Record<string, unknown>[] }) => FakeAnswer;
    /** The channel read after the invite, and before it. */
    readAfter?: FakeAnswer;
    readBefore?: FakeAnswer;
    onTasksListed?: () => void;
  }

  /** A third conversation opened, reserved, joined and paused, then the invite answered by `invite`. */
  function account(over: Account = {}): { requests: () => string[] } {
    const state = {
      channel: 'active',
      invited: false,
      tasks: [
        // The conversation's earlier task, and the reserved one: neither is the invite's.
        { sid: WT_OLD, attributes: JSON.stringify({ conversationSid: CH }), assignment_status: 'completed' },
        {
          sid: WT_RESERVED,
          attributes: JSON.stringify({ conversationSid: CH }),
          assignment_status: 'canceled',
        },
      ] as Record<string, unknown>[],
    };
    routes([
      ['POST', /^\/conversations\/v1\/Conversations$/, answer(201, { sid: CH })],
      [
        'POST',
        new RegExp(`^/conversations/v1/Conversations/${CH}/Participants$`),
        answer(201, { sid: `MB${hex('0')}` }),
      ],
      ['POST', /^\/flex-api\/v1\/Interactions$/, answer(201, { sid: KD, channel: { sid: UO } })],
      [
        'GET',
        new RegExp(`^${TASKRouter}/Workers/${WK}/Reservations\\?PageSize=50$`),
        answer(200, {
          reservations: over.reservations ?? [
            { sid: WR, task_sid: WT_RESERVED, reservation_status: 'pending' },
          ],
          meta: {},
        }),
      ],
      [
        'GET',
        new RegExp(`^${TASKRouter}/Tasks/${WT_RESERVED}$`),
        answer(200, { sid: WT_RESERVED, workflow_sid: WW }),
      ],
      ['POST', new RegExp(`^${CHANNEL_PATH}/Participants$`), answer(201, {})],
      [
        'POST',
        new RegExp(`^${CHANNEL_PATH}/Invites$`),
        () => {
          state.invited = true;
          return over.invite?.(state) ?? { status: 409, body: { code: 45007, message: 'paused' } };
        },
      ],
      [
        'POST',
        new RegExp(`^${CHANNEL_PATH}$`),
        (body) => {
          const to = body.get('Status') ?? '';
          if (to === 'pause' && over.pause) return over.pause;
          state.channel = to;
          return { status: 200, body: { sid: UO, status: to } };
        },
      ],
      [
        'GET',
        new RegExp(`^${CHANNEL_PATH}$`),
        () =>
          (state.invited ? over.readAfter : over.readBefore) ?? {
            status: 200,
            body: { sid: UO, status: state.channel },
          },
      ],
      [
        'GET',
        new RegExp(`^${escape(TASKS_PATH)}$`),
        () => {
          over.onTasksListed?.();
          return { status: 200, body: { tasks: state.tasks, meta: {} } };
        },
      ],
    ]);
    return { requests: seenPaths };
  }

  /** Twilio routing the channel: it leaves pause, and a task for the conversation appears. */
  const routed =
    (task: Record<string, unknown> | null, channel = 'active') =>
    (state: { channel: string; tasks: Record<string, unknown>[] }): FakeAnswer => {
      state.channel = channel;
      // A task of another conversation, and one with no attributes at all, come first.
      state.tasks.push(
        { sid: `WT${hex('4')}`, attributes: JSON.stringify({ conversationSid: `CH${hex('0')}` }) },
        { sid: WT_BARE },
      );
      if (task) state.tasks.push(task);
      return { status: 200, body: { sid: `KI${hex('0')}`, interaction_sid: KD } };
    };
  const newTask = {
    sid: WT_NEW,
    attributes: JSON.stringify({ conversationSid: CH }),
    assignment_status: 'pending',
  };
  const SEEN = 'POST …/Channels/UO…/Invites on a paused channel: HTTP 200';

  it('holds when Twilio routes the paused channel: it leaves pause and a new task exists; then the channel is closed', async () => {
    const { requests } = account({ invite: routed(newTask) });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toStrictEqual([
      {
        id: 'invite-while-paused',
        title: expect.any(String),
        verdict: 'holds',
        detail: `${SEEN}; the channel reads active, new task ${WT_NEW} (pending)`,
        evidence: [inviteEvidence(200)],
        fields: {
          http_status: 200,
          error_code: null,
          channel_status: 'active',
          task_sid: WT_NEW,
          task_status: 'pending',
        },
      },
    ]);
    expect(requests()).toEqual([
      'POST /conversations/v1/Conversations',
      `POST /conversations/v1/Conversations/${CH}/Participants`,
      'POST /flex-api/v1/Interactions',
      `GET ${TASKRouter}/Workers/${WK}/Reservations?PageSize=50`,
      `GET ${TASKRouter}/Tasks/${WT_RESERVED}`,
      `POST ${CHANNEL_PATH}/Participants`,
      `POST ${CHANNEL_PATH}`,
      `GET ${CHANNEL_PATH}`,
      `GET ${TASKS_PATH}`,
      `POST ${CHANNEL_PATH}/Invites`,
      `GET ${TASKS_PATH}`,
      `GET ${CHANNEL_PATH}`,
      `POST ${CHANNEL_PATH}`,
    ]);
    const bodies = fake.bodies.map((b) => Object.fromEntries(new URLSearchParams(b)));
    // Paused with the admin's routing status, as Pause does.
    expect(bodies[6]).toEqual({
      Status: 'pause',
      Routing: JSON.stringify({ status: walk.settings.routingStatus }),
    });
    // The very invite Return to the queue sends: the original workflow, the conversation, the customer.
    expect(JSON.parse(bodies[9].Routing)).toEqual({
      properties: {
        workspace_sid: WS,
        workflow_sid: WW,
        task_channel_unique_name: 'chat',
        attributes: { conversationSid: CH, from: CUSTOMER, leave_pause_live_check: RUN },
      },
    });
    // Closed by the public spec's Status=closed, so the test worker has room for the next step.
    expect(bodies[12]).toEqual({ Status: 'closed' });
    expect(walk.known.has(WT_OLD)).toBe(true);
    expect(walk.conversationNames).toEqual([`${NAME}-c`]);
  });

  it('finds the new task by the interaction channel when its attributes name no conversation', async () => {
    const task = {
      sid: WT_NEW,
      attributes: JSON.stringify({ flexInteractionChannelSid: UO }),
      assignment_status: 'reserved',
    };
    account({ invite: routed(task) });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'holds',
      detail: `${SEEN}; the channel reads active, new task ${WT_NEW} (reserved)`,
    });
  });

  it.each([
    [
      'refused with 409',
      { status: 409, body: { code: 45007, message: 'paused' } },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 409, error 45007',
      409,
      45007,
    ],
    [
      'answered 200 with an error code',
      { status: 200, body: { error_code: 45007, status: 'failed' } },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 200, error 45007',
      200,
      45007,
    ],
    [
      'refused with 400 and no code',
      { status: 400, body: {} },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 400',
      400,
      null,
    ],
    [
      'refused with 499',
      { status: 499, body: {} },
      'POST …/Channels/UO…/Invites on a paused channel: HTTP 499',
      499,
      null,
    ],
  ] as const)('fails when the invite is %s: no task looked for', async (_what, reply, seen, status, code) => {
    const { requests } = account({ invite: () => reply });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toStrictEqual([
      {
        id: 'invite-while-paused',
        title: expect.any(String),
        verdict: 'fails',
        detail: `${seen}: refused; the channel reads pause (Return to the queue stays hidden)`,
        evidence: [inviteEvidence(status, code)],
        fields: {
          http_status: status,
          error_code: code,
          channel_status: 'pause',
          task_sid: null,
          task_status: null,
        },
      },
    ]);
    expect(requests().slice(-4)).toEqual([
      `GET ${TASKS_PATH}`,
      `POST ${CHANNEL_PATH}/Invites`,
      `GET ${CHANNEL_PATH}`,
      `POST ${CHANNEL_PATH}`,
    ]);
  });

  it('could not tell when the invite gets a 5xx, and leaves the channel as it is', async () => {
    const { requests } = account({
      invite: () => ({ status: 500, body: { code: 20500, message: 'Internal' } }),
    });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toStrictEqual([
      {
        id: 'invite-while-paused',
        title: expect.any(String),
        verdict: 'could not tell',
        detail: 'POST …/Channels/UO…/Invites on a paused channel: HTTP 500, error 20500',
        evidence: [inviteEvidence(500, 20500)],
        fields: {},
      },
    ]);
    expect(requests().at(-1)).toBe(`POST ${CHANNEL_PATH}/Invites`);
  });

  it('could not tell when the invite is not answered', async () => {
    account({ invite: () => 'drop' });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: expect.stringMatching(/^no answer: \S/),
        evidence: [],
      }),
    ]);
  });

  it('fails when the invite is accepted but the channel still reads pause, beside a new task or not', async () => {
    account({ invite: routed(newTask, 'pause') });
    const beside = walkOn();
    await inviteWhilePaused(beside.walk);
    account({ invite: routed(null, 'pause') });
    const alone = walkOn();
    await inviteWhilePaused(alone.walk);
    expect(beside.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `${SEEN}: accepted but the channel still reads pause beside new task ${WT_NEW} (a second live task: Return to the queue stays hidden)`,
      evidence: [inviteEvidence(200)],
      fields: { channel_status: 'pause', task_sid: WT_NEW, task_status: 'pending' },
    });
    expect(alone.lines[0]).toMatchObject({
      verdict: 'fails',
      detail: `${SEEN}: accepted but the channel still reads pause (a second live task: Return to the queue stays hidden)`,
      fields: { channel_status: 'pause', task_sid: null, task_status: null },
    });
  });

  it('could not tell when the invite is accepted but no new task appears in time', async () => {
    account({ invite: routed(null) });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `${SEEN}; the channel reads active, no new task for the conversation in time`,
      evidence: [inviteEvidence(200)],
      fields: { channel_status: 'active', task_sid: null },
    });
  });

  it('could not tell when the channel cannot be read after an accepted invite', async () => {
    account({
      invite: routed(newTask),
      readAfter: { status: 500, body: { code: 20500, message: 'Internal' } },
    });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines[0]).toMatchObject({
      verdict: 'could not tell',
      detail: `${SEEN}; the channel reads unreadable, new task ${WT_NEW} (pending)`,
      fields: { channel_status: null, task_sid: WT_NEW },
    });
  });

  it('could not tell when the channel cannot be read after the pause: no invite', async () => {
    const { requests } = account({
      pause: { status: 500, body: { code: 20500, message: 'Internal' } },
      readBefore: { status: 500, body: { code: 20500, message: 'Internal' } },
    });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({ verdict: 'could not tell', detail: 'the third conversation did not pause' }),
    ]);
    expect(requests().filter((r) => r.endsWith('/Invites'))).toEqual([]);
  });

  it('could not tell when no reservation comes for the third conversation: nothing paused', async () => {
    const { requests } = account({ reservations: [] });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'no reservation for the third conversation in time',
        evidence: [],
      }),
    ]);
    expect(requests().filter((r) => r.includes('/Channels/'))).toEqual([]);
  });

  it('could not tell when the third conversation does not pause: no invite', async () => {
    const { requests } = account({ pause: { status: 409, body: { code: 45007, message: 'no' } } });
    const { walk, lines } = walkOn();
    await inviteWhilePaused(walk);
    expect(lines).toEqual([
      expect.objectContaining({
        verdict: 'could not tell',
        detail: 'the third conversation did not pause',
        evidence: [],
      }),
    ]);
    expect(requests().filter((r) => r.endsWith('/Invites'))).toEqual([]);
  });

  it('stops at an abort after listing the tasks, before the invite', async () => {
    const controller = new AbortController();
    const { requests } = account({ invite: routed(newTask), onTasksListed: () => controller.abort() });
    const { walk, lines } = walkOn({ signal: controller.signal });
    await expect(inviteWhilePaused(walk)).rejects.toThrow('interrupted (Ctrl-C)');
    expect(lines).toEqual([]);
    expect(requests().at(-1)).toBe(`GET ${TASKS_PATH}`);
  });
});
