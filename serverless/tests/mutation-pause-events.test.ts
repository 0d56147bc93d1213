import {
  channelOfParam,
  COUNTED_SIDS_KEPT,
  countedOnce,
  detachPauseEvents,
  isSignedByTwilio,
  PREVIEW_MAX_CHARS,
  previewOf,
  readRevisedRecord,
  writeIfUnchanged,
} from '../src/lib/pause-events';
import type { PauseRecord } from '../src/lib/pause-store';
import type { TwilioClient } from '../src/lib/twilio-client';
import { startFakeTwilio, type FakeTwilio, oneAttemptClient } from './fake-twilio';

/**
 * lib/pause-events.ts on its own (issue 20, mutation survivors): what each Twilio answer makes of a webhook's
 * removal, a record's read and its conditional write, and the edges of the pure parts (the channel parameter,
 * the preview's length, the counted SIDs kept). A scripted Twilio (fake-twilio.ts) answers; pause-events.test.ts
 * covers the handler through the emulator.
 */

const SERVICE = 'IS' + '1'.repeat(32);
const CONVERSATION = 'CH' + '1'.repeat(32);
const WEBHOOK = 'WH' + '1'.repeat(32);
const KEY = `WK${'a'.repeat(32)}:WT${'1'.repeat(32)}`;
const KD = 'KD' + '1'.repeat(32);
const UO = 'UO' + '1'.repeat(32);

const record = (overrides: Partial<PauseRecord> = {}): PauseRecord => ({
  taskSid: 'WT' + '1'.repeat(32),
  pausedBy: 'WK' + 'a'.repeat(32),
  pausedAt: '2026-12-04T10:00:00.000Z',
  reassignAt: '2026-12-05T10:00:00.000Z',
  deadlineSource: 'twilio',
  interactionSid: KD,
  channelSid: UO,
  conversationSid: CONVERSATION,
  taskChannel: 'chat',
  customer: 'Ann',
  ...overrides,
});

describe('Twilio calls', () => {
  let fake: FakeTwilio;
  let client: TwilioClient;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    client = oneAttemptClient(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  const answer = (status: number, body: unknown = { status }) => {
    fake.script = [{ status, body }];
  };
  const failure = (run: Promise<unknown>) =>
    run.then(
      () => 'no failure',
      (error: unknown) => (error as { status?: number }).status ?? 'no status',
    );

  it('detachPauseEvents: removed; already gone (404) is no error; anything else is thrown', async () => {
    answer(204, {});
    await expect(detachPauseEvents(client, CONVERSATION, WEBHOOK)).resolves.toBeUndefined();
    expect(fake.seen[0].method).toBe('DELETE');
    answer(404);
    await expect(detachPauseEvents(client, CONVERSATION, WEBHOOK)).resolves.toBeUndefined();
    answer(500);
    expect(await failure(detachPauseEvents(client, CONVERSATION, WEBHOOK))).toBe(500);
  });

  it('readRevisedRecord: a whole record with its revision; none when not whole or gone (404); else thrown', async () => {
    answer(200, { key: KEY, data: record(), revision: '7' });
    expect(await readRevisedRecord(client, SERVICE, KEY)).toEqual({ record: record(), revision: '7' });
    answer(200, { key: KEY, data: { taskSid: 'x' }, revision: '7' });
    expect(await readRevisedRecord(client, SERVICE, KEY)).toBeUndefined();
    answer(404);
    expect(await readRevisedRecord(client, SERVICE, KEY)).toBeUndefined();
    answer(500);
    expect(await failure(readRevisedRecord(client, SERVICE, KEY))).toBe(500);
  });

  it('writeIfUnchanged: true when it lands (with If-Match); false on 412 or 404; anything else thrown', async () => {
    const revised = { record: record(), revision: '7' };
    answer(200, { key: KEY, data: record(), revision: '8' });
    expect(await writeIfUnchanged(client, SERVICE, KEY, revised)).toBe(true);
    expect(fake.headers[0]['if-match']).toBe('7');
    expect(JSON.parse(new URLSearchParams(fake.bodies[0]).get('Data') ?? '')).toEqual(record());
    answer(412);
    expect(await writeIfUnchanged(client, SERVICE, KEY, revised)).toBe(false);
    answer(404);
    expect(await writeIfUnchanged(client, SERVICE, KEY, revised)).toBe(false);
    answer(409);
    expect(await failure(writeIfUnchanged(client, SERVICE, KEY, revised))).toBe(409);
    answer(500);
    expect(await failure(writeIfUnchanged(client, SERVICE, KEY, revised))).toBe(500);
  });
});

describe('pure parts', () => {
  it('channelOfParam: only a string of the exact form names a channel', () => {
    expect(channelOfParam(`${KD}:${UO}`)).toEqual({ interactionSid: KD, channelSid: UO });
    // An array prints as its one element: read as text it would match.
    expect(channelOfParam([`${KD}:${UO}`])).toBeUndefined();
    expect(channelOfParam(undefined)).toBeUndefined();
    expect(channelOfParam(`${UO}:${KD}`)).toBeUndefined();
  });

  it('isSignedByTwilio: no signature is no signature, whatever the URL and fields', () => {
    expect(isSignedByTwilio('secret', undefined, 'https://x.example/pause-events', {})).toBe(false);
    expect(isSignedByTwilio('secret', '', 'https://x.example/pause-events', {})).toBe(false);
  });

  it('previewOf: a body of exactly the limit is kept whole; one more is cut with an ellipsis', () => {
    const exact = 'a'.repeat(PREVIEW_MAX_CHARS);
    expect(previewOf(exact)).toBe(exact);
    expect(previewOf(exact + 'b')).toBe('a'.repeat(PREVIEW_MAX_CHARS - 1) + '…');
  });

  it('countedOnce: a replayed message is not counted; only the latest SIDs are kept', () => {
    const sids = Array.from({ length: COUNTED_SIDS_KEPT }, (_, i) => `IM${String(i).padStart(32, '0')}`);
    const full = record({
      countedMessageSids: sids,
      unread: { count: 3, lastMessageAt: 'then', preview: 'p' },
    });
    expect(countedOnce(full, { sid: sids[5], body: 'again', at: 'now' })).toBeUndefined();
    const next = countedOnce(full, { sid: 'IMnew', body: 'hi', at: 'now' });
    expect(next?.unread).toEqual({ count: 4, lastMessageAt: 'now', preview: 'hi' });
    expect(next?.countedMessageSids).toEqual([...sids.slice(1), 'IMnew']);
  });
});
