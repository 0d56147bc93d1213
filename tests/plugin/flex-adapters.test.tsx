import * as React from 'react';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderThemed as render } from './theme';

import { LEAVE_ACTION, PAUSE_ACTION, RESUME_ACTION, type LeavePauseTask } from '../../src/actions';
import { DEFAULT_CONFIG, type LeavePauseConfig } from '../../src/config';
import { addComponents, COMPONENT_KEYS, type FlexForComponents } from '../../src/flex/addComponents';
import { initLeavePause } from '../../src/flex/init';
import { recordNativePauses } from '../../src/flex/nativePause';
import { RESUMED_MARK_KEY } from '../../src/flex/resumeFocus';
import { registerActions, type FlexForActions } from '../../src/flex/registerActions';
import { createTokenGetter } from '../../src/flex/token';
import type { FlexGlobal, FlexManager } from '../../src/flex/types';
import { en, es } from '../../src/strings';

type Added = {
  element: React.ReactElement;
  options: { if?: (props: unknown) => boolean; sortOrder?: number };
};

function fakeFlex() {
  const actions = new Map<string, (payload: unknown) => Promise<unknown>>();
  const registeredNotifications = new Map<string, { id: string; type?: string; content?: unknown }>();
  const shown: Array<{ id: string; context?: object }> = [];
  const header: Added[] = [];
  const canvas: Added[] = [];
  const listButtons: Added[] = [];
  const pausedWork: Added[] = [];
  const listeners = new Map<string, (payload: Record<string, unknown>) => void>();
  const flex = {
    Actions: {
      addListener: jest.fn((name: string, listener: (payload: Record<string, unknown>) => void) =>
        listeners.set(name, listener),
      ),
      registerAction: jest.fn(
        (name: string, fn: (payload: unknown) => Promise<unknown>) => void actions.set(name, fn),
      ),
      invokeAction: jest.fn(async (name: string, payload: unknown) => actions.get(name)?.(payload)),
    },
    Notifications: {
      registeredNotifications,
      registerNotification: jest.fn((n: { id: string }) => void registeredNotifications.set(n.id, n)),
      showNotification: jest.fn((id: string, context?: object) => {
        shown.push({ id, context });
        return null;
      }),
    },
    NotificationType: { information: 'information', success: 'success', warning: 'warning', error: 'error' },
    TaskCanvasHeader: {
      Content: { add: jest.fn((element, options) => void header.push({ element, options })) },
    },
    TaskCanvas: { Content: { add: jest.fn((element, options) => void canvas.push({ element, options })) } },
    TaskListButtons: {
      Content: { add: jest.fn((element, options) => void listButtons.push({ element, options })) },
    },
    TaskList: { Content: { add: jest.fn((element, options) => void pausedWork.push({ element, options })) } },
    SideNav: { Content: { add: jest.fn((element, options) => void pausedWork.push({ element, options })) } },
    ViewCollection: {
      Content: { add: jest.fn((element, options) => void pausedWork.push({ element, options })) },
    },
    SideLink: () => null,
    View: () => null,
    // Flex's HOC injects the task from context; here the test passes it as a prop.
    withTaskContext: <C,>(component: C) => component,
  };
  return {
    flex,
    actions,
    registeredNotifications,
    shown,
    header,
    canvas,
    listButtons,
    pausedWork,
    listeners,
  };
}

const chatTask: LeavePauseTask = {
  taskSid: 'WT1',
  sid: 'WR1',
  status: 'accepted',
  taskChannelUniqueName: 'chat',
  attributes: { conversationSid: 'CH1', flexInteractionSid: 'KD1', flexInteractionChannelSid: 'UO1' },
};
const CHAT_REF = { taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' };
/** A task whose attributes lack Flex's interaction channel: neither Leave nor Pause can name it. */
const bareTask: LeavePauseTask = { ...chatTask, attributes: { conversationSid: 'CH1' } };

const on: LeavePauseConfig = {
  ...DEFAULT_CONFIG,
  backendUrl: 'https://fn.twil.io',
  leave: { enabled: true },
  pause: { enabled: true, timeLimitMinutes: 60 },
};

describe('registerActions', () => {
  it('registers our three actions and their ten notifications once', async () => {
    const { flex, actions, registeredNotifications, shown } = fakeFlex();
    const backend = {
      leave: jest.fn(async () => ({ ok: true as const, serverTime: 'x' })),
      pause: jest.fn(async () => ({ ok: true as const, serverTime: 'x' })),
      resume: jest.fn(async () => Promise.reject(new Error('conversation closed'))),
    };
    const manager = { strings: { ...en } };
    const added = registerActions(flex as unknown as FlexForActions, manager, { backend });
    expect(added).toEqual([LEAVE_ACTION, PAUSE_ACTION, RESUME_ACTION]);
    expect([...actions.keys()]).toEqual([LEAVE_ACTION, PAUSE_ACTION, RESUME_ACTION]);
    expect(registerActions(flex as unknown as FlexForActions, manager, { backend })).toEqual([]);
    expect(flex.Actions.registerAction).toHaveBeenCalledTimes(3);
    expect(registeredNotifications.get('LeavePauseLeaveSuccess')).toMatchObject({
      type: 'success',
      content: 'LeavePauseLeaveSuccess',
    });
    expect(registeredNotifications.get('LeavePauseLeaveFailed')).toMatchObject({ type: 'error' });
    expect(flex.Notifications.registerNotification).toHaveBeenCalledTimes(10);
    expect(registeredNotifications.get('LeavePausePauseStillWorking')).toMatchObject({
      type: 'information',
      timeout: 0,
    });

    await flex.Actions.invokeAction(LEAVE_ACTION, { task: chatTask });
    expect(backend.leave).toHaveBeenCalledWith(CHAT_REF, expect.any(String));
    await expect(flex.Actions.invokeAction(RESUME_ACTION, { taskSid: 'WT9' })).rejects.toThrow(
      'conversation closed',
    );
    expect(shown).toEqual([
      { id: 'LeavePauseLeaveSuccess', context: {} },
      { id: 'LeavePauseResumeFailed', context: { message: en.LeavePauseUnexpectedFailure } },
    ]);
  });
});

describe('addComponents', () => {
  const manager = { strings: { ...en } };

  it('adds nothing when both features are off', () => {
    const { flex, header, canvas, listButtons } = fakeFlex();
    expect(addComponents(flex as unknown as FlexForComponents, manager, DEFAULT_CONFIG)).toEqual([]);
    expect(header).toHaveLength(0);
    expect(canvas).toHaveLength(0);
    expect(listButtons).toHaveLength(0);
  });

  it('puts Pause on the task list item too, only for a live conversation task', async () => {
    const user = userEvent.setup();
    const { flex, listButtons } = fakeFlex();
    addComponents(flex as unknown as FlexForComponents, manager, on);
    expect(listButtons).toHaveLength(1);
    const condition = listButtons[0].options.if!;
    expect(condition({ task: chatTask })).toBe(true);
    expect(condition({ task: bareTask })).toBe(false);
    render(React.cloneElement(listButtons[0].element, { task: chatTask }));
    await act(async () => {
      await user.click(screen.getByRole('button', { name: 'Pause' }));
    });
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith(PAUSE_ACTION, { task: chatTask });
  });

  it('adds only Leave when only Leave is on, shown for live conversation tasks', () => {
    const { flex, header, canvas } = fakeFlex();
    addComponents(flex as unknown as FlexForComponents, manager, {
      ...on,
      pause: { ...on.pause, enabled: false },
    });
    expect(header).toHaveLength(1);
    expect(canvas).toHaveLength(0);
    const condition = header[0].options.if!;
    expect(header[0].options.sortOrder).toBe(-1);
    expect(condition({ task: chatTask })).toBe(true);
    expect(condition({ task: { ...chatTask, taskChannelUniqueName: 'voice', attributes: {} } })).toBe(false);
    expect(condition({ task: { ...chatTask, status: 'pending' } })).toBe(false);
    expect(condition({})).toBe(false);
  });

  it('wires the header buttons to our actions via invokeAction', async () => {
    const user = userEvent.setup();
    const { flex, header } = fakeFlex();
    addComponents(flex as unknown as FlexForComponents, manager, on);
    render(<div>{header.map((added) => React.cloneElement(added.element, { task: chatTask }))}</div>);
    // The fake actions settle at once; act lets the buttons' state updates land inside the test.
    await act(async () => {
      await user.click(screen.getByRole('button', { name: 'Leave' }));
      await user.click(screen.getByRole('button', { name: 'Pause' }));
    });
    expect(flex.Actions.invokeAction).toHaveBeenNthCalledWith(1, LEAVE_ACTION, { task: chatTask });
    expect(flex.Actions.invokeAction).toHaveBeenNthCalledWith(2, PAUSE_ACTION, { task: chatTask });
  });

  // Pause reasons (issue 18).
  it("with reasons, Pause asks for one in the agent's language and sends it with the action", async () => {
    const user = userEvent.setup();
    const { flex, header } = fakeFlex();
    const spanish = { strings: { ...es }, localization: { localeTag: 'es-MX' } };
    addComponents(flex as unknown as FlexForComponents, spanish, {
      ...on,
      pause: {
        ...on.pause,
        reasons: [
          { code: 'waiting-docs', label: { en: 'Waiting for documents', es: 'Esperando documentos' } },
          { code: 'callback', label: { en: 'Callback' } },
        ],
      },
    });
    render(<div>{header.map((added) => React.cloneElement(added.element, { task: chatTask }))}</div>);
    await user.click(screen.getByRole('button', { name: 'Pausar' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Esperando documentos',
      'Callback',
    ]);
    expect(screen.queryByLabelText('Nota (opcional)')).not.toBeInTheDocument();
    await act(async () => {
      await user.keyboard('{ArrowDown}{Enter}');
    });
    expect(flex.Actions.invokeAction).toHaveBeenCalledWith(PAUSE_ACTION, {
      task: chatTask,
      reason: { code: 'callback' },
    });
  });

  it('adds nothing to the task canvas: a paused conversation has no task, Resume is in Paused work', () => {
    const { flex, canvas } = fakeFlex();
    addComponents(flex as unknown as FlexForComponents, manager, on);
    expect(canvas).toHaveLength(0);
  });
});

describe('initLeavePause', () => {
  function manager(serviceConfiguration: object, roles = ['agent']) {
    return {
      serviceConfiguration,
      strings: { LeavePauseLeaveButton: 'Abandon' } as Record<string, string>,
      localization: { localeTag: 'es-ES' },
      user: { roles, token: 'user-token' },
      store: { getState: () => ({ flex: { session: { ssoTokenPayload: { token: 'store-token' } } } }) },
    };
  }

  afterEach(() => {
    delete window.appConfig;
    jest.restoreAllMocks();
  });

  it('with nothing configured registers no actions and adds no components', () => {
    const { flex, header, canvas } = fakeFlex();
    const m = manager({});
    const resolved = initLeavePause(flex as unknown as FlexGlobal, m as unknown as FlexManager);
    expect(resolved.config.leave.enabled).toBe(false);
    expect(flex.Actions.registerAction).not.toHaveBeenCalled();
    expect(header).toHaveLength(0);
    expect(canvas).toHaveLength(0);
    // Strings still merged, in the agent's language, without overwriting the admin's.
    expect(m.strings.LeavePauseLeaveButton).toBe('Abandon');
    expect(m.strings.LeavePausePauseButton).toBe('Pausar');
  });

  it('reports problems once on the console and to admins, and keeps the valid feature', () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { flex, shown, header } = fakeFlex();
    const config = {
      backendUrl: 'https://fn.twil.io',
      leave: { enabled: true },
      pause: { enabled: true, timeLimit: 'P30D' },
    };
    initLeavePause(
      flex as unknown as FlexGlobal,
      manager({ ui_attributes: { custom_data: { leavePause: config } } }, [
        'admin',
      ]) as unknown as FlexManager,
    );
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toMatch(/pause\.timeLimit/);
    expect(shown.map((n) => n.id)).toEqual(['LeavePauseConfigInvalid']);
    expect(header).toHaveLength(1);
  });

  it('does not notify non-admin agents about configuration problems', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { flex, shown } = fakeFlex();
    initLeavePause(
      flex as unknown as FlexGlobal,
      manager({
        ui_attributes: { custom_data: { leavePause: { leave: { enabled: 'yes' } } } },
      }) as unknown as FlexManager,
    );
    expect(shown).toEqual([]);
  });

  it('lets window.appConfig.leavePause override and steps aside for native Pause, keeping Paused work', () => {
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const fetchMock = jest.fn(async () => ({
      ok: true,
      status: 200,
      json: async () => ({ ok: true, serverTime: 'x', paused: [] }),
    }));
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
    window.appConfig = {
      leavePause: { backendUrl: 'http://127.0.0.1:3000', leave: { enabled: true }, pause: { enabled: true } },
    };
    const { flex, header, canvas, pausedWork, listeners } = fakeFlex();
    const resolved = initLeavePause(
      flex as unknown as FlexGlobal,
      manager({ agent_conv_end_methods: { enabled: ['Pause'] } }) as unknown as FlexManager,
    );
    expect(resolved.config.backendUrl).toBe('http://127.0.0.1:3000');
    expect(resolved.yieldedToNative).toEqual(['pause']);
    // One set of buttons: Flex's Pause, our Leave; beside them, the mark focus goes to after Resume.
    expect(header.map((added) => added.element.key)).toEqual([COMPONENT_KEYS.leave, RESUMED_MARK_KEY]);
    expect(canvas).toHaveLength(0);
    // Paused work (task list section, side link, view) still comes from the plugin, fed by the server.
    expect(pausedWork).toHaveLength(3);
    expect(fetchMock).toHaveBeenCalledWith('http://127.0.0.1:3000/paused', expect.anything());
    // Flex's own Pause and Resume are listened to (never registered), so they reach our records.
    expect([...listeners.keys()].sort()).toEqual([
      'afterPauseChannel',
      'afterResumeChannel',
      'beforePauseChannel',
    ]);
    expect(flex.Actions.registerAction).not.toHaveBeenCalledWith('PauseChannel', expect.anything());
  });
});

describe('createTokenGetter', () => {
  it('prefers the refreshed store token and falls back to manager.user.token', () => {
    const withStore = {
      store: { getState: () => ({ flex: { session: { ssoTokenPayload: { token: 'a' } } } }) },
      user: { token: 'b' },
    };
    const withoutStore = { store: { getState: () => ({ flex: { session: {} } }) }, user: { token: 'b' } };
    expect(createTokenGetter(withStore as unknown as FlexManager)()).toBe('a');
    expect(createTokenGetter(withoutStore as unknown as FlexManager)()).toBe('b');
  });
});

describe('recordNativePauses (coexistence with Flex’s own Pause)', () => {
  it('records a native pause on the server and removes it after a native resume', async () => {
    const listeners = new Map<string, (payload: Record<string, unknown>) => void>();
    const actions = {
      registerAction: jest.fn(),
      invokeAction: jest.fn(),
      addListener: (name: string, listener: (payload: Record<string, unknown>) => void) =>
        void listeners.set(name, listener),
    };
    const ok = { ok: true as const, serverTime: 'x' };
    const backend = { pause: jest.fn(async () => ok), resume: jest.fn(async () => ok) };
    const onChange = jest.fn();
    recordNativePauses(
      { Actions: actions as unknown as FlexForActions['Actions'] },
      backend,
      onChange,
      (channelSid) => (channelSid === 'UO1' ? 'WT1' : undefined),
      (channelSid) => (channelSid === 'UO1' ? chatTask : undefined),
    );
    listeners.get('beforePauseChannel')?.({ channelSid: 'UO1' });
    listeners.get('afterPauseChannel')?.({ channelSid: 'UO1' });
    listeners.get('afterResumeChannel')?.({ channelSid: 'UO1' });
    await Promise.resolve();
    expect(backend.pause).toHaveBeenCalledWith(CHAT_REF);
    expect(backend.resume).toHaveBeenCalledWith('WT1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});
