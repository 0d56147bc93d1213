import * as React from 'react';
import { act, screen, within } from '@testing-library/react';
import { axe } from 'jest-axe';
import { FLEX_THEMES, renderThemed as render } from './theme';

import type { PausedRecord } from '../../src/backend/client';
import { PausedWorkList, UnreadCount, unreadLabel } from '../../src/components';
import { CUSTOMER_WROTE_NOTIFICATION, startUnreadNotifications } from '../../src/flex/unreadNotifications';
import { createPausedWorkStore, toPausedWorkItem } from '../../src/paused';
import {
  BURST_QUIET_MS,
  decideUnreadNotifications,
  markUnreadSeen,
  type BurstMemory,
  type CountedPause,
} from '../../src/paused/unreadBursts';
import { en, es, template } from '../../src/strings';

/** Pause events (issue 18 part 1): the unread count on the paused item, and one notification per burst. */
const NOW = Date.parse('2030-01-10T12:00:00.000Z');
const MINUTE = 60_000;

describe('UnreadCount', () => {
  it('shows nothing until the customer writes', () => {
    const { container } = render(
      <>
        <UnreadCount count={undefined} strings={en} />
        <UnreadCount count={0} strings={en} />
      </>,
    );
    expect(container.textContent).toBe('');
    expect(container.querySelector('[data-paste-element="LEAVE_PAUSE_UNREAD_COUNT"]')).toBeNull();
  });

  it.each(FLEX_THEMES)(
    'shows the number, and says what it counts to assistive technology (%s theme)',
    async (_n, theme) => {
      const { container } = render(<UnreadCount count={3} strings={en} />, theme);
      expect(screen.getByText('3')).toHaveAttribute('aria-hidden', 'true');
      expect(screen.getByText('3 new messages from the customer')).toBeInTheDocument();
      expect(await axe(container)).toHaveNoViolations();
    },
  );

  it('in both languages, singular and plural', () => {
    expect(unreadLabel(1, en)).toBe('1 new message from the customer');
    expect(unreadLabel(2, en)).toBe('2 new messages from the customer');
    expect(unreadLabel(1, es)).toBe('1 mensaje nuevo del cliente');
    expect(unreadLabel(4, es)).toBe('4 mensajes nuevos del cliente');
  });
});

describe('the count on the paused item', () => {
  it('Paused work shows it in the row of that conversation only, axe-clean', async () => {
    const { container } = render(
      <PausedWorkList
        items={[
          {
            taskSid: 'WT1',
            customerName: 'Ana García',
            channel: 'sms',
            reassignAt: NOW + 60 * MINUTE,
            unread: { count: 2 },
          },
          { taskSid: 'WT2', customerName: 'Bo Chen', channel: 'chat', reassignAt: NOW + 90 * MINUTE },
        ]}
        loading={false}
        now={NOW}
        onResume={async () => undefined}
        strings={es}
        locale="es-ES"
        timeZone="UTC"
      />,
    );
    const [ana, bo] = screen.getAllByRole('rowheader');
    expect(within(ana).getByText('2 mensajes nuevos del cliente')).toBeInTheDocument();
    expect(within(bo).queryByText(/mensaje/)).toBeNull();
    expect(await axe(container)).toHaveNoViolations();
  });

  it("the server's record carries it into the item (and only a count above zero)", () => {
    const base: PausedRecord = {
      taskSid: 'WT1',
      pausedBy: 'WK1',
      pausedAt: new Date(NOW).toISOString(),
      reassignAt: new Date(NOW + DAY).toISOString(),
      deadlineSource: 'twilio',
      interactionSid: 'KD1',
      channelSid: 'UO1',
      conversationSid: 'CH1',
      taskChannel: 'sms',
      customer: 'Ana',
    };
    const unread = { count: 2, lastMessageAt: new Date(NOW).toISOString(), preview: 'Hello?' };
    expect(toPausedWorkItem({ ...base, unread }).unread).toEqual(unread);
    expect(toPausedWorkItem(base).unread).toBeUndefined();
  });
});

const DAY = 24 * 60 * MINUTE;
const counted = (taskSid: string, count?: number): CountedPause =>
  count === undefined ? { taskSid } : { taskSid, unread: { count } };

describe('one notification per burst (decideUnreadNotifications)', () => {
  it('the first list of a page notifies nothing: earlier messages show as counts', () => {
    const { notify } = decideUnreadNotifications(undefined, [counted('WT1', 3)], {}, NOW);
    expect(notify).toEqual([]);
  });

  it('the first message of a pause notifies; more within the burst do not', () => {
    let memory: BurstMemory = {};
    let decided = decideUnreadNotifications([counted('WT1')], [counted('WT1', 1)], memory, NOW);
    expect(decided.notify.map((item) => item.taskSid)).toEqual(['WT1']);
    memory = decided.memory;
    decided = decideUnreadNotifications([counted('WT1', 1)], [counted('WT1', 2)], memory, NOW + MINUTE);
    expect(decided.notify).toEqual([]);
    decided = decideUnreadNotifications(
      [counted('WT1', 2)],
      [counted('WT1', 5)],
      decided.memory,
      NOW + 2 * MINUTE,
    );
    expect(decided.notify).toEqual([]);
  });

  it('a new burst after the agent saw the conversation, or after the quiet time', () => {
    const first = decideUnreadNotifications([counted('WT1')], [counted('WT1', 1)], {}, NOW);
    const seen = markUnreadSeen(first.memory, 'WT1');
    const afterSeen = decideUnreadNotifications([counted('WT1', 1)], [counted('WT1', 2)], seen, NOW + MINUTE);
    expect(afterSeen.notify).toHaveLength(1);
    const afterQuiet = decideUnreadNotifications(
      [counted('WT1', 2)],
      [counted('WT1', 3)],
      afterSeen.memory,
      NOW + MINUTE + BURST_QUIET_MS,
    );
    expect(afterQuiet.notify).toHaveLength(1);
  });

  it('a count that stays or drops notifies nothing; each pause is decided on its own; ended ones are forgotten', () => {
    const memory: BurstMemory = {
      WT1: { notifiedAt: NOW, seen: true },
      WT9: { notifiedAt: NOW, seen: false },
    };
    const decided = decideUnreadNotifications(
      [counted('WT1', 2), counted('WT2', 1)],
      [counted('WT1', 2), counted('WT2', 2), counted('WT3', 1)],
      memory,
      NOW + MINUTE,
    );
    expect(decided.notify.map((item) => item.taskSid)).toEqual(['WT2', 'WT3']);
    expect(Object.keys(decided.memory).sort()).toEqual(['WT1', 'WT2', 'WT3']);
  });
});

describe('the Flex notification', () => {
  function fakeFlex() {
    const shown: Array<{ id: string; context?: Record<string, string> }> = [];
    const registered = new Map<string, unknown>();
    const flex = {
      Notifications: {
        registeredNotifications: registered,
        registerNotification: jest.fn((n: { id: string }) => void registered.set(n.id, n)),
        showNotification: jest.fn((id: string, context?: Record<string, string>) => {
          shown.push({ id, context });
          return { id, context };
        }),
      },
      NotificationType: { information: 'information' },
    };
    return { flex, shown, registered };
  }

  const record = (count?: number, preview = 'Hello?'): PausedRecord => ({
    taskSid: 'WT1',
    pausedBy: 'WK1',
    pausedAt: new Date(NOW).toISOString(),
    reassignAt: new Date(NOW + DAY).toISOString(),
    deadlineSource: 'twilio',
    interactionSid: 'KD1',
    channelSid: 'UO1',
    conversationSid: 'CH1',
    taskChannel: 'sms',
    customer: 'Ana García',
    ...(count ? { unread: { count, lastMessageAt: new Date(NOW).toISOString(), preview } } : {}),
  });

  it("follows the list's refreshes: one notification for a burst, in the agent's language, again after opening it", async () => {
    let records = [record()];
    const store = createPausedWorkStore(async () => records);
    const { flex, shown, registered } = fakeFlex();
    // The flex slice the adapter uses: only these two members.
    const unread = startUnreadNotifications(
      flex as unknown as Parameters<typeof startUnreadNotifications>[0],
      { strings: es },
      store,
      () => NOW,
    );
    expect(registered.has(CUSTOMER_WROTE_NOTIFICATION)).toBe(true);
    await act(() => store.refresh());
    expect(shown).toEqual([]);
    records = [record(1, '¿Sigue ahí?')];
    await act(() => store.refresh());
    records = [record(2, '¿Hola?')];
    await act(() => store.refresh());
    expect(shown).toEqual([
      {
        id: CUSTOMER_WROTE_NOTIFICATION,
        context: { customer: 'Ana García', preview: '¿Sigue ahí?', count: '1' },
      },
    ]);
    expect(template(es[CUSTOMER_WROTE_NOTIFICATION], shown[0].context)).toBe(
      'Ana García escribió mientras la conversación está en pausa: «¿Sigue ahí?»',
    );
    unread.seen('WT1');
    records = [record(3, 'Adiós')];
    await act(() => store.refresh());
    expect(shown).toHaveLength(2);
    unread.stop();
  });
});
