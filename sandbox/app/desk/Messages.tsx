/** A conversation's messages, as the agent's canvas and the customer's panel both show them. */
import React from 'react';
import { Box } from '@twilio-paste/core/box';
import {
  ChatBubble,
  ChatLog,
  ChatMessage,
  ChatMessageMeta,
  ChatMessageMetaItem,
} from '@twilio-paste/core/chat-log';
import { formatDateTime } from '../../../src/time';
import type { DeskConversation, DeskView } from '../../server/live';

export function Messages({
  conversation,
  view,
  outbound,
  label,
}: {
  conversation: DeskConversation;
  view: DeskView;
  /** Which side the reader is on: their own messages go out, the other side's come in. */
  outbound: (message: DeskConversation['messages'][number]) => boolean;
  label: string;
}) {
  const names = new Map(view.workers.map((worker) => [worker.sid, worker.name]));
  return (
    <Box aria-label={label} role="region" data-testid={`history-${conversation.sid}`}>
      <ChatLog>
        {conversation.messages.map((message) => {
          const author = message.workerSid
            ? (names.get(message.workerSid) ?? message.author)
            : conversation.customerName;
          const variant = outbound(message) ? 'outbound' : 'inbound';
          return (
            <ChatMessage variant={variant} key={message.sid}>
              <ChatBubble>{message.body}</ChatBubble>
              <ChatMessageMeta aria-label={`${author}, ${formatDateTime(new Date(message.at))}`}>
                <ChatMessageMetaItem>{author}</ChatMessageMetaItem>
              </ChatMessageMeta>
            </ChatMessage>
          );
        })}
      </ChatLog>
    </Box>
  );
}
