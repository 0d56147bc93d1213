/**
 * Pause reasons (issue 18): the settings, the reason menu on Pause (keyboard first), the reason in Paused work
 * and in the reminders, in English and Spanish.
 */
import * as React from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';

import { PauseButton, PausedWorkList } from '../../src/components';
import { parseConfig, reasonLabel, REASON_NOTE_MAX_LENGTH } from '../../src/config';
import { createPauseHandler } from '../../src/actions';
import { createBackendClient } from '../../src/backend/client';
import { customerWithReason } from '../../src/flex/pausedWork';
import { en, es } from '../../src/strings';
import { FLEX_THEMES, renderThemed as render } from './theme';

const base = { backendUrl: 'https://functions.example.test' };
const REASONS = [
  { code: 'waiting-docs', label: { en: 'Waiting for documents', es: 'Esperando documentos' } },
  { code: 'callback', label: { en: 'Customer asked for a callback' } },
  { code: 'supervisor', label: { en: 'Checking with a supervisor', es: 'Consultando a un supervisor' } },
];

describe('pause reasons settings', () => {
  it('keeps valid reasons and the note switch', () => {
    const { config, problems } = parseConfig({
      ...base,
      pause: { enabled: true, reasons: REASONS, reasonNote: true },
    });
    expect(problems).toEqual([]);
    expect(config.pause.reasons).toEqual(REASONS);
    expect(config.pause.reasonNote).toBe(true);
  });

  it('without reasons the pause settings are as before', () => {
    const { config, problems } = parseConfig({ ...base, pause: { enabled: true } });
    expect(problems).toEqual([]);
    expect(config.pause).toEqual({ enabled: true, timeLimitMinutes: 20160 });
  });

  it.each([
    [
      'a code that is not a slug',
      { code: 'Lunch Break', label: { en: 'Lunch' } },
      /reasons\[1\]\.code must be a short slug/,
    ],
    [
      'a missing English label',
      { code: 'lunch', label: { es: 'Almuerzo' } },
      /reasons\[1\]\.label\.en is required/,
    ],
    [
      'a label that is not an object',
      { code: 'lunch', label: 'Lunch' },
      /reasons\[1\]\.label must be an object/,
    ],
    [
      'an empty Spanish label',
      { code: 'lunch', label: { en: 'Lunch', es: ' ' } },
      /reasons\[1\]\.label\.es must be/,
    ],
    ['a duplicate code', { code: 'waiting-docs', label: { en: 'Again' } }, /codes must be unique/],
    ['a label too long', { code: 'lunch', label: { en: 'x'.repeat(61) } }, /1 to 60 characters/],
  ])('ignores %s, names what to fix, keeps the others and Pause', (_name, bad, message) => {
    const { config, problems } = parseConfig({
      ...base,
      pause: { enabled: true, reasons: [REASONS[0], bad] },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toMatch(/this reason is ignored/);
    expect(config.pause.enabled).toBe(true);
    expect(config.pause.reasons).toEqual([REASONS[0]]);
  });

  it('a list that is not a list turns only the reasons off', () => {
    const { config, problems } = parseConfig({ ...base, pause: { enabled: true, reasons: 'lunch' } });
    expect(problems[0]).toMatch(/pause\.reasons must be a list/);
    expect(config.pause).toEqual({ enabled: true, timeLimitMinutes: 20160 });
  });

  it('a list with no valid reason says so, and Pause stays one click', () => {
    const { config, problems } = parseConfig({ ...base, pause: { enabled: true, reasons: [{ code: '' }] } });
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/no valid reason/);
    expect(config.pause.reasons).toBeUndefined();
  });

  it('a note switch that is not a boolean, or without reasons, is reported', () => {
    expect(
      parseConfig({ ...base, pause: { enabled: true, reasons: REASONS, reasonNote: 'yes' } }).problems[0],
    ).toMatch(/reasonNote must be true or false/);
    expect(parseConfig({ ...base, pause: { enabled: true, reasonNote: true } }).problems[0]).toMatch(
      /reasonNote has no effect without/,
    );
  });

  it('labels fall back from Spanish to English', () => {
    expect(reasonLabel(REASONS, 'waiting-docs', 'es-MX')).toBe('Esperando documentos');
    expect(reasonLabel(REASONS, 'callback', 'es')).toBe('Customer asked for a callback');
    expect(reasonLabel(REASONS, 'callback', 'en-US')).toBe('Customer asked for a callback');
    expect(reasonLabel(REASONS, 'unknown', 'en-US')).toBeUndefined();
  });
});

function options(language: 'en' | 'es') {
  return REASONS.map(({ code }) => ({ code, label: reasonLabel(REASONS, code, language) ?? code }));
}

function renderMenu(
  onPause: jest.Mock,
  language: 'en' | 'es' = 'en',
  note = false,
  theme = FLEX_THEMES[0][1],
) {
  const strings = language === 'en' ? en : es;
  return render(
    <PauseButton
      label={strings.LeavePausePauseButton}
      busyLabel={strings.LeavePausePauseBusy}
      onPause={onPause}
      reasons={options(language)}
      reasonMenuLabel={strings.LeavePausePauseReasonMenu}
      noteLabel={note ? strings.LeavePausePauseReasonNote : undefined}
      noteMaxLength={REASON_NOTE_MAX_LENGTH}
    />,
    theme,
  );
}

describe('Pause with reasons', () => {
  it('picks a reason with the keyboard: Enter opens, ArrowDown moves, Enter pauses with that reason', async () => {
    const user = userEvent.setup();
    const onPause = jest.fn().mockResolvedValue(undefined);
    renderMenu(onPause);
    const pause = screen.getByRole('button', { name: 'Pause' });
    expect(pause).toHaveAttribute('aria-haspopup', 'menu');
    expect(pause).toHaveAttribute('aria-expanded', 'false');

    pause.focus();
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: 'Why are you pausing?' });
    expect(pause).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('menuitem', { name: 'Waiting for documents' })).toHaveFocus();
    expect(onPause).not.toHaveBeenCalled();

    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Customer asked for a callback' })).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    // Wraps around to the first.
    expect(screen.getByRole('menuitem', { name: 'Waiting for documents' })).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('menuitem', { name: 'Checking with a supervisor' })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(onPause).toHaveBeenCalledTimes(1);
    expect(onPause).toHaveBeenCalledWith({ code: 'supervisor' });
    expect(menu).not.toBeInTheDocument();
    await waitFor(() => expect(pause).toHaveTextContent('Pause'));
  });

  it('Escape closes the menu without pausing and gives focus back to Pause', async () => {
    const user = userEvent.setup();
    const onPause = jest.fn().mockResolvedValue(undefined);
    renderMenu(onPause);
    const pause = screen.getByRole('button', { name: 'Pause' });
    pause.focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.keyboard('{ArrowDown}{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(pause).toHaveFocus();
    expect(pause).toHaveAttribute('aria-expanded', 'false');
    expect(onPause).not.toHaveBeenCalled();
  });

  it('with notes on, the note typed goes with the reason picked by click', async () => {
    const user = userEvent.setup();
    const onPause = jest.fn().mockResolvedValue(undefined);
    renderMenu(onPause, 'en', true);
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    const note = screen.getByLabelText('Note (optional)');
    expect(note).toHaveAttribute('maxLength', String(REASON_NOTE_MAX_LENGTH));
    await user.click(note);
    await user.keyboard('  invoice number ');
    // ArrowDown from the note goes to the first reason.
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Waiting for documents' })).toHaveFocus();
    await user.click(screen.getByRole('menuitem', { name: 'Customer asked for a callback' }));
    expect(onPause).toHaveBeenCalledWith({ code: 'callback', note: 'invoice number' });
  });

  it('shows Spanish labels, falling back to English where the admin gave none', async () => {
    const user = userEvent.setup();
    renderMenu(jest.fn().mockResolvedValue(undefined), 'es', true);
    await user.click(screen.getByRole('button', { name: 'Pausar' }));
    expect(screen.getByRole('menu', { name: '¿Por qué pausas la conversación?' })).toBeInTheDocument();
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Esperando documentos',
      'Customer asked for a callback',
      'Consultando a un supervisor',
    ]);
    expect(screen.getByLabelText('Nota (opcional)')).toBeInTheDocument();
  });

  it.each(FLEX_THEMES)('is axe-clean open, in the %s theme', async (_name, theme) => {
    const user = userEvent.setup();
    const { container } = renderMenu(jest.fn().mockResolvedValue(undefined), 'en', true, theme);
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(await axe(container)).toHaveNoViolations();
  });

  it('without reasons Pause stays one click, with no menu', async () => {
    const user = userEvent.setup();
    const onPause = jest.fn().mockResolvedValue(undefined);
    render(<PauseButton label="Pause" busyLabel="Pausing…" onPause={onPause} reasons={[]} />);
    const pause = screen.getByRole('button', { name: 'Pause' });
    expect(pause).not.toHaveAttribute('aria-haspopup');
    await user.click(pause);
    expect(onPause).toHaveBeenCalledWith();
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });
});

describe('the reason on the wire', () => {
  it('the Pause action hands the picked reason to the backend client', async () => {
    const pause = jest.fn().mockResolvedValue({ ok: true, serverTime: '2030-01-01T00:00:00.000Z' });
    const handler = createPauseHandler({
      backend: { pause, leave: jest.fn(), resume: jest.fn() },
      notify: jest.fn(),
      strings: en,
    });
    const task = {
      taskSid: 'WT1',
      sid: 'WR1',
      status: 'accepted',
      taskChannelUniqueName: 'chat',
      attributes: { flexInteractionSid: 'KD1', flexInteractionChannelSid: 'UO1' },
    };
    await handler({ task, reason: { code: 'callback', note: 'at 5' } });
    expect(pause).toHaveBeenCalledWith(
      { taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' },
      expect.any(String),
      { code: 'callback', note: 'at 5' },
    );
  });

  it('is sent as Reason and ReasonNote, and nothing more without one', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const fetchImpl = jest.fn(async (_url: string, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      // jsdom has no Response: the client reads only these.
      return {
        ok: true,
        status: 200,
        json: async () => ({ ok: true, serverTime: new Date().toISOString() }),
      };
    });
    const client = createBackendClient({
      baseUrl: 'http://127.0.0.1:1',
      getToken: () => 'token',
      fetchImpl: fetchImpl as unknown as typeof fetch,
    });
    const ref = { taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' };
    await client.pause(ref, 'key-00000001', { code: 'callback', note: 'call at 5' });
    await client.pause(ref, 'key-00000002');
    expect(bodies[0]).toMatchObject({ Reason: 'callback', ReasonNote: 'call at 5' });
    expect(bodies[1]).not.toHaveProperty('Reason');
    expect(bodies[1]).not.toHaveProperty('ReasonNote');
  });
});

const NOW = Date.parse('2030-01-15T10:00:00Z');
const item = {
  taskSid: 'WT00000000000000000000000000000001',
  customerName: 'Casey Customer',
  channel: 'chat',
  pausedAt: new Date(NOW - 3_600_000),
  reassignAt: new Date(NOW + 5 * 3_600_000),
  reason: { code: 'waiting-docs', label: REASONS[0].label, note: 'invoice number' },
};

describe('the reason in Paused work and the reminders', () => {
  it.each([
    ['en', en, 'Reason', 'Waiting for documents'],
    ['es', es, 'Motivo', 'Esperando documentos'],
  ] as const)('shows the reason and its note in %s', (language, strings, column, label) => {
    render(
      <PausedWorkList
        items={[item, { ...item, taskSid: 'WT00000000000000000000000000000002', reason: undefined }]}
        loading={false}
        now={NOW}
        onResume={jest.fn()}
        strings={strings}
        locale={language}
        timeZone="UTC"
      />,
    );
    expect(screen.getByRole('columnheader', { name: column })).toBeInTheDocument();
    const rows = screen.getAllByRole('row');
    expect(rows[1]).toHaveTextContent(label);
    expect(rows[1]).toHaveTextContent('invoice number');
  });

  it('has no reason column when no pause has a reason', () => {
    render(
      <PausedWorkList
        items={[{ ...item, reason: undefined }]}
        loading={false}
        now={NOW}
        onResume={jest.fn()}
        strings={en}
        timeZone="UTC"
      />,
    );
    expect(screen.queryByRole('columnheader', { name: 'Reason' })).not.toBeInTheDocument();
  });

  it('names the reason in the reminders, in the agent language', () => {
    expect(customerWithReason('Casey', item.reason, en, 'en-US')).toBe('Casey (Waiting for documents)');
    expect(customerWithReason('Casey', item.reason, es, 'es')).toBe('Casey (Esperando documentos)');
    expect(customerWithReason('Casey', { label: { en: 'Callback' } }, es, 'es')).toBe('Casey (Callback)');
    expect(customerWithReason('Casey', undefined, en, 'en')).toBe('Casey');
  });
});
