import {
  feedDataFor,
  feedNameFor,
  readFeedRevision,
  writeFeed,
  writeFeedIfUnchanged,
  type FeedData,
} from '../src/lib/live-feed';
import type { PauseRecord } from '../src/lib/pause-store';
import type { TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeTwilio, oneAttemptClient } from './fake-twilio';

/**
 * lib/live-feed.ts on its own (issue 20, mutation survivors): which Sync calls each write makes for each answer
 * (update, create on 404, update again on 409, the one read-only permission), what a conditional write answers,
 * and where the 16 KiB limit falls. A scripted Sync (fake-twilio.ts) answers; live-feed.test.ts and
 * live-feed-races.test.ts cover the same through the emulator and the handlers.
 */

const SERVICE = 'IS' + '1'.repeat(32);
const ALICE = 'WK' + 'a'.repeat(32);
const DOCUMENTS = `/sync/v1/Services/${SERVICE}/Documents`;
const FEED = `${DOCUMENTS}/${feedNameFor(ALICE)}`;
const PERMISSION = `${FEED}/Permissions/${ALICE}`;

const record = (overrides: Record<string, unknown> = {}): PauseRecord =>
  ({
    taskSid: 'WT' + '1'.repeat(32),
    pausedBy: ALICE,
    pausedAt: '2026-12-04T10:00:00.000Z',
    reassignAt: '2026-12-05T10:00:00.000Z',
    deadlineSource: 'twilio',
    interactionSid: 'KD' + '1'.repeat(32),
    channelSid: 'UO' + '1'.repeat(32),
    conversationSid: null,
    taskChannel: 'chat',
    customer: 'Ann',
    ...overrides,
  }) as PauseRecord;

const DATA: FeedData = { records: [record()], changedAt: '2026-12-04T10:00:00.000Z' };
const LIMIT = 16 * 1024 - 256;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('writing the feed', () => {
  let fake: FakeTwilio;
  let client: TwilioClient;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    client = oneAttemptClient(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  const form = (index: number) => Object.fromEntries(new URLSearchParams(fake.bodies[index]));
  const calls = () => fake.seen.map((r) => `${r.method} ${r.path.split('?')[0]}`);
  const statusOfFailure = (run: Promise<unknown>) =>
    run.then(
      () => 'no failure',
      (error: unknown) => (error as { status?: number }).status ?? 'no status',
    );
  /** One answer per call, in order, from a clean slate; a call past the script is a test defect: 418. */
  const answers = (...statuses: number[]) => {
    fake.seen.length = 0;
    fake.bodies.length = 0;
    fake.headers.length = 0;
    fake.script = statuses.map((status) => ({
      status,
      body: status < 300 ? { revision: 'r9', unique_name: feedNameFor(ALICE) } : { status },
    }));
    fake.script.push({ status: 418, body: { status: 418 } });
  };
  const readOnly = { Read: 'true', Write: 'false', Manage: 'false' };

  describe('writeFeed', () => {
    it('the document there: one update with the data, nothing else', async () => {
      answers(200);
      await writeFeed(client, SERVICE, ALICE, DATA);
      expect(calls()).toEqual([`POST ${FEED}`]);
      expect(JSON.parse(form(0).Data)).toEqual(DATA);
    });

    it('no document yet (404): created under the agent’s name, then read-only for the agent alone', async () => {
      answers(404, 201, 200);
      await writeFeed(client, SERVICE, ALICE, DATA);
      expect(calls()).toEqual([`POST ${FEED}`, `POST ${DOCUMENTS}`, `POST ${PERMISSION}`]);
      expect(form(1).UniqueName).toBe(feedNameFor(ALICE));
      expect(JSON.parse(form(1).Data)).toEqual(DATA);
      expect(form(2)).toEqual(readOnly);
    });

    it('created meanwhile by another writer (409): updated, and the permission granted all the same', async () => {
      answers(404, 409, 200, 200);
      await writeFeed(client, SERVICE, ALICE, DATA);
      expect(calls()).toEqual([`POST ${FEED}`, `POST ${DOCUMENTS}`, `POST ${FEED}`, `POST ${PERMISSION}`]);
      expect(JSON.parse(form(2).Data)).toEqual(DATA);
      expect(form(3)).toEqual(readOnly);
    });

    it('any other failure is thrown where it happens, and nothing follows it', async () => {
      answers(500);
      expect(await statusOfFailure(writeFeed(client, SERVICE, ALICE, DATA))).toBe(500);
      expect(calls()).toHaveLength(1);

      answers(404, 500);
      expect(await statusOfFailure(writeFeed(client, SERVICE, ALICE, DATA))).toBe(500);
      expect(calls()).toHaveLength(2);

      answers(404, 409, 503);
      expect(await statusOfFailure(writeFeed(client, SERVICE, ALICE, DATA))).toBe(503);
      expect(calls()).toHaveLength(3);
    });

    it('a failure with no status (a dropped connection) is thrown, not taken for a missing document', async () => {
      fake.script = ['drop', { status: 201, body: {} }];
      expect(await statusOfFailure(writeFeed(client, SERVICE, ALICE, DATA))).toBe('no status');
      expect(calls()).toHaveLength(1);
    });
  });

  describe('readFeedRevision', () => {
    it('the document’s revision; null when there is none (404); anything else thrown', async () => {
      answers(200);
      expect(await readFeedRevision(client, SERVICE, ALICE)).toBe('r9');
      expect(calls()).toEqual([`GET ${FEED}`]);
      answers(404);
      expect(await readFeedRevision(client, SERVICE, ALICE)).toBeNull();
      answers(500);
      expect(await statusOfFailure(readFeedRevision(client, SERVICE, ALICE))).toBe(500);
    });
  });

  describe('writeFeedIfUnchanged', () => {
    it('at a revision: one update carrying If-Match, true when it lands, no permission', async () => {
      answers(200);
      expect(await writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, 'r3')).toBe(true);
      expect(calls()).toEqual([`POST ${FEED}`]);
      expect(fake.headers[0]['if-match']).toBe('r3');
      expect(JSON.parse(form(0).Data)).toEqual(DATA);
    });

    it.each([412, 409, 404])(
      'at a revision, another writer first (%i): false, nothing more',
      async (status) => {
        answers(status);
        expect(await writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, 'r3')).toBe(false);
        expect(calls()).toEqual([`POST ${FEED}`]);
      },
    );

    it('no document yet: created, then read-only for the agent alone, true', async () => {
      answers(201, 200);
      expect(await writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, null)).toBe(true);
      expect(calls()).toEqual([`POST ${DOCUMENTS}`, `POST ${PERMISSION}`]);
      expect(form(0).UniqueName).toBe(feedNameFor(ALICE));
      expect(JSON.parse(form(0).Data)).toEqual(DATA);
      expect(form(1)).toEqual(readOnly);
    });

    it('no document expected but one there (409): the permission granted (it may be ours), false', async () => {
      answers(409, 200);
      expect(await writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, null)).toBe(false);
      expect(calls()).toEqual([`POST ${DOCUMENTS}`, `POST ${PERMISSION}`]);
      expect(form(1)).toEqual(readOnly);
    });

    it('no document expected, refused otherwise (412, 404): false, no permission', async () => {
      answers(412);
      expect(await writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, null)).toBe(false);
      expect(calls()).toEqual([`POST ${DOCUMENTS}`]);
      answers(404);
      expect(await writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, null)).toBe(false);
      expect(calls()).toEqual([`POST ${DOCUMENTS}`]);
    });

    it('any other failure is thrown, with no permission granted', async () => {
      answers(500);
      expect(await statusOfFailure(writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, null))).toBe(500);
      expect(calls()).toEqual([`POST ${DOCUMENTS}`]);
      answers(400);
      expect(await statusOfFailure(writeFeedIfUnchanged(client, SERVICE, ALICE, DATA, 'r3'))).toBe(400);
      expect(calls()).toEqual([`POST ${FEED}`]);
    });
  });
});

describe('feedDataFor: the 16 KiB limit', () => {
  const CHANGED = '2026-12-04T10:00:00.000Z';
  /** One record whose feed (as `shape` wraps it) is exactly `target` bytes, padded through `field`. */
  const recordSized = (target: number, field: string, shape: (r: PauseRecord) => unknown) => {
    const padded = (length: number) => record({ [field]: 'x'.repeat(length) });
    const base = bytes(shape(padded(0)));
    return padded(target - base);
  };

  it('a feed of exactly the limit is kept whole, previews and all', () => {
    const whole = recordSized(LIMIT, 'lastMessagePreview', (r) => ({ records: [r], changedAt: CHANGED }));
    expect(bytes({ records: [whole], changedAt: CHANGED })).toBe(LIMIT);
    expect(feedDataFor([whole], CHANGED)).toEqual({ records: [whole], changedAt: CHANGED });
  });

  it('one byte over: previews (any case) left out, the rest kept, not marked truncated', () => {
    const over = record({
      lastMessagePreview: 'x'.repeat(LIMIT),
      PREVIEW_TEXT: 'y',
      note: 'kept',
    });
    const feed = feedDataFor([over], CHANGED);
    const {
      lastMessagePreview: _first,
      PREVIEW_TEXT: _second,
      ...rest
    } = over as unknown as Record<string, unknown>;
    expect(feed).toEqual({ records: [rest], changedAt: CHANGED });
    expect('truncated' in feed).toBe(false);
  });

  it('without previews exactly at the limit: kept whole, not truncated', () => {
    const sized = recordSized(LIMIT, 'note', (r) => ({ records: [r], changedAt: CHANGED }));
    const withPreview = { ...sized, lastMessagePreview: 'p' } as PauseRecord;
    expect(feedDataFor([withPreview], CHANGED)).toEqual({ records: [sized], changedAt: CHANGED });
  });

  it('still too big: the longest prefix that fits with the truncated mark, however near the limit', () => {
    // Two records that fit exactly with the mark, a third that does not: the first two are kept.
    const first = record({ note: 'a' });
    const second = recordSized(LIMIT, 'note', (r) => ({
      records: [first, r],
      changedAt: CHANGED,
      truncated: true,
    }));
    const third = record({ note: 'c' });
    const feed = feedDataFor([first, second, third], CHANGED);
    expect(feed).toEqual({ records: [first, second], changedAt: CHANGED, truncated: true });
    expect(bytes(feed)).toBe(LIMIT);

    // A record that alone is too big: none kept, later small ones not either (the list stays a prefix).
    const huge = record({ note: 'x'.repeat(LIMIT) });
    expect(feedDataFor([huge, record()], CHANGED)).toEqual({
      records: [],
      changedAt: CHANGED,
      truncated: true,
    });
  });

  it('the limit counts bytes, not characters', () => {
    // "é" is two bytes in UTF-8: counted as characters this feed would fit.
    const accented = record({ note: 'é'.repeat(LIMIT / 2) });
    expect(feedDataFor([accented], CHANGED).truncated).toBe(true);
  });
});
