/**
 * The walk's context: its throwaway resources (worker, queue, workflow, conversations), the engine's client that
 * records every exchange, and the moves the steps share. The steps themselves are the other files of this folder.
 */
import type { FlexIdentity } from '../../../lib/auth';
import {
  fetchChannel,
  moveChannel,
  type ChannelRef,
  type ChannelState,
  type Participants,
} from '../../../lib/channel';
import { ActionError } from '../../../lib/errors';
import type { Settings } from '../../../lib/settings';
import type { TwilioClient } from '../../../lib/twilio-client';
import type { BehaviourId, Line } from '../behaviours';
import { call, describe, listAll, ok, recordingClient, type Exchange } from '../exchange';
import { answerFields, failedIn2xx, lineOf, messageOf, StepFailed } from '../lines';
import type { JoinMethod, LiveCheckOptions } from '../options';
import { LIVE_CHECK_PREFIX, type Registry } from '../resources';
import { channelUri, CONVERSATIONS, FLEX, TASKROUTER } from '../twilio-uris';

export interface Opened {
  label: string;
  conversationSid: string;
  customer: string;
  ref: ChannelRef;
}

export interface Reserved {
  reservationSid: string;
  taskSid: string;
  status: string;
}

/** The walk: throwaway resources of its own, and Leave, Pause, Resume and a reply through the engine's code. */
export class Walk {
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
}
