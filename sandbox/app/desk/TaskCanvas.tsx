/**
 * The open conversation, as Flex's task canvas shows it: a live task with Leave, Pause and End task and the
 * agent's reply box, or a paused one, read-only, with its countdown and Resume.
 */
import React, { useState } from 'react';
import { Badge } from '@twilio-paste/core/badge';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Heading } from '@twilio-paste/core/heading';
import { Input } from '@twilio-paste/core/input';
import { Label } from '@twilio-paste/core/label';
import { Stack } from '@twilio-paste/core/stack';
import { Text } from '@twilio-paste/core/text';
import {
  LeaveButton,
  LivePauseCountdownBadge,
  PauseButton,
  PausedTaskNotice,
  ResumeButton,
} from '../../../src/components';
import { template } from '../../../src/strings';
import { formatDateTime } from '../../../src/time';
import type { DeskTask } from '../../server/live';
import { sandboxApi } from '../api';
import type { AgentDesk } from '../state/agent-desk';
import type { Operation } from '../state/useDeskActions';
import type { Ctx } from './ctx';
import { Messages } from './Messages';

export function TaskCanvas({
  ctx,
  desk,
  conversationSid,
  run,
  onAccept,
  onComplete,
}: {
  ctx: Ctx;
  desk: AgentDesk;
  conversationSid: string | null;
  run: (operation: Operation, conversationSid: string, taskSid: string) => Promise<void>;
  onAccept: (task: DeskTask) => void;
  onComplete: (task: DeskTask) => void;
}) {
  const { view, config, me, d, s, locale } = ctx;
  const [draft, setDraft] = useState('');
  const conversation = desk.conversation(conversationSid);
  const task = conversationSid ? desk.liveTaskOn(conversationSid) : undefined;
  const paused = conversationSid ? desk.pausedOn(conversationSid) : undefined;
  if (!conversation || (!task && !paused)) {
    return (
      <Box padding="space60" data-testid="task-canvas-empty">
        <Text as="p" color="colorTextWeak">
          {d.noConversation}
        </Text>
      </Box>
    );
  }
  const header = (
    <Heading as="h2" variant="heading40" marginBottom="space0">
      <span tabIndex={-1} data-focus="canvas-heading">
        {conversation.customerName}
      </span>{' '}
      <Badge as="span" variant="neutral">
        {paused ? paused.channel : (task?.channel ?? conversation.channelType)}
      </Badge>
    </Heading>
  );
  const messages = (
    <Messages
      conversation={conversation}
      view={view}
      outbound={(message) => message.workerSid === me}
      label={d.messages}
    />
  );
  if (paused && (!task || task.status === 'wrapping')) {
    return (
      <Box data-testid="task-canvas" padding="space40">
        <Box display="flex" alignItems="center" columnGap="space40" flexWrap="wrap" paddingBottom="space30">
          {header}
          <span data-testid="canvas-badge">
            <LivePauseCountdownBadge reassignAt={paused.reassignAt} strings={s} locale={locale} />
          </span>
          {task?.status === 'wrapping' && (
            <Button variant="secondary" size="small" onClick={() => onComplete(task)}>
              {d.completeWrapUp}
            </Button>
          )}
        </Box>
        <PausedTaskNotice
          label={s.LeavePausePausedLabel}
          pausedAtText={
            paused.pausedAt
              ? template(s.LeavePausePausedAt, { time: formatDateTime(paused.pausedAt, locale) })
              : undefined
          }
        />
        {messages}
        <Text as="p" color="colorTextWeak" marginBottom="space30">
          {d.readOnlyPaused}
        </Text>
        {config.pauseEnabled && (
          <ResumeButton
            fullWidth
            label={s.LeavePauseResumeButton}
            busyLabel={s.LeavePauseResumeBusy}
            onResume={() => run('resume', paused.conversationSid, paused.taskSid)}
            unavailableReason={ctx.unavailableReason}
          />
        )}
      </Box>
    );
  }
  if (!task) return null;
  return (
    <Box data-testid="task-canvas" padding="space40">
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        columnGap="space40"
        paddingBottom="space30"
        borderBottomStyle="solid"
        borderBottomWidth="borderWidth10"
        borderBottomColor="colorBorderWeaker"
      >
        {header}
        <Stack orientation="horizontal" spacing="space30">
          {task.status === 'reserved' && task.reservationSid && (
            <Button variant="primary" size="small" onClick={() => onAccept(task)}>
              {d.accept}
            </Button>
          )}
          {task.status === 'assigned' && config.leaveEnabled && (
            <LeaveButton
              label={s.LeavePauseLeaveButton}
              busyLabel={s.LeavePauseLeaveBusy}
              onLeave={() => run('leave', conversation.sid, task.sid)}
              unavailableReason={ctx.unavailableReason}
            />
          )}
          {task.status === 'assigned' && config.pauseEnabled && (
            <PauseButton
              label={s.LeavePausePauseButton}
              busyLabel={s.LeavePausePauseBusy}
              onPause={() => run('pause', conversation.sid, task.sid)}
              unavailableReason={ctx.unavailableReason}
            />
          )}
          {(task.status === 'assigned' || task.status === 'wrapping') && (
            <Button variant="destructive" size="small" onClick={() => onComplete(task)}>
              {task.status === 'wrapping' ? d.completeWrapUp : d.endTask}
            </Button>
          )}
        </Stack>
      </Box>
      {messages}
      {task.status === 'assigned' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (draft.trim()) {
              void sandboxApi.agentSays(conversation.sid, me, draft.trim());
              setDraft('');
            }
          }}
        >
          <Box display="flex" columnGap="space30" alignItems="flex-end">
            <Box flexGrow={1}>
              <Label htmlFor="agent-message">{d.agentMessage}</Label>
              <Input
                type="text"
                id="agent-message"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
            </Box>
            <Button type="submit" variant="primary">
              {d.send}
            </Button>
          </Box>
        </form>
      )}
    </Box>
  );
}
