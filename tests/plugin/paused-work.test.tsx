import * as React from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { FLEX_THEMES, renderThemed as render } from './theme';

import { RESUME_ACTION } from '../../src/actions';
import type { PausedRecord } from '../../src/backend/client';
import { PausedWorkList, type PausedWorkListItem } from '../../src/components';
import {
  addPausedWork,
  PAUSED_WORK_VIEW,
  type FlexForPausedWork,
  type PausedWorkManager,
} from '../../src/flex/pausedWork';
import { createPausedWorkStore, type PausedWorkItem } from '../../src/paused';
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

  it("after a resumed row leaves the list, focus goes to the heading, never to another row's Resume (issue 19)", async () => {
    const user = userEvent.setup();
    const three = [...items, { ...at(4 * DAY_MS), taskSid: 'WT3', customerName: 'Cy' }];
    const onResume = jest.fn(() => Promise.resolve());
    const props = { ...base, onResume };
    const { rerender } = render(<PausedWorkList {...props} items={three} />);
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' }));
    await act(async () => undefined);
    rerender(<PausedWorkList {...props} items={[three[0], three[2]]} />);
    expect(screen.getByRole('heading', { name: 'Paused work' })).toHaveFocus();
    // One more Enter resumes nothing: the heading is no action.
    await user.keyboard('{Enter}');
    expect(onResume).toHaveBeenCalledTimes(1);
    // The list shrinking again while focus rests on the heading leaves it there.
    rerender(<PausedWorkList {...props} items={[]} />);
    expect(screen.getByRole('heading', { name: 'Paused work' })).toHaveFocus();
  });

  it("after a successful Resume, focus goes to the caller's target (the resumed conversation) once it is there", async () => {
    const user = userEvent.setup();
    const target = document.createElement('button');
    target.textContent = 'Resumed conversation with Bo Chen';
    const { rerender } = render(
      <PausedWorkList {...base} items={items} focusAfterResume={(sid) => [sid === 'WT2' ? target : null]} />,
    );
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Bo Chen' }));
    rerender(
      <PausedWorkList
        {...base}
        items={[items[0]]}
        focusAfterResume={(sid) => [sid === 'WT2' ? target : null]}
      />,
    );
    // Not there yet: focus waits on the heading, not on Ana García's Resume.
    expect(screen.getByRole('heading', { name: 'Paused work' })).toHaveFocus();
    // The resumed conversation arrives a moment later: focus follows it.
    document.body.appendChild(target);
    await waitFor(() => expect(target).toHaveFocus());
    target.remove();
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
    sideNav: [] as Added[],
    views: [] as Added[],
  };
  const shown: Array<{ id: string; context?: Record<string, string> }> = [];
  const dismissed: Array<{ id: string; context?: Record<string, string> }> = [];
  const dismissListeners = new Set<(n: unknown) => void>();
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
      showNotification: jest.fn((id: string, context?: Record<string, string>) => {
        const notification = { id, context };
        shown.push(notification);
        return notification;
      }),
      // Flex's NotificationManager is an EventEmitter; dismissing fires "notificationDismissed".
      dismissNotification: jest.fn((n: { id: string; context?: Record<string, string> }) => {
        dismissed.push(n);
        for (const listener of dismissListeners) listener(n);
      }),
      addListener: (event: string, listener: (n: unknown) => void) => {
        if (event === 'notificationDismissed') dismissListeners.add(listener);
      },
      removeListener: (_event: string, listener: (n: unknown) => void) => dismissListeners.delete(listener),
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
  return { flex, lists, shown, dismissed, registered, canvases };
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
    expect(screen.getByText('Reassigned in 2 hours — within a day')).toBeInTheDocument();
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

  it('registers warning reminders: one per mark, the later withdrawing the earlier, back once after a reload unless dismissed', async () => {
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
    // Due and not dismissed: it comes back once after the reload (issue 19).
    expect(second.shown.map((n) => n.id)).toEqual(['LeavePausePauseReminder24h']);
    act(() => void jest.advanceTimersByTime(HOUR_MS));
    expect(second.shown).toHaveLength(1);
    act(() => void jest.advanceTimersByTime(21 * HOUR_MS + 100));
    // At 1 h only that mark's reminder: the 24 h one of the same pause is withdrawn.
    expect(second.shown.map((n) => n.id)).toEqual([
      'LeavePausePauseReminder24h',
      'LeavePausePauseReminder1h',
    ]);
    expect(second.dismissed.map((n) => n.id)).toEqual(['LeavePausePauseReminder24h']);
    // The agent closes the 1 h reminder: it stays closed, also after another reload.
    act(() => second.flex.Notifications.dismissNotification(second.shown[1]));
    stop2();
    ticker2.dispose();
    const third = fakeFlex();
    const ticker3 = createTicker();
    const store3 = createPausedWorkStore(server.load);
    const stop3 = addPausedWork(third.flex as unknown as FlexForPausedWork, manager, {
      ticker: ticker3,
      store: store3,
    });
    await act(async () => store3.refresh());
    act(() => void jest.advanceTimersByTime(10 * MINUTE_MS));
    expect(third.shown).toEqual([]);
    stop3();
    ticker3.dispose();
  });
});
