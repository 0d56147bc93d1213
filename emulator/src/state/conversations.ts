import { Params } from '../params';
import { ApiError, badRequest, newSid, notFound, parseJsonObject, type JsonObject } from '../util';
import type { ConvParticipant, Conversation, ConversationState, Message, ScopedWebhook } from './types';
import type { World } from './world';

/** Parses the ISO 8601 durations Conversations timers take (e.g. PT10M, P90D). */
export function parseIsoDuration(raw: string, name: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(raw);
  if (!m || raw === 'P' || raw.endsWith('T'))
    throw badRequest(`Invalid parameter ${name}: '${raw}' is not an ISO 8601 duration`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

export class ConversationsService {
  /** Called when a conversation closes, so Flex can close the interaction channel. */
  onClosed: (conv: Conversation) => void = () => undefined;

  constructor(private readonly world: World) {}

  conversation(ref: string): Conversation {
    const c =
      this.world.conversations.get(ref) ??
      [...this.world.conversations.values()].find((x) => x.uniqueName === ref);
    if (!c) throw notFound(`Conversation ${ref}`);
    return c;
  }

  create(p: Params): Conversation {
    const now = this.world.now();
    const uniqueName = p.str('UniqueName') ?? null;
    if (uniqueName && [...this.world.conversations.values()].some((c) => c.uniqueName === uniqueName)) {
      throw new ApiError(409, 50353, `Conversation with provided unique name already exists`);
    }
    if (p.has('Attributes')) parseJsonObject(p.str('Attributes'), 'Attributes');
    const conv: Conversation = {
      sid: newSid('CH'),
      friendlyName: p.str('FriendlyName') ?? null,
      uniqueName,
      attributes: p.str('Attributes') ?? '{}',
      state: (p.str('State') as ConversationState | undefined) ?? 'active',
      messagingServiceSid: p.str('MessagingServiceSid') ?? null,
      chatServiceSid: this.world.chatServiceSid,
      dateCreated: now,
      dateUpdated: now,
      dateInactive: null,
      dateClosed: null,
      interactionSid: null,
      channelSid: null,
      channelType: null,
      customerIdentity: null,
      successorSid: null,
      nextMessageIndex: 0,
    };
    this.world.conversations.set(conv.sid, conv);
    this.applyTimers(conv, p);
    return conv;
  }

  private applyTimers(conv: Conversation, p: Params): void {
    const closed = p.str('Timers.Closed');
    if (closed !== undefined)
      this.scheduleClose(conv, this.world.now() + parseIsoDuration(closed, 'Timers.Closed'));
    const inactive = p.str('Timers.Inactive');
    if (inactive !== undefined) {
      const at = this.world.now() + parseIsoDuration(inactive, 'Timers.Inactive');
      this.world.clock.cancel(conv.inactiveTimer);
      conv.dateInactive = at;
      conv.inactiveTimer = this.world.clock.schedule(at, () => {
        conv.inactiveTimer = undefined;
        if (conv.state === 'active') this.setState(conv, 'inactive');
      });
    }
  }

  scheduleClose(conv: Conversation, at: number): void {
    this.world.clock.cancel(conv.closeTimer);
    conv.dateClosed = at;
    conv.closeTimer = this.world.clock.schedule(at, () => {
      conv.closeTimer = undefined;
      if (conv.state !== 'closed') this.setState(conv, 'closed');
    });
  }

  setState(conv: Conversation, state: ConversationState): void {
    if (conv.state === 'closed' && state !== 'closed') {
      throw badRequest(`Invalid parameter State: Conversation ${conv.sid} is closed and cannot be reopened`);
    }
    if (conv.state === state) return;
    const from = conv.state;
    conv.state = state;
    this.fireScopedWebhooks(conv, 'onConversationStateUpdated', {
      StateFrom: from,
      StateTo: state,
      Reason: 'API',
    });
    conv.dateUpdated = this.world.now();
    if (state === 'closed') {
      this.world.clock.cancel(conv.closeTimer);
      this.world.clock.cancel(conv.inactiveTimer);
      conv.closeTimer = undefined;
      conv.inactiveTimer = undefined;
      this.onClosed(conv);
    }
  }

  update(ref: string, p: Params): Conversation {
    const conv = this.conversation(ref);
    if (p.has('Attributes')) {
      parseJsonObject(p.str('Attributes'), 'Attributes');
      conv.attributes = p.str('Attributes') ?? '{}';
    }
    if (p.has('FriendlyName')) conv.friendlyName = p.str('FriendlyName') ?? null;
    if (p.has('UniqueName')) conv.uniqueName = p.str('UniqueName') || null;
    if (p.has('MessagingServiceSid')) conv.messagingServiceSid = p.str('MessagingServiceSid') ?? null;
    this.applyTimers(conv, p);
    if (p.has('State')) this.setState(conv, p.str('State') as ConversationState);
    conv.dateUpdated = this.world.now();
    return conv;
  }

  delete(ref: string): void {
    const conv = this.conversation(ref);
    this.fireScopedWebhooks(conv, 'onConversationRemoved', {
      State: conv.state,
      DateCreated: new Date(conv.dateCreated).toISOString(),
    });
    this.world.clock.cancel(conv.closeTimer);
    this.world.clock.cancel(conv.inactiveTimer);
    this.world.conversations.delete(conv.sid);
    for (const m of [this.world.messages, this.world.convParticipants, this.world.webhooks] as Map<
      string,
      { conversationSid: string }
    >[]) {
      for (const [k, v] of m) if (v.conversationSid === conv.sid) m.delete(k);
    }
  }

  messages(conv: Conversation): Message[] {
    return [...this.world.messages.values()]
      .filter((m) => m.conversationSid === conv.sid)
      .sort((a, b) => a.index - b.index);
  }

  /**
   * `webhooks`: whether Conversations fires webhooks for this message. A message from a device or an SDK does;
   * one created through the REST API does only with `X-Twilio-Webhook-Enabled: true` (the route decides).
   */
  addMessage(ref: string, p: Params, webhooks = true): Message {
    const conv = this.conversation(ref);
    if (conv.state === 'closed') throw new ApiError(409, 50446, `Conversation ${conv.sid} is closed`);
    if (p.has('Attributes')) parseJsonObject(p.str('Attributes'), 'Attributes');
    const author = p.str('Author') ?? 'system';
    const participant = this.participants(conv).find(
      (x) => x.identity === author || x.messagingBinding?.address === author,
    );
    const now = this.world.now();
    const msg: Message = {
      sid: newSid('IM'),
      conversationSid: conv.sid,
      index: conv.nextMessageIndex++,
      author,
      body: p.str('Body') ?? null,
      attributes: p.str('Attributes') ?? '{}',
      participantSid: participant?.sid ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.messages.set(msg.sid, msg);
    conv.dateUpdated = now;
    if (webhooks) {
      this.fireScopedWebhooks(conv, 'onMessageAdded', {
        MessageSid: msg.sid,
        Index: String(msg.index),
        Author: msg.author,
        Body: msg.body ?? '',
        Attributes: msg.attributes,
        DateCreated: new Date(now).toISOString(),
        ...(msg.participantSid ? { ParticipantSid: msg.participantSid } : {}),
      });
    }
    // A message wakes an inactive conversation up, as in Conversations.
    if (conv.state === 'inactive') this.setState(conv, 'active');
    return msg;
  }

  message(conv: Conversation, sid: string): Message {
    const m = this.world.messages.get(sid);
    if (!m || m.conversationSid !== conv.sid) throw notFound(`Message ${sid}`);
    return m;
  }

  participants(conv: Conversation): ConvParticipant[] {
    return [...this.world.convParticipants.values()].filter((x) => x.conversationSid === conv.sid);
  }

  participant(conv: Conversation, ref: string): ConvParticipant {
    const found = this.participants(conv).find((x) => x.sid === ref || x.identity === ref);
    if (!found) throw notFound(`Participant ${ref}`);
    return found;
  }

  addParticipant(ref: string, p: Params): ConvParticipant {
    const conv = this.conversation(ref);
    const identity = p.str('Identity') ?? null;
    const address = p.str('MessagingBinding.Address');
    if (!identity && !address)
      throw badRequest('Missing required parameter Identity or MessagingBinding.Address');
    if (identity && this.participants(conv).some((x) => x.identity === identity)) {
      throw new ApiError(409, 50433, `Participant already exists: ${identity}`);
    }
    if (p.has('Attributes')) parseJsonObject(p.str('Attributes'), 'Attributes');
    const now = this.world.now();
    let binding: JsonObject | null = null;
    if (address) {
      binding = { type: address.startsWith('whatsapp:') ? 'whatsapp' : 'sms', address };
      const proxy = p.str('MessagingBinding.ProxyAddress');
      if (proxy) binding.proxy_address = proxy;
    }
    const part: ConvParticipant = {
      sid: newSid('MB'),
      conversationSid: conv.sid,
      identity,
      attributes: p.str('Attributes') ?? '{}',
      messagingBinding: binding,
      roleSid: p.str('RoleSid') ?? null,
      lastReadMessageIndex: null,
      lastReadTimestamp: null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.convParticipants.set(part.sid, part);
    return part;
  }

  updateParticipant(ref: string, sid: string, p: Params): ConvParticipant {
    const conv = this.conversation(ref);
    const part = this.participant(conv, sid);
    if (p.has('Attributes')) {
      parseJsonObject(p.str('Attributes'), 'Attributes');
      part.attributes = p.str('Attributes') ?? '{}';
    }
    if (p.has('Identity')) part.identity = p.str('Identity') ?? null;
    if (p.has('RoleSid')) part.roleSid = p.str('RoleSid') ?? null;
    if (p.has('LastReadMessageIndex')) part.lastReadMessageIndex = p.int('LastReadMessageIndex') ?? null;
    if (p.has('LastReadTimestamp')) part.lastReadTimestamp = p.str('LastReadTimestamp') ?? null;
    part.dateUpdated = this.world.now();
    return part;
  }

  removeParticipant(ref: string, sid: string): void {
    const conv = this.conversation(ref);
    const part = this.participant(conv, sid);
    this.dropParticipant(part.sid);
  }

  /** Removes a participant (the REST delete, or Flex taking an agent out) and fires onParticipantRemoved. */
  dropParticipant(sid: string): void {
    const part = this.world.convParticipants.get(sid);
    if (!part) return;
    this.world.convParticipants.delete(sid);
    const conv = this.world.conversations.get(part.conversationSid);
    if (!conv) return;
    this.fireScopedWebhooks(conv, 'onParticipantRemoved', {
      ParticipantSid: part.sid,
      ...(part.identity ? { Identity: part.identity } : {}),
      ...(typeof part.messagingBinding?.address === 'string'
        ? { 'MessagingBinding.Address': part.messagingBinding.address }
        : {}),
    });
  }

  /**
   * Conversation-scoped webhooks (Target=webhook) whose Filters name the event: a signed, form-encoded POST
   * of the event's fields, queued behind the request that caused it (Conversations' post-event webhooks).
   * Twilio documents the event fields per event; WebhookSid names which of the conversation's webhooks fired.
   */
  private fireScopedWebhooks(conv: Conversation, eventType: string, fields: Record<string, string>): void {
    for (const hook of this.webhooks(conv)) {
      if (hook.target !== 'webhook' || !hook.url || !hook.filters.includes(eventType)) continue;
      this.world.deliveries.enqueue(
        hook.url,
        eventType,
        {
          EventType: eventType,
          AccountSid: this.world.accountSid,
          ChatServiceSid: this.world.chatServiceSid,
          ConversationSid: conv.sid,
          WebhookSid: hook.sid,
          Source: 'SDK',
          RetryCount: '0',
          ...fields,
        },
        this.world.nowIso(),
      );
    }
  }

  webhooks(conv: Conversation): ScopedWebhook[] {
    return [...this.world.webhooks.values()].filter((w) => w.conversationSid === conv.sid);
  }

  webhook(conv: Conversation, sid: string): ScopedWebhook {
    const w = this.world.webhooks.get(sid);
    if (!w || w.conversationSid !== conv.sid) throw notFound(`Webhook ${sid}`);
    return w;
  }

  addWebhook(ref: string, p: Params): ScopedWebhook {
    const conv = this.conversation(ref);
    const target = p.str('Target') as ScopedWebhook['target'];
    if (target === 'webhook' && !p.str('Configuration.Url')) {
      throw badRequest('Missing required parameter Configuration.Url for Target=webhook');
    }
    if (target === 'studio' && !p.str('Configuration.FlowSid')) {
      throw badRequest('Missing required parameter Configuration.FlowSid for Target=studio');
    }
    if (target === 'trigger' && !p.str('Configuration.Url')) {
      throw badRequest('Missing required parameter Configuration.Url for Target=trigger');
    }
    const now = this.world.now();
    const wh: ScopedWebhook = {
      sid: newSid('WH'),
      conversationSid: conv.sid,
      target,
      url: p.str('Configuration.Url') ?? null,
      method: (p.str('Configuration.Method') ?? 'post').toUpperCase(),
      filters: p.all('Configuration.Filters'),
      triggers: p.all('Configuration.Triggers'),
      flowSid: p.str('Configuration.FlowSid') ?? null,
      replayAfter: p.int('Configuration.ReplayAfter') ?? null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.world.webhooks.set(wh.sid, wh);
    return wh;
  }

  updateWebhook(ref: string, sid: string, p: Params): ScopedWebhook {
    const wh = this.webhook(this.conversation(ref), sid);
    if (p.has('Configuration.Url')) wh.url = p.str('Configuration.Url') ?? null;
    if (p.has('Configuration.Method')) wh.method = (p.str('Configuration.Method') ?? 'post').toUpperCase();
    if (p.has('Configuration.Filters')) wh.filters = p.all('Configuration.Filters');
    if (p.has('Configuration.Triggers')) wh.triggers = p.all('Configuration.Triggers');
    if (p.has('Configuration.FlowSid')) wh.flowSid = p.str('Configuration.FlowSid') ?? null;
    wh.dateUpdated = this.world.now();
    return wh;
  }

  deleteWebhook(ref: string, sid: string): void {
    const wh = this.webhook(this.conversation(ref), sid);
    this.world.webhooks.delete(wh.sid);
  }
}
