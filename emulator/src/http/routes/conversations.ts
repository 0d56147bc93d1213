/** Conversations' routes: conversations, messages, participants and scoped webhooks. */
import { header, noContent, ok, page, type AddRoute, type Services } from '../route-kit';

export function addConversationsRoutes(add: AddRoute, s: Services): void {
  const { world, conv, ser } = s;
  const C = '/v1/Conversations/{ConversationSid}';
  add('conversations', 'GET', '/v1/Conversations', (c) => {
    const state = c.query.str('State');
    const list = [...world.conversations.values()].filter((x) => !state || x.state === state);
    return page(
      c,
      'conversations',
      list.map((x) => ser.conversation(x)),
    );
  });
  add('conversations', 'POST', '/v1/Conversations', (c) => ok(ser.conversation(conv.create(c.body)), 201));
  add('conversations', 'GET', '/v1/Conversations/{Sid}', (c) =>
    ok(ser.conversation(conv.conversation(c.params.Sid))),
  );
  add('conversations', 'POST', '/v1/Conversations/{Sid}', (c) =>
    ok(ser.conversation(conv.update(c.params.Sid, c.body))),
  );
  add('conversations', 'DELETE', '/v1/Conversations/{Sid}', (c) => (conv.delete(c.params.Sid), noContent()));
  add('conversations', 'GET', `${C}/Messages`, (c) => {
    const list = conv.messages(conv.conversation(c.params.ConversationSid));
    if (c.query.str('Order') === 'desc') list.reverse();
    return page(
      c,
      'messages',
      list.map((m) => ser.message(m)),
    );
  });
  add('conversations', 'POST', `${C}/Messages`, (c) => {
    const target = conv.conversation(c.params.ConversationSid);
    const author = c.body.str('Author');
    // The customer's own message, sent through the REST API with webhooks enabled (Conversations fires none for
    // a REST-created message without X-Twilio-Webhook-Enabled), reaches Flex as one from their device would (a
    // reply on an inactive channel routes a new task): the live check replies as its test customer this way.
    if (
      s.customerMessage &&
      header(c, 'X-Twilio-Webhook-Enabled') === 'true' &&
      target.channelSid &&
      target.state !== 'closed' &&
      author !== undefined &&
      author === target.customerIdentity &&
      [...c.body.map.keys()].every((key) => key === 'Author' || key === 'Body')
    ) {
      const sent = s.customerMessage(target.sid, c.body.str('Body') ?? '');
      return ok(ser.message(conv.message(target, sent.messageSid)), 201);
    }
    return ok(
      ser.message(
        conv.addMessage(c.params.ConversationSid, c.body, header(c, 'X-Twilio-Webhook-Enabled') === 'true'),
      ),
      201,
    );
  });
  add('conversations', 'GET', `${C}/Messages/{Sid}`, (c) =>
    ok(ser.message(conv.message(conv.conversation(c.params.ConversationSid), c.params.Sid))),
  );
  add('conversations', 'GET', `${C}/Participants`, (c) =>
    page(
      c,
      'participants',
      conv.participants(conv.conversation(c.params.ConversationSid)).map((p) => ser.participant(p)),
    ),
  );
  add('conversations', 'POST', `${C}/Participants`, (c) =>
    ok(ser.participant(conv.addParticipant(c.params.ConversationSid, c.body)), 201),
  );
  add('conversations', 'GET', `${C}/Participants/{Sid}`, (c) =>
    ok(ser.participant(conv.participant(conv.conversation(c.params.ConversationSid), c.params.Sid))),
  );
  add('conversations', 'POST', `${C}/Participants/{Sid}`, (c) =>
    ok(ser.participant(conv.updateParticipant(c.params.ConversationSid, c.params.Sid, c.body))),
  );
  add(
    'conversations',
    'DELETE',
    `${C}/Participants/{Sid}`,
    (c) => (conv.removeParticipant(c.params.ConversationSid, c.params.Sid), noContent()),
  );
  add('conversations', 'GET', `${C}/Webhooks`, (c) =>
    page(
      c,
      'webhooks',
      conv.webhooks(conv.conversation(c.params.ConversationSid)).map((h) => ser.webhook(h)),
    ),
  );
  add('conversations', 'POST', `${C}/Webhooks`, (c) =>
    ok(ser.webhook(conv.addWebhook(c.params.ConversationSid, c.body)), 201),
  );
  add('conversations', 'GET', `${C}/Webhooks/{Sid}`, (c) =>
    ok(ser.webhook(conv.webhook(conv.conversation(c.params.ConversationSid), c.params.Sid))),
  );
  add('conversations', 'POST', `${C}/Webhooks/{Sid}`, (c) =>
    ok(ser.webhook(conv.updateWebhook(c.params.ConversationSid, c.params.Sid, c.body))),
  );
  add(
    'conversations',
    'DELETE',
    `${C}/Webhooks/{Sid}`,
    (c) => (conv.deleteWebhook(c.params.ConversationSid, c.params.Sid), noContent()),
  );
}
