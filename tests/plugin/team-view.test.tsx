import * as React from 'react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { FLEX_THEMES, renderThemed as render } from './theme';

import { BackendError, type TeamPausedRow } from '../../src/backend/client';
import { TeamPausedView, type TeamPausedViewProps } from '../../src/components';
import { addTeamView, TEAM_VIEW, type FlexForTeamView, type TeamBackend } from '../../src/flex/teamView';
import { en, es } from '../../src/strings';
import { filterRows, pageOf, reasonOf, sortRows, toTeamViewRow, unreadOf } from '../../src/team';
import { createTicker, HOUR_MS, MINUTE_MS } from '../../src/time';

// Paste renders slowly in jsdom on a shared machine; a whole keyboard walk can outlast jest's 5 s default.
jest.setTimeout(30_000);

const NOW = Date.parse('2030-01-10T12:00:00.000Z');
const hex = (n: number, prefix: string) => `${prefix}${n.toString(16).padStart(32, '0')}`;

function row(
  n: number,
  agent: { sid: string; name: string },
  extra: Partial<TeamPausedRow> & Record<string, unknown> = {},
): TeamPausedRow {
  return {
    taskSid: hex(n, 'WT'),
    pausedBy: agent.sid,
    agentName: agent.name,
    pausedAt: new Date(NOW - (n + 1) * MINUTE_MS).toISOString(),
    reassignAt: new Date(NOW + (n + 1) * HOUR_MS).toISOString(),
    deadlineSource: 'twilio',
    interactionSid: hex(n, 'KD'),
    channelSid: hex(n, 'UO'),
    conversationSid: hex(n, 'CH'),
    taskChannel: n % 2 ? 'sms' : 'chat',
    customer: `Customer ${n}`,
    queueSid: hex(n % 3, 'WQ'),
    queueName: ['Billing', 'Sales', 'Support'][n % 3],
    ...extra,
  };
}

const ALICE = { sid: hex(1, 'WK'), name: 'Alice Agent' };
const BOB = { sid: hex(2, 'WK'), name: 'Bob Agent' };

const RECORDS: TeamPausedRow[] = [
  row(0, BOB, {
    unread: { count: 3, lastMessageAt: '2026-01-01T00:00:00Z', preview: 'Hello?' },
    reason: { code: 'lunch', label: { en: 'Lunch', es: 'Comida' } },
  }),
  row(1, ALICE, { reason: { code: 'billing', label: { en: 'Waiting for billing' } } }),
  row(2, ALICE),
];

function props(overrides: Partial<TeamPausedViewProps> = {}): TeamPausedViewProps {
  return {
    records: RECORDS,
    loading: false,
    actions: { resumeForAgent: true, returnToQueue: false },
    onResumeForAgent: jest.fn(async () => undefined),
    onReturnToQueue: jest.fn(async () => undefined),
    strings: en,
    locale: 'en-US',
    timeZone: 'UTC',
    ticker: createTicker({ clock: () => NOW }),
    ...overrides,
  };
}

const bodyRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
const agentsShown = () => bodyRows().map((r) => within(r).getByRole('rowheader').textContent);
const customersShown = () => bodyRows().map((r) => within(r).getAllByRole('cell')[0].textContent);

describe('the team view model', () => {
  it('reads the optional unread count and reason whatever their shape, or none', () => {
    expect(unreadOf({ unread: { count: 3 } })).toBe(3);
    expect(unreadOf({ unread: 2 })).toBe(2);
    expect(unreadOf({})).toBe(0);
    expect(unreadOf({ unread: { count: 'x' } })).toBe(0);
    expect(reasonOf({ reason: { code: 'lunch', label: { en: 'Lunch', es: 'Comida' } } }, 'es')).toBe(
      'Comida',
    );
    expect(reasonOf({ reason: { code: 'lunch', note: 'back at 2' } }, 'en')).toBe('lunch: back at 2');
    expect(reasonOf({ reason: 'Waiting' }, 'en')).toBe('Waiting');
    expect(reasonOf({}, 'en')).toBe('');
  });

  it('filters, sorts (stable, empty last) and pages', () => {
    const rows = RECORDS.map((r) => toTeamViewRow(r, 'en', '?'));
    expect(filterRows(rows, { agent: ALICE.sid, queue: '' }).map((r) => r.customer)).toEqual([
      'Customer 1',
      'Customer 2',
    ]);
    expect(filterRows(rows, { agent: '', queue: hex(0, 'WQ') }).map((r) => r.customer)).toEqual([
      'Customer 0',
    ]);
    expect(sortRows(rows, { key: 'reason', direction: 'ascending' }).map((r) => r.reason)).toEqual([
      'Lunch',
      'Waiting for billing',
      '',
    ]);
    expect(sortRows(rows, { key: 'unread', direction: 'descending' })[0].unread).toBe(3);
    expect(pageOf([1, 2, 3, 4, 5], 9, 2)).toEqual({ rows: [5], page: 3, pages: 3 });
  });
});

describe('TeamPausedView', () => {
  it.each(FLEX_THEMES)(
    'a real table with caption and headers, no axe violations (%s theme)',
    async (_name, theme) => {
      const { container } = render(<TeamPausedView {...props()} />, theme);
      const table = screen.getByRole('table');
      expect(
        within(table).getByText('Paused conversations of the contact centre: 3 of 3'),
      ).toBeInTheDocument();
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map((h) => h.textContent?.trim()),
      ).toEqual([
        'Agent ▲'.replace(' ▲', ''),
        'Customer',
        'Channel',
        'Queue',
        'Reason',
        'Paused since',
        'Back to the queue ▲',
        'Unread',
        'Actions',
      ]);
      // The soonest deadline first, by default.
      expect(customersShown()).toEqual(['Customer 0', 'Customer 1', 'Customer 2']);
      const first = bodyRows()[0];
      expect(within(first).getByText('Lunch')).toBeInTheDocument();
      expect(within(first).getByLabelText('3 unread customer messages')).toHaveTextContent('3');
      expect(within(first).getByText(/Reassigned in 60 minutes/)).toBeInTheDocument();
      expect(await axe(container)).toHaveNoViolations();
    },
  );

  it('sorts with the header buttons, aria-sort following, by keyboard alone', async () => {
    const user = userEvent.setup();
    render(<TeamPausedView {...props()} />);
    const agentHeader = screen.getByRole('columnheader', { name: /Agent/ });
    expect(agentHeader).toHaveAttribute('aria-sort', 'none');
    const sortByAgent = screen.getByRole('button', { name: 'Sort by Agent' });
    sortByAgent.focus();
    await user.keyboard('{Enter}');
    expect(agentHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByRole('columnheader', { name: /Back to the queue/ })).toHaveAttribute(
      'aria-sort',
      'none',
    );
    expect(agentsShown()).toEqual(['Alice Agent', 'Alice Agent', 'Bob Agent']);
    await user.keyboard(' ');
    expect(agentHeader).toHaveAttribute('aria-sort', 'descending');
    expect(agentsShown()).toEqual(['Bob Agent', 'Alice Agent', 'Alice Agent']);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Sort by Customer' })).toHaveFocus();
  });

  it('filters by agent and by queue (labelled selects)', async () => {
    const user = userEvent.setup();
    render(<TeamPausedView {...props()} />);
    await user.selectOptions(screen.getByLabelText('Agent'), 'Alice Agent');
    expect(customersShown()).toEqual(['Customer 1', 'Customer 2']);
    await user.selectOptions(screen.getByLabelText('Queue'), 'Support');
    expect(customersShown()).toEqual(['Customer 2']);
    expect(screen.getByText('Paused conversations of the contact centre: 1 of 3')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Agent'), 'Bob Agent');
    expect(screen.getByText('No paused conversations match')).toBeInTheDocument();
  });

  it('Resume for agent from the keyboard calls it for that row and says so; Return to queue is hidden unless allowed', async () => {
    const user = userEvent.setup();
    const onResumeForAgent = jest.fn(async () => undefined);
    render(<TeamPausedView {...props({ onResumeForAgent })} />);
    expect(screen.queryByRole('button', { name: /to the queue now/ })).toBeNull();
    const button = screen.getByRole('button', {
      name: 'Resume the conversation with Customer 0 for Bob Agent',
    });
    button.focus();
    await user.keyboard('{Enter}');
    expect(onResumeForAgent).toHaveBeenCalledWith(
      expect.objectContaining({ taskSid: hex(0, 'WT'), workerSid: BOB.sid }),
    );
    expect(
      await screen.findByText('Resumed for Bob Agent: the conversation is back with them.'),
    ).toBeInTheDocument();
  });

  it('shows Return to queue where allowed, and a refusal in words', async () => {
    const user = userEvent.setup();
    const onReturnToQueue = jest.fn(async () => {
      throw new BackendError({
        status: 409,
        code: 'task_wrong_state',
        message: 'Twilio did not return this paused conversation to the queue',
      });
    });
    render(
      <TeamPausedView
        {...props({ actions: { resumeForAgent: false, returnToQueue: true }, onReturnToQueue })}
      />,
    );
    expect(screen.queryByRole('button', { name: /^Resume the conversation/ })).toBeNull();
    await user.click(
      screen.getByRole('button', { name: 'Return the conversation with Customer 1 to the queue now' }),
    );
    expect(onReturnToQueue).toHaveBeenCalledWith(expect.objectContaining({ taskSid: hex(1, 'WT') }));
    expect(
      await screen.findByText(
        'Could not do that: Twilio did not return this paused conversation to the queue',
      ),
    ).toBeInTheDocument();
  });

  it('a failure that is no refusal reads worded text, never the raw error', async () => {
    const user = userEvent.setup();
    const onReturnToQueue = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    render(
      <TeamPausedView
        {...props({ actions: { resumeForAgent: false, returnToQueue: true }, onReturnToQueue })}
      />,
    );
    await user.click(
      screen.getByRole('button', { name: 'Return the conversation with Customer 1 to the queue now' }),
    );
    expect(
      await screen.findByText(`Could not do that: ${en.LeavePauseUnexpectedFailure}`),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Failed to fetch/)).toBeNull();
  });

  it('no actions allowed: no Actions column', () => {
    render(<TeamPausedView {...props({ actions: { resumeForAgent: false, returnToQueue: false } })} />);
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('1,000 paused conversations across 50 agents: one page of 50 rows at a time, with page buttons', () => {
    const agents = Array.from({ length: 50 }, (_, i) => ({ sid: hex(100 + i, 'WK'), name: `Agent ${i}` }));
    const records = Array.from({ length: 1000 }, (_, i) => row(i, agents[i % 50]));
    render(
      <TeamPausedView {...props({ records, actions: { resumeForAgent: false, returnToQueue: false } })} />,
    );
    expect(bodyRows()).toHaveLength(50);
    expect(screen.getByText('Page 1 of 20')).toBeInTheDocument();
    // fireEvent, not user-event: the same events, without user-event's per-step waits on 50 Paste rows.
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('Page 2 of 20')).toBeInTheDocument();
    expect(customersShown()[0]).toBe('Customer 50');
    fireEvent.change(screen.getByLabelText('Agent'), { target: { value: agents[7].sid } });
    expect(bodyRows()).toHaveLength(20);
    expect(customersShown()[0]).toBe('Customer 7');
    expect(screen.queryByText(/Page \d+ of/)).toBeNull();
  });

  it('in Spanish', () => {
    render(<TeamPausedView {...props({ strings: es, locale: 'es-ES' })} />);
    expect(screen.getByRole('heading', { name: 'Pausas del equipo' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ordenar por Agente' })).toBeInTheDocument();
    expect(screen.getByText('Comida')).toBeInTheDocument();
    expect(screen.getByLabelText('3 mensajes del cliente sin leer')).toBeInTheDocument();
  });
});

describe('addTeamView (Flex adapter)', () => {
  function fakeFlex() {
    const added = { sideNav: [] as React.ReactElement[], views: [] as React.ReactElement[] };
    const flex = {
      Actions: { invokeAction: jest.fn(async () => undefined) },
      SideNav: {
        Content: { add: jest.fn((element: React.ReactElement) => void added.sideNav.push(element)) },
      },
      ViewCollection: {
        Content: { add: jest.fn((element: React.ReactElement) => void added.views.push(element)) },
      },
      SideLink: (p: { children: React.ReactNode; onClick: () => void }) => (
        <button type="button" onClick={p.onClick}>
          {p.children}
        </button>
      ),
      View: (p: { children: React.ReactNode; name: string }) => <div data-view={p.name}>{p.children}</div>,
    };
    return { flex: flex as unknown as FlexForTeamView, raw: flex, added };
  }

  function fakeBackend() {
    let records = [...RECORDS];
    const backend = {
      teamPaused: jest.fn(async () => ({
        rows: records,
        actions: { resumeForAgent: true, returnToQueue: false },
      })),
      teamResume: jest.fn(async (taskSid: string) => {
        records = records.filter((r) => r.taskSid !== taskSid);
        return { ok: true as const, serverTime: new Date(NOW).toISOString() };
      }),
      teamReturn: jest.fn(async () => ({ ok: true as const, serverTime: new Date(NOW).toISOString() })),
    };
    return backend satisfies TeamBackend;
  }

  it.each([[['agent']], [[]], [undefined]])('adds nothing for roles %j', (roles) => {
    const { flex, added } = fakeFlex();
    const manager = { strings: { ...en }, user: roles ? { roles } : undefined };
    expect(addTeamView(flex, manager, { backend: fakeBackend() })).toBe(false);
    expect(added.sideNav).toHaveLength(0);
    expect(added.views).toHaveLength(0);
  });

  it.each(['supervisor', 'admin'])(
    'a %s gets the side link and the view; the view lists and reloads after Resume for agent',
    async (role) => {
      const user = userEvent.setup();
      const { flex, raw, added } = fakeFlex();
      const backend = fakeBackend();
      const manager = {
        strings: { ...en },
        localization: { localeTag: 'en-US' },
        user: { roles: ['agent', role] },
      };
      expect(addTeamView(flex, manager, { backend, ticker: createTicker({ clock: () => NOW }) })).toBe(true);
      render(<>{added.sideNav[0]}</>);
      await user.click(screen.getByRole('button', { name: 'Team pauses' }));
      expect(raw.Actions.invokeAction).toHaveBeenCalledWith('NavigateToView', { viewName: TEAM_VIEW });
      render(<>{added.views[0]}</>);
      await waitFor(() => expect(bodyRows()).toHaveLength(3));
      await act(async () => {
        await user.click(
          screen.getByRole('button', { name: 'Resume the conversation with Customer 0 for Bob Agent' }),
        );
      });
      expect(backend.teamResume).toHaveBeenCalledWith(hex(0, 'WT'), BOB.sid);
      await waitFor(() => expect(bodyRows()).toHaveLength(2));
      expect(backend.teamPaused).toHaveBeenCalledTimes(2);
    },
  );
});
