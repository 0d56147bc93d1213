import type { Fault, FaultInjector, FaultInput } from './faults';
import type {
  ChannelType,
  CustomerSendResult,
  CustomerStartInput,
  CustomerStartResult,
  SeedResult,
  TokenInput,
} from './platform';
import type { Serializer } from './serialize';
import type { Snapshot } from './snapshot';
import type { TaskRouterService } from './state/taskrouter';
import type {
  ChannelLogEntry,
  CustomRoutingEntry,
  EmulatorSettings,
  LeaveRouting,
  RequestLogEntry,
  SpecExceptionUse,
  Violation,
} from './state/world';
import { ApiError, isObject, type JsonObject } from './util';
import type { Delivery } from './webhooks';

/**
 * What the control API drives. Declared here rather than imported from emulator.ts, which starts the HTTP
 * server that calls this module: the Emulator class implements it, and the imports run one way only.
 */
export interface ControlledEmulator {
  readonly clock: {
    now(): Date;
    advance(seconds: number): Promise<void>;
    advanceTo(to: Date): Promise<void>;
  };
  readonly customer: {
    start(input: CustomerStartInput): Promise<CustomerStartResult>;
    send(conversationSid: string, body: string): Promise<CustomerSendResult>;
  };
  readonly agent: {
    send(conversationSid: string, workerSid: string, body: string): Promise<{ messageSid: string }>;
  };
  readonly faults: { add(input: FaultInput): Fault; clear(): void };
  readonly faultInjector: Pick<FaultInjector, 'active'>;
  readonly tr: TaskRouterService;
  readonly serializer: Serializer;
  readonly requests: RequestLogEntry[];
  readonly violations: Violation[];
  readonly deliveries: Delivery[];
  readonly settings: EmulatorSettings;
  readonly flexConfiguration: JsonObject;
  readonly channelLog: ChannelLogEntry[];
  readonly customRoutingLog: CustomRoutingEntry[];
  readonly specExceptions: SpecExceptionUse[];
  reset(): void;
  seed(): SeedResult;
  snapshot(): Snapshot;
  issueToken(input: TokenInput): { token: string; expiration: string };
  /** An API key of the account (SK… and its secret), for the Functions to sign client Access Tokens. */
  readonly syncDocuments: { createApiKey(): { sid: string; secret: string } };
  configure(input: Partial<EmulatorSettings>): EmulatorSettings;
  updateFlexConfiguration(patch: JsonObject): JsonObject;
  idle(): Promise<void>;
}

export interface ControlResult {
  status: number;
  body: unknown;
}

function parseJson(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  const v: unknown = JSON.parse(raw);
  if (!isObject(v)) throw new ApiError(400, 20001, 'Body must be a JSON object');
  return v;
}

function str(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const v = body[key];
  if (typeof v === 'string' && v !== '') return v;
  if (required) throw new ApiError(400, 20001, `${key} is required`);
  return undefined;
}

/** JSON control API under /_emulator/ for the sandbox page, scripts and out-of-process tests. */
export async function handleControl(
  emu: ControlledEmulator,
  method: string,
  path: string,
  raw: string,
  _query: URLSearchParams,
): Promise<ControlResult> {
  try {
    const body = method === 'POST' ? parseJson(raw) : {};
    const key = `${method} ${path}`;
    switch (key) {
      case 'POST /reset':
        emu.reset();
        return { status: 200, body: { ok: true } };
      case 'POST /seed':
        return { status: 200, body: emu.seed() };
      case 'GET /state':
        return { status: 200, body: emu.snapshot() };
      case 'GET /clock':
        return { status: 200, body: { now: emu.clock.now().toISOString() } };
      case 'POST /clock/advance': {
        if (typeof body.to === 'string') {
          const to = new Date(body.to);
          if (Number.isNaN(to.getTime())) throw new ApiError(400, 20001, 'to must be an ISO 8601 date');
          await emu.clock.advanceTo(to);
        } else if (typeof body.seconds === 'number' && body.seconds >= 0) {
          await emu.clock.advance(body.seconds);
        } else {
          throw new ApiError(400, 20001, 'seconds (non-negative number) or to (ISO date) is required');
        }
        return { status: 200, body: { now: emu.clock.now().toISOString() } };
      }
      case 'POST /customer/start':
        return {
          status: 200,
          body: await emu.customer.start({
            channelType: (str(body, 'channelType') ?? 'chat') as ChannelType,
            customerName: str(body, 'customerName', false),
            body: str(body, 'body') ?? '',
          }),
        };
      case 'POST /customer/message':
        return {
          status: 200,
          body: await emu.customer.send(str(body, 'conversationSid') ?? '', str(body, 'body') ?? ''),
        };
      case 'POST /agent/message':
        return {
          status: 200,
          body: await emu.agent.send(
            str(body, 'conversationSid') ?? '',
            str(body, 'workerSid') ?? '',
            str(body, 'body') ?? '',
          ),
        };
      case 'POST /tokens': {
        const roles = Array.isArray(body.roles)
          ? body.roles.filter((r): r is string => typeof r === 'string')
          : undefined;
        const ttl = typeof body.ttlSeconds === 'number' ? body.ttlSeconds : undefined;
        return {
          status: 200,
          body: emu.issueToken({ workerSid: str(body, 'workerSid') ?? '', roles, ttlSeconds: ttl }),
        };
      }
      case 'POST /api-keys':
        return { status: 200, body: { ...emu.syncDocuments.createApiKey() } };
      case 'GET /requests':
        return { status: 200, body: emu.requests };
      case 'GET /violations':
        return { status: 200, body: emu.violations };
      case 'GET /deliveries':
        return { status: 200, body: emu.deliveries };
      case 'GET /faults':
        return { status: 200, body: emu.faultInjector.active() };
      case 'POST /faults': {
        try {
          const f = emu.faults.add(body as unknown as FaultInput);
          return {
            status: 200,
            body: {
              id: f.id,
              method: f.method,
              pathPattern: f.pathPattern,
              status: f.status,
              mode: f.mode,
              times: f.remaining,
            },
          };
        } catch (e) {
          throw new ApiError(400, 20001, e instanceof Error ? e.message : String(e));
        }
      }
      case 'DELETE /faults':
        emu.faults.clear();
        return { status: 200, body: { ok: true } };
      case 'GET /settings':
        return { status: 200, body: emu.settings };
      case 'POST /settings':
        return {
          status: 200,
          body: emu.configure({
            pauseLimitSeconds: body.pauseLimitSeconds as number | undefined,
            latencyMs: body.latencyMs as number | undefined,
            channelUpdateEnum: body.channelUpdateEnum as 'flex-client' | 'public-spec' | undefined,
            // Checked by configure(), like the others.
            leaveRouting: body.leaveRouting as LeaveRouting | undefined,
            resumeArrives: body.resumeArrives as EmulatorSettings['resumeArrives'] | undefined,
            reportStatusTimeout: body.reportStatusTimeout as boolean | undefined,
            invitesWhilePaused: body.invitesWhilePaused as EmulatorSettings['invitesWhilePaused'] | undefined,
          }),
        };
      case 'GET /flex/configuration':
        return { status: 200, body: emu.flexConfiguration };
      case 'POST /flex/configuration':
        return { status: 200, body: emu.updateFlexConfiguration(body as JsonObject) };
      case 'POST /agent/complete': {
        // Flex's own Complete button: ends the agent's assigned or wrapping task and frees the capacity.
        const task = emu.tr.task(str(body, 'taskSid') ?? '');
        if (task.assignmentStatus !== 'assigned' && task.assignmentStatus !== 'wrapping')
          throw new ApiError(
            409,
            20409,
            `Task ${task.sid} is ${task.assignmentStatus}, not assigned or wrapping`,
          );
        emu.tr.completeTask(task, 'completed by the agent');
        emu.tr.engine.route();
        return { status: 200, body: emu.serializer.task(task) };
      }
      case 'GET /channel-log':
        return { status: 200, body: emu.channelLog };
      case 'GET /replies':
        return { status: 200, body: emu.customRoutingLog };
      case 'GET /spec-exceptions':
        return { status: 200, body: emu.specExceptions };
      case 'POST /idle':
        await emu.idle();
        return { status: 200, body: { ok: true } };
      default:
        return {
          status: 404,
          body: { code: 20404, message: `Unknown control endpoint ${method} /_emulator${path}`, status: 404 },
        };
    }
  } catch (err) {
    if (err instanceof ApiError)
      return { status: err.status, body: { code: err.code, message: err.message, status: err.status } };
    if (err instanceof SyntaxError)
      return { status: 400, body: { code: 20001, message: `Invalid JSON: ${err.message}`, status: 400 } };
    throw err;
  }
}
