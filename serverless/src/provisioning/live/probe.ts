/** The non-destructive probe: run before anything is created, it may stop the check (PROBE_REFUSED_MESSAGE). */
import type { ChannelRef } from '../../lib/channel';
import type { TwilioClient } from '../../lib/twilio-client';
import type { Line } from './behaviours';
import { call, describe, type Exchange } from './exchange';
import { lineOf, messageOf } from './lines';
import { channelUri } from './twilio-uris';

export const PROBE_REFUSED_MESSAGE =
  'Twilio refuses Status=pause or Status=active on the public channel update with account credentials, so the ' +
  "Functions' Pause and Resume cannot work on this account. Nothing was created. Keep leavePause.pause.enabled " +
  'false; agents can use Twilio\'s own Pause (Console → Flex → General settings → "Conversation tasks ' +
  'workflows"), which Flex sends through its own client. Leave (Status=inactive, which the public API lists) is ' +
  'not affected by this answer.';

/** SIDs of the right pattern that no account has: the probe asks about the value, not about a channel. */
export const PROBE_REF: ChannelRef = {
  interactionSid: `KD${'0'.repeat(32)}`,
  channelSid: `UO${'0'.repeat(32)}`,
};

/** A Status no API has: the control question of the probe. */
export const PROBE_CONTROL_STATUS = 'leave-pause-live-check-no-such-status';

const refusesStatus = (x: Exchange) => x.status === 400 && /status/i.test(x.message ?? '');

/**
 * Non-destructive: asks the channel update about `pause` and `active` on a channel that does not exist. First a
 * control: a made-up Status on the same made-up channel. If that is refused naming Status, Twilio reads Status
 * before it looks for the channel, so a 404 for `pause` means the value passed validation; if the control is a
 * 404 too, Twilio looks the channel up first and a 404 tells nothing about the value. A 400 naming Status means
 * Twilio refuses the value itself.
 */
export async function probeStatuses(client: TwilioClient): Promise<Line[]> {
  const ask = (status: string, routing?: string) =>
    call(client, 'post', channelUri(PROBE_REF), { Status: status, ...(routing ? { Routing: routing } : {}) });
  const control = await ask(PROBE_CONTROL_STATUS).catch(() => null);
  const validatesFirst = control !== null && refusesStatus(control);
  const lines: Line[] = [];
  for (const [id, status] of [
    ['probe-pause-known', 'pause'],
    ['probe-active-known', 'active'],
  ] as const) {
    let answer: Exchange;
    try {
      // Routing as Flex's own client sends it with pause; it sends none with active.
      answer = await ask(status, status === 'pause' ? JSON.stringify({ status: 'closed' }) : undefined);
    } catch (error) {
      lines.push(lineOf(id, 'could not tell', `no answer: ${messageOf(error)}`));
      continue;
    }
    const seen = `POST …/Channels/UO000… Status=${status}: ${describe(answer)}`;
    const evidence = [answer, control ?? undefined];
    const controlSeen = control ? `HTTP ${control.status}` : 'no answer';
    if (refusesStatus(answer)) {
      lines.push(lineOf(id, 'fails', `${seen}: Twilio refuses the value`, evidence));
    } else if (answer.status === 404 && validatesFirst) {
      lines.push(
        lineOf(
          id,
          'holds',
          `${seen}, while a made-up Status is refused (${controlSeen}): Status=${status} passed validation with ` +
            "account credentials; whether a real channel moves is the walk's question",
          evidence,
        ),
      );
    } else if (answer.status === 404) {
      lines.push(
        lineOf(
          id,
          'could not tell',
          `${seen}, and a made-up Status gets ${controlSeen} too: Twilio looks for the channel before it reads ` +
            'Status, so this says nothing about the value (the walk will)',
          evidence,
        ),
      );
    } else {
      lines.push(
        lineOf(id, 'could not tell', `${seen}: neither "not found" nor a refusal of Status`, evidence),
      );
    }
  }
  return lines;
}
