/**
 * The customer's side: start a conversation on a channel, write into it, and see what Twilio did with it (the
 * channel's states, and where a reply after Leave went when Console's custom routing took it).
 */
import React, { useState } from 'react';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Card } from '@twilio-paste/core/card';
import { Heading } from '@twilio-paste/core/heading';
import { Input } from '@twilio-paste/core/input';
import { Label } from '@twilio-paste/core/label';
import { Option, Select } from '@twilio-paste/core/select';
import { Stack } from '@twilio-paste/core/stack';
import { Text } from '@twilio-paste/core/text';
import { template } from '../../../src/strings';
import type { DeskConversation } from '../../server/live';
import { sandboxApi } from '../api';
import { stored } from '../state/stored';
import { channelStateWords, type DeskStrings } from '../strings';
import type { Ctx } from './ctx';
import { Messages } from './Messages';

const CHANNEL_TYPES = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];

export function CustomerPanel({ ctx, onError }: { ctx: Ctx; onError: (error: unknown) => void }) {
  const { view, d } = ctx;
  const [channelType, setChannelType] = useState(() =>
    stored('desk.customer.channel', CHANNEL_TYPES, 'chat'),
  );
  const [name, setName] = useState('Casey Customer');
  const [draft, setDraft] = useState('');
  const [selectedSid, setSelectedSid] = useState<string | null>(() =>
    window.localStorage.getItem('desk.customer.conversation'),
  );
  const select = (sid: string | null) => {
    setSelectedSid(sid);
    if (sid) window.localStorage.setItem('desk.customer.conversation', sid);
    else window.localStorage.removeItem('desk.customer.conversation');
  };
  // A reply to a closed conversation opens its successor: the customer follows it there.
  let selected = view.conversations.find((conversation) => conversation.sid === selectedSid);
  while (selected?.successorSid) {
    const next = selected.successorSid;
    selected = view.conversations.find((conversation) => conversation.sid === next);
  }
  const open = view.conversations.filter((conversation) => conversation.state !== 'closed');
  const send = async (start: boolean) => {
    const body = draft.trim() || 'Hello, I need help';
    setDraft('');
    try {
      if (start || !selected || selected.state === 'closed') {
        window.localStorage.setItem('desk.customer.channel', channelType);
        const started = await sandboxApi.startCustomer(channelType, name.trim() || 'Casey Customer', body);
        select(started.conversationSid);
      } else {
        const sent = await sandboxApi.customerSays(selected.sid, body);
        if (sent.conversationSid !== selected.sid) select(sent.conversationSid);
      }
    } catch (error) {
      onError(error);
    }
  };
  return (
    <Card padding="space50">
      <Box as="section" aria-labelledby="customer-heading">
        <Heading as="h2" variant="heading40" id="customer-heading">
          {d.customer}
        </Heading>
        <Heading as="h3" variant="heading60">
          {d.customerConversations}
        </Heading>
        {open.length === 0 ? (
          <Text as="p" color="colorTextWeak">
            {d.noCustomerConversations}
          </Text>
        ) : (
          <Box display="flex" flexWrap="wrap" columnGap="space30" rowGap="space30" marginBottom="space40">
            {open.map((conversation) => (
              <Button
                key={conversation.sid}
                variant={conversation.sid === selected?.sid ? 'primary' : 'secondary'}
                size="small"
                aria-pressed={conversation.sid === selected?.sid}
                data-testid="customer-conversation"
                data-conversation-sid={conversation.sid}
                onClick={() => select(conversation.sid)}
              >
                {conversation.customerName} · {conversation.channelType}
              </Button>
            ))}
          </Box>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send(!selected || selected.state === 'closed');
          }}
        >
          <Stack orientation="vertical" spacing="space30">
            <Box display="flex" columnGap="space30">
              <Box flexGrow={1}>
                <Label htmlFor="customer-channel">{d.channel}</Label>
                <Select
                  id="customer-channel"
                  value={channelType}
                  onChange={(event) => setChannelType(event.target.value)}
                >
                  {CHANNEL_TYPES.map((type) => (
                    <Option key={type} value={type}>
                      {type}
                    </Option>
                  ))}
                </Select>
              </Box>
              <Box flexGrow={1}>
                <Label htmlFor="customer-name">{d.customerName}</Label>
                <Input
                  type="text"
                  id="customer-name"
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                />
              </Box>
            </Box>
            <Box>
              <Label htmlFor="customer-message">{d.customerMessage}</Label>
              <Input
                type="text"
                id="customer-message"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
            </Box>
            <Stack orientation="horizontal" spacing="space30">
              {selected && selected.state !== 'closed' && (
                <Button type="submit" variant="primary">
                  {d.sendAsCustomer}
                </Button>
              )}
              {selected && selected.state !== 'closed' && (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => void sandboxApi.customerCloses(selected.sid).catch(onError)}
                >
                  {d.endChatAsCustomer}
                </Button>
              )}
              <Button type="button" variant="secondary" onClick={() => void send(true)}>
                {d.startConversation}
              </Button>
            </Stack>
          </Stack>
        </form>
        {selected && (
          <Box marginTop="space40">
            <Text as="p" color="colorTextWeak" data-testid="channel-status">
              {template(d.channelStatus, { status: channelStateWords(d, selected.channelStatus) })} (
              {selected.channelHistory.map((entry) => channelStateWords(d, entry.status)).join(' → ')})
            </Text>
            <CustomRoutedReply conversation={selected} d={d} />
            <Messages
              conversation={selected}
              view={view}
              outbound={(message) => message.workerSid === null}
              label={`${d.customer}: ${d.messages}`}
            />
          </Box>
        )}
      </Box>
    </Card>
  );
}

/** The latest reply after Leave that Console's custom routing sent away from Flex (no task), if any. */
function CustomRoutedReply({ conversation, d }: { conversation: DeskConversation; d: DeskStrings }) {
  const latest = conversation.customRouted.at(-1);
  if (!latest) return null;
  return (
    <Text as="p" marginTop="space20" data-testid="reply-routing" data-target={latest.target}>
      {template(latest.target === 'studio' ? d.replyWentToStudio : d.replyWentToWebhook, {
        destination: latest.destination,
      })}
    </Text>
  );
}
