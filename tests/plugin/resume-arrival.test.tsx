import * as React from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { renderThemed as render } from './theme';

import { RESUME_ACTION } from '../../src/actions';
import type { BackendSuccess, PausedRecord } from '../../src/backend/client';
import { LivePauseCountdownBadge, PauseCountdownBadge, PausedWorkList } from '../../src/components';
import { registerActions, type FlexForActions } from '../../src/flex/registerActions';
import {
  flexReservationFeed,
  followResumes,
  AGENT_DESKTOP_VIEW,
  RESUME_ARRIVAL_NOTIFICATIONS,
} from '../../src/flex/resumeArrival';
import { addResumedMark, RESUMED_MARK_ATTRIBUTE, WentToQueueNote } from '../../src/flex/resumeFocus';
import { toPausedWorkItem } from '../../src/paused';
import {
  arrivalDecision,
  followResumedConversation,
  RESUME_ARRIVAL_WINDOW_MS,
  resumedConversationOf,
  type ArrivingReservation,
} from '../../src/resume';
import { en, es, template, type Strings } from '../../src/strings';
import { createTicker, DAY_MS } from '../../src/time';
import { RESUMED, reservation } from './fixtures/resume';

describe('arrivalDecision: which of the agent reservations is Resume’s new task', () => {
  it.each([
    ['a pending reservation for the conversation is accepted', reservation(), 'accept'],
    ['one that arrived accepted is only selected', reservation({ status: 'accepted' }), 'select'],
    [
      'matched by the interaction channel when the task has no conversation SID',
      reservation({ conversationSid: undefined }),
      'accept',
    ],
    [
      'another conversation’s reservation is ignored',
      reservation({ conversationSid: 'CH2', channelSid: 'UO2' }),
      'ignore',
    ],
    [
      'the paused task’s own (wrapping) reservation is ignored',
      reservation({ taskSid: 'WTpaused', status: 'wrapping' }),
      'ignore',
    ],
    ['the paused task is never accepted, even pending', reservation({ taskSid: 'WTpaused' }), 'ignore'],
    ['a reservation no longer live is ignored', reservation({ status: 'canceled' }), 'ignore'],
    [
      'matched by the conversation SID when the channel SIDs differ',
      reservation({ channelSid: 'UOother' }),
      'accept',
    ],
  ] as const)('%s', (_name, candidate, decision) => {
    expect(arrivalDecision(RESUMED, candidate)).toBe(decision);
  });
});

describe('resumedConversationOf: Resume’s answer, read defensively', () => {
  it.each([
    [
      'both SIDs',
      { channelSid: 'UO1', conversationSid: 'CH1' },
      { channelSid: 'UO1', conversationSid: 'CH1' },
    ],
    ['the channel only', { channelSid: 'UO1' }, { channelSid: 'UO1', conversationSid: null }],
    ['the conversation only', { conversationSid: 'CH1' }, { channelSid: '', conversationSid: 'CH1' }],
    [
      'fields that are not strings count as absent',
      { channelSid: 7, conversationSid: 'CH1' },
      { channelSid: '', conversationSid: 'CH1' },
    ],
  ] as const)('%s', (_name, answer, expected) => {
    expect(resumedConversationOf(answer, 'WTpaused', 'Casey')).toEqual({
      pausedTaskSid: 'WTpaused',
      customerName: 'Casey',
      ...expected,
    });
  });

  it('neither SID: nothing to follow', () => {
    expect(resumedConversationOf({}, 'WTpaused', 'Casey')).toBeUndefined();
    expect(
      resumedConversationOf({ channelSid: '', conversationSid: 5 }, 'WTpaused', 'Casey'),
    ).toBeUndefined();
  });
});

/** A feed the test pushes to, like Flex's store notifying its subscribers. */
function fakeFeed(initial: ArrivingReservation[] = []) {
  let now = initial;
  const listeners = new Set<(list: readonly ArrivingReservation[]) => void>();
  return {
    feed: {
      current: () => now,
      subscribe: (listener: (list: readonly ArrivingReservation[]) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    push(list: ArrivingReservation[]) {
      now = list;
      for (const listener of [...listeners]) listener(list);
    },
    listeners,
  };
}

function handlers() {
  return {
    accept: jest.fn(async (_sid: string) => undefined),
    select: jest.fn(async (_sid: string) => undefined),
    wentElsewhere: jest.fn(),
    acceptFailed: jest.fn(),
  };
}

const flush = () => act(async () => undefined);

describe('followResumedConversation', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('accepts a pending reservation once, however many times it is reported, then selects it', async () => {
    const { feed, push, listeners } = fakeFeed();
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    push([reservation({ conversationSid: 'CH2', channelSid: 'UO2', reservationSid: 'WRother' })]);
    push([reservation()]);
    push([reservation()]);
    push([reservation({ status: 'accepted' })]);
    await flush();
    expect(on.accept).toHaveBeenCalledTimes(1);
    expect(on.accept).toHaveBeenCalledWith('WRnew');
    expect(on.select).toHaveBeenCalledTimes(1);
    expect(on.select).toHaveBeenCalledWith('WRnew');
    expect(listeners.size).toBe(0);
    // Settled: the window's timer is gone too, not merely ignored when it fires.
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS * 2);
    expect(on.wentElsewhere).not.toHaveBeenCalled();
  });

  it('finds a reservation that arrived before Resume’s answer did', async () => {
    const { feed, listeners } = fakeFeed([reservation()]);
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    await flush();
    expect(on.accept).toHaveBeenCalledTimes(1);
    expect(listeners.size).toBe(0);
  });

  it('only selects a reservation that arrived accepted', async () => {
    const { feed, push } = fakeFeed();
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    push([reservation({ status: 'accepted' })]);
    await flush();
    expect(on.accept).not.toHaveBeenCalled();
    expect(on.select).toHaveBeenCalledWith('WRnew');
  });

  it('ignores other conversations and, when nothing arrives in the window, says it went to the queue', async () => {
    const { feed, push, listeners } = fakeFeed();
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    push([reservation({ conversationSid: 'CH2', channelSid: 'UO2' })]);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS - 1);
    expect(on.wentElsewhere).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(on.wentElsewhere).toHaveBeenCalledTimes(1);
    expect(on.wentElsewhere).toHaveBeenCalledWith(RESUMED);
    // Too late: a reservation after the window is left to the agent.
    push([reservation()]);
    await flush();
    expect(on.accept).not.toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });

  it('reports a failed accept (the reservation still waits in the task list) and does not select', async () => {
    const { feed, push } = fakeFeed();
    const on = handlers();
    on.accept.mockRejectedValueOnce(new Error('invite gone'));
    followResumedConversation(RESUMED, feed, on);
    push([reservation()]);
    await flush();
    expect(on.acceptFailed).toHaveBeenCalledWith(
      RESUMED,
      expect.objectContaining({ message: 'invite gone' }),
    );
    expect(on.select).not.toHaveBeenCalled();
  });

  it('stops when asked: nothing is accepted or said afterwards', async () => {
    const { feed, push } = fakeFeed();
    const on = handlers();
    const stop = followResumedConversation(RESUMED, feed, on);
    stop();
    push([reservation()]);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    await flush();
    expect(on.accept).not.toHaveBeenCalled();
    expect(on.wentElsewhere).not.toHaveBeenCalled();
  });
});

/** Flex's Redux store, as far as the adapter reads it: flex.worker.tasks, a Map of reservation SID → task. */
function fakeFlexStore() {
  let tasks = new Map<string, Record<string, unknown>>();
  const listeners = new Set<() => void>();
  return {
    store: {
      getState: () => ({ flex: { worker: { tasks } } }),
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    /** Flex's own reducer replacing the map, then notifying subscribers. */
    reserve(reservationSid: string, task: { taskSid: string; status: string; conversationSid: string }) {
      tasks = new Map(tasks);
      tasks.set(reservationSid, {
        sid: reservationSid,
        taskSid: task.taskSid,
        status: task.status,
        // Each conversation has its own interaction channel: CH1 ↔ UO1, CH9 ↔ UO9.
        attributes: {
          conversationSid: task.conversationSid,
          flexInteractionChannelSid: `UO${task.conversationSid.slice(2)}`,
        },
      });
      for (const listener of [...listeners]) listener();
    },
  };
}

function fakeFlex(store: ReturnType<typeof fakeFlexStore>) {
  const actions = new Map<string, (payload: unknown) => Promise<unknown>>();
  const registered = new Map<string, { id: string; type?: string }>();
  const invoked: Array<[string, unknown]> = [];
  const flex = {
    Actions: {
      registerAction: jest.fn(
        (name: string, fn: (payload: unknown) => Promise<unknown>) => void actions.set(name, fn),
      ),
      invokeAction: jest.fn(async (name: string, payload: unknown) => {
        invoked.push([name, payload]);
        const own = actions.get(name);
        if (own) return own(payload);
        // Flex's own AcceptTask: the reservation becomes accepted in its store.
        if (name === 'AcceptTask') {
          const { sid } = payload as { sid: string };
          const task = store.store.getState().flex.worker.tasks.get(sid);
          if (task)
            store.reserve(sid, {
              taskSid: String(task.taskSid),
              status: 'accepted',
              conversationSid: String((task.attributes as Record<string, unknown>).conversationSid),
            });
        }
        return undefined;
      }),
    },
    Notifications: {
      registeredNotifications: registered,
      registerNotification: jest.fn((n: { id: string }) => void registered.set(n.id, n)),
      showNotification: jest.fn(),
    },
    NotificationType: { information: 'information', success: 'success', warning: 'warning', error: 'error' },
  };
  // A structural fake: Flex's Notification and NotificationType types are richer than what the adapter uses.
  return { flex: flex as typeof flex & FlexForActions, invoked, registered };
}

const answer = (over: Record<string, unknown> = {}): BackendSuccess => ({
  ok: true,
  serverTime: '2030-01-01T00:00:00.000Z',
  taskSid: 'WTpaused',
  conversationSid: 'CH1',
  channelSid: 'UO1',
  state: 'resumed',
  alreadyResumed: false,
  ...over,
});

describe('Flex adapter: Resume follows the conversation back to the agent', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(resumeAnswer = answer()) {
    const store = fakeFlexStore();
    const { flex, invoked, registered } = fakeFlex(store);
    const manager = { store: store.store, strings: { ...en } };
    const backend = { leave: jest.fn(), pause: jest.fn(), resume: jest.fn(async () => resumeAnswer) };
    const followed = followResumes(flex, manager, backend, (sid) => (sid === 'WTpaused' ? 'Casey' : ''));
    registerActions(flex, manager, { backend: { ...backend, ...followed } });
    return { store, flex, invoked, registered, backend };
  }

  it('a pending reservation for the resumed conversation: Flex’s AcceptTask once, then SelectTask', async () => {
    const { store, flex, invoked } = setup();
    await act(async () => {
      await flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WTpaused' });
    });
    store.reserve('WRother', { taskSid: 'WTother', status: 'pending', conversationSid: 'CH9' });
    store.reserve('WRnew', { taskSid: 'WTnew', status: 'pending', conversationSid: 'CH1' });
    // Flex's store reports the same pending reservation again (any other update of the store).
    store.reserve('WRnew', { taskSid: 'WTnew', status: 'pending', conversationSid: 'CH1' });
    await flush();
    const flexActions = invoked.filter(([name]) => name !== RESUME_ACTION);
    expect(flexActions).toEqual([
      ['AcceptTask', { sid: 'WRnew' }],
      ['SelectTask', { sid: 'WRnew' }],
      // Resume is pressed in Paused work: the agent desktop shows the conversation it brought back.
      ['NavigateToView', { viewName: AGENT_DESKTOP_VIEW }],
    ]);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    expect(flex.Notifications.showNotification).not.toHaveBeenCalledWith(
      RESUME_ARRIVAL_NOTIFICATIONS.wentToQueue,
      expect.anything(),
    );
  });

  it('a reservation that arrived accepted (even before the answer): selected, never accepted again', async () => {
    const { store, flex, invoked } = setup();
    store.reserve('WRnew', { taskSid: 'WTnew', status: 'accepted', conversationSid: 'CH1' });
    await act(async () => {
      await flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WTpaused' });
    });
    await flush();
    expect(invoked.filter(([name]) => name !== RESUME_ACTION)).toEqual([
      ['SelectTask', { sid: 'WRnew' }],
      ['NavigateToView', { viewName: AGENT_DESKTOP_VIEW }],
    ]);
  });

  it('nothing reaches the agent: a notification names the customer and says it went back to the queue', async () => {
    const { store, flex, invoked, registered } = setup();
    await act(async () => {
      await flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WTpaused' });
    });
    store.reserve('WRother', { taskSid: 'WTother', status: 'pending', conversationSid: 'CH9' });
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    expect(invoked.filter(([name]) => name !== RESUME_ACTION)).toEqual([]);
    expect(flex.Notifications.showNotification).toHaveBeenCalledWith(
      RESUME_ARRIVAL_NOTIFICATIONS.wentToQueue,
      {
        customer: 'Casey',
      },
    );
    // Rendered by Flex from manager.strings with that context.
    expect(registered.get(RESUME_ARRIVAL_NOTIFICATIONS.wentToQueue)).toMatchObject({ type: 'warning' });
    expect(template(en.LeavePauseResumeWentToQueue, { customer: 'Casey' })).toBe(
      'Casey went back to the queue: the next available agent will get it.',
    );
    expect(template(es.LeavePauseResumeWentToQueue, { customer: 'Casey' })).toBe(
      'Casey volvió a la cola: la atenderá el próximo agente disponible.',
    );
    // Flex's notification cannot take focus: Paused work says the same words, and focus goes to them (issue 19).
    const { unmount } = render(<WentToQueueNote />);
    const note = screen.getByRole('status');
    expect(note).toHaveTextContent('Casey went back to the queue: the next available agent will get it.');
    expect(note).toHaveFocus();
    unmount();
  });

  it('the went-to-queue note: kept from stealing focus from an agent who moved on, gone at the next Resume', async () => {
    const { flex, store } = setup();
    const elsewhere = document.createElement('input');
    elsewhere.setAttribute('aria-label', 'Search');
    document.body.appendChild(elsewhere);
    render(<WentToQueueNote />);
    await act(async () => {
      await flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WTpaused' });
    });
    elsewhere.focus();
    act(() => {
      jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    });
    expect(screen.getByRole('status')).toHaveTextContent('Casey went back to the queue');
    expect(elsewhere).toHaveFocus();
    // The next Resume's outcome is its own: the note goes as it starts, and a conversation that comes back clears it.
    await act(async () => {
      await flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WTpaused' });
    });
    expect(screen.queryByRole('status')).toBeNull();
    await act(async () => {
      store.reserve('WRnew', { taskSid: 'WTnew', status: 'accepted', conversationSid: 'CH1' });
      await Promise.resolve();
    });
    expect(screen.queryByRole('status')).toBeNull();
    elsewhere.remove();
  });

  it('a failed Resume follows nothing', async () => {
    const { flex, backend, invoked } = setup();
    backend.resume.mockRejectedValueOnce(new Error('not yours'));
    await act(async () => {
      await expect(flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WTpaused' })).rejects.toThrow(
        'not yours',
      );
    });
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    expect(invoked.filter(([name]) => name !== RESUME_ACTION)).toEqual([]);
    expect(flex.Notifications.showNotification).not.toHaveBeenCalledWith(
      RESUME_ARRIVAL_NOTIFICATIONS.wentToQueue,
      expect.anything(),
    );
  });

  it('reads only well-formed reservations from Flex’s store', () => {
    const store = fakeFlexStore();
    store.reserve('WRnew', { taskSid: 'WTnew', status: 'pending', conversationSid: 'CH1' });
    expect(flexReservationFeed(store).current()).toEqual([
      {
        reservationSid: 'WRnew',
        taskSid: 'WTnew',
        status: 'pending',
        conversationSid: 'CH1',
        channelSid: 'UO1',
      },
    ]);
    expect(
      flexReservationFeed({ store: { getState: () => ({}), subscribe: () => () => undefined } }).current(),
    ).toEqual([]);
  });
});

describe('Flex adapter: after Resume, focus goes to the resumed conversation (issue 19)', () => {
  /**
   * A small Flex: Paused work (the plugin's list) while that view is shown, else the agent desktop's task canvas
   * for the selected task, with whatever the plugin added to its header. Flex's SelectTask and NavigateToView
   * change what is shown, as Flex's own do.
   */
  function flexDesk() {
    const store = fakeFlexStore();
    const { flex, invoked } = fakeFlex(store);
    const headerContent: React.ReactElement[] = [];
    const shown = { view: 'leave-pause-paused-work', selected: 'WRother' };
    let rerender: () => void = () => undefined;
    const flexInvoke = flex.Actions.invokeAction;
    flex.Actions.invokeAction = jest.fn(async (name: string, payload: unknown) => {
      const result = await flexInvoke(name, payload);
      if (name === 'SelectTask') shown.selected = (payload as { sid: string }).sid;
      if (name === 'NavigateToView') shown.view = (payload as { viewName: string }).viewName;
      act(() => rerender());
      return result;
    });
    const flexWithCanvas = {
      ...flex,
      TaskCanvasHeader: {
        Content: { add: (element: React.ReactElement) => void headerContent.push(element) },
      },
      // Flex's withTaskContext hands the component the selected task; here the canvas passes it as a prop.
      withTaskContext: <C,>(component: C) => component,
    };
    const manager = { store: store.store, strings: { ...en } };
    const backend = {
      leave: jest.fn(),
      pause: jest.fn(),
      resume: jest.fn(async (): Promise<BackendSuccess> => answer()),
    };
    const followed = followResumes(flex, manager, backend, (sid) => (sid === 'WTpaused' ? 'Casey' : ''));
    registerActions(flex, manager, { backend: { ...backend, ...followed } });
    addResumedMark(flexWithCanvas as unknown as Parameters<typeof addResumedMark>[0], manager);
    const paused = [
      {
        taskSid: 'WTpaused',
        customerName: 'Casey',
        channel: 'chat',
        reassignAt: new Date(Date.now() + DAY_MS),
      },
      {
        taskSid: 'WTana',
        customerName: 'Ana',
        channel: 'sms',
        reassignAt: new Date(Date.now() + 2 * DAY_MS),
      },
    ];
    function Desk() {
      const [, setTick] = React.useState(0);
      rerender = () => setTick((tick) => tick + 1);
      if (shown.view !== AGENT_DESKTOP_VIEW) {
        return (
          <PausedWorkList
            items={paused}
            loading={false}
            now={Date.now()}
            strings={en}
            locale="en-US"
            timeZone="UTC"
            onResume={(taskSid) => flex.Actions.invokeAction(RESUME_ACTION, { taskSid })}
            focusHeadingOnMount
          />
        );
      }
      return (
        <section aria-label="Task canvas">
          <h2>Task {shown.selected}</h2>
          {headerContent.map((element) => React.cloneElement(element, { task: { sid: shown.selected } }))}
          <button type="button">End task</button>
        </section>
      );
    }
    return { store, invoked, Desk };
  }

  it('Resume from Paused work: the new task is accepted, selected and shown, and focus lands on it — never on Ana’s Resume', async () => {
    const user = userEvent.setup();
    const { store, invoked, Desk } = flexDesk();
    const { container } = render(<Desk />);
    const anasResume = screen.getByRole('button', { name: 'Resume conversation with Ana' });
    await user.click(screen.getByRole('button', { name: 'Resume conversation with Casey' }));
    // Twilio's new task for Casey's conversation reaches Flex's store, waiting to be accepted.
    act(() => store.reserve('WRnew', { taskSid: 'WTnew', status: 'pending', conversationSid: 'CH1' }));
    const mark = await waitFor(() => {
      const found = container.querySelector<HTMLElement>(`[${RESUMED_MARK_ATTRIBUTE}="WRnew"]`);
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    await waitFor(() => expect(mark).toHaveFocus());
    expect(mark).toHaveTextContent('Conversation resumed.');
    expect(anasResume).not.toHaveFocus();
    expect(invoked.filter(([name]) => name !== RESUME_ACTION)).toEqual([
      ['AcceptTask', { sid: 'WRnew' }],
      ['SelectTask', { sid: 'WRnew' }],
      ['NavigateToView', { viewName: AGENT_DESKTOP_VIEW }],
    ]);
    // Focus is on a words-only mark, not an action: one more Enter changes nothing.
    await user.keyboard('{Enter}');
    expect(invoked.filter(([name]) => name === RESUME_ACTION)).toHaveLength(1);
    expect(await axe(container)).toHaveNoViolations();
  });

  it('the mark shows only in the resumed task’s canvas, and an agent who moved on keeps their place', async () => {
    const { store, Desk } = flexDesk();
    const { container } = render(<Desk />);
    const elsewhere = document.createElement('input');
    elsewhere.setAttribute('aria-label', 'Search');
    document.body.appendChild(elsewhere);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Resume conversation with Casey' }));
    // The agent goes to type somewhere else before the conversation arrives.
    elsewhere.focus();
    act(() => store.reserve('WRnew', { taskSid: 'WTnew', status: 'accepted', conversationSid: 'CH1' }));
    await waitFor(() =>
      expect(container.querySelector(`[${RESUMED_MARK_ATTRIBUTE}="WRnew"]`)).not.toBeNull(),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(elsewhere).toHaveFocus();
    expect(container.querySelectorAll(`[${RESUMED_MARK_ATTRIBUTE}]`)).toHaveLength(1);
    elsewhere.remove();
  });
});

describe('the deadline as an estimate when Twilio gave none', () => {
  const DEADLINE = Date.parse('2030-01-15T10:00:00.000Z');
  const record = (deadlineSource: PausedRecord['deadlineSource']): PausedRecord => ({
    taskSid: 'WT1',
    pausedBy: 'WK1',
    pausedAt: '2030-01-01T10:00:00.000Z',
    reassignAt: new Date(DEADLINE).toISOString(),
    deadlineSource,
    interactionSid: 'KD1',
    channelSid: 'UO1',
    conversationSid: 'CH1',
    taskChannel: 'chat',
    customer: 'Casey',
  });

  it('a paused item knows where its deadline came from', () => {
    expect(toPausedWorkItem(record('twilio')).deadlineEstimated).toBe(false);
    expect(toPausedWorkItem(record('configured-limit')).deadlineEstimated).toBe(true);
  });

  function badgeWith(estimated: boolean, strings: Strings = en, locale = 'en-US') {
    return (
      <PauseCountdownBadge
        reassignAt={DEADLINE}
        now={DEADLINE - 3 * DAY_MS}
        strings={strings}
        locale={locale}
        timeZone="UTC"
        estimated={estimated}
      />
    );
  }
  const badge = () =>
    document.querySelector('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]') as HTMLElement;

  it.each([
    [false, en, 'en-US', 'Goes back to the queue at Jan 15, 2030, 10:00 AM'],
    [
      true,
      en,
      'en-US',
      "Goes back to the queue at about Jan 15, 2030, 10:00 AM (estimated from the admin's limit; Twilio did not say)",
    ],
    [
      true,
      es,
      'es-MX',
      'Vuelve a la cola hacia el 15 ene 2030, 10:00 (estimado según el límite del administrador; Twilio no lo indicó)',
    ],
  ] as const)(
    'estimated=%s: the badge is described by its tooltip (%#)',
    async (estimated, strings, locale, text) => {
      const user = userEvent.setup();
      const { container } = render(badgeWith(estimated, strings, locale));
      await user.tab();
      expect(badge()).toHaveFocus();
      expect(screen.getByRole('tooltip')).toHaveTextContent(text);
      expect(badge()).toHaveAccessibleDescription(text);
      // The tooltip places itself on a timer after the focus: let that land inside act() while axe runs.
      let violations: Awaited<ReturnType<typeof axe>> | undefined;
      await act(async () => {
        violations = await axe(container);
      });
      expect(violations).toHaveNoViolations();
    },
  );

  it('the live badge says the same', () => {
    const ticker = createTicker({ clock: () => DEADLINE - 3 * DAY_MS });
    render(
      <LivePauseCountdownBadge
        reassignAt={DEADLINE}
        strings={en}
        locale="en-US"
        timeZone="UTC"
        ticker={ticker}
        estimated
      />,
    );
    expect(screen.getByRole('tooltip', { hidden: true })).toHaveTextContent(
      'Goes back to the queue at about Jan 15, 2030, 10:00 AM',
    );
  });

  it('the Paused work row says it in words, and only for an estimate', async () => {
    const item = (taskSid: string, customer: string, source: PausedRecord['deadlineSource']) =>
      toPausedWorkItem({ ...record(source), taskSid, customer });
    const { container } = render(
      <PausedWorkList
        items={[item('WT1', 'Casey', 'configured-limit'), item('WT2', 'Dana', 'twilio')]}
        loading={false}
        now={DEADLINE - 3 * DAY_MS}
        onResume={async () => undefined}
        strings={en}
        locale="en-US"
        timeZone="UTC"
      />,
    );
    const [estimatedRow, twilioRow] = screen.getAllByRole('row').slice(1);
    expect(within(estimatedRow).getByText("Estimated from the admin's limit")).toBeInTheDocument();
    expect(within(twilioRow).queryByText("Estimated from the admin's limit")).toBeNull();
    expect(await axe(container)).toHaveNoViolations();
  });
});
