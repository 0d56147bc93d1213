/**
 * After Resume: making sure the conversation comes back to the agent who resumed it. Twilio creates a new task
 * for the conversation; whether it reaches that agent already accepted or as a pending reservation is not
 * documented, so both are handled: a pending one is accepted for them once, an accepted one is only brought
 * to the front. When none reaches them (TaskRouter routed it elsewhere: they were at capacity), they are told
 * where it went. Pure: what Flex (or the sandbox) offers is passed in as a feed and handlers.
 */

/**
 * How long to wait for the new reservation after Resume's answer. Twilio creates the task while it answers and
 * TaskRouter reserves a routing target within a second or two; the rest is margin for a slow websocket. Long
 * enough not to tell an agent "it went back to the queue" while the reservation is still on its way, short
 * enough that an agent at capacity learns it while they still remember clicking Resume.
 */
export const RESUME_ARRIVAL_WINDOW_MS = 12_000;

/** A reservation of the signed-in agent, as the plugin sees it (Flex's task store, the sandbox's state). */
export interface ArrivingReservation {
  reservationSid: string;
  taskSid: string;
  /** Flex's reservation status: pending, accepted, wrapping, completed, canceled… */
  status: string;
  /** From the task's attributes (`conversationSid`, `flexInteractionChannelSid`). */
  conversationSid?: string;
  channelSid?: string;
}

/** What Resume's answer says came back (the server's record, never task attributes). */
export interface ResumedConversation {
  /** The paused task Resume named: its own (closed or wrapping) reservation is not the new one. */
  pausedTaskSid: string;
  conversationSid: string | null;
  channelSid: string;
  /** For the message when it went elsewhere. */
  customerName: string;
}

export type ArrivalDecision = 'accept' | 'select' | 'ignore';

/**
 * What to do with one of the agent's reservations: accept Resume's new task when it waits for them, bring it to
 * the front when it arrived accepted, and leave everything else alone (another conversation, the paused task's
 * own reservation, a reservation that is no longer live).
 */
export function arrivalDecision(
  resumed: ResumedConversation,
  reservation: ArrivingReservation,
): ArrivalDecision {
  if (reservation.taskSid === resumed.pausedTaskSid) return 'ignore';
  const sameConversation =
    (!!resumed.conversationSid && reservation.conversationSid === resumed.conversationSid) ||
    (!!resumed.channelSid && reservation.channelSid === resumed.channelSid);
  if (!sameConversation) return 'ignore';
  if (reservation.status === 'pending') return 'accept';
  if (reservation.status === 'accepted') return 'select';
  return 'ignore';
}

export interface ReservationFeed {
  /** The agent's reservations now: the new one may have arrived before Resume's answer did. */
  current(): readonly ArrivingReservation[];
  /**
   * Called with reservations as they arrive or change (duplicates are fine, also before subscribe returns: a
   * store that replays what it loaded); returns the unsubscribe.
   */
  subscribe(listener: (reservations: readonly ArrivingReservation[]) => void): () => void;
}

export interface ArrivalHandlers {
  /** Flex's own AcceptTask (through the interaction invite) for a pending reservation. */
  accept(reservationSid: string): Promise<unknown> | void;
  /** Flex's own SelectTask for a reservation that arrived accepted. */
  select(reservationSid: string): Promise<unknown> | void;
  /** Nothing reached the agent within the window: TaskRouter sent it to the queue. */
  wentElsewhere(resumed: ResumedConversation): void;
  /** Accepting failed: the reservation still waits in the agent's task list. */
  acceptFailed(resumed: ResumedConversation, error: unknown): void;
}

export interface ArrivalTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ArrivalTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Watches the agent's reservations for Resume's new task, acts once (accept, or select), and stops; or, when the
 * window ends with nothing, says where it went. Returns a stop function (the page or plugin going away).
 */
export function followResumedConversation(
  resumed: ResumedConversation,
  feed: ReservationFeed,
  handlers: ArrivalHandlers,
  { windowMs = RESUME_ARRIVAL_WINDOW_MS, timers = realTimers } = {},
): () => void {
  let settled = false;
  let unsubscribe: (() => void) | undefined;
  let timer: unknown;
  const stop = () => {
    settled = true;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    unsubscribe?.();
    unsubscribe = undefined;
  };
  const consider = (reservations: readonly ArrivingReservation[]) => {
    if (settled) return;
    for (const reservation of reservations) {
      const decision = arrivalDecision(resumed, reservation);
      if (decision === 'ignore') continue;
      // Settled before acting: the action itself may report the same reservation again, synchronously.
      stop();
      if (decision === 'accept') {
        void Promise.resolve()
          .then(() => handlers.accept(reservation.reservationSid))
          .then(
            // Accepted: now bring it to the front, as for one that arrived accepted.
            () => handlers.select(reservation.reservationSid),
            (error: unknown) => handlers.acceptFailed(resumed, error),
          )
          // Selecting is a courtesy: the accepted conversation is in the task list either way.
          .catch(() => undefined);
      } else {
        void Promise.resolve()
          .then(() => handlers.select(reservation.reservationSid))
          // Selecting is a courtesy: the accepted conversation is in the task list either way.
          .catch(() => undefined);
      }
      return;
    }
  };
  consider(feed.current());
  if (settled) return stop;
  const unsubscribeFeed = feed.subscribe(consider);
  // A feed may report while it is being subscribed to (a store that replays what it loaded): when that settled
  // it, stop() ran before the unsubscribe was known, so it is called here, and no window is started.
  if (settled) {
    unsubscribeFeed();
    return stop;
  }
  unsubscribe = unsubscribeFeed;
  timer = timers.setTimeout(() => {
    if (settled) return;
    stop();
    handlers.wentElsewhere(resumed);
  }, windowMs);
  return stop;
}

/** Resume's answer, read defensively: it crossed the network. */
export function resumedConversationOf(
  answer: Record<string, unknown>,
  pausedTaskSid: string,
  customerName: string,
): ResumedConversation | undefined {
  const channelSid = typeof answer.channelSid === 'string' ? answer.channelSid : '';
  const conversationSid = typeof answer.conversationSid === 'string' ? answer.conversationSid : null;
  if (!channelSid && !conversationSid) return undefined;
  return { pausedTaskSid, conversationSid, channelSid, customerName };
}
