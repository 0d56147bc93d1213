import type { World } from '../state/world';
import type { ConvParticipant, Conversation, Message, ScopedWebhook } from '../state/types';
import type { JsonObject } from '../util';
import { d, CONV } from './common';

/** Conversations, messages, participants and scoped webhooks as the Conversations API answers them. */
export class ConversationsJson {
  constructor(private readonly w: World) {}

  conversation(c: Conversation): JsonObject {
    const url = `${CONV}/Conversations/${c.sid}`;
    const timers: JsonObject = {};
    if (c.dateInactive !== null) timers.date_inactive = d(c.dateInactive);
    if (c.dateClosed !== null) timers.date_closed = d(c.dateClosed);
    return {
      account_sid: this.w.accountSid,
      chat_service_sid: c.chatServiceSid,
      messaging_service_sid: c.messagingServiceSid,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      state: c.state,
      date_created: d(c.dateCreated),
      date_updated: d(c.dateUpdated),
      timers,
      url,
      links: {
        participants: `${url}/Participants`,
        messages: `${url}/Messages`,
        webhooks: `${url}/Webhooks`,
      },
      bindings: null,
    };
  }

  message(m: Message): JsonObject {
    const url = `${CONV}/Conversations/${m.conversationSid}/Messages/${m.sid}`;
    return {
      account_sid: this.w.accountSid,
      conversation_sid: m.conversationSid,
      sid: m.sid,
      index: m.index,
      author: m.author,
      body: m.body,
      media: null,
      attributes: m.attributes,
      participant_sid: m.participantSid,
      date_created: d(m.dateCreated),
      date_updated: d(m.dateUpdated),
      url,
      delivery: null,
      links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
      content_sid: null,
    };
  }

  participant(p: ConvParticipant): JsonObject {
    return {
      account_sid: this.w.accountSid,
      conversation_sid: p.conversationSid,
      sid: p.sid,
      identity: p.identity,
      attributes: p.attributes,
      messaging_binding: p.messagingBinding,
      role_sid: p.roleSid,
      date_created: d(p.dateCreated),
      date_updated: d(p.dateUpdated),
      url: `${CONV}/Conversations/${p.conversationSid}/Participants/${p.sid}`,
      last_read_message_index: p.lastReadMessageIndex,
      last_read_timestamp: p.lastReadTimestamp,
    };
  }

  webhook(h: ScopedWebhook): JsonObject {
    const configuration: JsonObject = { method: h.method, filters: h.filters };
    if (h.url !== null) configuration.url = h.url;
    if (h.triggers.length) configuration.triggers = h.triggers;
    if (h.flowSid !== null) configuration.flow_sid = h.flowSid;
    if (h.replayAfter !== null) configuration.replay_after = h.replayAfter;
    return {
      sid: h.sid,
      account_sid: this.w.accountSid,
      conversation_sid: h.conversationSid,
      target: h.target,
      url: `${CONV}/Conversations/${h.conversationSid}/Webhooks/${h.sid}`,
      configuration,
      date_created: d(h.dateCreated),
      date_updated: d(h.dateUpdated),
    };
  }
}
