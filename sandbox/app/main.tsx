/**
 * The sandbox desk: a Flex-like agent desktop built from Paste around the plugin's own components, driven by
 * the state the server pushes. Everything it shows is derived from that state, for the agent being played:
 * nothing is remembered from a click that the state does not confirm.
 */
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import ReactDOM from 'react-dom';
import { Alert } from '@twilio-paste/core/alert';
import { Badge } from '@twilio-paste/core/badge';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Card } from '@twilio-paste/core/card';
import {
  ChatBubble,
  ChatLog,
  ChatMessage,
  ChatMessageMeta,
  ChatMessageMetaItem,
} from '@twilio-paste/core/chat-log';
import { Checkbox } from '@twilio-paste/core/checkbox';
import { Heading } from '@twilio-paste/core/heading';
import { Input } from '@twilio-paste/core/input';
import { Label } from '@twilio-paste/core/label';
import { Option, Select } from '@twilio-paste/core/select';
import { Stack } from '@twilio-paste/core/stack';
import { Text } from '@twilio-paste/core/text';
import { DarkModeIcon } from '@twilio-paste/icons/esm/DarkModeIcon';
import { LightModeIcon } from '@twilio-paste/icons/esm/LightModeIcon';
import {
  LeaveButton,
  LeavePauseThemeProvider,
  LivePauseCountdownBadge,
  PauseButton,
  PausedTaskNotice,
  PausedWorkList,
  ResumeButton,
} from '../../src/components';
import {
  BackendError,
  createBackendClient,
  newIdempotencyKey,
  type BackendClient,
} from '../../src/backend/client';
import { createReachability } from '../../src/backend/reachability';
import { checkReminders, dismissReminder, type ReminderId } from '../../src/reminders';
import {
  followResumedConversation,
  resumedConversationOf,
  type ArrivingReservation,
  type ReservationFeed,
} from '../../src/resume';
import { CONFIRM_DELAYS_MS, failureText } from '../../src/actions';
import { getStrings, template, type Strings } from '../../src/strings';
import { formatDateTime, getSharedTicker, useServerNow } from '../../src/time';
import type { DeskConversation, DeskTask, DeskView } from '../server/live';
import { sandboxApi, type JumpTarget, type LeaveRoutingKind, type SandboxConfig } from './api';
import { useLiveView } from './live';
import { toPausedItem, usePausedRecords } from './paused';
import { DESK_STRINGS, channelStateWords, type DeskStrings } from './strings';
import { DeskTheme, type ThemeName } from './theme';

type Language = 'en' | 'es';
type Operation = 'leave' | 'pause' | 'resume';

/** The Functions stop at 10 s; the page gives up before that and then re-reads the real state. */
const BACKEND_TIMEOUT_MS = 8000;
const LIVE_TASK_STATUSES = new Set(['reserved', 'assigned', 'wrapping']);
const CHANNEL_TYPES = ['chat', 'sms', 'whatsapp', 'messenger', 'email'];

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const value = window.localStorage.getItem(key);
  return allowed.includes(value as T) ? (value as T) : fallback;
}

// ---------------------------------------------------------------------------------------------------------
// What the played agent has, derived from the pushed state.

/** A conversation the agent paused: on the new engine the channel is `pause`; on the old one a task is. */
interface PausedEntry {
  conversationSid: string;
  /** What Resume names: the paused task. */
  taskSid: string;
  customerName: string;
  channel: string;
  pausedAt?: Date;
  reassignAt: Date;
}

interface LegacyPause {
  state?: string;
  pausedAt?: string;
  reassignAt?: string;
  originalTaskChannel?: string;
}

const legacyPauseOf = (task: DeskTask): LegacyPause => (task.attributes.leavePause ?? {}) as LegacyPause;
const isLegacyPaused = (task: DeskTask) => legacyPauseOf(task).state === 'paused';

interface AgentDesk {
  liveTasks: DeskTask[];
  paused: PausedEntry[];
  conversation: (sid: string | null | undefined) => DeskConversation | undefined;
  liveTaskOn: (conversationSid: string) => DeskTask | undefined;
  pausedOn: (conversationSid: string) => PausedEntry | undefined;
}

function deskFor(view: DeskView, workerSid: string): AgentDesk {
  const conversations = new Map(view.conversations.map((conversation) => [conversation.sid, conversation]));
  const mine = view.tasks
    .filter((task) => task.workerSid === workerSid)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const liveTasks = mine.filter((task) => LIVE_TASK_STATUSES.has(task.status) && !isLegacyPaused(task));
  const paused: PausedEntry[] = [];
  for (const conversation of view.conversations) {
    if (conversation.pausedBy !== workerSid || !conversation.statusTimeout) continue;
    const pausedTask = mine.filter((task) => task.conversationSid === conversation.sid).at(-1);
    const pausedAt = [...conversation.channelHistory].reverse().find((entry) => entry.status === 'pause');
    paused.push({
      conversationSid: conversation.sid,
      taskSid: pausedTask?.sid ?? '',
      customerName: conversation.customerName,
      channel: conversation.channelType,
      pausedAt: pausedAt ? new Date(pausedAt.at) : undefined,
      reassignAt: new Date(conversation.statusTimeout),
    });
  }
  for (const task of mine) {
    const record = legacyPauseOf(task);
    if (
      task.status !== 'assigned' ||
      record.state !== 'paused' ||
      !record.reassignAt ||
      !task.conversationSid
    )
      continue;
    paused.push({
      conversationSid: task.conversationSid,
      taskSid: task.sid,
      customerName: conversations.get(task.conversationSid)?.customerName ?? task.customerName ?? '',
      channel: record.originalTaskChannel ?? task.channel,
      pausedAt: record.pausedAt ? new Date(record.pausedAt) : undefined,
      reassignAt: new Date(record.reassignAt),
    });
  }
  paused.sort((a, b) => a.reassignAt.getTime() - b.reassignAt.getTime());
  return {
    liveTasks,
    paused,
    conversation: (sid) => (sid ? conversations.get(sid) : undefined),
    liveTaskOn: (sid) => liveTasks.filter((task) => task.conversationSid === sid).at(-1),
    pausedOn: (sid) => paused.find((entry) => entry.conversationSid === sid),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Messages that stay only while they are true.

/** What must stay true for a message to stay on screen. */
type Holds =
  | { kind: 'paused' | 'live' | 'left'; conversationSid: string }
  | { kind: 'unchanged'; conversationSid: string | null; signature: string };

interface DeskNote {
  id: number;
  workerSid: string;
  variant: 'neutral' | 'error';
  /** Worded at render time, so a notice speaks the language chosen now, not the one it was made in. */
  say: (d: DeskStrings, s: Strings) => string;
  holds: Holds;
  createdAt: number;
  /** Seen true once; until then a short grace covers the push that confirms the action. */
  established: boolean;
}

const NOTE_GRACE_MS = 4000;
/** Like Flex's notifications: a few at most on screen, newest first; information ones leave by themselves. */
const MAX_NOTES_SHOWN = 3;
const INFO_NOTE_LIFETIME_MS = 8000;
/** How long focus waits for the pushed state to show an action's result before going to the message. */
const FOCUS_WAIT_MS = 3000;

function signatureOf(view: DeskView, workerSid: string, conversationSid: string | null): string {
  const desk = deskFor(view, workerSid);
  const conversation = desk.conversation(conversationSid);
  return JSON.stringify([
    conversation?.channelStatus,
    conversationSid ? desk.liveTaskOn(conversationSid)?.sid : desk.liveTasks.map((task) => task.sid),
    conversationSid ? desk.pausedOn(conversationSid)?.reassignAt.getTime() : desk.paused.length,
  ]);
}

function holdsNow(view: DeskView, note: DeskNote): boolean {
  const desk = deskFor(view, note.workerSid);
  const { holds } = note;
  switch (holds.kind) {
    case 'paused':
      return desk.pausedOn(holds.conversationSid) !== undefined;
    case 'live':
      return desk.liveTaskOn(holds.conversationSid)?.status === 'assigned';
    case 'left':
      return (
        desk.conversation(holds.conversationSid)?.channelStatus === 'inactive' &&
        !desk.liveTaskOn(holds.conversationSid)
      );
    case 'unchanged':
      return signatureOf(view, note.workerSid, holds.conversationSid) === holds.signature;
  }
}

/** The worker's reservations as the plugin's Resume follow-up reads them (Flex's store, in the plugin). */
function reservationsOf(view: DeskView, workerSid: string): ArrivingReservation[] {
  return view.tasks.flatMap((task) =>
    task.workerSid === workerSid && task.reservationSid && task.reservationStatus
      ? [
          {
            reservationSid: task.reservationSid,
            taskSid: task.sid,
            status: task.reservationStatus,
            conversationSid: task.conversationSid ?? undefined,
            channelSid:
              typeof task.attributes.flexInteractionChannelSid === 'string'
                ? task.attributes.flexInteractionChannelSid
                : undefined,
          },
        ]
      : [],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Pieces of the desk.

function Messages({
  conversation,
  view,
  outbound,
  label,
}: {
  conversation: DeskConversation;
  view: DeskView;
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

function statusWord(task: DeskTask, d: DeskStrings): string {
  const words: Record<string, string> = {
    pending: d.pending,
    reserved: d.reserved,
    assigned: d.assigned,
    wrapping: d.wrapping,
  };
  return words[task.status] ?? task.status;
}

interface Ctx {
  view: DeskView;
  config: SandboxConfig;
  me: string;
  d: DeskStrings;
  s: Strings;
  locale: string;
  /** The Functions can't be reached: Leave, Pause and Resume are disabled with this reason. */
  unavailableReason?: string;
}

function TaskList({
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

function TaskCanvas({
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

function CustomerPanel({ ctx, onError }: { ctx: Ctx; onError: (error: unknown) => void }) {
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

function DemoControls({
  ctx,
  jumpFor,
  onError,
}: {
  ctx: Ctx;
  jumpFor: { conversationSid: string; customerName: string } | undefined;
  onError: (error: unknown) => void;
}) {
  const { view, d } = ctx;
  const [seconds, setSeconds] = useState('3600');
  const act = (run: () => Promise<unknown>) => void run().catch(onError);
  /**
   * A jump moves the one shared clock (Twilio's): every other paused conversation moves with it. Before a jump
   * that would take another past its limit, the desk names them and asks; a person expects a demo jump to touch
   * only the conversation it follows, so it never does that silently.
   */
  const [armed, setArmed] = useState<{ to: JumpTarget; customers: string[] } | null>(null);
  const JUMP_OFFSETS_MS: Record<JumpTarget, number> = { '24h': -24 * 3600_000, '1h': -3600_000, past: 1000 };
  const wouldExpire = (to: JumpTarget): string[] => {
    const followed = view.conversations.find((c) => c.sid === jumpFor?.conversationSid);
    const deadline = Date.parse(followed?.statusTimeout ?? '');
    if (Number.isNaN(deadline)) return [];
    const clockAfter = deadline + JUMP_OFFSETS_MS[to];
    return view.conversations
      .filter((c) => c.sid !== followed?.sid && c.channelStatus === 'pause' && c.statusTimeout)
      .filter((c) => Date.parse(c.statusTimeout ?? '') <= clockAfter)
      .map((c) => c.customerName);
  };
  const jumpNow = (to: JumpTarget) => {
    setArmed(null);
    act(() => sandboxApi.jump(to, jumpFor?.conversationSid));
  };
  const jump = (to: JumpTarget) => {
    const customers = wouldExpire(to);
    if (customers.length > 0) setArmed({ to, customers });
    else jumpNow(to);
  };
  return (
    <Card padding="space50">
      <Box as="section" aria-labelledby="demo-heading">
        <Heading as="h2" variant="heading50" id="demo-heading">
          {d.demo}
        </Heading>
        <Stack orientation="vertical" spacing="space40">
          <Box>
            <Label htmlFor="next-agent">{d.nextAgent}</Label>
            <Select
              id="next-agent"
              value={view.nextAgentSid ?? ''}
              onChange={(event) => act(() => sandboxApi.setNextAgent(event.target.value || null))}
            >
              <Option value="">{d.anyone}</Option>
              {view.workers.map((worker) => (
                <Option key={worker.sid} value={worker.sid}>
                  {worker.name}
                </Option>
              ))}
            </Select>
          </Box>
          <Box>
            <Label htmlFor="leave-routing">{d.leaveRouting}</Label>
            <Select
              id="leave-routing"
              value={view.leaveRouting}
              onChange={(event) =>
                act(() => sandboxApi.setLeaveRouting(event.target.value as LeaveRoutingKind))
              }
            >
              <Option value="default">{d.leaveRoutingDefault}</Option>
              <Option value="studio">{d.leaveRoutingStudio}</Option>
              <Option value="interactions-webhook">{d.leaveRoutingWebhook}</Option>
            </Select>
          </Box>
          <Box>
            <Text as="p" color="colorTextWeak" marginBottom="space20" data-testid="jump-target">
              {jumpFor ? template(d.jumpFor, { customer: jumpFor.customerName }) : d.jumpNone}
            </Text>
            <Box display="flex" flexWrap="wrap" columnGap="space30" rowGap="space30">
              <Button variant="secondary" size="small" disabled={!jumpFor} onClick={() => jump('24h')}>
                {d.jump24h}
              </Button>
              <Button variant="secondary" size="small" disabled={!jumpFor} onClick={() => jump('1h')}>
                {d.jump1h}
              </Button>
              <Button variant="secondary" size="small" disabled={!jumpFor} onClick={() => jump('past')}>
                {d.jumpPast}
              </Button>
            </Box>
            {armed ? (
              <Box marginTop="space30" data-testid="jump-warning">
                <Alert variant="warning">
                  <Text as="p">{template(d.jumpWouldExpire, { customers: armed.customers.join(', ') })}</Text>
                  <Box display="flex" columnGap="space30" marginTop="space20">
                    <Button variant="destructive" size="small" onClick={() => jumpNow(armed.to)}>
                      {d.jumpAnyway}
                    </Button>
                    <Button variant="secondary" size="small" onClick={() => setArmed(null)}>
                      {d.cancel}
                    </Button>
                  </Box>
                </Alert>
              </Box>
            ) : null}
          </Box>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              act(() => sandboxApi.advanceClock(Number(seconds)));
            }}
          >
            <Box display="flex" columnGap="space30" alignItems="flex-end">
              <Box flexGrow={1}>
                <Label htmlFor="advance-seconds">{d.advanceBy}</Label>
                <Input
                  id="advance-seconds"
                  type="number"
                  min="1"
                  value={seconds}
                  onChange={(event) => setSeconds(event.target.value)}
                />
              </Box>
              <Button type="submit" variant="secondary">
                {d.advance}
              </Button>
            </Box>
          </form>
        </Stack>
      </Box>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------------

function Desk({
  view,
  connected,
  reread,
  config,
}: {
  view: DeskView;
  connected: boolean;
  reread: () => Promise<DeskView | null>;
  config: SandboxConfig;
}) {
  const [language, setLanguage] = useState<Language>(() => stored('desk.language', ['en', 'es'], 'en'));
  const [themeName, setThemeName] = useState<ThemeName>(() =>
    stored('desk.theme', ['light', 'dark'], 'light'),
  );
  const workerSids = view.workers.map((worker) => worker.sid);
  const [me, setMe] = useState<string>(() => stored('desk.agent', workerSids, workerSids[0]));
  const [page, setPage] = useState<'desk' | 'paused'>('desk');
  const [selectedBy, setSelectedBy] = useState<Record<string, string | null>>({});
  const [notes, setNotes] = useState<DeskNote[]>([]);
  const [reminders, setReminders] = useState<
    { workerSid: string; conversationSid: string; deadline: number; id: ReminderId; customer: string }[]
  >([]);
  const [dismissed, setDismissed] = useState<string[]>(() =>
    JSON.parse(window.localStorage.getItem('desk.dismissed') ?? '[]'),
  );
  const [tokens, setTokens] = useState<Record<string, string>>({});
  const reminderSession = useRef(new Set<string>());
  const focusWanted = useRef<{ target: () => HTMLElement | null; until: number } | null>(null);
  const noteSeq = useRef(0);

  const d = DESK_STRINGS[language];
  const s = getStrings(language);
  const locale = language === 'es' ? 'es-ES' : 'en-US';
  const desk = useMemo(() => deskFor(view, me), [view, me]);

  useEffect(() => {
    document.documentElement.lang = language;
    window.localStorage.setItem('desk.language', language);
  }, [language]);
  useEffect(() => window.localStorage.setItem('desk.theme', themeName), [themeName]);
  useEffect(() => window.localStorage.setItem('desk.agent', me), [me]);
  useEffect(() => {
    if (tokens[me]) return;
    void sandboxApi.token(me).then((result) => setTokens((known) => ({ ...known, [me]: result.token })));
  }, [me, tokens]);

  const tokenRef = useRef(tokens);
  tokenRef.current = tokens;
  const meRef = useRef(me);
  meRef.current = me;
  const backend: BackendClient = useMemo(
    () =>
      createBackendClient({
        baseUrl: config.functionsUrl,
        getToken: () => tokenRef.current[meRef.current] ?? '',
        timeoutMs: BACKEND_TIMEOUT_MS,
      }),
    [config.functionsUrl],
  );

  // Whether the Functions answer: probed at start (a reload with them down says so at once) and after an
  // action got no answer, every few seconds until they do (src/backend/reachability).
  const reachability = useMemo(
    () => createReachability({ probe: () => backend.syncServerTime() }),
    [backend],
  );
  const [reachable, setReachable] = useState(true);
  useEffect(() => {
    const unsubscribe = reachability.subscribe(setReachable);
    void backend.syncServerTime().then((answered) => reachability.report(answered));
    return () => {
      unsubscribe();
      reachability.stop();
    };
  }, [backend, reachability]);
  const unavailableReason = reachable ? undefined : s.LeavePauseServiceDown;
  const ctx: Ctx = { view, config, me, d, s, locale, unavailableReason };

  const entries = [
    ...desk.liveTasks.map((task) => task.conversationSid ?? task.sid),
    ...desk.paused.map((entry) => entry.conversationSid),
  ];
  const chosen = selectedBy[me];
  const selected = chosen && entries.includes(chosen) ? chosen : (entries[0] ?? null);
  const select = (conversationSid: string | null) =>
    setSelectedBy((current) => ({ ...current, [me]: conversationSid }));

  const viewRef = useRef(view);
  viewRef.current = view;
  // Every pushed view goes to Resume's follow-ups (src/resume), as Flex's store notifies the plugin's.
  const viewListeners = useRef(new Set<(view: DeskView) => void>());
  useEffect(() => {
    for (const listener of [...viewListeners.current]) listener(view);
  }, [view]);
  const reservationFeed = (workerSid: string): ReservationFeed => ({
    current: () => reservationsOf(viewRef.current, workerSid),
    subscribe: (listener) => {
      const onView = (next: DeskView) => listener(reservationsOf(next, workerSid));
      viewListeners.current.add(onView);
      return () => void viewListeners.current.delete(onView);
    },
  });
  const note = useCallback(
    (workerSid: string, variant: DeskNote['variant'], say: DeskNote['say'], holds: Holds) => {
      noteSeq.current += 1;
      const created: DeskNote = {
        id: noteSeq.current,
        workerSid,
        variant,
        say,
        holds,
        createdAt: Date.now(),
        established: false,
      };
      // The push that confirms an action can arrive before its answer does.
      created.established = holdsNow(viewRef.current, created);
      setNotes((current) => [...current, created]);
    },
    [],
  );
  const focusSoon = (selector: string) => {
    focusWanted.current = {
      target: () => document.querySelector<HTMLElement>(selector),
      until: Date.now() + FOCUS_WAIT_MS,
    };
  };
  /** Once the conversation's item has gone from the list: the next task, or the message that says why. */
  const focusAfterGone = (conversationSid: string | null) => {
    focusWanted.current = {
      target: () =>
        conversationSid && document.querySelector(`[data-focus="live:${conversationSid}"]`)
          ? null
          : (document.querySelector<HTMLElement>('[data-testid="task-list"] [data-focus]') ??
            document.querySelector<HTMLElement>('[data-testid="notification"]')),
      until: Date.now() + FOCUS_WAIT_MS,
    };
  };
  /** A desk call failed: re-read what is true, then say what did not work while that stays true. */
  const fail = useCallback(
    async (error: unknown, conversationSid: string | null = null) => {
      const worker = meRef.current;
      const fresh = await reread();
      // Words for people, never the raw error ("Failed to fetch"): the desk shows the state re-read above.
      note(
        worker,
        'error',
        (dNow, sNow) => template(dNow.actionFailed, { message: failureText(error, sNow) }),
        {
          kind: 'unchanged',
          conversationSid,
          signature: signatureOf(fresh ?? viewRef.current, worker, conversationSid),
        },
      );
      focusSoon('[data-testid="notification"]');
    },
    [note, reread],
  );

  // Messages go when they stop being true; a fresh one gets a moment for the push that confirms it.
  const prune = useCallback(() => {
    const view = viewRef.current;
    setNotes((current) => {
      const now = Date.now();
      let changed = false;
      const kept = current.flatMap((item) => {
        const holds = holdsNow(view, item);
        if (holds && !item.established) {
          changed = true;
          return [{ ...item, established: true }];
        }
        if (!holds && (item.established || now - item.createdAt > NOTE_GRACE_MS)) {
          changed = true;
          return [];
        }
        if (item.variant === 'neutral' && now - item.createdAt > INFO_NOTE_LIFETIME_MS) {
          changed = true;
          return [];
        }
        return [item];
      });
      return changed ? kept : current;
    });
  }, []);
  useEffect(prune, [view, prune]);
  useEffect(() => {
    const timer = setInterval(prune, NOTE_GRACE_MS / 2);
    return () => clearInterval(timer);
  }, [prune]);

  // Focus goes where the action's result appears, once the pushed state shows it.
  useEffect(() => {
    const wanted = focusWanted.current;
    if (!wanted) return;
    const target = wanted.target();
    if (target) {
      target.focus();
      focusWanted.current = null;
    } else if (Date.now() > wanted.until) {
      document.querySelector<HTMLElement>('[data-testid="notification"]')?.focus();
      focusWanted.current = null;
    }
  });

  // Reminders at the 24-hour and 1-hour marks, for the agent played, once per pause (deadline) and mark.
  useEffect(() => {
    checkReminders({
      tasks: desk.paused.map((entry) => ({
        taskSid: `${me}-${entry.conversationSid}`,
        customerName: entry.customerName,
        pausedAt: entry.pausedAt,
        reassignAt: entry.reassignAt,
      })),
      now: getSharedTicker().now(),
      store: window.localStorage,
      // This page's reminders: one due and not dismissed comes back once after a reload; the 1 h one
      // withdraws the 24 h one of the same pause.
      session: reminderSession.current,
      withdraw: (reminder) =>
        setReminders((shown) =>
          shown.filter(
            (other) =>
              !(
                other.workerSid === me &&
                other.id === reminder.id &&
                other.deadline === reminder.task.reassignAt.getTime() &&
                `${me}-${other.conversationSid}` === reminder.task.taskSid
              ),
          ),
        ),
      notify: (reminder) => {
        const conversationSid = reminder.task.taskSid.slice(me.length + 1);
        setReminders((shown) => [
          ...shown,
          {
            workerSid: me,
            conversationSid,
            deadline: reminder.task.reassignAt.getTime(),
            id: reminder.id,
            customer: reminder.task.customerName,
          },
        ]);
      },
    });
  }, [desk, me]);
  const myReminders = reminders.filter(
    (reminder) =>
      reminder.workerSid === me &&
      desk.pausedOn(reminder.conversationSid)?.reassignAt.getTime() === reminder.deadline,
  );

  const run = async (operation: Operation, conversationSid: string, taskSid: string) => {
    const worker = me;
    const [success, failure] = (
      {
        leave: ['LeavePauseLeaveSuccess', 'LeavePauseLeaveFailed'],
        pause: ['LeavePausePauseSuccess', 'LeavePausePauseFailed'],
        resume: ['LeavePauseResumeSuccess', 'LeavePauseResumeFailed'],
      } as const
    )[operation];
    const outcome: Holds = {
      kind: ({ leave: 'left', pause: 'paused', resume: 'live' } as const)[operation],
      conversationSid,
    };
    const succeeded = () => {
      note(worker, 'neutral', (_d, sNow) => sNow[success], outcome);
      if (operation === 'pause') focusSoon(`[data-focus="paused:${conversationSid}"]`);
      if (operation === 'resume') {
        // The resumed conversation is on the desk: show it there and put focus on it once it has arrived
        // (or, if it went to the queue, on the message saying so); never on another paused row's Resume.
        setPage('desk');
        select(conversationSid);
        focusSoon(`[data-focus="live:${conversationSid}"]`);
      }
      if (operation === 'leave') focusAfterGone(conversationSid);
    };
    // One key for this click: every re-ask below is the same request, which the Functions answer once.
    const key = newIdempotencyKey();
    const customer = shownDesk.pausedOn(conversationSid)?.customerName ?? '';
    const conversation = view.conversations.find((candidate) => candidate.sid === conversationSid);
    const attributes = view.tasks.find((task) => task.sid === taskSid)?.attributes ?? {};
    const ask = async () => {
      if (operation === 'resume') {
        const answer = await backend.resume(taskSid, key);
        followResume(worker, answer, taskSid, customer);
        return;
      }
      // Leave and Pause name the interaction channel Flex put in the task's attributes; the server checks it.
      await backend[operation](
        {
          taskSid,
          interactionSid: String(attributes.flexInteractionSid ?? conversation?.interactionSid ?? ''),
          channelSid: String(attributes.flexInteractionChannelSid ?? conversation?.channelSid ?? ''),
        },
        key,
      );
    };
    const stillWorking = (
      {
        leave: 'LeavePauseLeaveStillWorking',
        pause: 'LeavePausePauseStillWorking',
        resume: 'LeavePauseResumeStillWorking',
      } as const
    )[operation];
    let workingNote = false;
    for (let attempt = 0; ; attempt++) {
      try {
        await ask();
        reachability.report(true);
        succeeded();
        return;
      } catch (error) {
        const noAnswer = error instanceof BackendError && error.status === 0;
        // No connection at all: the service is down (the desk says so and disables the actions until it is back).
        if (error instanceof BackendError) reachability.report(error.code !== 'network');
        // Never a failure we do not know of: no answer yet (or the first copy still running) is asked again with
        // the same key until the Functions say what happened (the plugin does the same: src/actions).
        const unknown =
          error instanceof BackendError &&
          (error.code === 'timeout' || error.code === 'request_in_progress' || (noAnswer && attempt > 0));
        if (unknown && attempt < CONFIRM_DELAYS_MS.length) {
          // What Twilio shows now may already tell: a pause whose answer is late did happen.
          const now = await reread();
          if (now && holdsNow(now, { workerSid: worker, holds: outcome } as DeskNote)) {
            succeeded();
            return;
          }
          if (!workingNote) {
            workingNote = true;
            note(worker, 'neutral', (_d, sNow) => sNow[stillWorking], {
              kind: 'unchanged',
              conversationSid,
              signature: signatureOf(viewRef.current, worker, conversationSid),
            });
          }
          await new Promise((resolve) => setTimeout(resolve, CONFIRM_DELAYS_MS[attempt]));
          continue;
        }
        const fresh = await reread();
        const probe = { workerSid: worker, holds: outcome } as DeskNote;
        if (fresh && holdsNow(fresh, probe)) {
          succeeded();
          return;
        }
        note(
          worker,
          'error',
          (_d, sNow) =>
            unknown
              ? sNow.LeavePauseOutcomeUnknown
              : template(sNow[failure], { message: failureText(error, sNow) }),
          {
            kind: 'unchanged',
            conversationSid,
            signature: signatureOf(fresh ?? view, worker, conversationSid),
          },
        );
        focusSoon('[data-testid="notification"]');
        return;
      }
    }
  };
  /**
   * What the plugin does after Resume (src/resume): Twilio's new task is accepted for the agent once when it
   * waits pending for them, and when TaskRouter sent it to the queue instead they are told.
   */
  const followResume = (
    worker: string,
    answer: Record<string, unknown>,
    taskSid: string,
    customer: string,
  ) => {
    const resumed = resumedConversationOf(answer, taskSid, customer || s.LeavePausePausedWorkUnknownCustomer);
    if (!resumed) return;
    const conversationSid = resumed.conversationSid;
    followResumedConversation(resumed, reservationFeed(worker), {
      accept: async (reservationSid) => {
        const task = viewRef.current.tasks.find((candidate) => candidate.reservationSid === reservationSid);
        if (task) await sandboxApi.accept(task.sid, reservationSid);
      },
      select: () => {
        if (conversationSid) setSelectedBy((current) => ({ ...current, [worker]: conversationSid }));
      },
      wentElsewhere: ({ customerName }) =>
        note(
          worker,
          'neutral',
          (_d, sNow) => template(sNow.LeavePauseResumeWentToQueue, { customer: customerName }),
          {
            kind: 'unchanged',
            conversationSid,
            signature: signatureOf(viewRef.current, worker, conversationSid),
          },
        ),
      acceptFailed: ({ customerName }, error) =>
        void fail(
          new Error(
            template(s.LeavePauseResumeAcceptFailed, {
              customer: customerName,
              message: failureText(error, s),
            }),
          ),
          conversationSid,
        ),
    });
  };
  const accept = (task: DeskTask) => {
    if (task.conversationSid) select(task.conversationSid);
    sandboxApi
      .accept(task.sid, task.reservationSid ?? '')
      .then(() => focusSoon('[data-focus="canvas-heading"]'))
      .catch((error) => fail(error, task.conversationSid));
  };
  const complete = (task: DeskTask) => {
    sandboxApi
      .complete(task.sid)
      .then(() => focusAfterGone(task.conversationSid))
      .catch((error) => fail(error, task.conversationSid));
  };

  const dismiss = (id: string) => {
    const next = [...dismissed, id];
    setDismissed(next);
    window.localStorage.setItem('desk.dismissed', JSON.stringify(next));
  };
  const holderOf = (conversationSid: string) => {
    const task = view.tasks
      .filter((candidate) => candidate.conversationSid === conversationSid && candidate.status === 'assigned')
      .at(-1);
    return view.workers.find((worker) => worker.sid === task?.workerSid)?.name;
  };
  /**
   * Whether a time-limit notice is still true, and how: with an agent now, or waiting in the queue. Neither (the
   * conversation ended, or its task was completed) and the notice goes, also after a reload.
   */
  const whereNow = (conversationSid: string): { holder: string } | 'waiting' | null => {
    const holder = holderOf(conversationSid);
    if (holder) return { holder };
    const conversation = view.conversations.find((candidate) => candidate.sid === conversationSid);
    if (conversation?.state === 'closed') return null;
    const queued = view.tasks.some(
      (task) =>
        task.conversationSid === conversationSid && (task.status === 'pending' || task.status === 'reserved'),
    );
    return queued ? 'waiting' : null;
  };
  const myNotices = view.notices.filter(
    (notice) =>
      notice.workerSid === me && !dismissed.includes(notice.id) && whereNow(notice.conversationSid) !== null,
  );
  const worker = view.workers.find((candidate) => candidate.sid === me);
  // The Paused work view shows what the plugin would: the Functions' paused list, re-read when pauses change.
  const pausedTrigger = [
    me,
    view.syncRevision,
    desk.paused.map((entry) => `${entry.conversationSid}@${entry.reassignAt.getTime()}`).join(','),
  ].join('|');
  const loadPaused = useMemo(() => (tokens[me] ? () => backend.paused() : null), [backend, tokens, me]);
  const pausedList = usePausedRecords(loadPaused, pausedTrigger);
  const pausedItems = pausedList.records ? pausedList.records.map(toPausedItem) : desk.paused;
  // Resume names the paused task: the worker's latest task of the conversation, which a pause completes and
  // nothing replaces while paused. Only without one does the server's record name it. (A list read before an
  // earlier pause's Resume deleted its record can still hold that pause, with the same Twilio time when the
  // clock did not move: matching records by conversation named the old task, and Resume answered 403.)
  const shownDesk = useMemo((): AgentDesk => {
    const paused = desk.paused.map((entry) => ({
      ...entry,
      taskSid:
        entry.taskSid ||
        (pausedList.records?.find(
          (record) =>
            record.conversationSid === entry.conversationSid ||
            record.channelSid === desk.conversation(entry.conversationSid)?.channelSid,
        )?.taskSid ??
          ''),
    }));
    return { ...desk, paused, pausedOn: (sid) => paused.find((entry) => entry.conversationSid === sid) };
  }, [desk, pausedList.records]);
  const pausedNow = useServerNow(pausedItems.map((item) => item.reassignAt.getTime()));
  const anyPaused = view.conversations
    .filter((conversation) => conversation.channelStatus === 'pause' && conversation.statusTimeout)
    .map((conversation) => ({ conversationSid: conversation.sid, customerName: conversation.customerName }));
  // The jumps follow the selected paused conversation, else the agent's soonest, else anyone's.
  const jumpFor = desk.pausedOn(selected ?? '') ?? desk.paused[0] ?? anyPaused[0];

  // Newest first, a few at most: older ones wait behind them (errors stay until untrue or dismissed).
  const myNotes = notes
    .filter((item) => item.workerSid === me)
    .reverse()
    .slice(0, MAX_NOTES_SHOWN);
  return (
    <DeskTheme name={themeName}>
      <Box display="flex" flexDirection="column" minHeight="100vh" data-theme={themeName}>
        <Box
          as="header"
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          columnGap="space50"
          rowGap="space30"
          paddingX="space50"
          paddingY="space30"
          backgroundColor="colorBackgroundBrandStrong"
        >
          <Heading as="h1" variant="heading40" marginBottom="space0">
            <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap">
              {d.title}
            </Text>
          </Heading>
          <Box display="flex" alignItems="center" columnGap="space30">
            <Label htmlFor="play-agent" marginBottom="space0">
              <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap">
                {d.playAgent}
              </Text>
            </Label>
            <Select id="play-agent" value={me} onChange={(event) => setMe(event.target.value)}>
              {view.workers.map((candidate) => (
                <Option key={candidate.sid} value={candidate.sid}>
                  {candidate.name}
                </Option>
              ))}
            </Select>
          </Box>
          <Box
            data-testid="availability"
            data-available={worker?.available ? 'yes' : 'no'}
            backgroundColor="colorBackgroundBody"
            paddingX="space30"
            paddingY="space20"
            borderRadius="borderRadius20"
          >
            <Checkbox
              id="agent-available"
              checked={!!worker?.available}
              onChange={(event) =>
                void sandboxApi.setAvailable(me, event.target.checked).catch((error) => fail(error))
              }
            >
              {d.available}
            </Checkbox>
          </Box>
          <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap" fontSize="fontSize20">
            {d.capacity}:{' '}
            <span data-testid="capacity">
              {worker?.channels
                .filter((channel) => channel.used > 0 || channel.name === 'chat')
                .map((channel) => `${channel.name} ${channel.used}/${channel.capacity}`)
                .join(', ')}
            </span>
          </Text>
          <Box flexGrow={1} />
          <Text
            as="span"
            color="colorTextBrandInverse"
            whiteSpace="nowrap"
            fontSize="fontSize20"
            data-testid="clock"
            data-now={view.now}
          >
            {d.clock}: {formatDateTime(new Date(view.now), locale)}
          </Text>
          <Box display="flex" alignItems="center" columnGap="space20">
            <Label htmlFor="desk-language" marginBottom="space0">
              <Text as="span" color="colorTextBrandInverse" whiteSpace="nowrap">
                {d.language}
              </Text>
            </Label>
            <Select
              id="desk-language"
              value={language}
              onChange={(event) => setLanguage(event.target.value as Language)}
            >
              <Option value="en">English</Option>
              <Option value="es">Español</Option>
            </Select>
          </Box>
          <Button
            variant="inverse"
            size="small"
            aria-pressed={themeName === 'dark'}
            onClick={() => setThemeName(themeName === 'dark' ? 'light' : 'dark')}
          >
            {themeName === 'dark' ? <LightModeIcon decorative /> : <DarkModeIcon decorative />}
            {d.themeDark}
          </Button>
        </Box>
        <Box display="flex" flexGrow={1}>
          <Box
            as="nav"
            aria-label={d.sideNav}
            width="size20"
            flexShrink={0}
            backgroundColor="colorBackgroundStrong"
            paddingY="space40"
            paddingX="space30"
          >
            <Stack orientation="vertical" spacing="space30">
              <Button
                variant={page === 'desk' ? 'primary' : 'secondary'}
                size="small"
                fullWidth
                aria-current={page === 'desk' ? 'page' : undefined}
                onClick={() => setPage('desk')}
              >
                {d.navDesk}
              </Button>
              <Button
                variant={page === 'paused' ? 'primary' : 'secondary'}
                size="small"
                fullWidth
                aria-current={page === 'paused' ? 'page' : undefined}
                onClick={() => setPage('paused')}
              >
                {d.navPaused}
                {desk.paused.length > 0 && (
                  <Badge as="span" variant="neutral_counter">
                    {desk.paused.length}
                  </Badge>
                )}
              </Button>
            </Stack>
          </Box>
          <Box as="main" flexGrow={1} padding="space40" minWidth="0">
            <Box
              role="status"
              aria-live="polite"
              aria-label={d.notices}
              tabIndex={-1}
              data-testid="notification"
              marginBottom="space30"
            >
              <Stack orientation="vertical" spacing="space30">
                {!connected && <Alert variant="warning">{d.reconnecting}</Alert>}
                {!reachable && (
                  <Box data-testid="service-down">
                    <Alert variant="warning">{s.LeavePauseServiceDown}</Alert>
                  </Box>
                )}
                {myNotes.map((item) => (
                  <Alert
                    key={item.id}
                    variant={item.variant}
                    onDismiss={() => setNotes((current) => current.filter((other) => other.id !== item.id))}
                    i18nDismissLabel={d.dismiss}
                  >
                    {item.say(d, s)}
                  </Alert>
                ))}
                {myNotices
                  .slice(-MAX_NOTES_SHOWN)
                  .reverse()
                  .map((notice) => {
                    const where = whereNow(notice.conversationSid);
                    const holder = where && where !== 'waiting' ? where.holder : undefined;
                    return (
                      <Box key={notice.id} data-testid="time-limit-notice">
                        <Alert
                          variant="warning"
                          onDismiss={() => dismiss(notice.id)}
                          i18nDismissLabel={d.dismiss}
                        >
                          {template(d.timeLimitNotice, { customer: notice.customerName })}
                          {holder ? template(d.timeLimitNow, { agent: holder }) : d.timeLimitWaiting}
                        </Alert>
                      </Box>
                    );
                  })}
              </Stack>
            </Box>
            <Box as="ul" aria-label={d.reminders} data-testid="reminders" margin="space0" padding="space0">
              {myReminders.map((reminder) => (
                <Box
                  as="li"
                  key={`${reminder.conversationSid}:${reminder.deadline}:${reminder.id}`}
                  listStyleType="none"
                  marginBottom="space30"
                >
                  <Alert
                    variant="warning"
                    i18nDismissLabel={d.dismiss}
                    onDismiss={() => {
                      // Dismissed stays dismissed, also after a reload (src/reminders).
                      dismissReminder(window.localStorage, {
                        id: reminder.id,
                        mark: reminder.id === 'LeavePausePauseReminder1h' ? '1h' : '24h',
                        task: {
                          taskSid: `${me}-${reminder.conversationSid}`,
                          customerName: reminder.customer,
                          reassignAt: new Date(reminder.deadline),
                        },
                      });
                      setReminders((shown) => shown.filter((other) => other !== reminder));
                    }}
                  >
                    {template(s[reminder.id], {
                      customer: reminder.customer,
                      time: formatDateTime(new Date(reminder.deadline), locale),
                    })}
                  </Alert>
                </Box>
              ))}
            </Box>
            {page === 'desk' ? (
              <Box
                display="grid"
                gridTemplateColumns="minmax(14rem, 18rem) minmax(0, 1fr) minmax(18rem, 26rem)"
                columnGap="space40"
                alignItems="start"
              >
                <Card padding="space0">
                  <TaskList
                    ctx={ctx}
                    desk={shownDesk}
                    selected={selected}
                    onSelect={select}
                    onAccept={accept}
                  />
                </Card>
                <Card padding="space0">
                  <TaskCanvas
                    key={`${me}:${selected}`}
                    ctx={ctx}
                    desk={shownDesk}
                    conversationSid={selected}
                    run={run}
                    onAccept={accept}
                    onComplete={complete}
                  />
                </Card>
                <Stack orientation="vertical" spacing="space40">
                  <CustomerPanel ctx={ctx} onError={(error) => fail(error)} />
                  <DemoControls ctx={ctx} jumpFor={jumpFor} onError={(error) => fail(error)} />
                </Stack>
              </Box>
            ) : (
              <Card padding="space30">
                <Box data-testid="paused-work">
                  <PausedWorkList
                    unavailableReason={unavailableReason}
                    focusHeadingOnMount
                    items={pausedItems}
                    loading={pausedList.loading && pausedList.records === null}
                    now={pausedNow}
                    strings={s}
                    locale={locale}
                    onResume={(taskSid) => {
                      const record = pausedList.records?.find((candidate) => candidate.taskSid === taskSid);
                      const entry = desk.paused.find((candidate) => candidate.taskSid === taskSid);
                      const conversationSid = record?.conversationSid ?? entry?.conversationSid;
                      return conversationSid ? run('resume', conversationSid, taskSid) : Promise.resolve();
                    }}
                  />
                </Box>
              </Card>
            )}
            <Box as="footer" marginTop="space50">
              <Text as="p" color="colorTextWeak" fontSize="fontSize20">
                {template(d.requests, { count: view.twilioRequests })} · {d.violations}{' '}
                <span data-testid="violations">{view.violations}</span>
              </Text>
            </Box>
          </Box>
        </Box>
      </Box>
    </DeskTheme>
  );
}

function App() {
  const { view, connected, reread } = useLiveView();
  const [config, setConfig] = useState<SandboxConfig | null>(null);
  useEffect(() => {
    void sandboxApi.config().then(setConfig);
  }, []);
  if (!view || !config) {
    return <p>{DESK_STRINGS.en.loading}</p>;
  }
  return <Desk view={view} connected={connected} reread={reread} config={config} />;
}

// The plugin's components are Paste components: like Flex, the page gives them a Paste theme.
ReactDOM.render(
  <LeavePauseThemeProvider theme={{ isLight: true }}>
    <App />
  </LeavePauseThemeProvider>,
  document.getElementById('root'),
);
