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
    expect(backend.leave).toHaveBeenCalledWith(
      { taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' },
      expect.any(String),
    );
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
    expect(backend.pause).toHaveBeenCalledWith(
      { taskSid: 'WT1', interactionSid: 'KD1', channelSid: 'UO1' },
      expect.any(String),
    );
    expect(backend.resume).toHaveBeenCalledWith('WT2', expect.any(String));
    expect(notified.map((n) => n.id)).toEqual(['LeavePausePauseSuccess', 'LeavePauseResumeSuccess']);
  });

  it('an unexpected failure is told in words, never as its raw text', async () => {
    const { notified, deps } = setup(Promise.reject(new Error('boom')));
    await expect(createResumeHandler(deps)({ taskSid: 'WT1' })).rejects.toThrow('boom');
    expect(notified[0]).toMatchObject({
      id: 'LeavePauseResumeFailed',
      type: 'error',
      context: { message: en.LeavePauseUnexpectedFailure },
    });
    expect(notified[0].text).not.toContain('boom');
  });
});

describe('never a failure without knowing (issue 19)', () => {
  const timeout = () =>
    new BackendError({
      status: 0,
      code: 'timeout',
      message: 'The Leave & Pause service has not answered yet.',
    });
  const ok = { ok: true as const, serverTime: 'x' };

  function deps(answers: Array<() => Promise<typeof ok>>) {
    const keys: string[] = [];
    const next = (key: string) => {
      keys.push(key);
      const answer = answers.shift();
      if (!answer) throw new Error('asked more often than the test expects');
      return answer();
    };
    const backend = {
      leave: jest.fn((_ref: unknown, key: string) => next(key)),
      pause: jest.fn((_ref: unknown, key: string) => next(key)),
      resume: jest.fn((_sid: string, key: string) => next(key)),
    };
    const notified: NotificationRequest[] = [];
    const reachable: boolean[] = [];
    const slept: number[] = [];
    return {
      keys,
      notified,
      reachable,
      slept,
      deps: {
        backend,
        notify: (n: NotificationRequest) => notified.push(n),
        strings: en,
        onReachability: (up: boolean) => reachable.push(up),
        confirmDelaysMs: [10, 20, 30],
        sleep: async (ms: number) => {
          slept.push(ms);
        },
      },
    };
  }

  it('a time-out says "still working", asks again with the same key and announces the late success', async () => {
    const t = deps([
      () => Promise.reject(timeout()),
      () => Promise.reject(timeout()),
      () => Promise.resolve(ok),
    ]);
    await expect(createPauseHandler(t.deps)({ task: task() })).resolves.toBe(ok);
    expect(t.notified.map((n) => [n.id, n.type])).toEqual([
      ['LeavePausePauseStillWorking', 'info'],
      ['LeavePausePauseSuccess', 'success'],
    ]);
    expect(new Set(t.keys).size).toBe(1);
    expect(t.keys).toHaveLength(3);
    expect(t.slept).toEqual([10, 20]);
  });

  it('the first copy still running (request_in_progress) is waited for, never reported as a failure', async () => {
    const inProgress = new BackendError({
      status: 409,
      code: 'request_in_progress',
      message: 'still running',
    });
    const t = deps([
      () => Promise.reject(timeout()),
      () => Promise.reject(inProgress),
      () => Promise.resolve(ok),
    ]);
    await createResumeHandler(t.deps)({ taskSid: 'WT1' });
    expect(t.notified.map((n) => n.id)).toEqual(['LeavePauseResumeStillWorking', 'LeavePauseResumeSuccess']);
  });

  it("a refusal learnt after a time-out is announced as the refusal (the race's real winner)", async () => {
    const lost = new BackendError({
      status: 409,
      code: 'task_wrong_state',
      message: 'This conversation was left meanwhile: it waits for the customer',
    });
    const t = deps([() => Promise.reject(timeout()), () => Promise.reject(lost)]);
    await expect(createPauseHandler(t.deps)({ task: task() })).rejects.toBe(lost);
    expect(t.notified.map((n) => n.text)).toEqual([
      en.LeavePausePauseStillWorking,
      'Could not pause the conversation: This conversation was left meanwhile: it waits for the customer',
    ]);
  });

  it('when no answer ever comes, it says the outcome is unknown, not that it failed', async () => {
    const t = deps([
      () => Promise.reject(timeout()),
      () => Promise.reject(timeout()),
      () => Promise.reject(timeout()),
      () => Promise.reject(timeout()),
    ]);
    await expect(createLeaveHandler(t.deps)({ task: task() })).rejects.toMatchObject({ code: 'timeout' });
    expect(t.notified.map((n) => n.id)).toEqual(['LeavePauseLeaveStillWorking', 'LeavePauseOutcomeUnknown']);
    expect(t.notified.some((n) => n.id === 'LeavePauseLeaveFailed')).toBe(false);
  });

  it('a service that cannot be reached is said in words and reported as down, then back', async () => {
    const down = new BackendError({ status: 0, code: 'network', message: "can't be reached" });
    const t = deps([() => Promise.reject(down), () => Promise.resolve(ok)]);
    await expect(createLeaveHandler(t.deps)({ task: task() })).rejects.toBe(down);
    expect(t.notified[0].text).toBe(`Could not leave the conversation: ${en.LeavePauseServiceUnreachable}`);
    expect(t.notified[0].text).not.toMatch(/fetch/i);
    await createLeaveHandler(t.deps)({ task: task() });
    expect(t.reachable).toEqual([false, true]);
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
