import {
  followResumedConversation,
  RESUME_ARRIVAL_WINDOW_MS,
  type ArrivingReservation,
  type ReservationFeed,
} from '../../src/resume';
import { RESUMED, reservation } from './fixtures/resume';

/**
 * Following Resume's new task with a feed that reports while it is being subscribed to (issue 20, mutation
 * survivors): a lazy store that fills its cache on the first subscription and replays it at once, possibly more
 * than once ("duplicates are fine"). The new task must be accepted once, the agent never told it went to the
 * queue, and nothing left subscribed or waiting.
 */

/** Empty until subscribed to; then it reports what it loaded, `replays` times, before subscribe returns. */
function replayingFeed(loaded: ArrivingReservation[], replays: number) {
  let now: readonly ArrivingReservation[] = [];
  const listeners = new Set<(list: readonly ArrivingReservation[]) => void>();
  const feed: ReservationFeed = {
    current: () => now,
    subscribe: (listener) => {
      listeners.add(listener);
      now = loaded;
      for (let i = 0; i < replays; i++) listener(now);
      return () => void listeners.delete(listener);
    },
  };
  const push = (list: ArrivingReservation[]) => {
    now = list;
    for (const listener of [...listeners]) listener(list);
  };
  return { feed, listeners, push };
}

function handlers() {
  return {
    accept: jest.fn(async (_sid: string) => undefined),
    select: jest.fn(async (_sid: string) => undefined),
    wentElsewhere: jest.fn(),
    acceptFailed: jest.fn(),
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('followResumedConversation with a feed that reports while subscribing', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('a pending reservation reported once on subscribe: accepted once, unsubscribed, no window left', async () => {
    const { feed, listeners, push } = replayingFeed([reservation()], 1);
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    await flush();
    expect(on.accept).toHaveBeenCalledTimes(1);
    expect(on.accept).toHaveBeenCalledWith('WRnew');
    expect(on.select).toHaveBeenCalledWith('WRnew');
    expect(listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    // Later reports of the same reservation, and the end of the window, change nothing.
    push([reservation()]);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS * 2);
    await flush();
    expect(on.accept).toHaveBeenCalledTimes(1);
    expect(on.wentElsewhere).not.toHaveBeenCalled();
  });

  it('the same reservation reported twice while subscribing is still accepted only once', async () => {
    const { feed, listeners } = replayingFeed([reservation()], 2);
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    await flush();
    expect(on.accept).toHaveBeenCalledTimes(1);
    expect(on.select).toHaveBeenCalledTimes(1);
    expect(on.acceptFailed).not.toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });

  it('one that arrived accepted, reported on subscribe: selected once, never accepted, never "went elsewhere"', async () => {
    const { feed, listeners } = replayingFeed([reservation({ status: 'accepted' })], 2);
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    await flush();
    expect(on.select).toHaveBeenCalledTimes(1);
    expect(on.accept).not.toHaveBeenCalled();
    expect(on.wentElsewhere).not.toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });

  it('nothing of this conversation on subscribe: it keeps listening, and the window still ends with the note', async () => {
    const { feed, listeners } = replayingFeed(
      [reservation({ conversationSid: 'CH2', channelSid: 'UO2' })],
      1,
    );
    const on = handlers();
    followResumedConversation(RESUMED, feed, on);
    expect(listeners.size).toBe(1);
    jest.advanceTimersByTime(RESUME_ARRIVAL_WINDOW_MS);
    expect(on.wentElsewhere).toHaveBeenCalledWith(RESUMED);
    expect(listeners.size).toBe(0);
    await flush();
    expect(on.accept).not.toHaveBeenCalled();
  });
});
