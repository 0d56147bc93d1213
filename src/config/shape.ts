/** The plugin configuration's shape, its limits and its defaults: what every reader of the settings shares. */

/**
 * What happens to the agent's task on Pause, as Flex's `WrapupTaskOnLeaveAndPause` flag decides it. Leave
 * always sends `closed`: it is the only value the public API allows with `inactive`.
 */
export type RoutingStatus = 'closed' | 'wrapup';

/** Pause reasons (issue 18): one reason an admin offers, its code stable, its labels for people. */
export interface PauseReason {
  /** A short slug, unique in the list: what the record, the task attributes and Flex Insights keep. */
  code: string;
  /** English is required; Spanish falls back to English where missing. */
  label: { en: string; es?: string };
}

/**
 * Pause events (issue 18): what a customer's message during a pause does. `notify` (the default) counts it
 * for the agent who paused; `resume` resumes for them when their TaskRouter worker is available.
 */
export type CustomerMessagePolicy = 'notify' | 'resume';

export interface PauseSettings {
  enabled: boolean;
  timeLimitMinutes: number;
  // Pause reasons (issue 18): both absent unless the admin configured at least one valid reason.
  /** With reasons, Pause asks for one; without, Pause stays one click. */
  reasons?: readonly PauseReason[];
  /** The agent may add a short free-text note (at most REASON_NOTE_MAX_LENGTH characters) to the reason. */
  reasonNote?: boolean;
  /** Pause events: absent means `notify`; kept only when the admin set `resume`, so defaults stay small. */
  onCustomerMessage?: CustomerMessagePolicy;
}

export interface LeavePauseConfig {
  leave: { enabled: boolean };
  pause: PauseSettings;
  /** Pause only: `closed` completes the task at once; `wrapup` sends it to wrap-up, which the agent completes. */
  routingStatus: RoutingStatus;
  backendUrl: string;
  supervisorsMayAct: boolean;
  // Team view (issue 18 part 4): Return to the queue, on only from a live report where it holds.
  returnToQueue: ReturnToQueueSetting;
}

/** The live-check line that must hold before Return to the queue may be offered. */
export const RETURN_TO_QUEUE_LINE = 'invite-while-paused';

/**
 * Team view (issue 18 part 4). Return to the queue rests on an undocumented Twilio behaviour (an invite on a
 * paused channel), so it is on only with the evidence `npm run configure -- --live-report …` stamps from a live
 * check where that line held; `enabled: true` without it is a problem and the action stays hidden.
 */
export interface ReturnToQueueSetting {
  enabled: boolean;
  evidence: { liveCheck: typeof RETURN_TO_QUEUE_LINE; runId: string; checkedAt: string } | null;
}

export interface ParsedConfig {
  config: LeavePauseConfig;
  problems: string[];
}

export const MIN_PAUSE_MINUTES = 1;
/** Twilio's own pause limit ("Conversation tasks workflows" in Console) is at most 14 days. */
export const MAX_PAUSE_MINUTES = 14 * 24 * 60;
export const DEFAULT_PAUSE_MINUTES = MAX_PAUSE_MINUTES;
/**
 * `leave.routing` was our own custom routing after Leave (conversation-scoped webhooks). Twilio's Console
 * option does it for every Leave, so the key is ignored: Leave stays on, and the admin is told where to go.
 */
export const LEAVE_ROUTING_RETIRED =
  "leavePause.leave.routing is no longer used and is ignored (Leave stays on): to send the customer's reply " +
  'after Leave somewhere other than a new task, turn on "Use custom routing" in Console → Flex → ' +
  'Conversations (a Studio flow, or your own logic on Interactions events), then remove leave.routing.';

export const DEFAULT_CONFIG: LeavePauseConfig = Object.freeze({
  leave: Object.freeze({ enabled: false }),
  pause: Object.freeze({ enabled: false, timeLimitMinutes: DEFAULT_PAUSE_MINUTES }),
  routingStatus: 'closed',
  backendUrl: '',
  supervisorsMayAct: false,
  returnToQueue: Object.freeze({ enabled: false, evidence: null }),
}) as LeavePauseConfig;
