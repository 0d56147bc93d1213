import http from 'node:http';
import {
  attachPauseEvents,
  detachPauseEvents,
  isSignedByTwilio,
  PAUSE_EVENT_FILTERS,
  pauseEventsUrl,
} from '../../../lib/pause-events';
import { call, describe, ok, type Exchange } from '../exchange';
import { lineOf, messageOf } from '../lines';
import { CONVERSATIONS } from '../twilio-uris';
import type { Opened, Walk } from './walk';

/** How much of a request's body the receiver keeps: a Conversations event is a few kilobytes. */
export const RECEIVED_MAX_CHARS = 65_536;

/**
 * `pause-events-webhook`: the webhook Pause attaches (attachPauseEvents, the Function's own call), read back,
 * then a customer message while paused. With a receiver (`eventsReceiver`, a public URL forwarding here),
 * the event must arrive signed for the URL attached; without one, delivery is not walked. The webhook is
 * removed before Resume either way (as Resume removes it).
 */
export async function pauseEventsWebhook(walk: Walk, a: Opened): Promise<void> {
  const id = 'pause-events-webhook';
  walk.checkAbort();
  const receiver = walk.options.eventsReceiver;
  const received: { signature: string | undefined; params: Record<string, string> }[] = [];
  let server: http.Server | null = null;
  if (receiver) {
    server = http.createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      // At most RECEIVED_MAX_CHARS kept in all, not per chunk: the port is open to whatever reaches the public URL.
      request.on('data', (chunk: string) => (body = (body + chunk).slice(0, RECEIVED_MAX_CHARS)));
      request.on('end', () => {
        received.push({
          signature: request.headers['x-twilio-signature'] as string | undefined,
          params: Object.fromEntries(new URLSearchParams(body)),
        });
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.end('ok');
      });
    });
    const listening = server;
    const bound = await new Promise<boolean>((resolve) => {
      listening.once('error', () => resolve(false));
      listening.listen(receiver.port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) {
      walk.emit(lineOf(id, 'could not tell', `could not listen on 127.0.0.1:${receiver.port}`));
      return;
    }
  }
  const base = receiver?.publicUrl ?? 'https://leave-pause-live-check.invalid';
  const url = pauseEventsUrl(base, `${walk.workerSid}:live-check`);
  const mark = walk.log.length;
  let webhookSid: string | null = null;
  try {
    try {
      webhookSid = await attachPauseEvents(walk.engine, a.conversationSid, url);
    } catch (error) {
      const post = walk.log.slice(mark).find((x) => x.method === 'POST');
      // A 4xx is Twilio refusing the webhook as Pause attaches it; a 5xx or no answer says nothing.
      const refused = post !== undefined && post.status >= 400 && post.status < 500;
      // Without a public URL the webhook points at a placeholder host (`.invalid`, which never resolves, so
      // no event leaves Twilio for anyone): a refusal of that URL says nothing about Pause's own.
      const placeholder = refused && !receiver ? ' (the placeholder URL: give --public-url)' : '';
      walk.emit(
        lineOf(
          id,
          refused && !placeholder ? 'fails' : 'could not tell',
          `the webhook ${refused ? 'was refused' : 'got no clear answer'}: ${post ? describe(post) : messageOf(error)}${placeholder}`,
          [post],
        ),
      );
      return;
    }
    // Always in the log: the create was answered 2xx (twilio-node throws on any other) through walk.engine,
    // whose recorder logs every request its domains send, whatever the client read before (recordingClient).
    const post = walk.log.slice(mark).find((x) => x.method === 'POST') as Exchange;
    const read = await call(
      walk.client,
      'get',
      `${CONVERSATIONS}/${a.conversationSid}/Webhooks/${webhookSid}`,
    );
    const configuration = (read.body.configuration ?? {}) as Record<string, unknown>;
    const filters = Array.isArray(configuration.filters) ? configuration.filters.map(String) : [];
    const missing = PAUSE_EVENT_FILTERS.filter((filter) => !filters.includes(filter));
    const fields: Record<string, unknown> = {
      target: read.body.target ?? null,
      filters,
      method: configuration.method ?? null,
      url_kept: configuration.url === url,
    };
    if (!ok(read) || missing.length > 0 || configuration.url !== url) {
      walk.emit(
        lineOf(
          id,
          ok(read) ? 'fails' : 'could not tell',
          `attached (${describe(post)}) but read back ${describe(read)}` +
            (missing.length > 0 ? ` without ${missing.join(', ')}` : '') +
            (configuration.url === url ? '' : ', with another URL'),
          [post, read],
          fields,
        ),
      );
      return;
    }
    const attached = `attached (${describe(post)}) and read back with ${filters.join(', ')}`;
    // The customer writes during the pause, as from their device.
    const sent = await call(
      walk.client,
      'post',
      `${CONVERSATIONS}/${a.conversationSid}/Messages`,
      { Author: a.customer, Body: 'A message while paused (leave-pause live check)' },
      { 'X-Twilio-Webhook-Enabled': 'true' },
    );
    if (!ok(sent)) {
      walk.emit(
        lineOf(id, 'could not tell', `${attached}; the message was not sent: ${describe(sent)}`, [sent]),
      );
      return;
    }
    if (!receiver) {
      walk.emit(
        lineOf(
          id,
          'skipped',
          `${attached}; delivery not walked: Twilio cannot reach this machine without --public-url (a tunnel ` +
            'to --listen-port), so whether it fires, signed, for a message while paused is not shown',
          [post, read],
          fields,
        ),
      );
      return;
    }
    const messageSid = String(sent.body.sid);
    const event = await walk.waitFor(async () =>
      received.find(
        (entry) => entry.params.EventType === 'onMessageAdded' && entry.params.MessageSid === messageSid,
      ),
    );
    const authToken = walk.client.password ?? '';
    const signed = event ? isSignedByTwilio(authToken, event.signature, url, event.params) : false;
    const eventFields = {
      ...fields,
      events_received: received.map((entry) => entry.params.EventType ?? null),
      signature_valid: signed,
      webhook_sid_matches: event?.params.WebhookSid === webhookSid,
    };
    if (!event)
      walk.emit(
        lineOf(
          id,
          'could not tell',
          `${attached}; no onMessageAdded for the message in time`,
          [post, sent],
          eventFields,
        ),
      );
    else if (
      signed &&
      event.params.WebhookSid === webhookSid &&
      event.params.ConversationSid === a.conversationSid
    )
      walk.emit(
        lineOf(
          id,
          'holds',
          `${attached}; onMessageAdded for the customer's message arrived while paused, signed for the URL attached`,
          [post, sent],
          eventFields,
        ),
      );
    else
      walk.emit(
        lineOf(
          id,
          'fails',
          `${attached}; the event arrived ${signed ? 'naming another webhook or conversation' : 'without a valid X-Twilio-Signature for the URL attached'}`,
          [post, sent],
          eventFields,
        ),
      );
  } finally {
    if (webhookSid)
      await detachPauseEvents(walk.engine, a.conversationSid, webhookSid).catch(() => undefined);
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  }
}
