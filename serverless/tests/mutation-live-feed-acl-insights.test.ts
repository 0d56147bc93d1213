import { exchangeOf, type Exchange } from '../src/provisioning/live/exchange';
import { insightsLine, LIVE_CHECK_REASON } from '../src/provisioning/live/walk/insights';
import { liveFeedAcl } from '../src/provisioning/live/walk/live-feed-acl';
import {
  hex,
  WS,
  WK,
  IS,
  ET,
  RUN,
  NAME,
  ACCOUNT,
  type Handler,
  fake,
  routes,
  answer,
  walkOn,
  evidence,
  seenPaths,
  fakeTwilioPerTest,
} from './live-steps-support';

/**
 * The live check's task-attributes-insights and live-feed-acl steps (walk/insights.ts, walk/live-feed-acl.ts),
 * driven on a Walk whose Twilio is scripted on 127.0.0.1 (issue 20); the scaffolding is live-steps-support.ts.
 */

fakeTwilioPerTest();

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
