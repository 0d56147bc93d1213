import * as React from 'react';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { FLEX_THEMES, renderThemed as render } from './theme';

import { RESUME_ACTION, type LeavePauseTask } from '../../src/actions';
import { PausedWorkList, type PausedWorkListItem } from '../../src/components';
import {
  addPausedWork,
  PAUSED_WORK_VIEW,
  type FlexForPausedWork,
  type PausedWorkManager,
} from '../../src/flex/pausedWork';
import type { PausedWorkItem } from '../../src/paused';
import { en, es } from '../../src/strings';
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
    expect(rows[1]).toHaveTextContent('Reassigned in 30 minutes — soon');
    expect(rows[1]).toHaveTextContent('Reassigning soon');
    expect(rows[2]).toHaveTextContent('Reassigned in 3 days 2 hours');
    expect(rows[2]).toHaveTextContent('Reassigning on Jan 13, 2030, 2:00 PM');
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
    expect(onResume).toHaveBeenCalledWith('WT2', items[1]);
    expect(screen.getByRole('button', { name: 'Resuming…' })).toBeDisabled();
    await act(async () => finish());
    expect(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' })).toBeEnabled();
  });
});

describe('PausedWorkList times, server items, errors and focus', () => {
  const base = {
    now: NOW,
    strings: en,
    locale: 'en-US',
    timeZone: 'UTC',
    loading: false,
    onResume: jest.fn(() => Promise.resolve()),
  };
  const at = (ms: number): PausedWorkListItem => ({
    taskSid: `WT${ms}`,
    customerName: 'Ana',
    channel: 'chat',
    reassignAt: new Date(NOW + ms),
  });

  it.each([
    [3 * HOUR_MS, 'UTC', 'Reassigning today at 3:00 PM'],
    [13 * HOUR_MS, 'UTC', 'Reassigning tomorrow at 1:00 AM'],
    // The same instant is still today for an agent in Los Angeles (Jan 10, 5:00 PM there).
    [13 * HOUR_MS, 'America/Los_Angeles', 'Reassigning today at 5:00 PM'],
    [2 * DAY_MS, 'UTC', 'Reassigning on Jan 12, 2030, 12:00 PM'],
    [59 * MINUTE_MS, 'UTC', 'Reassigning soon'],
    [-MINUTE_MS, 'UTC', 'Reassigning…'],
  ])('%d ms ahead in %s reads "%s", like Flex’s own paused list', (ahead, timeZone, text) => {
    render(<PausedWorkList {...base} timeZone={timeZone} items={[at(ahead)]} />);
    expect(screen.getAllByRole('row')[1]).toHaveTextContent(text);
  });

  it('speaks Spanish dates and units with the Spanish strings', () => {
    render(<PausedWorkList {...base} strings={es} locale="es-ES" items={[at(3 * HOUR_MS), items[0]]} />);
    const rows = screen.getAllByRole('row');
    expect(rows[0]).toHaveTextContent('Cliente');
    expect(rows[1]).toHaveTextContent('Se reasigna hoy a las 15:00');
    expect(rows[1]).toHaveTextContent('Se reasigna en 3 horas — en menos de un día');
    expect(rows[2]).toHaveTextContent('9 ene 2030, 08:30');
    expect(
      screen.getByRole('button', { name: 'Reanudar la conversación con Ana García' }),
    ).toBeInTheDocument();
  });

  it('accepts the server’s paused-work items (customer, channelType, deadline, conversation SID)', async () => {
    const user = userEvent.setup();
    const onResume = jest.fn(() => Promise.resolve());
    const served: PausedWorkListItem = {
      taskSid: 'WT77',
      conversationSid: 'CH77',
      customer: 'Dana',
      channelType: 'whatsapp',
      pausedAt: '2030-01-10T11:00:00.000Z',
      deadline: '2030-01-10T14:00:00.000Z',
    };
    const nameless: PausedWorkListItem = { taskSid: 'WT78', deadline: NOW + 5 * HOUR_MS };
    render(<PausedWorkList {...base} onResume={onResume} items={[served, nameless]} />);
    const rows = screen.getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Dana');
    expect(rows[1]).toHaveTextContent('whatsapp');
    expect(rows[1]).toHaveTextContent('Jan 10, 2030, 11:00 AM');
    expect(rows[1]).toHaveTextContent('Reassigned in 2 hours — within a day');
    expect(rows[2]).toHaveTextContent('Unknown customer');
    expect(rows[2]).toHaveTextContent('Not recorded');
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Dana' }));
    expect(onResume).toHaveBeenCalledWith('WT77', served);
  });

  it('shows a load failure in an error Alert, keeping what it has', async () => {
    const { container } = render(
      <PausedWorkList {...base} items={items} error="Could not load paused conversations: timeout" />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('(error)');
    expect(screen.getByRole('alert')).toHaveTextContent('Could not load paused conversations: timeout');
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(await axe(container)).toHaveNoViolations();
  });

  it('focuses the Resume button of the item named by focusTaskSid (the item just paused)', () => {
    const { rerender } = render(<PausedWorkList {...base} items={[items[0]]} />);
    expect(document.body).toHaveFocus();
    rerender(<PausedWorkList {...base} items={[items[0]]} focusTaskSid="WT2" />);
    expect(document.body).toHaveFocus();
    // The item arrives from the server a moment later: focus goes to it then.
    rerender(<PausedWorkList {...base} items={items} focusTaskSid="WT2" />);
    expect(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' })).toHaveFocus();
    // Done once: the list changing later does not pull focus back there.
    act(() => (document.activeElement as HTMLElement).blur());
    rerender(<PausedWorkList {...base} items={[...items, at(5 * DAY_MS)]} focusTaskSid="WT2" />);
    expect(document.body).toHaveFocus();
    // A new request for the same item (focusKey) is carried out.
    rerender(<PausedWorkList {...base} items={items} focusTaskSid="WT2" focusKey={2} />);
    expect(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' })).toHaveFocus();
  });

  it('after a resumed row leaves the list, focus goes to the next Resume, then to the empty message', async () => {
    const user = userEvent.setup();
    const three = [...items, { ...at(4 * DAY_MS), taskSid: 'WT3', customerName: 'Cy' }];
    const { rerender } = render(<PausedWorkList {...base} items={three} />);
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' }));
    await act(async () => undefined);
    rerender(<PausedWorkList {...base} items={[three[0], three[2]]} />);
    expect(screen.getByRole('button', { name: 'Resume conversation with Cy' })).toHaveFocus();

    rerender(<PausedWorkList {...base} items={[three[0]]} />);
    expect(screen.getByRole('button', { name: 'Resume conversation with Ana García' })).toHaveFocus();

    rerender(<PausedWorkList {...base} items={[]} />);
    expect(screen.getByRole('status')).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('No paused conversations');
  });

  it('does not pull focus back when the agent had moved elsewhere', async () => {
    const user = userEvent.setup();
    const { rerender } = render(
      <>
        <PausedWorkList {...base} items={items} />
        <button type="button">Elsewhere</button>
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' }));
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    rerender(
      <>
        <PausedWorkList {...base} items={[items[0]]} />
        <button type="button">Elsewhere</button>
      </>,
    );
    expect(screen.getByRole('button', { name: 'Elsewhere' })).toHaveFocus();
  });

  describe.each(FLEX_THEMES)('in Flex’s %s theme', (_name, theme) => {
    it.each([
      ['loading', { items: [], loading: true }],
      ['empty', { items: [], loading: false }],
      ['listing', { items, loading: false }],
    ])('has no axe violations while %s', async (_state, state) => {
      const { container } = render(<PausedWorkList {...base} {...state} />, theme);
      expect(await axe(container)).toHaveNoViolations();
    });
  });
});

type Added = { element: React.ReactElement; options?: { if?: (props: unknown) => boolean } };

function fakeFlex() {
  const lists = {
    taskList: [] as Added[],
    header: [] as Added[],
    sideNav: [] as Added[],
    views: [] as Added[],
  };
  const shown: Array<{ id: string; context?: Record<string, string> }> = [];
  const registered = new Map<string, { id: string; type?: string }>();
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
    TaskListItem: { Content: content(lists.taskList) },
    TaskCanvasHeader: { Content: content(lists.header) },
    SideNav: { Content: content(lists.sideNav) },
    ViewCollection: { Content: content(lists.views) },
    SideLink: (props: { children: React.ReactNode; onClick: () => void; isActive?: boolean }) => (
      <button type="button" aria-current={props.isActive ? 'page' : undefined} onClick={props.onClick}>
        {props.children}
      </button>
    ),
    View: ({ children }: { name: string; children: React.ReactNode }) => <div>{children}</div>,
    withTaskContext: <C,>(component: C) => component,
  };
  return { flex, lists, shown, registered };
}

const pausedTask = (sid: string, deadline: number, name = 'Ana'): LeavePauseTask => ({
  taskSid: sid,
  sid: `WR${sid}`,
  status: 'accepted',
  taskChannelUniqueName: 'paused',
  attributes: {
    customerName: name,
    leavePause: {
      state: 'paused',
      pausedAt: new Date(NOW - 13 * DAY_MS).toISOString(),
      reassignAt: new Date(deadline).toISOString(),
      originalTaskChannel: 'sms',
    },
  },
});
const liveTask: LeavePauseTask = {
  taskSid: 'WT9',
  sid: 'WR9',
  status: 'accepted',
  taskChannelUniqueName: 'chat',
  attributes: {},
};

function fakeManager(tasks: LeavePauseTask[]) {
  let state = { flex: { worker: { tasks: new Map(tasks.map((t) => [t.sid, t])) } } };
  const listeners = new Set<() => void>();
  const manager: PausedWorkManager = {
    strings: { ...en },
    localization: { localeTag: 'en-US' },
    store: {
      getState: () => state,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
  const setTasks = (next: LeavePauseTask[]) => {
    state = { flex: { worker: { tasks: new Map(next.map((t) => [t.sid, t])) } } };
    listeners.forEach((l) => l());
  };
  return { manager, setTasks };
}

describe('addPausedWork (Flex adapter)', () => {
  beforeEach(() => {
    localStorage.clear();
    jest.useFakeTimers();
    jest.setSystemTime(NOW);
  });
  afterEach(() => jest.useRealTimers());

  it('adds the badge to task list items and the task header of paused tasks only', () => {
    const { flex, lists } = fakeFlex();
    const { manager } = fakeManager([]);
    const ticker = createTicker();
    const stop = addPausedWork(flex as unknown as FlexForPausedWork, manager, { ticker });
    expect(lists.taskList).toHaveLength(1);
    expect(lists.header).toHaveLength(1);
    const paused = pausedTask('WT1', NOW + 2 * HOUR_MS);
    for (const added of [lists.taskList[0], lists.header[0]]) {
      expect(added.options?.if?.({ task: paused })).toBe(true);
      expect(added.options?.if?.({ task: liveTask })).toBe(false);
      expect(added.options?.if?.({ task: undefined })).toBe(false);
    }
    const Badge = lists.taskList[0].element.type as React.ComponentType<{ task: LeavePauseTask }>;
    render(<Badge task={paused} />);
    expect(screen.getByText('Reassigned in 2 hours — within a day')).toBeInTheDocument();
    stop();
    ticker.dispose();
  });

  it('adds a side link that navigates to the Paused work view listing only paused tasks', async () => {
    const { flex, lists } = fakeFlex();
    const { manager, setTasks } = fakeManager([pausedTask('WT1', NOW + 2 * DAY_MS, 'Ana'), liveTask]);
    const ticker = createTicker();
    addPausedWork(flex as unknown as FlexForPausedWork, manager, { ticker });

    render(lists.sideNav[0].element);
    act(() => screen.getByRole('button', { name: 'Paused work' }).click());
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith('NavigateToView', { viewName: PAUSED_WORK_VIEW });
    expect(lists.views[0].element.props.name).toBe(PAUSED_WORK_VIEW);

    render(lists.views[0].element);
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('rowheader')).toHaveTextContent('Ana');
    expect(screen.getByRole('table')).toHaveTextContent('sms');

    act(() => setTasks([liveTask]));
    expect(screen.getByText('No paused conversations')).toBeInTheDocument();

    const paused = pausedTask('WT2', NOW + DAY_MS, 'Bo');
    act(() => setTasks([paused]));
    await act(async () => screen.getByRole('button', { name: 'Resume conversation with Bo' }).click());
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith(RESUME_ACTION, { task: paused });
    ticker.dispose();
  });

  it('registers warning reminders and shows each once per mark from the ticker, also after a reload', () => {
    const first = fakeFlex();
    const tasks = [pausedTask('WT1', NOW + DAY_MS + 10 * MINUTE_MS, 'Ana'), liveTask];
    const ticker = createTicker();
    const stop = addPausedWork(first.flex as unknown as FlexForPausedWork, fakeManager(tasks).manager, {
      ticker,
    });
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

    // Reload: a fresh Flex and ticker, the same localStorage.
    const second = fakeFlex();
    const ticker2 = createTicker();
    const stop2 = addPausedWork(second.flex as unknown as FlexForPausedWork, fakeManager(tasks).manager, {
      ticker: ticker2,
    });
    expect(second.shown).toEqual([]);
    act(() => void jest.advanceTimersByTime(22 * HOUR_MS + 100));
    expect(second.shown.map((n) => n.id)).toEqual(['LeavePausePauseReminder1h']);
    act(() => void jest.advanceTimersByTime(30 * MINUTE_MS));
    expect(second.shown).toHaveLength(1);
    stop2();
    ticker2.dispose();
  });
});
