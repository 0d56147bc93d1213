import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mintLiveToken } from '../../actions/live-token';
import { deadlineOf } from '../../actions/pause';
import type { FlexIdentity } from '../../lib/auth';
import {
  fetchChannel,
  fetchParticipants,
  moveChannel,
  readOwnership,
  requireOwnTask,
  type ChannelRef,
  type ChannelState,
  type Participants,
} from '../../lib/channel';
import { ActionError } from '../../lib/errors';
import { feedDataFor, feedNameFor, writeFeed } from '../../lib/live-feed';
import {
  attachPauseEvents,
  detachPauseEvents,
  isSignedByTwilio,
  PAUSE_EVENT_FILTERS,
  pauseEventsUrl,
} from '../../lib/pause-events';
import { INSIGHTS_REASON_KEY, writeReasonForInsights } from '../../lib/pause-reason';
import { fetchFlexConfiguration, leavePauseOf, parseLeavePause, type Settings } from '../../lib/settings';
import { inviteToWorkflow, type InviteAnswer } from '../../lib/team';
import type { TwilioClient } from '../../lib/twilio-client';
import { BEHAVIOURS, BEHAVIOUR_IDS, type BehaviourId, type Line, type Verdict } from './behaviours';
import { call, describe, listAll, ok, recordingClient, type Exchange } from './exchange';
import {
  findRunStrays,
  LIVE_CHECK_PREFIX,
  Registry,
  removeCreated,
  type Created,
  type Removal,
} from './resources';

export interface LiveCheckOptions {
  /** The TaskRouter workspace; by default the Flex configuration's `taskrouter_workspace_sid`. */
  workspaceSid?: string;
  /** Aborting (Ctrl-C) stops the walk at the next step; what was created is still removed. */
  signal?: AbortSignal;
  /** How long to wait for something Twilio does asynchronously (a task, a reservation). Default 30 s. */
  waitSeconds?: number;
  pollMs?: number;
  /** Called with each line as soon as it is known. */
  onLine?: (line: Line) => void;
  /** Called with each warning about the account (for example a queue that targets every worker). */
  onNote?: (text: string) => void;
  runId?: string;
  /**
   * `pause-events-webhook`: where Twilio can deliver the webhook's events to this machine. The check listens on
   * 127.0.0.1:`port`; `publicUrl` is the public address (a tunnel) that forwards to it. Without it the
   * webhook's create and read-back are checked, and its delivery is reported as not walked.
   */
  eventsReceiver?: { publicUrl: string; port: number };
  /** `live-feed-acl`: the pause records' Sync service (`--sync-service`, `SYNC_SERVICE_SID`). */
  syncServiceSid?: string;
  /** `live-feed-acl`: the API key /live-token signs with (`TWILIO_API_KEY`, `TWILIO_API_SECRET`). */
  apiKey?: { sid: string; secret: string };
  /**
   * `live-feed-acl`: opens a Sync document as a client with an Access Token, answering the HTTP status. Sync's
   * REST API takes account credentials only and its clients speak a websocket SDK, which the check does not
   * carry: without a reader the client side is reported as not walked (the REST side is still checked).
   */
  syncClientRead?: (token: string, serviceSid: string, document: string) => Promise<number>;
  /**
   * Walk one step only: `invite-while-paused` (the evidence Return to the queue rests on) on routing of its own,
   * without the probe or the other steps; every other line is reported skipped. The sandbox gets its evidence
   * this way from its emulator (sandbox/server/return-evidence.ts); configure reads only that line.
   */
  only?: typeof ONLY_INVITE_WHILE_PAUSED;
}

export const ONLY_INVITE_WHILE_PAUSED = 'invite-while-paused';

export type JoinMethod = 'interaction-participant-create' | 'reservation-update' | 'accepted-by-twilio';

export interface LiveCheckReport {
  runId: string;
  prefix: string;
  startedAt: string;
  finishedAt: string;
  workspaceSid: string;
  /** How the test worker was brought into the conversation (documented operations only). */
  joinedThrough: JoinMethod[];
  /** Why the walk stopped before its end, if it did. */
  stopped: string | null;
  /** Warnings about the account seen on the way. */
  notes: string[];
  lines: Line[];
  created: Created[];
  cleanup: Removal[];
}

export const PROBE_REFUSED_MESSAGE =
  'Twilio refuses Status=pause or Status=active on the public channel update with account credentials, so the ' +
  "Functions' Pause and Resume cannot work on this account. Nothing was created. Keep leavePause.pause.enabled " +
  'false; agents can use Twilio\'s own Pause (Console → Flex → General settings → "Conversation tasks ' +
  'workflows"), which Flex sends through its own client. Leave (Status=inactive, which the public API lists) is ' +
  'not affected by this answer.';

const FLEX = 'https://flex-api.twilio.com/v1/Interactions';
const TASKROUTER = 'https://taskrouter.twilio.com/v1/Workspaces';
const CONVERSATIONS = 'https://conversations.twilio.com/v1/Conversations';
const SYNC = 'https://sync.twilio.com/v1/Services';

/** The reason code the walk's Pause merges into the task (`task-attributes-insights`): the check's own. */
export const LIVE_CHECK_REASON = 'leave-pause-live-check';

/** SIDs of the right pattern that no account has: the probe asks about the value, not about a channel. */
export const PROBE_REF: ChannelRef = {
  interactionSid: `KD${'0'.repeat(32)}`,
  channelSid: `UO${'0'.repeat(32)}`,
};

const channelUri = (ref: ChannelRef) => `${FLEX}/${ref.interactionSid}/Channels/${ref.channelSid}`;

/**
 * `refused-change-reported`: how Twilio answered a change it must refuse (pause on an inactive channel). A 4xx
 * and a 2xx whose body says `failed` or carries an `error_code` both report the refusal (the engine must read
 * both as failures); a 2xx without either does not.
 */
export function refusalLine(answer: Exchange, read: ChannelState | null): Line {
  const fields = { ...answerFields(answer), read: read?.status };
  const seen = `pause on an inactive channel: ${describe(answer)}; reads ${read?.status ?? 'unreadable'}`;
  const id = 'refused-change-reported';
  if (answer.status >= 400 && answer.status < 500)
    return lineOf(id, 'holds', `${seen} (refused with a 4xx)`, [answer], fields);
  if (failedIn2xx(answer))
    return lineOf(
      id,
      'holds',
      `${seen} (a 2xx saying failed: the engine must read it as a failure)`,
      [answer],
      fields,
    );
  if (ok(answer)) return lineOf(id, 'fails', `${seen} (a 2xx with no failure mark)`, [answer], fields);
  return lineOf(id, 'could not tell', seen, [answer], fields);
}

/** A step that cannot go on (a create Twilio refused): the walk stops, and what exists is removed. */
class StepFailed extends Error {}

function lineOf(
  id: BehaviourId,
  verdict: Verdict,
  detail: string,
  exchanges: (Exchange | undefined)[] = [],
  fields: Record<string, unknown> = {},
): Line {
  return {
    id,
    title: BEHAVIOURS[id],
    verdict,
    detail,
    evidence: exchanges
      .filter((x): x is Exchange => x !== undefined)
      .map(({ method, path, status, errorCode }) => ({ method, path, status, errorCode })),
    fields,
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a channel change's answer said: HTTP status, Twilio's error code, and the channel status of a 2xx body. */
function answerFields(x: Exchange): Record<string, unknown> {
  return { http_status: x.status, error_code: x.errorCode, answer_status: ok(x) ? x.body.status : null };
}

/** The answer says the change failed although its HTTP status is 2xx (the spec's own examples do this). */
const failedIn2xx = (x: Exchange) => ok(x) && (x.body.status === 'failed' || x.errorCode !== null);

/** A Status no API has: the control question of the probe. */
export const PROBE_CONTROL_STATUS = 'leave-pause-live-check-no-such-status';

const refusesStatus = (x: Exchange) => x.status === 400 && /status/i.test(x.message ?? '');

/**
 * Non-destructive: asks the channel update about `pause` and `active` on a channel that does not exist. First a
 * control: a made-up Status on the same made-up channel. If that is refused naming Status, Twilio reads Status
 * before it looks for the channel, so a 404 for `pause` means the value passed validation; if the control is a
 * 404 too, Twilio looks the channel up first and a 404 tells nothing about the value. A 400 naming Status means
 * Twilio refuses the value itself.
 */
export async function probeStatuses(client: TwilioClient): Promise<Line[]> {
  const ask = (status: string, routing?: string) =>
    call(client, 'post', channelUri(PROBE_REF), { Status: status, ...(routing ? { Routing: routing } : {}) });
  const control = await ask(PROBE_CONTROL_STATUS).catch(() => null);
  const validatesFirst = control !== null && refusesStatus(control);
  const lines: Line[] = [];
  for (const [id, status] of [
    ['probe-pause-known', 'pause'],
    ['probe-active-known', 'active'],
  ] as const) {
    let answer: Exchange;
    try {
      // Routing as Flex's own client sends it with pause; it sends none with active.
      answer = await ask(status, status === 'pause' ? JSON.stringify({ status: 'closed' }) : undefined);
    } catch (error) {
      lines.push(lineOf(id, 'could not tell', `no answer: ${messageOf(error)}`));
      continue;
    }
    const seen = `POST …/Channels/UO000… Status=${status}: ${describe(answer)}`;
    const evidence = [answer, control ?? undefined];
    const controlSeen = control ? `HTTP ${control.status}` : 'no answer';
    if (refusesStatus(answer)) {
      lines.push(lineOf(id, 'fails', `${seen}: Twilio refuses the value`, evidence));
    } else if (answer.status === 404 && validatesFirst) {
      lines.push(
        lineOf(
          id,
          'holds',
          `${seen}, while a made-up Status is refused (${controlSeen}): Status=${status} passed validation with ` +
            "account credentials; whether a real channel moves is the walk's question",
          evidence,
        ),
      );
    } else if (answer.status === 404) {
      lines.push(
        lineOf(
          id,
          'could not tell',
          `${seen}, and a made-up Status gets ${controlSeen} too: Twilio looks for the channel before it reads ` +
            'Status, so this says nothing about the value (the walk will)',
          evidence,
        ),
      );
    } else {
      lines.push(
        lineOf(id, 'could not tell', `${seen}: neither "not found" nor a refusal of Status`, evidence),
      );
    }
  }
  return lines;
}

interface Opened {
  label: string;
  conversationSid: string;
  customer: string;
  ref: ChannelRef;
}

interface Reserved {
  reservationSid: string;
  taskSid: string;
  status: string;
}

/** The walk: throwaway resources of its own, and Leave, Pause, Resume and a reply through the engine's code. */
class Walk {
  readonly log: Exchange[] = [];
  readonly engine: TwilioClient;
  readonly name: string;
  readonly known = new Set<string>();
  readonly joinedThrough: JoinMethod[] = [];
  readonly notes: string[] = [];
  workerSid = '';
  workflowSid = '';
  /** The unique names of the conversations this run asked for, created or not: the cleanup looks for each. */
  readonly conversationNames: string[] = [];
  identity!: FlexIdentity;

  constructor(
    readonly client: TwilioClient,
    readonly registry: Registry,
    readonly settings: Settings,
    readonly runId: string,
    readonly options: LiveCheckOptions,
    readonly emit: (line: Line) => void,
  ) {
    this.engine = recordingClient(client, this.log);
    this.name = `${LIVE_CHECK_PREFIX}-${runId}`;
  }

  get ws(): string {
    return this.registry.workspaceSid;
  }

  checkAbort(): void {
    if (this.options.signal?.aborted) throw new StepFailed('interrupted (Ctrl-C)');
  }

  async waitFor<T>(probe: () => Promise<T | null | undefined>): Promise<T | null> {
    const deadline = Date.now() + (this.options.waitSeconds ?? 30) * 1000;
    for (;;) {
      this.checkAbort();
      const found = await probe();
      if (found) return found;
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 1000));
    }
  }

  async create(uri: string, data: Record<string, string>, what: string): Promise<Exchange> {
    this.checkAbort();
    let answer: Exchange;
    try {
      answer = await call(this.client, 'post', uri, data);
    } catch (error) {
      // No answer (a time-out, a dropped connection): Twilio may have created it all the same, with no SID in
      // the registry. The cleanup also looks for this run's names (findRunStrays).
      throw new StepFailed(`${what}: no answer (${messageOf(error)})`);
    }
    if (!ok(answer) || typeof answer.body.sid !== 'string')
      throw new StepFailed(`${what} could not be created: ${describe(answer)}`);
    return answer;
  }

  /** A test worker only this run's queue targets, a queue and a workflow that route only to it. */
  async createRouting(): Promise<void> {
    const base = `${TASKROUTER}/${this.ws}`;
    const available = (
      await listAll(this.client, `${base}/Activities?Available=true&PageSize=50`, 'activities')
    )[0];
    if (!available)
      throw new StepFailed(
        `workspace ${this.ws} has no available activity to make the test worker available`,
      );
    const worker = await this.create(
      `${base}/Workers`,
      {
        FriendlyName: this.name,
        Attributes: JSON.stringify({
          leave_pause_live_check: this.runId,
          contact_uri: `client:${this.name}`,
        }),
      },
      'the test worker',
    );
    this.workerSid = String(worker.body.sid);
    this.registry.add('worker', this.workerSid, this.name);
    this.identity = { workerSid: this.workerSid, identity: this.name, roles: ['agent'] };
    const queue = await this.create(
      `${base}/TaskQueues`,
      { FriendlyName: this.name, TargetWorkers: `leave_pause_live_check == "${this.runId}"` },
      'the test queue',
    );
    const queueSid = String(queue.body.sid);
    this.registry.add('queue', queueSid, this.name);
    const workflow = await this.create(
      `${base}/Workflows`,
      {
        FriendlyName: this.name,
        Configuration: JSON.stringify({
          task_routing: {
            filters: [
              { filter_friendly_name: this.name, expression: '1==1', targets: [{ queue: queueSid }] },
            ],
            default_filter: { queue: queueSid },
          },
        }),
      },
      'the test workflow',
    );
    this.workflowSid = String(workflow.body.sid);
    this.registry.add('workflow', this.workflowSid, this.name);
    const catchAll = (await listAll(this.client, `${base}/TaskQueues?PageSize=200`, 'task_queues')).filter(
      (q) => q.sid !== queueSid && /^\s*(1\s*==\s*1|true)?\s*$/i.test(String(q.target_workers ?? '')),
    );
    for (const q of catchAll) {
      this.note(
        `queue "${String(q.friendly_name)}" targets every worker: while this check runs (about a minute), its ` +
          'tasks may be offered to the test worker, which never accepts them (the cleanup rejects any still ' +
          'offered, so they return to their queue). Run the check on a test account.',
      );
    }
    // Available only now, after its own routing exists; the activity is read, never created.
    const update = await call(this.client, 'post', `${base}/Workers/${this.workerSid}`, {
      ActivitySid: String(available.sid),
    });
    if (!ok(update)) throw new StepFailed(`the test worker could not be made available: ${describe(update)}`);
  }

  /** A conversation with a test customer, and an interaction on it through POST /v1/Interactions. */
  async openConversation(label: string): Promise<Opened> {
    const uniqueName = `${this.name}-${label}`;
    this.conversationNames.push(uniqueName);
    const conversation = await this.create(
      CONVERSATIONS,
      { FriendlyName: uniqueName, UniqueName: uniqueName },
      `conversation ${label}`,
    );
    const conversationSid = String(conversation.body.sid);
    this.registry.add('conversation', conversationSid, uniqueName);
    const customer = `${uniqueName}-customer`;
    await this.create(
      `${CONVERSATIONS}/${conversationSid}/Participants`,
      { Identity: customer },
      'the test customer',
    );
    const interaction = await this.create(
      FLEX,
      {
        Channel: JSON.stringify({
          type: 'chat',
          initiated_by: 'customer',
          properties: { media_channel_sid: conversationSid },
        }),
        Routing: JSON.stringify({
          properties: {
            workspace_sid: this.ws,
            workflow_sid: this.workflowSid,
            task_channel_unique_name: 'chat',
            attributes: { from: customer, customerName: customer, leave_pause_live_check: this.runId },
          },
        }),
      },
      `the interaction of conversation ${label}`,
    );
    const interactionSid = String(interaction.body.sid);
    const channel = interaction.body.channel as { sid?: unknown } | undefined;
    // Twilio sets an interaction up asynchronously: its channel may only appear on a later read.
    const channelSid =
      typeof channel?.sid === 'string'
        ? channel.sid
        : await this.waitFor(async () => {
            const channels = await listAll(this.client, `${FLEX}/${interactionSid}/Channels`, 'channels');
            return typeof channels[0]?.sid === 'string' ? channels[0].sid : null;
          });
    if (!channelSid) throw new StepFailed(`interaction ${interactionSid} has no channel`);
    return { label, conversationSid, customer, ref: { interactionSid, channelSid } };
  }

  /** The test worker's newest reservation of a task not seen before (Twilio creates it asynchronously). */
  async nextReservation(): Promise<Reserved | null> {
    return this.waitFor(async () => {
      const list = await listAll(
        this.client,
        `${TASKROUTER}/${this.ws}/Workers/${this.workerSid}/Reservations?PageSize=50`,
        'reservations',
      );
      const candidates = list.filter(
        (r) =>
          !this.known.has(String(r.task_sid)) &&
          (r.reservation_status === 'pending' || r.reservation_status === 'accepted'),
      );
      // Only a task of our own workflow: a real customer's task offered to the test worker (a queue of the
      // account that targets every worker) is never accepted, and is left to time out back to its queue.
      let found: Record<string, unknown> | undefined;
      for (const candidate of candidates) {
        const task = await call(
          this.client,
          'get',
          `${TASKROUTER}/${this.ws}/Tasks/${String(candidate.task_sid)}`,
        );
        if (ok(task) && task.body.workflow_sid === this.workflowSid) {
          found = candidate;
          break;
        }
        this.known.add(String(candidate.task_sid));
      }
      return found
        ? {
            reservationSid: String(found.sid),
            taskSid: String(found.task_sid),
            status: String(found.reservation_status),
          }
        : null;
    });
  }

  /**
   * Brings the test worker in with documented operations only: the interaction participant create with the
   * reservation in its routing properties (how an agent joins a Flex Conversations channel), or else the
   * TaskRouter reservation update.
   */
  async join(ref: ChannelRef, reserved: Reserved): Promise<JoinMethod> {
    this.known.add(reserved.taskSid);
    // Twilio accepted it itself (Resume's auto-accept): nothing to do, and no join operation was used.
    if (reserved.status === 'accepted') return 'accepted-by-twilio';
    const participant = await call(this.client, 'post', `${channelUri(ref)}/Participants`, {
      Type: 'agent',
      MediaProperties: JSON.stringify({}),
      RoutingProperties: JSON.stringify({ workspace_sid: this.ws, reservation_sid: reserved.reservationSid }),
    });
    if (ok(participant) && !failedIn2xx(participant)) return this.joined('interaction-participant-create');
    const update = await call(
      this.client,
      'post',
      `${TASKROUTER}/${this.ws}/Tasks/${reserved.taskSid}/Reservations/${reserved.reservationSid}`,
      { ReservationStatus: 'accepted' },
    );
    if (ok(update)) return this.joined('reservation-update');
    throw new StepFailed(
      `the test worker could not accept its reservation: participant create ${describe(participant)}; ` +
        `reservation update ${describe(update)}`,
    );
  }

  note(text: string): void {
    this.notes.push(text);
    this.options.onNote?.(text);
  }

  private joined(method: JoinMethod): JoinMethod {
    if (!this.joinedThrough.includes(method)) this.joinedThrough.push(method);
    return method;
  }

  /**
   * The test worker's agent participant: by the worker its routing properties name or, should Twilio not name
   * one (what `routing-properties` then reports), by the identity of its media properties.
   */
  agentOf(participants: Participants): Participants[number] | undefined {
    const identities = [this.name, `client:${this.name}`];
    return participants.find(
      (p) =>
        p.type === 'agent' &&
        (p.routing_properties?.worker_sid === this.workerSid ||
          identities.includes(String(p.media_properties?.identity ?? ''))),
    );
  }

  async taskStatus(taskSid: string): Promise<string> {
    const task = await call(this.client, 'get', `${TASKROUTER}/${this.ws}/Tasks/${taskSid}`);
    return ok(task) ? String(task.body.assignment_status) : `unreadable (${describe(task)})`;
  }

  /** Moves the channel with the engine's own moveChannel and returns the POST it sent and a fresh read. */
  async move(
    ref: ChannelRef,
    to: 'pause' | 'active' | 'inactive',
    routingStatus?: 'closed' | 'wrapup',
  ): Promise<{ post?: Exchange; state: ChannelState | null; read: ChannelState | null; error: unknown }> {
    this.checkAbort();
    const mark = this.log.length;
    let state: ChannelState | null = null;
    let error: unknown = null;
    try {
      ({ state } = await moveChannel(this.engine, ref, to, {
        routingStatus,
        refused: (current) =>
          new ActionError(409, 'task_wrong_state', `the channel stayed ${current.status}`),
      }));
    } catch (caught) {
      error = caught;
    }
    const post = this.log.slice(mark).find((x) => x.method === 'POST');
    const read = await fetchChannel(this.engine, ref).catch(() => null);
    return { post, state, read, error };
  }

  /** One verdict for a channel change the engine relies on: 2xx, no failure mark, and the channel reads `to`. */
  changeLine(id: BehaviourId, to: string, moved: Awaited<ReturnType<Walk['move']>>, extra = ''): Line {
    const { post, read, error } = moved;
    const fields = post ? { ...answerFields(post), read: read?.status } : {};
    if (!post) return lineOf(id, 'could not tell', `no answer: ${messageOf(error)}`);
    const seen = `POST …/Channels/UO… ${describe(post)}, answer status=${String(post.body.status)}; reads ${read?.status ?? 'unreadable'}${extra}`;
    if (ok(post) && !failedIn2xx(post) && read?.status === to)
      return lineOf(id, 'holds', seen, [post], fields);
    if (post.status >= 500 || read === null) return lineOf(id, 'could not tell', seen, [post], fields);
    return lineOf(id, 'fails', seen, [post], fields);
  }

  /** `only: 'invite-while-paused'`: the test worker's own routing, then that one step. */
  async runInviteWhilePausedOnly(): Promise<void> {
    await this.createRouting();
    await this.inviteWhilePaused();
  }

  async run(): Promise<void> {
    await this.createRouting();
    const a = await this.openConversation('a');
    const first = await this.nextReservation();
    if (!first) throw new StepFailed('no reservation reached the test worker in time (the first task)');
    const method = await this.join(a.ref, first);
    const participants = await this.waitFor(async () => {
      const list = await fetchParticipants(this.engine, a.ref);
      return this.agentOf(list) ? list : null;
    });
    const listed = this.log.filter((x) => x.path.endsWith('/Participants') && x.method === 'GET').at(-1);
    if (!participants) {
      this.emit(
        lineOf('agent-joined', 'fails', `accepted through ${method}, but no agent participant appeared`, [
          listed,
        ]),
      );
      throw new StepFailed('the test worker is not in the conversation');
    }
    this.emit(lineOf('agent-joined', 'holds', `joined through ${method}`, [listed], { method }));
    const agent = this.agentOf(participants);
    const routing = agent?.routing_properties ?? {};
    const expected = {
      task_sid: first.taskSid,
      worker_sid: this.workerSid,
      reservation_sid: first.reservationSid,
    };
    const wrong = Object.entries(expected).filter(([key, value]) => routing[key] !== value);
    this.emit(
      lineOf(
        'routing-properties',
        wrong.length === 0 ? 'holds' : 'fails',
        wrong.length === 0
          ? 'task_sid, worker_sid and reservation_sid name the test worker’s task and reservation'
          : `differs: ${wrong.map(([key]) => `${key}=${String(routing[key] ?? 'absent')}`).join(', ')}`,
        [listed],
        { routing_properties: routing },
      ),
    );
    const raw = (agent ?? {}) as Record<string, unknown>;
    this.emit(
      'status' in raw
        ? lineOf('participant-status', 'holds', `agent participant status=${String(raw.status)}`, [listed], {
            status: raw.status,
          })
        : lineOf('participant-status', 'fails', 'the agent participant has no status field', [listed], {
            keys: Object.keys(raw),
          }),
    );
    // The Functions' own ownership check: the same records read side by side, the same decision.
    const mark = this.log.length;
    try {
      const records = await readOwnership(this.engine, Promise.resolve(this.ws), a.ref, first.taskSid);
      const owned = requireOwnTask(records, first.taskSid, this.identity, false);
      this.emit(
        lineOf(
          'engine-ownership',
          owned.workerSid === this.workerSid && owned.conversationSid === a.conversationSid
            ? 'holds'
            : 'fails',
          `readOwnership + requireOwnTask: worker ${owned.workerSid}, conversation ${owned.conversationSid ?? 'none'}`,
          this.log.slice(mark),
          { ...owned },
        ),
      );
    } catch (error) {
      this.emit(lineOf('engine-ownership', 'fails', `refused: ${messageOf(error)}`, this.log.slice(mark)));
    }

    // Pause with a reason, as the Pause Function does: the reason merged into the task before the channel move.
    const reasonMark = this.log.length;
    const reasonWrite = await writeReasonForInsights(this.engine, this.ws, first.taskSid, LIVE_CHECK_REASON, [
      LIVE_CHECK_REASON,
    ]).catch((error: unknown) => error);
    const reasonPost = this.log.slice(reasonMark).find((x) => x.method === 'POST');

    // Pause, exactly as the Pause Function moves the channel, with the admin's routing status.
    const paused = await this.move(a.ref, 'pause', this.settings.routingStatus);
    this.emit(this.changeLine('pause-accepted', 'pause', paused));
    let currentTask: string | null = first.taskSid;
    if (paused.read?.status === 'pause') {
      const taskStatus = await this.taskStatus(first.taskSid);
      const expectedTask =
        this.settings.routingStatus === 'wrapup' ? ['wrapping', 'completed'] : ['completed'];
      this.emit(
        lineOf(
          'pause-ends-task',
          expectedTask.includes(taskStatus) ? 'holds' : 'fails',
          `routing ${this.settings.routingStatus}: the task is ${taskStatus}`,
          [],
          { assignment_status: taskStatus },
        ),
      );
      await this.insightsLine(first.taskSid, reasonWrite, reasonPost);
      await this.pauseEventsWebhook(a);
      const limit = this.settings.pause.timeLimitMinutes;
      const fromAnswer = paused.state ? deadlineOf(paused.state, limit) : null;
      const fromRead = paused.read ? deadlineOf(paused.read, limit) : null;
      if (fromAnswer?.deadlineSource === 'twilio')
        this.emit(
          lineOf('status-timeout', 'holds', `in the answer: ${fromAnswer.reassignAt}`, [paused.post], {
            status_timeout: fromAnswer.reassignAt,
            date_updated: paused.state?.dateUpdated ?? null,
          }),
        );
      else if (fromRead?.deadlineSource === 'twilio')
        this.emit(
          lineOf('status-timeout', 'holds', `on a read (not in the answer): ${fromRead.reassignAt}`, [], {
            status_timeout: fromRead.reassignAt,
            date_updated: paused.read?.dateUpdated ?? null,
          }),
        );
      else
        this.emit(
          lineOf(
            'status-timeout',
            'fails',
            'neither the answer nor a read has status_timeout: the engine shows the configured limit, marked as an estimate',
            [paused.post],
          ),
        );
      const whilePaused = await fetchParticipants(this.engine, a.ref).catch(() => null);
      const listedPaused = this.log.filter((x) => x.path.endsWith('/Participants')).at(-1);
      this.emit(
        whilePaused === null
          ? lineOf('agent-listed-while-paused', 'could not tell', 'the participants could not be read', [
              listedPaused,
            ])
          : this.agentOf(whilePaused)
            ? lineOf('agent-listed-while-paused', 'holds', 'the test worker is still listed', [listedPaused])
            : lineOf('agent-listed-while-paused', 'fails', 'the test worker is no longer listed', [
                listedPaused,
              ]),
      );

      // Resume, as the Resume Function does.
      const resumed = await this.move(a.ref, 'active');
      this.emit(this.changeLine('active-accepted', 'active', resumed));
      const again = resumed.read?.status === 'active' ? await this.nextReservation() : null;
      if (again) {
        this.emit(
          lineOf(
            'resume-task-same-worker',
            'holds',
            `new task ${again.taskSid} reserved for the test worker, reservation ${again.status}`,
            [],
            { task_sid: again.taskSid, reservation_status: again.status },
          ),
        );
        await this.join(a.ref, again);
        currentTask = again.taskSid;
      } else {
        this.emit(
          lineOf(
            'resume-task-same-worker',
            'could not tell',
            'no new reservation for the test worker in time',
          ),
        );
        currentTask = null;
      }
    } else {
      const why = 'the channel did not pause';
      for (const id of [
        'pause-ends-task',
        'status-timeout',
        'agent-listed-while-paused',
        'active-accepted',
        'resume-task-same-worker',
        'task-attributes-insights',
        'pause-events-webhook',
      ] as const)
        this.emit(lineOf(id, 'could not tell', why));
    }

    // Leave, as the Leave Function does (closed: the one routing status the public API lists with inactive).
    const left = await this.move(a.ref, 'inactive', 'closed');
    const leftTask = currentTask ? `; the task is ${await this.taskStatus(currentTask)}` : '';
    this.emit(this.changeLine('leave-inactive-closed', 'inactive', left, leftTask));

    await this.refusedChange(a);
    await this.inviteWhilePaused();
    await this.wrapupLeave();
    await this.replyAfterLeave(a, left.read?.status === 'inactive');
    await this.liveFeedAcl();
    this.emit(
      lineOf(
        'participant-removed-at-limit',
        'skipped',
        'not walked: Twilio reroutes a paused conversation at the limit set in Console (Flex → General settings → ' +
          '"Conversation tasks workflows", minutes at the least, 14 days by default), which no documented API ' +
          'shortens for one conversation; until it is seen, a pause ended at the limit leaves the list at its ' +
          'deadline, or at the next customer message (the handler reads the channel), or a day later (its TTL)',
      ),
    );
  }

  /**
   * `task-attributes-insights`: the reason was merged (writeReasonForInsights, the Pause Function's own call)
   * before the channel move; read once the task has closed, it must still carry the label beside every key
   * it had. Flex Insights takes the attributes as they are when the task ends: what Insights then stores is not
   * readable through an API, so that last step is not shown.
   */
  async insightsLine(taskSid: string, written: unknown, post: Exchange | undefined): Promise<void> {
    const id = 'task-attributes-insights';
    if (typeof written !== 'string') {
      this.emit(lineOf(id, 'fails', `the merge was refused: ${messageOf(written)}`, [post]));
      return;
    }
    const task = await call(this.client, 'get', `${TASKROUTER}/${this.ws}/Tasks/${taskSid}`);
    if (!ok(task)) {
      this.emit(lineOf(id, 'could not tell', `the closed task could not be read: ${describe(task)}`, [task]));
      return;
    }
    let attributes: Record<string, unknown> = {};
    try {
      attributes = JSON.parse(String(task.body.attributes ?? '{}')) as Record<string, unknown>;
    } catch {
      attributes = {};
    }
    const conversations = (attributes.conversations ?? {}) as Record<string, unknown>;
    const label = conversations[INSIGHTS_REASON_KEY];
    const status = String(task.body.assignment_status);
    const kept = attributes.leave_pause_live_check === this.runId;
    const fields = {
      merge: written,
      assignment_status: status,
      [`conversations.${INSIGHTS_REASON_KEY}`]: label ?? null,
      other_keys_kept: kept,
    };
    const seen = `merged (${written}, ${post ? describe(post) : 'no write'}) before the move; the ${status} task reads ${INSIGHTS_REASON_KEY}=${String(label ?? 'absent')}`;
    const closed = ['completed', 'wrapping', 'canceled'].includes(status);
    if (label === LIVE_CHECK_REASON && kept && closed)
      this.emit(lineOf(id, 'holds', `${seen}, other keys kept`, [post, task], fields));
    else if (!closed)
      this.emit(lineOf(id, 'could not tell', `${seen}: the task has not closed`, [post, task], fields));
    else this.emit(lineOf(id, 'fails', `${seen}${kept ? '' : ', other keys lost'}`, [post, task], fields));
  }

  /**
   * `pause-events-webhook`: the webhook Pause attaches (attachPauseEvents, the Function's own call), read back,
   * then a customer message while paused. With a receiver (`eventsReceiver`, a public URL forwarding here),
   * the event must arrive signed for the URL attached; without one, delivery is not walked. The webhook is
   * removed before Resume either way (as Resume removes it).
   */
  async pauseEventsWebhook(a: Opened): Promise<void> {
    const id = 'pause-events-webhook';
    this.checkAbort();
    const receiver = this.options.eventsReceiver;
    const received: { signature: string | undefined; params: Record<string, string> }[] = [];
    let server: http.Server | null = null;
    if (receiver) {
      server = http.createServer((request, response) => {
        let body = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (body += chunk.slice(0, 65_536)));
        request.on('end', () => {
          received.push({
            signature: request.headers['x-twilio-signature'] as string | undefined,
            params: Object.fromEntries(new URLSearchParams(body)),
          });
          response.writeHead(200, { 'Content-Type': 'text/plain' });
          response.end('ok');
        });
      });
      const listening = server;
      const bound = await new Promise<boolean>((resolve) => {
        listening.once('error', () => resolve(false));
        listening.listen(receiver.port, '127.0.0.1', () => resolve(true));
      });
      if (!bound) {
        this.emit(lineOf(id, 'could not tell', `could not listen on 127.0.0.1:${receiver.port}`));
        return;
      }
    }
    const base = receiver?.publicUrl ?? 'https://leave-pause-live-check.invalid';
    const url = pauseEventsUrl(base, `${this.workerSid}:live-check`);
    const mark = this.log.length;
    let webhookSid: string | null = null;
    try {
      try {
        webhookSid = await attachPauseEvents(this.engine, a.conversationSid, url);
      } catch (error) {
        const post = this.log.slice(mark).find((x) => x.method === 'POST');
        // A 4xx is Twilio refusing the webhook as Pause attaches it; a 5xx or no answer says nothing.
        const refused = post !== undefined && post.status >= 400 && post.status < 500;
        // Without a public URL the webhook points at a placeholder host (`.invalid`, which never resolves, so
        // no event leaves Twilio for anyone): a refusal of that URL says nothing about Pause's own.
        const placeholder = refused && !receiver ? ' (the placeholder URL: give --public-url)' : '';
        this.emit(
          lineOf(
            id,
            refused && !placeholder ? 'fails' : 'could not tell',
            `the webhook ${refused ? 'was refused' : 'got no clear answer'}: ${post ? describe(post) : messageOf(error)}${placeholder}`,
            [post],
          ),
        );
        return;
      }
      const post = this.log.slice(mark).find((x) => x.method === 'POST');
      const read = await call(
        this.client,
        'get',
        `${CONVERSATIONS}/${a.conversationSid}/Webhooks/${webhookSid}`,
      );
      const configuration = (read.body.configuration ?? {}) as Record<string, unknown>;
      const filters = Array.isArray(configuration.filters) ? configuration.filters.map(String) : [];
      const missing = PAUSE_EVENT_FILTERS.filter((filter) => !filters.includes(filter));
      const fields: Record<string, unknown> = {
        target: read.body.target ?? null,
        filters,
        method: configuration.method ?? null,
        url_kept: configuration.url === url,
      };
      if (!ok(read) || missing.length > 0 || configuration.url !== url) {
        this.emit(
          lineOf(
            id,
            ok(read) ? 'fails' : 'could not tell',
            `attached (${post ? describe(post) : 'no answer'}) but read back ${describe(read)}` +
              (missing.length > 0 ? ` without ${missing.join(', ')}` : '') +
              (configuration.url === url ? '' : ', with another URL'),
            [post, read],
            fields,
          ),
        );
        return;
      }
      const attached = `attached (${post ? describe(post) : '?'}) and read back with ${filters.join(', ')}`;
      // The customer writes during the pause, as from their device.
      const sent = await call(
        this.client,
        'post',
        `${CONVERSATIONS}/${a.conversationSid}/Messages`,
        { Author: a.customer, Body: 'A message while paused (leave-pause live check)' },
        { 'X-Twilio-Webhook-Enabled': 'true' },
      );
      if (!ok(sent)) {
        this.emit(
          lineOf(id, 'could not tell', `${attached}; the message was not sent: ${describe(sent)}`, [sent]),
        );
        return;
      }
      if (!receiver) {
        this.emit(
          lineOf(
            id,
            'skipped',
            `${attached}; delivery not walked: Twilio cannot reach this machine without --public-url (a tunnel ` +
              'to --listen-port), so whether it fires, signed, for a message while paused is not shown',
            [post, read],
            fields,
          ),
        );
        return;
      }
      const messageSid = String(sent.body.sid);
      const event = await this.waitFor(async () =>
        received.find(
          (entry) => entry.params.EventType === 'onMessageAdded' && entry.params.MessageSid === messageSid,
        ),
      );
      const authToken = this.client.password ?? '';
      const signed = event ? isSignedByTwilio(authToken, event.signature, url, event.params) : false;
      const eventFields = {
        ...fields,
        events_received: received.map((entry) => entry.params.EventType ?? null),
        signature_valid: signed,
        webhook_sid_matches: event?.params.WebhookSid === webhookSid,
      };
      if (!event)
        this.emit(
          lineOf(
            id,
            'could not tell',
            `${attached}; no onMessageAdded for the message in time`,
            [post, sent],
            eventFields,
          ),
        );
      else if (
        signed &&
        event.params.WebhookSid === webhookSid &&
        event.params.ConversationSid === a.conversationSid
      )
        this.emit(
          lineOf(
            id,
            'holds',
            `${attached}; onMessageAdded for the customer's message arrived while paused, signed for the URL attached`,
            [post, sent],
            eventFields,
          ),
        );
      else
        this.emit(
          lineOf(
            id,
            'fails',
            `${attached}; the event arrived ${signed ? 'naming another webhook or conversation' : 'without a valid X-Twilio-Signature for the URL attached'}`,
            [post, sent],
            eventFields,
          ),
        );
    } finally {
      if (webhookSid)
        await detachPauseEvents(this.engine, a.conversationSid, webhookSid).catch(() => undefined);
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve));
      }
    }
  }

  /**
   * `live-feed-acl`: the test worker's feed written with the Functions' own writeFeed (document and its one
   * permission), read back over REST, then opened as a client with a token minted as /live-token mints it
   * (mintLiveToken) for the worker, and with one for another identity.
   */
  async liveFeedAcl(): Promise<void> {
    const id = 'live-feed-acl';
    const serviceSid = this.options.syncServiceSid;
    if (!serviceSid) {
      this.emit(
        lineOf(id, 'skipped', 'not walked: no Sync service (give --sync-service IS… or SYNC_SERVICE_SID)'),
      );
      return;
    }
    this.checkAbort();
    const serviceUri = `${SYNC}/${serviceSid}`;
    const service = await call(this.client, 'get', serviceUri);
    if (!ok(service)) {
      this.emit(
        lineOf(id, 'could not tell', `the Sync service could not be read: ${describe(service)}`, [service]),
      );
      return;
    }
    if (service.body.acl_enabled !== true) {
      this.emit(
        lineOf(
          id,
          'fails',
          `acl_enabled is ${String(service.body.acl_enabled)}: any token of the service reads every feed (run npm run provision)`,
          [service],
          { acl_enabled: service.body.acl_enabled ?? null },
        ),
      );
      return;
    }
    const document = feedNameFor(this.workerSid);
    const documentUri = `${serviceUri}/Documents/${document}`;
    let writeError: unknown = null;
    try {
      await writeFeed(this.engine, serviceSid, this.workerSid, feedDataFor([], new Date().toISOString()));
    } catch (error) {
      writeError = error;
    } finally {
      // Registered by its name whatever happened: a create whose answer was lost is removed too.
      const found = await call(this.client, 'get', documentUri).catch(() => null);
      if (found && ok(found) && typeof found.body.sid === 'string')
        this.registry.add('sync-document', found.body.sid, document, serviceSid);
    }
    if (writeError) {
      this.emit(lineOf(id, 'fails', `the feed could not be written: ${messageOf(writeError)}`));
      return;
    }
    const permissions = await call(this.client, 'get', `${documentUri}/Permissions?PageSize=50`);
    const list = Array.isArray(permissions.body.permissions)
      ? (permissions.body.permissions as Record<string, unknown>[])
      : [];
    const granted = list.map((p) => ({
      identity: p.identity,
      read: p.read,
      write: p.write,
      manage: p.manage,
    }));
    const fields: Record<string, unknown> = { acl_enabled: true, permissions: granted };
    const onlyReadForWorker =
      list.length === 1 &&
      list[0].identity === this.workerSid &&
      list[0].read === true &&
      list[0].write === false &&
      list[0].manage === false;
    const rest = `ACLs on; the feed's permissions ${describe(permissions)}: ${granted.length} (${granted.map((g) => `${String(g.identity)} read=${String(g.read)} write=${String(g.write)}`).join('; ')})`;
    if (!ok(permissions) || !onlyReadForWorker) {
      this.emit(
        lineOf(id, ok(permissions) ? 'fails' : 'could not tell', rest, [service, permissions], fields),
      );
      return;
    }
    const key = this.options.apiKey;
    const reader = this.options.syncClientRead;
    if (!key || !reader) {
      this.emit(
        lineOf(
          id,
          'skipped',
          `${rest}; the client read not walked: ${!key ? 'no API key (TWILIO_API_KEY, TWILIO_API_SECRET) to mint the tokens' : "Sync's REST API takes account credentials only and its clients speak a websocket SDK the check does not carry"}`,
          [service, permissions],
          fields,
        ),
      );
      return;
    }
    const accountSid = this.client.username ?? '';
    const own = await reader(
      mintLiveToken(accountSid, key, this.workerSid, serviceSid),
      serviceSid,
      document,
    ).catch(() => 0);
    const other = await reader(
      mintLiveToken(accountSid, key, `${this.name}-other`, serviceSid),
      serviceSid,
      document,
    ).catch(() => 0);
    const clientFields = { ...fields, own_identity_status: own, other_identity_status: other };
    const seen = `${rest}; as a client: the worker's token HTTP ${own}, another identity's HTTP ${other}`;
    if (own === 200 && other === 403)
      this.emit(lineOf(id, 'holds', seen, [service, permissions], clientFields));
    else if (own === 0 || other === 0 || own >= 500 || other >= 500)
      this.emit(lineOf(id, 'could not tell', seen, [service, permissions], clientFields));
    else this.emit(lineOf(id, 'fails', seen, [service, permissions], clientFields));
  }

  /**
   * Team view (issue 18 part 4): a third conversation, paused, then an invite through the original workflow
   * with the very call Return to the queue makes (inviteToWorkflow). It holds when Twilio accepts it, the
   * channel no longer reads pause and a new task for the conversation exists; a refusal fails the line, and
   * the team view keeps the action hidden (an optional line: it does not fail the check).
   */
  async inviteWhilePaused(): Promise<void> {
    const id = 'invite-while-paused';
    const c = await this.openConversation('c');
    const reserved = await this.nextReservation();
    if (!reserved) {
      this.emit(lineOf(id, 'could not tell', 'no reservation for the third conversation in time'));
      return;
    }
    await this.join(c.ref, reserved);
    const paused = await this.move(c.ref, 'pause', this.settings.routingStatus);
    if (paused.read?.status !== 'pause') {
      this.emit(lineOf(id, 'could not tell', 'the third conversation did not pause'));
      return;
    }
    const tasksUri = `${TASKROUTER}/${this.ws}/Tasks?WorkflowSid=${this.workflowSid}&PageSize=100`;
    for (const task of await listAll(this.client, tasksUri, 'tasks')) this.known.add(String(task.sid));
    this.checkAbort();
    const mark = this.log.length;
    let answer: InviteAnswer;
    try {
      answer = await inviteToWorkflow(this.engine, c.ref, {
        workspace_sid: this.ws,
        workflow_sid: this.workflowSid,
        task_channel_unique_name: 'chat',
        attributes: {
          conversationSid: c.conversationSid,
          from: c.customer,
          leave_pause_live_check: this.runId,
        },
      });
    } catch (error) {
      this.emit(lineOf(id, 'could not tell', `no answer: ${messageOf(error)}`));
      return;
    }
    const post = this.log.slice(mark).find((x) => x.method === 'POST');
    const seen = `POST …/Channels/UO…/Invites on a paused channel: HTTP ${answer.status}${answer.errorCode !== null ? `, error ${answer.errorCode}` : ''}`;
    if (answer.status >= 500) {
      this.emit(lineOf(id, 'could not tell', seen, [post]));
      return;
    }
    const accepted = answer.status < 400 && answer.errorCode === null;
    const task = accepted
      ? await this.waitFor(async () =>
          (await listAll(this.client, tasksUri, 'tasks')).find((t) => {
            if (this.known.has(String(t.sid))) return false;
            const attributes = JSON.parse(String(t.attributes ?? '{}')) as Record<string, unknown>;
            return (
              attributes.conversationSid === c.conversationSid ||
              attributes.flexInteractionChannelSid === c.ref.channelSid
            );
          }),
        )
      : null;
    const read = await fetchChannel(this.engine, c.ref).catch(() => null);
    // The third conversation is done with: closing its channel (the public spec's Status=closed) ends the task
    // the invite routed, so the test worker has room for the next step.
    await call(this.client, 'post', channelUri(c.ref), { Status: 'closed' }).catch(() => undefined);
    const fields = {
      http_status: answer.status,
      error_code: answer.errorCode,
      channel_status: read?.status ?? null,
      task_sid: task?.sid ?? null,
      task_status: task?.assignment_status ?? null,
    };
    const after = `; the channel reads ${read?.status ?? 'unreadable'}`;
    if (!accepted)
      this.emit(
        lineOf(id, 'fails', `${seen}: refused${after} (Return to the queue stays hidden)`, [post], fields),
      );
    else if (task && read && read.status !== 'pause')
      this.emit(
        lineOf(
          id,
          'holds',
          `${seen}${after}, new task ${String(task.sid)} (${String(task.assignment_status)})`,
          [post],
          fields,
        ),
      );
    else if (read?.status === 'pause')
      this.emit(
        lineOf(
          id,
          'fails',
          `${seen}: accepted but the channel still reads pause${task ? ` beside new task ${String(task.sid)}` : ''} (a second live task: Return to the queue stays hidden)`,
          [post],
          fields,
        ),
      );
    else
      this.emit(
        lineOf(
          id,
          'could not tell',
          `${seen}${after}, no new task for the conversation in time`,
          [post],
          fields,
        ),
      );
  }

  /** A change Twilio's state machine must refuse (pause from inactive): how does the answer say so? */
  async refusedChange(a: Opened): Promise<void> {
    this.checkAbort();
    const answer = await call(this.client, 'post', channelUri(a.ref), {
      Status: 'pause',
      Routing: JSON.stringify({ status: 'closed' }),
    });
    const read = await fetchChannel(this.engine, a.ref).catch(() => null);
    this.emit(refusalLine(answer, read));
  }

  /** A second conversation, left with Routing wrapup: the answer is reported either way. */
  async wrapupLeave(): Promise<void> {
    const b = await this.openConversation('b');
    const reserved = await this.nextReservation();
    if (!reserved) {
      this.emit(
        lineOf(
          'leave-inactive-wrapup',
          'could not tell',
          'no reservation for the second conversation in time',
        ),
      );
      return;
    }
    await this.join(b.ref, reserved);
    const left = await this.move(b.ref, 'inactive', 'wrapup');
    const task = await this.taskStatus(reserved.taskSid);
    const { post, read } = left;
    const fields = post ? { ...answerFields(post), read: read?.status, task } : {};
    if (!post)
      this.emit(lineOf('leave-inactive-wrapup', 'could not tell', `no answer: ${messageOf(left.error)}`));
    else if (ok(post) && !failedIn2xx(post) && read?.status === 'inactive')
      this.emit(
        lineOf(
          'leave-inactive-wrapup',
          'holds',
          `accepted: ${describe(post)}, reads inactive, the task is ${task}`,
          [post],
          fields,
        ),
      );
    else if ((post.status >= 400 && post.status < 500) || failedIn2xx(post))
      this.emit(
        lineOf(
          'leave-inactive-wrapup',
          'holds',
          `refused: ${describe(post)}, reads ${read?.status ?? 'unreadable'}`,
          [post],
          fields,
        ),
      );
    else
      this.emit(
        lineOf(
          'leave-inactive-wrapup',
          'could not tell',
          `${describe(post)}, reads ${read?.status ?? 'unreadable'}`,
          [post],
          fields,
        ),
      );
  }

  /** The test customer replies through the Conversations API: a new task for the same conversation? */
  async replyAfterLeave(a: Opened, wasLeft: boolean): Promise<void> {
    if (!wasLeft) {
      this.emit(lineOf('reply-after-leave-new-task', 'could not tell', 'the conversation was not left'));
      return;
    }
    const tasksUri = `${TASKROUTER}/${this.ws}/Tasks?WorkflowSid=${this.workflowSid}&PageSize=100`;
    for (const task of await listAll(this.client, tasksUri, 'tasks')) this.known.add(String(task.sid));
    this.checkAbort();
    // Conversations fires no webhook for a REST-created message unless asked to: Flex must see this one as the
    // customer's, as it sees a message from their device.
    const sent = await call(
      this.client,
      'post',
      `${CONVERSATIONS}/${a.conversationSid}/Messages`,
      { Author: a.customer, Body: 'A reply after Leave (leave-pause live check)' },
      { 'X-Twilio-Webhook-Enabled': 'true' },
    );
    if (!ok(sent)) {
      this.emit(
        lineOf('reply-after-leave-new-task', 'could not tell', `the reply was not sent: ${describe(sent)}`, [
          sent,
        ]),
      );
      return;
    }
    const task = await this.waitFor(async () =>
      (await listAll(this.client, tasksUri, 'tasks')).find((t) => {
        if (this.known.has(String(t.sid))) return false;
        const attributes = JSON.parse(String(t.attributes ?? '{}')) as Record<string, unknown>;
        return (
          attributes.conversationSid === a.conversationSid ||
          attributes.flexInteractionChannelSid === a.ref.channelSid
        );
      }),
    );
    const read = await fetchChannel(this.engine, a.ref).catch(() => null);
    this.emit(
      task
        ? lineOf(
            'reply-after-leave-new-task',
            'holds',
            `new task ${String(task.sid)} (${String(task.assignment_status)}) for conversation ${a.conversationSid}; the channel reads ${read?.status ?? 'unreadable'}`,
            [sent],
            { task_sid: task.sid, channel_status: read?.status },
          )
        : lineOf('reply-after-leave-new-task', 'could not tell', 'no new task for the conversation in time', [
            sent,
          ]),
    );
  }
}

/**
 * `npm run doctor -- --live`: the non-destructive probe, then the walk on throwaway resources, then their
 * removal (also after a failure or an abort). Every behaviour gets one line, `could not tell` when not reached.
 */
export async function runLiveCheck(
  client: TwilioClient,
  options: LiveCheckOptions = {},
): Promise<LiveCheckReport> {
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const report: LiveCheckReport = {
    runId,
    prefix: `${LIVE_CHECK_PREFIX}-${runId}`,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    workspaceSid: options.workspaceSid ?? '',
    joinedThrough: [],
    stopped: null,
    notes: [],
    lines: [],
    created: [],
    cleanup: [],
  };
  const emit = (line: Line) => {
    report.lines.push(line);
    options.onLine?.(line);
  };
  const configuration = await fetchFlexConfiguration(client);
  const workspaceSid =
    options.workspaceSid ??
    (typeof configuration.taskrouter_workspace_sid === 'string'
      ? configuration.taskrouter_workspace_sid
      : '');
  if (!/^WS[0-9a-fA-F]{32}$/.test(workspaceSid))
    throw new Error('the Flex configuration names no TaskRouter workspace: pass --workspace WS…');
  report.workspaceSid = workspaceSid;
  // The same settings shape the Functions read, from the same place.
  const settings = parseLeavePause(leavePauseOf(configuration)).config;

  // One step only: the probe is not needed (the step's own pause says whether the channel moves).
  if (!options.only) for (const line of await probeStatuses(client)) emit(line);
  if (report.lines.some((line) => line.verdict === 'fails')) {
    report.stopped = PROBE_REFUSED_MESSAGE;
  } else {
    const registry = new Registry(workspaceSid);
    const walk = new Walk(client, registry, settings, runId, options, emit);
    try {
      await (options.only ? walk.runInviteWhilePausedOnly() : walk.run());
    } catch (error) {
      report.stopped = messageOf(error);
    } finally {
      report.joinedThrough = walk.joinedThrough;
      report.notes = walk.notes;
      report.created = [...registry.created];
      // What Twilio made although its answer was lost joins the registry first, so one ordered pass removes
      // all (a stray workflow would otherwise keep the queue it routes to).
      const strays = await findRunStrays(client, registry, report.prefix, walk.conversationNames).catch(
        () => null,
      );
      if (!strays)
        report.notes.push(`could not look for strays of ${report.prefix}: run npm run doctor -- --cleanup`);
      for (const stray of strays?.created ?? []) registry.add(stray.kind, stray.sid, stray.name);
      report.cleanup = await removeCreated(client, registry);
    }
  }
  for (const id of BEHAVIOUR_IDS) {
    if (report.lines.some((line) => line.id === id)) continue;
    if (options.only && id !== options.only)
      emit(lineOf(id, 'skipped', `not walked: this run walked only ${options.only}`));
    else emit(lineOf(id, 'could not tell', 'not reached: the check stopped (the reason follows the lines)'));
  }
  report.finishedAt = new Date().toISOString();
  return report;
}
