import { twilioSignature } from '../../emulator/src/webhooks';
import { handlePauseEvent } from '../src/actions/pause-events';
import type { FunctionsEnvironment } from '../src/lib/environment';
import { pauseEventsUrl } from '../src/lib/pause-events';
import { feedNameFor } from '../src/lib/live-feed';
import { keyFor, PAUSE_MAP_NAME, type PauseRecord } from '../src/lib/pause-store';
import { forgetCachedSettings } from '../src/lib/settings';
import { startFakeTwilio, type FakeAnswer, type FakeTwilio } from './fake-twilio';

/**
 * actions/pause-events.ts, counting a message against other writes (issue 20, mutation survivors): Sync's
 * conditional write refused (412) is read again and tried again, five times at most; a re-read that finds the
 * message counted (another delivery of it won) or the record gone says so. A scripted Twilio (fake-twilio.ts)
 * gives the refusals the emulator cannot; mutation-pause-events-action.test.ts covers the rest.
 */

const AUTH_TOKEN = 'secret';
const SERVICE = 'IS' + '1'.repeat(32);
const WORKER = 'WK' + 'a'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const KEY = keyFor(WORKER, TASK);
const CONVERSATION = 'CH' + '1'.repeat(32);
const MESSAGE = 'IM' + '1'.repeat(32);
const BASE = 'http://127.0.0.1:1';
const WORKSPACE = 'WS' + '1'.repeat(32);
const CHANNEL = { interactionSid: 'KD' + '1'.repeat(32), channelSid: 'UO' + '1'.repeat(32) };
const ITEM = `/sync/v1/Services/${SERVICE}/Maps/${PAUSE_MAP_NAME}/Items/${KEY}`;

const record = (overrides: Partial<PauseRecord> = {}): PauseRecord => ({
  taskSid: TASK,
  pausedBy: WORKER,
  pausedAt: '2026-12-04T10:00:00.000Z',
  reassignAt: '2026-12-05T10:00:00.000Z',
  deadlineSource: 'twilio',
  ...CHANNEL,
  conversationSid: CONVERSATION,
  taskChannel: 'chat',
  customer: 'Ann',
  ...overrides,
});

let fake: FakeTwilio;

beforeEach(async () => {
  fake = await startFakeTwilio();
  forgetCachedSettings();
});

afterEach(async () => {
  await fake.close();
});

interface TwilioOptions {
  /** Holds the record's answer back until this says so (reads made beside it). */
  recordHeldUntil?: () => Promise<void>;
  /** The admin's `pause` settings. */
  pause?: Record<string, unknown>;
  /** The answer to the channel's change (the policy's Resume). */
  channelChangeStatus?: number;
}

/** Twilio as the scripts say for the record's read and write; the rest as a quiet account answers it. */
function twilio(
  recordReads: Array<PauseRecord | 404>,
  writeStatus: number,
  options: TwilioOptions = {},
): void {
  let reads = 0;
  fake.script = async (request): Promise<FakeAnswer> => {
    const path = request.path.split('?')[0];
    if (path === ITEM && request.method === 'GET' && reads === 0 && options.recordHeldUntil) {
      await options.recordHeldUntil();
    }
    if (path === ITEM && request.method === 'GET') {
      const answer = recordReads[Math.min(reads, recordReads.length - 1)];
      reads++;
      return answer === 404
        ? { status: 404, body: { status: 404 } }
        : { status: 200, body: { key: KEY, data: answer, revision: `r${reads}` } };
    }
    if (path === ITEM && request.method === 'POST') {
      return { status: writeStatus, body: { key: KEY, data: {}, revision: 'w', status: writeStatus } };
    }
    if (path.includes('/Channels/') && request.method === 'POST') {
      const status = options.channelChangeStatus ?? 200;
      return { status, body: { status: status < 300 ? 'active' : status, error_code: null } };
    }
    if (path.includes('/Channels/')) return { status: 200, body: { status: 'pause', error_code: null } };
    if (path.endsWith('/Configuration')) {
      const custom_data = options.pause ? { leavePause: { pause: options.pause } } : {};
      return {
        status: 200,
        body: { taskrouter_workspace_sid: WORKSPACE, ui_attributes: { custom_data } },
      };
    }
    if (path.endsWith(`/Workers/${WORKER}`)) return { status: 200, body: { sid: WORKER, available: true } };
    if (path.endsWith(`/Maps/${PAUSE_MAP_NAME}/Items`)) {
      return { status: 200, body: { items: [], meta: { key: 'items', next_page_url: null } } };
    }
    // The feed document: none yet, and written.
    if (request.method === 'GET') return { status: 404, body: { status: 404 } };
    return { status: 201, body: { unique_name: 'feed', revision: '1', data: {} } };
  };
}

/** One customer message, signed for the record's URL (naming its channel when `withChannel`). */
async function deliverMessage(withChannel = false) {
  const environment: FunctionsEnvironment = {
    twilio: {
      accountSid: 'AC' + 'a'.repeat(32),
      authToken: AUTH_TOKEN,
      apiBaseUrl: fake.base,
      retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, requestTimeoutMs: 10_000 },
    },
    syncServiceSid: SERVICE,
    functionsBaseUrl: BASE,
  };
  const fields = {
    AccountSid: environment.twilio.accountSid,
    ConversationSid: CONVERSATION,
    EventType: 'onMessageAdded',
    MessageSid: MESSAGE,
    Author: 'customer',
    Body: 'hello',
  };
  const url = pauseEventsUrl(BASE, KEY, withChannel ? CHANNEL : undefined);
  const signature = twilioSignature(AUTH_TOKEN, url, fields);
  const event = {
    request: {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    },
    ...Object.fromEntries(new URL(url).searchParams),
    ...fields,
  };
  return (await handlePauseEvent(environment, event)).outcome;
}

const recordCalls = (method: string) =>
  fake.seen.filter((r) => r.method === method && r.path.split('?')[0] === ITEM).length;
/** Reads of the agent's feed document: one per reading of their records for the feed. */
const feedReads = () =>
  fake.seen.filter((r) => r.method === 'GET' && r.path.includes(`/Documents/${feedNameFor(WORKER)}`)).length;

it('a write another write keeps beating is tried five times, each after a fresh read, then left uncounted', async () => {
  twilio([record()], 412);
  expect(await deliverMessage()).toBe('not-counted');
  expect(recordCalls('POST')).toBe(5);
  expect(recordCalls('GET')).toBe(6);
  // Each write names the revision its read returned.
  const revisions = fake.headers
    .filter((_headers, index) => fake.seen[index].method === 'POST' && fake.seen[index].path.startsWith(ITEM))
    .map((headers) => headers['if-match']);
  expect(revisions).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  // The agent's records: read beside the event's first read, then again beside each later write.
  expect(feedReads()).toBe(5);
});

it('a re-read that finds the message counted by the write that won answers repeated, without writing again', async () => {
  const counted = record({
    countedMessageSids: [MESSAGE],
    unread: { count: 1, lastMessageAt: '2026-12-04T10:01:00.000Z', preview: 'hello' },
  });
  twilio([record(), counted], 412);
  expect(await deliverMessage()).toBe('repeated');
  expect(recordCalls('POST')).toBe(1);
});

it('a re-read that finds the record gone (the pause ended meanwhile) answers no-pause', async () => {
  twilio([record(), 404], 412);
  expect(await deliverMessage()).toBe('no-pause');
  expect(recordCalls('POST')).toBe(1);
});

it('a write that lands counts the message once', async () => {
  twilio([record()], 200);
  expect(await deliverMessage()).toBe('counted');
  expect(recordCalls('POST')).toBe(1);
  const written = JSON.parse(
    new URLSearchParams(
      fake.bodies[fake.seen.findIndex((r) => r.method === 'POST' && r.path.startsWith(ITEM))],
    ).get('Data') ?? '{}',
  ) as PauseRecord;
  expect(written.unread).toMatchObject({ count: 1, preview: 'hello' });
  expect(written.countedMessageSids).toEqual([MESSAGE]);
  // The agent's feed carries the counted record (their map read as empty here: only the record written).
  const feedWrite = fake.seen.findIndex((r) => r.method === 'POST' && r.path.includes('/Documents'));
  const feed = JSON.parse(new URLSearchParams(fake.bodies[feedWrite]).get('Data') ?? '{}') as {
    records: PauseRecord[];
  };
  expect(feed.records.map((r) => r.unread?.count)).toEqual([1]);
});

it("the channel, the agent's records and (cold) the settings are read beside the record, not after it", async () => {
  const seen = (part: string) => fake.seen.some((r) => r.method === 'GET' && r.path.includes(part));
  const beside = ['/Channels/', `/Documents/${feedNameFor(WORKER)}`, '/Configuration'];
  let heldInVain = false;
  twilio([record()], 200, {
    // The record's answer waits for the other reads (up to 2 s: a read made after it never comes).
    recordHeldUntil: async () => {
      const until = Date.now() + 2000;
      while (!beside.every(seen)) {
        if (Date.now() > until) {
          heldInVain = true;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  });
  expect(await deliverMessage(true)).toBe('counted');
  expect(heldInVain).toBe(false);
  expect(fake.seen.filter((r) => r.method === 'GET' && r.path.includes('/Channels/'))).toHaveLength(1);
});

describe('pause.onCustomerMessage: "resume"', () => {
  it('a Resume that Twilio refuses (the pause ended meanwhile) is no failure to log: the message is counted', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    twilio([record()], 200, {
      pause: { enabled: true, onCustomerMessage: 'resume' },
      channelChangeStatus: 409,
    });
    expect(await deliverMessage()).toBe('counted');
    expect(fake.seen.some((r) => r.method === 'POST' && r.path.includes('/Channels/'))).toBe(true);
    expect(errors.mock.calls.flat().join(' ')).not.toContain('policy resume failed');
    errors.mockRestore();
  });
});
