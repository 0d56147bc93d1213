import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import ReactDOM from 'react-dom';
import {
  LeaveButton,
  LeavePauseThemeProvider,
  LivePauseCountdownBadge,
  PauseButton,
  PausedTaskNotice,
  PausedWorkList,
  ResumeButton,
} from '../../src/components';
import { checkReminders } from '../../src/reminders';
import { formatDateTime, getSharedTicker, setServerTimeOffsetProvider, useServerNow } from '../../src/time';
import { createBackendClient } from '../../src/backend/client';
import { getStrings, template } from '../../src/strings';
import type { ConversationView, SandboxView, TaskView } from '../server/view';
import { sandboxApi, type SandboxConfig } from './api';

const strings = getStrings('en');
const POLL_MS = 400;
const LIVE_STATUSES = new Set(['reserved', 'assigned', 'wrapping']);

type Toast = { kind: 'success' | 'error'; text: string };

interface PauseRecordView {
  state?: string;
  pausedAt: string;
  reassignAt: string;
  originalTaskChannel: string;
}

function pauseRecordOf(task: TaskView): PauseRecordView {
  return (task.attributes.leavePause ?? {}) as PauseRecordView;
}

function isPausedView(task: TaskView): boolean {
  return pauseRecordOf(task).state === 'paused';
}

// The sandbox's "server time" is the emulator's clock: the badges count down against it, and a clock advance
// from the toolbar reaches them at the next poll.
let emulatorOffsetMs = 0;
setServerTimeOffsetProvider(() => emulatorOffsetMs);
function followEmulatorClock(now: string) {
  const offset = Date.parse(now) - Date.now();
  const jumped = Math.abs(offset - emulatorOffsetMs) > 1000;
  emulatorOffsetMs = offset;
  if (jumped) getSharedTicker().tick();
}

function useSandboxState() {
  const [view, setView] = useState<SandboxView | null>(null);
  const refresh = useCallback(async () => setView(await sandboxApi.state()), []);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        if (!stopped) {
          const next = await sandboxApi.state();
          followEmulatorClock(next.now);
          setView(next);
        }
      } finally {
        if (!stopped) setTimeout(tick, POLL_MS);
      }
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, []);
  return { view, refresh };
}

function Messages({ conversation }: { conversation: ConversationView | undefined }) {
  if (!conversation) return <p>No conversation yet.</p>;
  return (
    <ol className="messages" aria-label="Conversation history" data-testid={`history-${conversation.sid}`}>
      {conversation.messages.map((message, index) => (
        <li key={index}>
          <strong>{message.author}</strong>: {message.body}
        </li>
      ))}
    </ol>
  );
}

function AgentPanel({
  view,
  config,
  workerSid,
  onToast,
  onReminder,
}: {
  view: SandboxView;
  config: SandboxConfig;
  workerSid: string;
  onToast: (toast: Toast) => void;
  onReminder: (text: string) => void;
}) {
  const [token, setToken] = useState('');
  const [selectedTaskSid, setSelectedTaskSid] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const seenAtPause = useRef(new Map<string, number>());
  useEffect(() => {
    void sandboxApi.token(workerSid).then((result) => setToken(result.token));
  }, [workerSid]);
  const backend = useMemo(
    () => createBackendClient({ baseUrl: config.functionsUrl, getToken: () => token }),
    [config.functionsUrl, token],
  );
  const worker = view.workers.find((candidate) => candidate.sid === workerSid);
  const myTasks = view.tasks.filter((task) => task.workerSid === workerSid && LIVE_STATUSES.has(task.status));
  const selected: TaskView | undefined = myTasks.find((task) => task.sid === selectedTaskSid) ?? myTasks[0];
  const conversation = view.conversations.find((candidate) => candidate.sid === selected?.conversationSid);

  const run = async (
    operation: 'leave' | 'pause' | 'resume',
    task: TaskView,
    success: string,
    failure: string,
  ): Promise<void> => {
    try {
      if (operation === 'pause') {
        const conversation = view.conversations.find((candidate) => candidate.sid === task.conversationSid);
        seenAtPause.current.set(task.sid, conversation?.messages.length ?? 0);
      }
      await backend[operation](task.sid);
      onToast({ kind: 'success', text: success });
    } catch (error) {
      onToast({
        kind: 'error',
        text: template(failure, { message: error instanceof Error ? error.message : String(error) }),
      });
      throw error;
    }
  };
  // A paused task still receives the customer's messages; the count tells the agent something arrived since
  // they paused (the sandbox remembers how many messages the conversation had at that moment).
  const unreadSincePause = (task: TaskView) => {
    const seen = seenAtPause.current.get(task.sid);
    const messages =
      view.conversations.find((candidate) => candidate.sid === task.conversationSid)?.messages ?? [];
    return seen === undefined ? 0 : messages.slice(seen).filter((message) => message.fromCustomer).length;
  };
  const pausedItems = myTasks.filter(isPausedView).map((task) => ({
    taskSid: task.sid,
    customerName: task.customerName ?? 'Customer',
    channel: pauseRecordOf(task).originalTaskChannel,
    pausedAt: new Date(pauseRecordOf(task).pausedAt),
    reassignAt: new Date(pauseRecordOf(task).reassignAt),
  }));
  const pausedWorkNow = useServerNow(pausedItems.map((item) => item.reassignAt.getTime()));
  // What Flex shows as notifications at the 24-hour and 1-hour marks, once per task and mark (localStorage).
  useEffect(() => {
    checkReminders({
      tasks: pausedItems,
      now: getSharedTicker().now(),
      store: window.localStorage,
      notify: (reminder) =>
        onReminder(
          template(strings[reminder.id], {
            customer: reminder.task.customerName,
            time: formatDateTime(reminder.task.reassignAt),
          }),
        ),
    });
  });
  return (
    <section className="panel" aria-labelledby="agent-heading">
      <h2 id="agent-heading">Agent: {worker?.name}</h2>
      <p>
        <label>
          <input
            type="checkbox"
            checked={!!worker?.available}
            onChange={(event) => void sandboxApi.setAvailable(workerSid, event.target.checked)}
          />{' '}
          Available
        </label>{' '}
        · capacity in use:{' '}
        <span data-testid="capacity">
          {worker?.channels
            .filter((channel) => channel.used > 0 || channel.name === 'chat')
            .map((channel) => `${channel.name} ${channel.used}/${channel.capacity}`)
            .join(', ')}
        </span>
      </p>
      <h3>Task list</h3>
      <ul className="tasks" aria-label="Task list" data-testid="task-list">
        {myTasks.length === 0 && <li>No tasks</li>}
        {myTasks.map((task) => (
          <li key={task.sid} data-testid="task-item" data-task-sid={task.sid} data-status={task.status}>
            <button
              type="button"
              onClick={() => setSelectedTaskSid(task.sid)}
              aria-pressed={task.sid === selected?.sid}
            >
              {task.customerName ?? 'Customer'} ·{' '}
              {isPausedView(task) ? 'paused' : `${task.channel} · ${task.status}`}
              {isPausedView(task) && unreadSincePause(task) > 0 && (
                <span data-testid="unread"> · {unreadSincePause(task)} new</span>
              )}
            </button>
            {isPausedView(task) && (
              <span data-testid="task-badge">
                {' '}
                <LivePauseCountdownBadge reassignAt={pauseRecordOf(task).reassignAt} strings={strings} />
              </span>
            )}
            {task.status === 'reserved' && task.reservationSid && (
              <button
                type="button"
                onClick={() => sandboxApi.accept(task.sid, task.reservationSid as string)}
              >
                Accept
              </button>
            )}
          </li>
        ))}
      </ul>
      {selected && selected.status === 'assigned' && isPausedView(selected) && (
        <div className="canvas" data-testid="task-canvas">
          <header className="canvas-header">
            <span>
              {selected.customerName} ({pauseRecordOf(selected).originalTaskChannel})
            </span>
            <span data-testid="canvas-badge">
              <LivePauseCountdownBadge reassignAt={pauseRecordOf(selected).reassignAt} strings={strings} />
            </span>
          </header>
          <PausedTaskNotice label={strings.LeavePausePausedLabel} />
          <Messages conversation={conversation} />
          {config.pauseEnabled && (
            <ResumeButton
              fullWidth
              label={strings.LeavePauseResumeButton}
              busyLabel={strings.LeavePauseResumeBusy}
              onResume={() =>
                run('resume', selected, strings.LeavePauseResumeSuccess, strings.LeavePauseResumeFailed)
              }
            />
          )}
        </div>
      )}
      {selected && selected.status === 'assigned' && !isPausedView(selected) && (
        <div className="canvas" data-testid="task-canvas">
          <header className="canvas-header">
            <span>
              {selected.customerName} ({selected.channel})
            </span>
            <span className="canvas-actions">
              {config.leaveEnabled && (
                <LeaveButton
                  label={strings.LeavePauseLeaveButton}
                  busyLabel={strings.LeavePauseLeaveBusy}
                  onLeave={() =>
                    run('leave', selected, strings.LeavePauseLeaveSuccess, strings.LeavePauseLeaveFailed)
                  }
                />
              )}
              {config.pauseEnabled && (
                <PauseButton
                  label={strings.LeavePausePauseButton}
                  busyLabel={strings.LeavePausePauseBusy}
                  onPause={() =>
                    run('pause', selected, strings.LeavePausePauseSuccess, strings.LeavePausePauseFailed)
                  }
                />
              )}
              <button type="button" onClick={() => sandboxApi.complete(selected.sid)}>
                End task
              </button>
            </span>
          </header>
          <Messages conversation={conversation} />
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (selected.conversationSid && draft) {
                void sandboxApi.agentSays(selected.conversationSid, workerSid, draft);
                setDraft('');
              }
            }}
          >
            <label>
              Agent message <input value={draft} onChange={(event) => setDraft(event.target.value)} />
            </label>
            <button type="submit">Send</button>
          </form>
        </div>
      )}
      {config.pauseEnabled && (
        <div className="paused-work" data-testid="paused-work">
          <PausedWorkList
            items={pausedItems}
            loading={false}
            now={pausedWorkNow}
            strings={strings}
            onResume={(taskSid) => {
              const task = myTasks.find((candidate) => candidate.sid === taskSid);
              return task
                ? run('resume', task, strings.LeavePauseResumeSuccess, strings.LeavePauseResumeFailed)
                : Promise.resolve();
            }}
          />
        </div>
      )}
    </section>
  );
}

function CustomerPanel({ view }: { view: SandboxView }) {
  const [channelType, setChannelType] = useState('chat');
  const [conversationSid, setConversationSid] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const conversation = view.conversations.find((candidate) => candidate.sid === conversationSid);
  return (
    <section className="panel" aria-labelledby="customer-heading">
      <h2 id="customer-heading">Customer</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const body = draft || 'Hello, I need help';
          setDraft('');
          if (conversationSid && conversation?.state !== 'closed') {
            void sandboxApi.customerSays(conversationSid, body);
          } else {
            void sandboxApi.startCustomer(channelType, 'Casey Customer', body).then((started) => {
              setConversationSid(started.conversationSid);
            });
          }
        }}
      >
        <label>
          Channel{' '}
          <select
            value={channelType}
            onChange={(event) => setChannelType(event.target.value)}
            disabled={!!conversationSid}
          >
            {['chat', 'sms', 'whatsapp', 'messenger', 'email'].map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <label>
          Customer message <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit">{conversationSid ? 'Send as customer' : 'Start conversation'}</button>
      </form>
      {conversation && (
        <>
          <p data-testid="channel-status">
            Channel: {conversation.channelStatus} (history:{' '}
            {conversation.channelHistory.map((entry) => entry.status).join(' → ')})
          </p>
          <Messages conversation={conversation} />
        </>
      )}
    </section>
  );
}

function App() {
  const { view } = useSandboxState();
  const [config, setConfig] = useState<SandboxConfig | null>(null);
  const [workerSid, setWorkerSid] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [reminders, setReminders] = useState<string[]>([]);
  useEffect(() => {
    void sandboxApi.config().then(setConfig);
  }, []);
  useEffect(() => {
    if (!workerSid && view?.workers.length) setWorkerSid(view.workers[0].sid);
  }, [view, workerSid]);
  if (!view || !config || !workerSid) return <p>Loading sandbox…</p>;
  return (
    <main>
      <header className="toolbar">
        <h1>Leave &amp; Pause sandbox</h1>
        <span data-testid="clock">Emulator clock: {new Date(view.now).toISOString()}</span>
        <form
          className="clock-buttons"
          onSubmit={(event) => {
            event.preventDefault();
            const field = new FormData(event.currentTarget).get('seconds');
            void sandboxApi.advanceClock(Number(field));
          }}
        >
          <label>
            Advance clock by (seconds) <input name="seconds" type="number" min="1" defaultValue="3600" />
          </label>
          <button type="submit">Advance</button>
        </form>
        <span className="clock-buttons">
          {[
            ['+1 min', 60],
            ['+1 h', 3600],
            ['+1 day', 86400],
          ].map(([label, seconds]) => (
            <button key={label} type="button" onClick={() => sandboxApi.advanceClock(Number(seconds))}>
              Advance {label}
            </button>
          ))}
        </span>
        <label>
          Play agent{' '}
          <select value={workerSid} onChange={(event) => setWorkerSid(event.target.value)}>
            {view.workers.map((worker) => (
              <option key={worker.sid} value={worker.sid}>
                {worker.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div
        role="status"
        aria-live="polite"
        className={`toast ${toast?.kind ?? ''}`}
        data-testid="notification"
      >
        {toast?.text}
      </div>
      <ul className="reminders" aria-label="Reminders" aria-live="polite" data-testid="reminders">
        {reminders.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ul>
      <div className="columns">
        <AgentPanel
          view={view}
          config={config}
          workerSid={workerSid}
          onToast={setToast}
          onReminder={(text) => setReminders((shown) => [...shown, text])}
        />
        <CustomerPanel view={view} />
      </div>
      <footer>
        Twilio REST requests: {view.twilioRequests} · spec violations:{' '}
        <span data-testid="violations">{view.violations}</span>
        {view.customRouting.length > 0 && (
          <span data-testid="custom-routing">
            {' '}
            · custom routing: {view.customRouting.map((entry) => entry.target).join(', ')}
          </span>
        )}
      </footer>
    </main>
  );
}

// The plugin's components are Paste components: like Flex, the page gives them a Paste theme.
ReactDOM.render(
  <LeavePauseThemeProvider theme={{ isLight: true }}>
    <App />
  </LeavePauseThemeProvider>,
  document.getElementById('root'),
);
