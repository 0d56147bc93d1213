/**
 * The platform behaviours the engine relies on, each with a stable id: the live check prints one line per id,
 * and the emulator's facts list (emulator/src/facts.ts) and ARCHITECTURE name the id that settles each assumption.
 */
export const BEHAVIOURS = {
  'probe-pause-known': 'Status=pause passes the channel update’s validation (non-destructive probe)',
  'probe-active-known': 'Status=active passes the channel update’s validation (non-destructive probe)',
  'agent-joined': 'the test worker joins the conversation through a documented operation',
  'routing-properties': 'the agent participant’s routing_properties name its task, worker and reservation',
  'participant-status': 'participants carry a status',
  'engine-ownership': 'the engine’s ownership check (requireOwnTask) finds the test worker’s task',
  'pause-accepted': 'Status=pause is accepted with account credentials and the channel reads pause',
  'pause-ends-task': 'Pause ends the agent’s task (closed, or wrapping with wrapup)',
  'status-timeout': 'status_timeout (Twilio’s reassignment deadline) in the answer or on a read',
  'agent-listed-while-paused': 'the pausing agent is still a participant while paused',
  'active-accepted': 'Status=active is accepted with account credentials and the channel reads active',
  'resume-task-same-worker': 'after Resume a new task for the same worker (reservation pending or accepted)',
  'leave-inactive-closed': 'Status=inactive with Routing closed is accepted and the channel reads inactive',
  'refused-change-reported':
    'a change Twilio must refuse is answered as a failure (4xx, or 200 with error_code)',
  'reply-after-leave-new-task': 'a customer reply after Leave creates a new task for the same conversation',
  'leave-inactive-wrapup':
    'Status=inactive with Routing wrapup: accepted or refused (the engine sends closed)',
  'invite-while-paused':
    'an invite through the original workflow on a paused channel ends the pause and routes a new task (Return to the queue)',
  // Issue 18's pause events, live feed and reasons.
  'pause-events-webhook':
    'a conversation-scoped webhook attached at Pause is accepted with its filters, and fires, signed, for a customer message while paused',
  'participant-removed-at-limit':
    'at the pause limit Twilio removes the pausing agent’s participant (onParticipantRemoved fires)',
  'live-feed-acl':
    'Sync ACLs on: the feed document reads for its agent’s /live-token-style token and is refused (403) to another identity',
  'task-attributes-insights':
    'the pause reason merged into conversations.conversation_label_10 before the channel move is on the task after it closed',
} as const;

export type BehaviourId = keyof typeof BEHAVIOURS;

/**
 * Lines about an optional feature: `fails` there is an answer about the account (the feature stays hidden), not
 * a broken contract, so it does not fail the check.
 */
export const OPTIONAL_BEHAVIOURS: ReadonlySet<BehaviourId> = new Set<BehaviourId>(['invite-while-paused']);

export const BEHAVIOUR_IDS = Object.keys(BEHAVIOURS) as BehaviourId[];

/**
 * `skipped`: not walked on this run, for the reason printed (a step too slow to walk, or a means the admin did
 * not give: a public URL, an API key). Nothing is proven by it, and it does not fail the check.
 */
export type Verdict = 'holds' | 'fails' | 'could not tell' | 'skipped';

export interface Evidence {
  method: string;
  path: string;
  status: number;
  errorCode: number | null;
}

export interface Line {
  id: BehaviourId;
  title: string;
  verdict: Verdict;
  /** What was seen, in words, with Twilio's HTTP status and error code where there was an answer. */
  detail: string;
  evidence: Evidence[];
  /** The fields of Twilio's answers the verdict rests on. */
  fields: Record<string, unknown>;
}

/** `POST flex-api /v1/Interactions/KD…/Channels/UO…`: SIDs shortened to their prefix. */
function shortPath(path: string): string {
  return path.replace(/\b([A-Z]{2})[0-9a-fA-F]{32}\b/g, '$1…');
}

/** One line of output: verdict, id, what was seen, Twilio's answer where the words do not say it, the fields. */
export function formatLine(line: Line): string {
  const parts = [`${line.verdict.padEnd(14)} ${line.id.padEnd(28)} ${line.detail}`];
  const first = line.evidence[0];
  if (first && !line.detail.includes('HTTP ')) {
    const code = first.errorCode === null ? '' : `, error ${first.errorCode}`;
    parts.push(`[${first.method} ${shortPath(first.path)}: HTTP ${first.status}${code}]`);
  }
  if (Object.keys(line.fields).length > 0) parts.push(JSON.stringify(line.fields));
  return parts.join(' ');
}
