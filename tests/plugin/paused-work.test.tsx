import * as React from 'react';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';

import { RESUME_ACTION } from '../../src/actions';
import type { PausedRecord } from '../../src/backend/client';
import { PausedWorkList } from '../../src/components';
import {
  addPausedWork,
  PAUSED_WORK_VIEW,
  type FlexForPausedWork,
  type PausedWorkManager,
} from '../../src/flex/pausedWork';
import { createPausedWorkStore, type PausedWorkItem } from '../../src/paused';
import { en } from '../../src/strings';
import { createTicker, DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/time';

const NOW = Date.parse('2030-01-10T12:00:00.000Z');
const items: PausedWorkItem[] = [
  {
    taskSid: 'WT1',
    customerName: 'Ana García',
    channel: 'whatsapp',
    pausedAt: new Date('2030-01-09T08:30:00.000Z'),
    reassignAt: new Date(NOW + 30 * MINUTE_MS),
  },
  {
    taskSid: 'WT2',
    customerName: 'Bo Chen',
    channel: 'chat',
    pausedAt: new Date('2030-01-01T09:00:00.000Z'),
    reassignAt: new Date(NOW + 3 * DAY_MS + 2 * HOUR_MS),
  },
];

describe('PausedWorkList', () => {
  const props = {
    now: NOW,
    strings: en,
    locale: 'en-US',
    timeZone: 'UTC',
    onResume: jest.fn(() => Promise.resolve()),
  };

  it('says when there is nothing paused', async () => {
    const { container } = render(<PausedWorkList {...props} items={[]} loading={false} />);
    expect(screen.getByRole('heading', { name: 'Paused work' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('No paused conversations');
    expect(screen.queryByRole('table')).toBeNull();
    expect(await axe(container)).toHaveNoViolations();
  });

  it('says it is loading, and shows no empty message meanwhile', async () => {
    const { container } = render(<PausedWorkList {...props} items={[]} loading />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading paused conversations…');
    expect(screen.queryByText('No paused conversations')).toBeNull();
    expect(await axe(container)).toHaveNoViolations();
  });

  it('lists customer, channel, paused at, countdown and a Resume button per conversation', async () => {
    const { container } = render(<PausedWorkList {...props} items={items} loading={false} />);
    const table = screen.getByRole('table', { name: 'Paused work' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const ana = within(rows[1]);
    expect(ana.getByRole('rowheader')).toHaveTextContent('Ana García');
    expect(rows[1]).toHaveTextContent('whatsapp');
    expect(rows[1]).toHaveTextContent('Jan 9, 2030, 8:30 AM');
    expect(rows[1]).toHaveTextContent('Reassigned in 30 min — soon');
    expect(rows[2]).toHaveTextContent('Reassigned in 3 d 2 h');
    expect(ana.getByRole('button', { name: 'Resume conversation with Ana García' })).toHaveTextContent(
      /^Resume$/,
    );
    expect(await axe(container)).toHaveNoViolations();
  });

  it('resumes the clicked row and shows progress', async () => {
    const user = userEvent.setup();
    let finish!: () => void;
    const onResume = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<PausedWorkList {...props} onResume={onResume} items={items} loading={false} />);
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' }));
    expect(onResume).toHaveBeenCalledWith('WT2');
    expect(screen.getByRole('button', { name: 'Resuming…' })).toBeDisabled();
    await act(async () => finish());
    expect(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' })).toBeEnabled();
  });
});

type Added = { element: React.ReactElement; options?: { if?: (props: unknown) => boolean } };

function fakeFlex() {
  const lists = {
    taskList: [] as Added[],
    sideNav: [] as Added[],
    views: [] as Added[],
  };
  const shown: Array<{ id: string; context?: Record<string, string> }> = [];
  const registered = new Map<string, { id: string; type?: string }>();
  const canvases: Array<Record<string, unknown>> = [];
  const content = (into: Added[]) => ({
    add: jest.fn((element, options) => void into.push({ element, options })),
  });
  const flex = {
    Actions: { invokeAction: jest.fn(async () => undefined), registerAction: jest.fn() },
    Notifications: {
      registeredNotifications: registered,
      registerNotification: jest.fn((n: { id: string }) => void registered.set(n.id, n)),
      showNotification: jest.fn(
        (id: string, context?: Record<string, string>) => void shown.push({ id, context }),
      ),
    },
    NotificationType: { warning: 'warning' },
    TaskList: { Content: content(lists.taskList) },
    SideNav: { Content: content(lists.sideNav) },
    ViewCollection: { Content: content(lists.views) },
    SideLink: (props: { children: React.ReactNode; onClick: () => void; isActive?: boolean }) => (
      <button type="button" aria-current={props.isActive ? 'page' : undefined} onClick={props.onClick}>
        {props.children}
      </button>
    ),
    View: ({ children }: { name: string; children: React.ReactNode }) => <div>{children}</div>,
    // Flex's conversation view by SID; the fake shows what it was asked to render.
    MessagingCanvas: (props: Record<string, unknown>) => {
      canvases.push(props);
      return <div data-testid="transcript">{String(props.sid)}</div>;
    },
  };
  return { flex, lists, shown, registered, canvases };
}

const record = (taskSid: string, deadline: number, customer = 'Ana'): PausedRecord => ({
  taskSid,
  pausedBy: 'WK1',
  pausedAt: new Date(NOW - 13 * DAY_MS).toISOString(),
  reassignAt: new Date(deadline).toISOString(),
  deadlineSource: 'twilio',
  interactionSid: 'KD1',
  channelSid: `UO${taskSid}`,
  conversationSid: `CH${taskSid}`,
  taskChannel: 'sms',
  customer,
});

/** The server's answer to /paused, changeable between calls. */
function fakeServer(initial: PausedRecord[]) {
  let records = initial;
  const load = jest.fn(async () => records);
  return { load, set: (next: PausedRecord[]) => (records = next) };
}

const manager: PausedWorkManager = { strings: { ...en }, localization: { localeTag: 'en-US' } };

describe('addPausedWork (Flex adapter)', () => {
  beforeEach(() => {
    localStorage.clear();
    jest.useFakeTimers();
    jest.setSystemTime(NOW);
  });
  afterEach(() => jest.useRealTimers());

  it('lists the paused conversations from the server at the bottom of the task list, with their countdown', async () => {
    const { flex, lists } = fakeFlex();
    const server = fakeServer([record('WT1', NOW + 2 * HOUR_MS)]);
    const store = createPausedWorkStore(server.load);
    const ticker = createTicker();
    const stop = addPausedWork(flex as unknown as FlexForPausedWork, manager, { ticker, store });
    await act(async () => store.refresh());
    expect(lists.taskList).toHaveLength(1);
    render(lists.taskList[0].element);
    expect(screen.getByText('Reassigned in 2 h 0 min — within a day')).toBeInTheDocument();
    await act(async () => screen.getByRole('button', { name: 'Ana · sms' }).click());
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith('NavigateToView', { viewName: PAUSED_WORK_VIEW });
    stop();
    ticker.dispose();
  });

  it('the Paused work view shows the server list; a reload asks again and loses nothing', async () => {
    const { flex, lists } = fakeFlex();
    const server = fakeServer([record('WT1', NOW + 2 * DAY_MS, 'Ana')]);
    const store = createPausedWorkStore(server.load);
    const ticker = createTicker();
    addPausedWork(flex as unknown as FlexForPausedWork, manager, { ticker, store });
    render(lists.sideNav[0].element);
    act(() => screen.getByRole('button', { name: 'Paused work' }).click());
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith('NavigateToView', { viewName: PAUSED_WORK_VIEW });

    const view = render(lists.views[0].element);
    await act(async () => store.refresh());
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('rowheader')).toHaveTextContent('Ana');
    expect(screen.getByRole('table')).toHaveTextContent('sms');
    view.unmount();

    // Reload: a new page has a new store; the server still has the pause.
    const again = fakeFlex();
    const reloaded = createPausedWorkStore(server.load);
    addPausedWork(again.flex as unknown as FlexForPausedWork, manager, { ticker, store: reloaded });
    render(again.lists.views[0].element);
    await act(async () => reloaded.refresh());
    expect(screen.getByRole('rowheader')).toHaveTextContent('Ana');

    server.set([]);
    await act(async () => reloaded.refresh());
    expect(screen.getByText('No paused conversations')).toBeInTheDocument();
    ticker.dispose();
  });

  it('opens the paused conversation: transcript readable with the input off, Resume at the bottom', async () => {
    const { flex, lists, canvases } = fakeFlex();
    const store = createPausedWorkStore(fakeServer([record('WT2', NOW + DAY_MS, 'Bo')]).load);
    const ticker = createTicker();
    addPausedWork(flex as unknown as FlexForPausedWork, manager, { ticker, store });
    render(lists.views[0].element);
    await act(async () => store.refresh());
    await act(async () => screen.getByRole('button', { name: 'Bo' }).click());
    const conversation = screen.getByRole('region', { name: 'Paused conversation: Bo' });
    expect(within(conversation).getByTestId('transcript')).toHaveTextContent('CHWT2');
    expect(canvases.at(-1)).toMatchObject({ sid: 'CHWT2', inputDisabledReason: 'Paused conversation' });
    // Resume is the last control of the conversation, where the input would be.
    const buttons = within(conversation).getAllByRole('button');
    expect(buttons.at(-1)).toHaveTextContent('Resume conversation');
    await act(async () => buttons.at(-1)?.click());
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith(RESUME_ACTION, { taskSid: 'WT2' });
    ticker.dispose();
  });

  it('registers warning reminders and shows each once per mark from the ticker, also after a reload', async () => {
    const server = fakeServer([record('WT1', NOW + DAY_MS + 10 * MINUTE_MS, 'Ana')]);
    const first = fakeFlex();
    const ticker = createTicker();
    const store = createPausedWorkStore(server.load);
    const stop = addPausedWork(first.flex as unknown as FlexForPausedWork, manager, { ticker, store });
    await act(async () => store.refresh());
    expect(first.registered.get('LeavePausePauseReminder24h')?.type).toBe('warning');
    expect(first.registered.get('LeavePausePauseReminder1h')?.type).toBe('warning');
    expect(first.shown).toEqual([]);

    act(() => void jest.advanceTimersByTime(10 * MINUTE_MS + 100));
    expect(first.shown.map((n) => n.id)).toEqual(['LeavePausePauseReminder24h']);
    expect(first.shown[0].context?.customer).toBe('Ana');
    act(() => void jest.advanceTimersByTime(HOUR_MS));
    expect(first.shown).toHaveLength(1);
    stop();
    ticker.dispose();

    // Reload: a fresh Flex, ticker and store, the same localStorage.
    const second = fakeFlex();
    const ticker2 = createTicker();
    const store2 = createPausedWorkStore(server.load);
    const stop2 = addPausedWork(second.flex as unknown as FlexForPausedWork, manager, {
      ticker: ticker2,
      store: store2,
    });
    await act(async () => store2.refresh());
    expect(second.shown).toEqual([]);
    act(() => void jest.advanceTimersByTime(22 * HOUR_MS + 100));
    expect(second.shown.map((n) => n.id)).toEqual(['LeavePausePauseReminder1h']);
    act(() => void jest.advanceTimersByTime(30 * MINUTE_MS));
    expect(second.shown).toHaveLength(1);
    stop2();
    ticker2.dispose();
  });
});
