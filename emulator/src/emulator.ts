import type { AddressInfo } from 'net';
import type * as http from 'http';
import { SimClock } from './clock';
import { FaultInjector } from './faults';
import { buildRoutes, type RouteHandler } from './http/routes';
import { createHttpServer, type ServedEmulator } from './http/server';
import type { ControlledEmulator } from './control';
import { Platform, type SeedResult, type TokenInput } from './platform';
import { Serializer } from './serialize';
import { SpecValidator } from './spec/validator';
import { ConversationsService } from './state/conversations';
import { FlexService } from './state/flex';
import { SyncService } from './state/sync';
import { SyncDocuments } from './state/sync-documents';
import { TaskRouterService } from './state/taskrouter';
import {
  World,
  type ChannelLogEntry,
  type CustomRoutingEntry,
  type EmulatorSettings,
  type LeaveRouting,
  type RequestLogEntry,
  type SpecExceptionUse,
  type StudioExecution,
  type Violation,
} from './state/world';
import { badRequest, type JsonObject } from './util';
import { buildSnapshot, type Snapshot } from './snapshot';
import type { Delivery } from './webhooks';

export interface EmulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  accountSid?: string;
  authToken?: string;
  startTime?: Date;
  /** Directory with the Twilio OpenAPI JSON files; defaults to TWILIO_OAI_DIR or emulator/specs. */
  specDir?: string;
}

export const DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const DEFAULT_AUTH_TOKEN = 'emulator-auth-token';

const FLOW_SID = /^FW[0-9a-fA-F]{32}$/;

/** Checks Console's "Use custom routing" choice as Console would: a Studio flow SID, or an http(s) URL. */
function parseLeaveRouting(input: unknown): LeaveRouting {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (value.kind === 'default') return { kind: 'default' };
  if (value.kind === 'studio' && typeof value.flowSid === 'string' && FLOW_SID.test(value.flowSid))
    return { kind: 'studio', flowSid: value.flowSid };
  if (value.kind === 'interactions-webhook' && typeof value.url === 'string') {
    let url: URL | undefined;
    try {
      url = new URL(value.url);
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:'))
      return { kind: 'interactions-webhook', url: url.toString() };
  }
  throw badRequest(
    'leaveRouting must be {"kind":"default"}, {"kind":"studio","flowSid":"FW…"} or ' +
      '{"kind":"interactions-webhook","url":"http(s)://…"}',
  );
}

let sharedValidator: { dir: string | undefined; v: SpecValidator } | null = null;

function validatorFor(dir: string | undefined): SpecValidator {
  // Parsing the specs takes a moment; tests start many emulators.
  if (!sharedValidator || sharedValidator.dir !== dir) sharedValidator = { dir, v: new SpecValidator(dir) };
  return sharedValidator.v;
}

export class Emulator implements ServedEmulator {
  url = '';
  readonly accountSid: string;
  readonly authToken: string;
  readonly world: World;
  readonly validator: SpecValidator;
  readonly faultInjector = new FaultInjector();
  readonly routes: Map<string, RouteHandler>;
  readonly platform: Platform;
  readonly tr: TaskRouterService;
  readonly flexService: FlexService;
  readonly conv: ConversationsService;
  readonly sync: SyncService;
  readonly syncDocuments: SyncDocuments;
  readonly serializer: Serializer;
  /** How injected latency waits; tests replace it to observe the delay without timing anything. */
  delay: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  private readonly simClock: SimClock;
  private server: http.Server | null = null;
  private readonly changeListeners = new Set<() => void>();
  private changePending = false;

  // The shapes the control API declares (it cannot import this module): one definition, used here.
  readonly clock: ControlledEmulator['clock'];
  readonly customer: ControlledEmulator['customer'];
  readonly agent: ControlledEmulator['agent'];
  readonly faults: ControlledEmulator['faults'];

  constructor(opts: EmulatorOptions = {}) {
    this.accountSid = opts.accountSid ?? DEFAULT_ACCOUNT_SID;
    this.authToken = opts.authToken ?? DEFAULT_AUTH_TOKEN;
    if (!/^AC[0-9a-fA-F]{32}$/.test(this.accountSid))
      throw new Error(`accountSid must match ^AC[0-9a-fA-F]{32}$`);
    this.validator = validatorFor(opts.specDir);
    this.simClock = new SimClock(opts.startTime ?? new Date());
    this.world = new World(this.simClock, this.accountSid, this.authToken);
    this.tr = new TaskRouterService(this.world);
    this.conv = new ConversationsService(this.world);
    this.flexService = new FlexService(this.world, this.tr, this.conv);
    this.sync = new SyncService(this.world);
    this.syncDocuments = new SyncDocuments(this.world, this.sync);
    this.platform = new Platform(this.world, this.tr, this.flexService, this.conv, this.sync);
    this.serializer = new Serializer(this.world);
    this.routes = buildRoutes({
      world: this.world,
      tr: this.tr,
      flex: this.flexService,
      conv: this.conv,
      sync: this.sync,
      syncDocuments: this.syncDocuments,
      ser: this.serializer,
      customerMessage: (conversationSid, body) =>
        this.changed(this.platform.customerSend(conversationSid, body)),
    });

    this.clock = {
      now: () => this.simClock.now(),
      advance: async (seconds: number) => {
        if (!Number.isFinite(seconds) || seconds < 0)
          throw new Error('seconds must be a non-negative number');
        this.simClock.advanceTo(this.simClock.nowMillis() + Math.round(seconds * 1000));
        this.notifyChange();
        await this.idle();
      },
      advanceTo: async (to: Date) => {
        this.simClock.advanceTo(to.getTime());
        this.notifyChange();
        await this.idle();
      },
    };
    this.customer = {
      start: async (input) => this.changed(this.platform.customerStart(input)),
      send: async (conversationSid, body) => this.changed(this.platform.customerSend(conversationSid, body)),
    };
    this.agent = {
      send: async (conversationSid, workerSid, body) =>
        this.changed(this.platform.agentSend(conversationSid, workerSid, body)),
    };
    this.faults = {
      add: (input) => this.faultInjector.add(input),
      clear: () => this.faultInjector.clear(),
    };
  }

  get requests(): RequestLogEntry[] {
    return this.world.requests;
  }

  get violations(): Violation[] {
    return this.world.violations;
  }

  get deliveries(): Delivery[] {
    return this.world.deliveries.log;
  }

  /**
   * Calls the listener (once per burst, on a later tick) after anything may have changed state: a Twilio API
   * write, a control call, a clock advance, a customer or agent action. Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => {
      this.changeListeners.delete(listener);
    };
  }

  notifyChange(): void {
    if (this.changePending || this.changeListeners.size === 0) return;
    this.changePending = true;
    setImmediate(() => {
      this.changePending = false;
      for (const listener of [...this.changeListeners]) listener();
    });
  }

  private changed<T>(value: T): T {
    this.notifyChange();
    return value;
  }

  /** Requests that used a listed spec exception (Twilio accepts them; the public spec does not list them). */
  get specExceptions(): SpecExceptionUse[] {
    return this.world.specExceptions;
  }

  /**
   * Account behaviour: the pause limit, the injected latency, Console's custom routing after Leave, how Resume's
   * task arrives and whether answers carry status_timeout. Reset to defaults by reset()/seed().
   */
  get settings(): EmulatorSettings {
    return this.world.settings;
  }

  configure(input: Partial<EmulatorSettings>): EmulatorSettings {
    const next = { ...this.world.settings };
    if (input.pauseLimitSeconds !== undefined) {
      const v = input.pauseLimitSeconds;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1209600)
        throw badRequest('pauseLimitSeconds must be an integer from 1 to 1209600 (14 days)');
      next.pauseLimitSeconds = v;
    }
    if (input.latencyMs !== undefined) {
      const v = input.latencyMs;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 60000)
        throw badRequest('latencyMs must be a number from 0 to 60000');
      next.latencyMs = v;
    }
    if (input.channelUpdateEnum !== undefined) {
      const v = input.channelUpdateEnum;
      if (v !== 'flex-client' && v !== 'public-spec')
        throw badRequest("channelUpdateEnum must be 'flex-client' or 'public-spec'");
      next.channelUpdateEnum = v;
    }
    if (input.leaveRouting !== undefined) next.leaveRouting = parseLeaveRouting(input.leaveRouting);
    if (input.resumeArrives !== undefined) {
      const v = input.resumeArrives;
      if (v !== 'accepted' && v !== 'pending')
        throw badRequest("resumeArrives must be 'accepted' or 'pending'");
      next.resumeArrives = v;
    }
    if (input.reportStatusTimeout !== undefined) {
      const v = input.reportStatusTimeout;
      if (typeof v !== 'boolean') throw badRequest('reportStatusTimeout must be true or false');
      next.reportStatusTimeout = v;
    }
    if (input.invitesWhilePaused !== undefined) {
      const v = input.invitesWhilePaused;
      if (v !== 'refused' && v !== 'routed')
        throw badRequest("invitesWhilePaused must be 'refused' or 'routed'");
      next.invitesWhilePaused = v;
    }
    this.world.settings = next;
    this.notifyChange();
    return next;
  }

  /** The Flex Configuration resource, as GET flex-api/v1/Configuration answers it. */
  get flexConfiguration(): JsonObject {
    return this.flexService.configuration();
  }

  /** Deep-merges into the Flex Configuration (objects merge, null removes a key), as the admin's Console does. */
  updateFlexConfiguration(patch: JsonObject): JsonObject {
    return this.changed(this.flexService.updateConfiguration(patch));
  }

  /** What the platform did to interaction channels: left, paused, resumed (and how), rerouted at the limit. */
  get channelLog(): ChannelLogEntry[] {
    return this.world.channelLog;
  }

  get customRoutingLog(): CustomRoutingEntry[] {
    return this.world.customRoutingLog;
  }

  get studioExecutions(): StudioExecution[] {
    return this.world.studioExecutions;
  }

  async listen(port = 0): Promise<void> {
    const server = createHttpServer(this);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
  }

  /** Clears all state (keeps the simulated time) and seeds the standard Flex workspace. */
  seed(): SeedResult {
    this.reset();
    return this.changed(this.platform.seed());
  }

  /** Clears all state, timers, faults and logs; the simulated time stays where it is. */
  reset(): void {
    this.simClock.reset(this.simClock.now());
    this.world.clear();
    this.faultInjector.clear();
    this.platform.seedResult = null;
    this.notifyChange();
  }

  issueToken(input: TokenInput): { token: string; expiration: string } {
    return this.platform.issueToken(input);
  }

  snapshot(): Snapshot {
    return buildSnapshot(this);
  }

  /** Resolves once no webhook delivery is queued or in flight (routing itself is synchronous). */
  async idle(): Promise<void> {
    await this.world.deliveries.idle();
  }

  async close(): Promise<void> {
    await this.idle().catch(() => undefined);
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = new Emulator(opts);
  await emu.listen(opts.port ?? 0);
  return emu;
}
