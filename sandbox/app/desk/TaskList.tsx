/**
 * The agent's task list, as Flex shows it: live tasks (with Accept for an incoming one), then the conversations
 * they paused, each with its countdown to the pause limit.
 */
import React from 'react';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Heading } from '@twilio-paste/core/heading';
import { Stack } from '@twilio-paste/core/stack';
import { Text } from '@twilio-paste/core/text';
import { LivePauseCountdownBadge } from '../../../src/components';
import type { DeskTask } from '../../server/live';
import type { AgentDesk } from '../state/agent-desk';
import type { DeskStrings } from '../strings';
import type { Ctx } from './ctx';

function statusWord(task: DeskTask, d: DeskStrings): string {
  const words: Record<string, string> = {
    pending: d.pending,
    reserved: d.reserved,
    assigned: d.assigned,
    wrapping: d.wrapping,
  };
  return words[task.status] ?? task.status;
}

export function TaskList({
  ctx,
  desk,
  selected,
  onSelect,
  onAccept,
}: {
  ctx: Ctx;
  desk: AgentDesk;
  selected: string | null;
  onSelect: (conversationSid: string) => void;
  onAccept: (task: DeskTask) => void;
}) {
  const { d, s, locale } = ctx;
  const empty = desk.liveTasks.length === 0 && desk.paused.length === 0;
  return (
    <Box as="nav" aria-label={d.taskList} data-testid="task-list" padding="space30">
      <Heading as="h2" variant="heading50">
        {d.taskList}
      </Heading>
      {empty && (
        <Text as="p" color="colorTextWeak">
          {d.noTasks}
        </Text>
      )}
      <Stack orientation="vertical" spacing="space30">
        {desk.liveTasks.map((task) => {
          const conversation = desk.conversation(task.conversationSid);
          const sid = task.conversationSid ?? task.sid;
          return (
            <Box
              key={task.sid}
              data-testid="task-item"
              data-task-sid={task.sid}
              data-status={task.status}
              borderStyle="solid"
              borderWidth="borderWidth10"
              borderColor={selected === sid ? 'colorBorderPrimary' : 'colorBorderWeak'}
              borderRadius="borderRadius20"
              padding="space30"
              backgroundColor="colorBackgroundBody"
            >
              <Button
                variant="reset"
                size="reset"
                fullWidth
                aria-pressed={selected === sid}
                data-focus={`live:${sid}`}
                onClick={() => onSelect(sid)}
              >
                <Box textAlign="left" width="100%">
                  <Text as="span" fontWeight="fontWeightSemibold">
                    {conversation?.customerName ?? task.customerName ?? d.customer}
                  </Text>
                  <Text as="span" color="colorTextWeak" fontSize="fontSize20">
                    {' '}
                    · {task.channel} · {statusWord(task, d)}
                  </Text>
                </Box>
              </Button>
              {task.status === 'reserved' && task.reservationSid && (
                <Box marginTop="space20">
                  <Button variant="primary" size="small" onClick={() => onAccept(task)}>
                    {d.accept}
                  </Button>
                </Box>
              )}
            </Box>
          );
        })}
      </Stack>
      {desk.paused.length > 0 && (
        <Box marginTop="space40">
          <Heading as="h3" variant="heading60">
            {d.pausedSection}
          </Heading>
          <Stack orientation="vertical" spacing="space30">
            {desk.paused.map((entry) => (
              <Box
                key={entry.conversationSid}
                data-testid="task-item"
                data-task-sid={entry.taskSid}
                data-conversation-sid={entry.conversationSid}
                data-status="paused"
                borderStyle="solid"
                borderWidth="borderWidth10"
                borderColor={selected === entry.conversationSid ? 'colorBorderPrimary' : 'colorBorderWeak'}
                borderRadius="borderRadius20"
                padding="space30"
                backgroundColor="colorBackgroundWeak"
              >
                <Button
                  variant="reset"
                  size="reset"
                  fullWidth
                  aria-pressed={selected === entry.conversationSid}
                  data-focus={`paused:${entry.conversationSid}`}
                  onClick={() => onSelect(entry.conversationSid)}
                >
                  <Box textAlign="left" width="100%">
                    <Text as="span" fontWeight="fontWeightSemibold">
                      {entry.customerName}
                    </Text>
                    <Text as="span" color="colorTextWeak" fontSize="fontSize20">
                      {' '}
                      · {entry.channel} · {d.paused}
                    </Text>
                  </Box>
                </Button>
                <Box marginTop="space20" data-testid="task-badge">
                  <LivePauseCountdownBadge reassignAt={entry.reassignAt} strings={s} locale={locale} />
                </Box>
              </Box>
            ))}
          </Stack>
        </Box>
      )}
    </Box>
  );
}
