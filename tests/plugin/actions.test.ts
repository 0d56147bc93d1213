import {
  LEAVE_ACTION,
  PAUSE_ACTION,
  RESUME_ACTION,
  canLeave,
  canPause,
  createLeaveHandler,
  createPauseHandler,
  createResumeHandler,
  isConversationsTask,
  channelRefOf,
  type LeavePauseTask,
  type NotificationRequest,
} from '../../src/actions';
import { BackendError } from '../../src/backend/client';
import { DEFAULT_CONFIG, type LeavePauseConfig } from '../../src/config';
import { en } from '../../src/strings';

const on: LeavePauseConfig = {
  ...DEFAULT_CONFIG,
  backendUrl: 'https://fn.twil.io',
  leave: { enabled: true },
  pause: { enabled: true, timeLimitMinutes: 60 },
};

function task(overrides: Partial<LeavePauseTask> = {}): LeavePauseTask {
  return {
    taskSid: 'WT1',
    sid: 'WR1',
    status: 'accepted',
    taskChannelUniqueName: 'chat',
    attributes: {
      conversationSid: 'CH1',
      flexInteractionSid: 'KD1',
      flexInteractionChannelSid: 'UO1',
    },
    ...overrides,
  };
}

describe('action names', () => {
  it('are our own, never Flex native ones', () => {
    expect([LEAVE_ACTION, PAUSE_ACTION, RESUME_ACTION]).toEqual([
      'LeavePauseLeave',
      'LeavePausePause',
      'LeavePauseResume',
    ]);
    for (const name of [LEAVE_ACTION, PAUSE_ACTION, RESUME_ACTION]) {
      expect(['LeaveChannel', 'PauseChannel', 'ResumeChannel']).not.toContain(name);
    }
  });
});

describe('guards', () => {
  it.each(['chat', 'sms', 'whatsapp', 'messenger', 'email'])('%s is a conversations task', (channel) => {
    expect(isConversationsTask(task({ taskChannelUniqueName: channel, attributes: {} }))).toBe(true);
  });

  it('recognises custom channels by conversationSid but never voice', () => {
    expect(
      isConversationsTask(task({ taskChannelUniqueName: 'custom', attributes: { conversationSid: 'CH9' } })),
    ).toBe(true);
    expect(isConversationsTask(task({ taskChannelUniqueName: 'custom', attributes: {} }))).toBe(false);
    expect(
      isConversationsTask(task({ taskChannelUniqueName: 'voice', attributes: { conversationSid: 'CH9' } })),
    ).toBe(false);
  });

  it('lets an accepted chat task be left and paused', () => {
    expect(canLeave(task(), on)).toBe(true);
    expect(canPause(task(), on)).toBe(true);
    expect(canLeave(task({ status: 'assigned' }), on)).toBe(true);
  });

  it('does not offer Leave or Pause on a voice task', () => {
    const voice = task({ taskChannelUniqueName: 'voice', attributes: {} });
    expect(canLeave(voice, on)).toBe(false);
    expect(canPause(voice, on)).toBe(false);
  });

  it.each(['pending', 'reserved', 'wrapping', 'completed', 'canceled'])('not for a %s task', (status) => {
    expect(canLeave(task({ status }), on)).toBe(false);
    expect(canPause(task({ status }), on)).toBe(false);
  });

  it('offers nothing when the config is off', () => {
    expect(canLeave(task(), DEFAULT_CONFIG)).toBe(false);
    expect(canPause(task(), DEFAULT_CONFIG)).toBe(false);
    expect(canLeave(undefined, on)).toBe(false);
  });

  it('names the interaction channel from the attributes Flex set, and offers nothing without it', () => {
    expect(channelRefOf(task())).toEqual({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    const bare = task({ attributes: { conversationSid: 'CH1' } });
    expect(channelRefOf(bare)).toBeUndefined();
    expect(canLeave(bare, on)).toBe(false);
    expect(canPause(bare, on)).toBe(false);
  });
});

describe('handlers', () => {
  function setup(result: Promise<never> | Promise<{ ok: true; serverTime: string }>) {
    const backend = {
      leave: jest.fn(() => result),
      pause: jest.fn(() => result),
      resume: jest.fn(() => result),
    };
    const notified: NotificationRequest[] = [];
    return {
      backend,
      notified,
      deps: { backend, notify: (n: NotificationRequest) => notified.push(n), strings: en },
    };
  }

  it('leave calls the backend with the task and its channel and notifies success', async () => {
    const { backend, notified, deps } = setup(Promise.resolve({ ok: true, serverTime: 'x' }));
    await expect(createLeaveHandler(deps)({ task: task() })).resolves.toMatchObject({ ok: true });
    expect(backend.leave).toHaveBeenCalledWith({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    expect(backend.pause).not.toHaveBeenCalled();
    expect(notified).toEqual([
      { id: 'LeavePauseLeaveSuccess', type: 'success', context: {}, text: en.LeavePauseLeaveSuccess },
    ]);
  });

  it('leave failure notifies with the server message and rejects', async () => {
    const error = new BackendError({
      status: 409,
      code: 'task_not_assigned',
      message: 'Task is not assigned',
    });
    const { notified, deps } = setup(Promise.reject(error));
    await expect(createLeaveHandler(deps)({ task: task() })).rejects.toBe(error);
    expect(notified).toEqual([
      {
        id: 'LeavePauseLeaveFailed',
        type: 'error',
        context: { message: 'Task is not assigned' },
        text: 'Could not leave the conversation: Task is not assigned',
      },
    ]);
  });

  it('pause and resume use their own backend calls and notifications', async () => {
    const { backend, notified, deps } = setup(Promise.resolve({ ok: true, serverTime: 'x' }));
    await createPauseHandler(deps)({ task: task() });
    await createResumeHandler(deps)({ taskSid: 'WT2' });
    expect(backend.pause).toHaveBeenCalledWith({ taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' });
    expect(backend.resume).toHaveBeenCalledWith('WT2');
    expect(notified.map((n) => n.id)).toEqual(['LeavePausePauseSuccess', 'LeavePauseResumeSuccess']);
  });

  it('resume failure names the error', async () => {
    const { notified, deps } = setup(Promise.reject(new Error('boom')));
    await expect(createResumeHandler(deps)({ taskSid: 'WT1' })).rejects.toThrow('boom');
    expect(notified[0]).toMatchObject({
      id: 'LeavePauseResumeFailed',
      type: 'error',
      context: { message: 'boom' },
    });
  });
});

describe('after every answer', () => {
  it('asks for the paused list again, whether the action succeeded or failed', async () => {
    const onSettled = jest.fn();
    const ok = { ok: true as const, serverTime: 'x' };
    const backend = {
      leave: jest.fn(async () => ok),
      pause: jest.fn(async () => ok),
      resume: jest.fn(async () => Promise.reject(new Error('no'))),
    };
    const deps = { backend, notify: () => undefined, strings: en, onSettled };
    await createPauseHandler(deps)({ task: task() });
    await createResumeHandler(deps)({ taskSid: 'WT1' }).catch(() => undefined);
    expect(onSettled).toHaveBeenCalledTimes(2);
  });
});
