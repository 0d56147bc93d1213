import * as fs from 'fs';
import * as path from 'path';

/* Minimal structural types for the parts of OpenAPI 3 the Twilio specs use. */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}

type PathItem = Partial<Record<'get' | 'post' | 'delete', OperationObject>>;

interface OpenApiDoc {
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export type ApiHost = 'flex-api' | 'taskrouter' | 'conversations' | 'sync';

export const SPEC_FILES: Record<ApiHost, string> = {
  'flex-api': 'twilio_flex_v1.json',
  taskrouter: 'twilio_taskrouter_v1.json',
  conversations: 'twilio_conversations_v1.json',
  sync: 'twilio_sync_v1.json',
};

/**
 * Values Twilio accepts that the public spec does not list. Each is named, limited to one parameter of one
 * operation, and cites its evidence; requests using one are recorded apart from violations.
 */
export interface SpecException {
  id: string;
  host: ApiHost;
  method: string;
  template: string;
  parameter: string;
  values: string[];
  evidence: string;
}

export const SPEC_EXCEPTIONS: readonly SpecException[] = [
  {
    id: 'interaction-channel-pause-active',
    host: 'flex-api',
    method: 'POST',
    template: '/v1/Interactions/{InteractionSid}/Channels/{Sid}',
    parameter: 'Status',
    values: ['pause', 'active'],
    evidence:
      'Flex UI 2.17.1 sends them to this path: CbmSdkClient.pauseChannel ({status:"pause", routing:{status}}) and ' +
      'resumeChannel ({status:"active"}) in node_modules/@twilio/flex-ui/bundle/twilio-flex.prod.js; the spec lists ' +
      'pause and active as channel statuses (interaction_channel_enum_channel_status) but only closed|inactive for ' +
      'the update.',
  },
];

export interface SpecExceptionHit {
  exception: string;
  parameter: string;
  value: string;
}

export function resolveSpecDir(): string {
  if (process.env.TWILIO_OAI_DIR) return path.resolve(process.env.TWILIO_OAI_DIR);
  // The specs travel with the repository (emulator/specs, with their license and upstream commit).
  return path.resolve(__dirname, '../../specs');
}

interface CompiledTemplate {
  template: string;
  segments: string[];
  literalCount: number;
  item: PathItem;
}

export interface ValidationInput {
  host: ApiHost;
  method: string;
  /** Path below the host prefix, e.g. /v1/Workspaces/WS.../Tasks */
  path: string;
  query: Map<string, string[]>;
  body: Map<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** Set when the request body was JSON (operations whose spec body is application/json). */
  json?: unknown;
}

export type ValidationResult =
  | {
      ok: true;
      template: string;
      params: Record<string, string>;
      operationId?: string;
      exceptions: SpecExceptionHit[];
    }
  | { ok: false; status: number; code: number; message: string };

const PAGING = ['PageSize', 'Page', 'PageToken'];

export class SpecValidator {
  private readonly docs = new Map<ApiHost, OpenApiDoc>();
  private readonly templates = new Map<ApiHost, CompiledTemplate[]>();

  constructor(specDir: string = resolveSpecDir()) {
    for (const [host, file] of Object.entries(SPEC_FILES) as [ApiHost, string][]) {
      const full = path.join(specDir, file);
      if (!fs.existsSync(full)) {
        throw new Error(`Twilio OpenAPI spec not found: ${full} (set TWILIO_OAI_DIR to override)`);
      }
      const doc = JSON.parse(fs.readFileSync(full, 'utf8')) as OpenApiDoc;
      this.docs.set(host, doc);
      this.templates.set(
        host,
        Object.entries(doc.paths).map(([template, item]) => {
          const segments = template.split('/').filter(Boolean);
          return {
            template,
            segments,
            literalCount: segments.filter((s) => !s.startsWith('{')).length,
            item,
          };
        }),
      );
    }
  }

  private resolve(host: ApiHost, schema: SchemaObject | undefined): SchemaObject | undefined {
    let s = schema;
    for (let i = 0; s?.$ref && i < 10; i++) {
      const name = s.$ref.replace('#/components/schemas/', '');
      s = this.docs.get(host)?.components?.schemas?.[name];
    }
    return s;
  }

  private match(
    host: ApiHost,
    reqPath: string,
  ): { tpl: CompiledTemplate; params: Record<string, string> } | null {
    const parts = reqPath.split('/').filter(Boolean);
    let best: { tpl: CompiledTemplate; params: Record<string, string> } | null = null;
    for (const tpl of this.templates.get(host) ?? []) {
      if (tpl.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = tpl.segments[i];
        if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
        else if (seg !== parts[i]) {
          ok = false;
          break;
        }
      }
      // Literal segments beat parameters, e.g. /TaskQueues/Statistics over /TaskQueues/{Sid}.
      if (ok && (!best || tpl.literalCount > best.tpl.literalCount)) best = { tpl, params };
    }
    return best;
  }

  /** Returns a message describing why value does not satisfy schema, or null. */
  checkValue(host: ApiHost, name: string, value: string, schema: SchemaObject | undefined): string | null {
    const s = this.resolve(host, schema);
    if (!s) return null;
    if (s.enum && !s.enum.includes(value)) {
      return `Invalid parameter ${name}: '${value}' is not one of ${s.enum.join(', ')}`;
    }
    if (s.type === 'integer') {
      if (!/^-?\d+$/.test(value)) return `Invalid parameter ${name}: '${value}' is not an integer`;
      const n = Number(value);
      if (s.minimum !== undefined && n < s.minimum)
        return `Invalid parameter ${name}: ${n} is below ${s.minimum}`;
      if (s.maximum !== undefined && n > s.maximum)
        return `Invalid parameter ${name}: ${n} is above ${s.maximum}`;
    }
    if (s.type === 'number' && Number.isNaN(Number(value))) {
      return `Invalid parameter ${name}: '${value}' is not a number`;
    }
    if (s.type === 'boolean' && !/^(true|false)$/i.test(value)) {
      return `Invalid parameter ${name}: '${value}' is not a boolean (true or false)`;
    }
    if (s.type === 'string') {
      if (s.pattern && !new RegExp(s.pattern).test(value)) {
        return `Invalid parameter ${name}: '${value}' does not match ${s.pattern}`;
      }
      if (s.minLength !== undefined && value.length < s.minLength) {
        return `Invalid parameter ${name}: '${value}' is shorter than ${s.minLength} characters`;
      }
      if (s.maxLength !== undefined && value.length > s.maxLength) {
        return `Invalid parameter ${name}: '${value}' is longer than ${s.maxLength} characters`;
      }
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) {
        return `Invalid parameter ${name}: '${value}' is not an ISO 8601 date-time`;
      }
      if (s.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) {
        return `Invalid parameter ${name}: '${value}' is not an absolute URI`;
      }
    }
    return null;
  }

  private checkValues(
    host: ApiHost,
    name: string,
    values: string[],
    schema: SchemaObject | undefined,
  ): string | null {
    const s = this.resolve(host, schema);
    if (s?.type === 'array') {
      for (const v of values) {
        const err = this.checkValue(host, name, v, s.items);
        if (err) return err;
      }
      return null;
    }
    if (values.length > 1) return `Invalid parameter ${name}: given ${values.length} times but is not a list`;
    return this.checkValue(host, name, values[0], s);
  }

  validate(input: ValidationInput): ValidationResult {
    const m = this.match(input.host, input.path);
    if (!m) {
      return {
        ok: false,
        status: 404,
        code: 20404,
        message: `The requested resource ${input.path} was not found`,
      };
    }
    const method = input.method.toLowerCase() as 'get' | 'post' | 'delete';
    const op = m.tpl.item[method];
    if (!op) {
      return {
        ok: false,
        status: 405,
        code: 20004,
        message: `Method ${input.method} not allowed on ${m.tpl.template}`,
      };
    }
    const fail = (message: string): ValidationResult => ({ ok: false, status: 400, code: 20001, message });
    const params = op.parameters ?? [];
    for (const p of params.filter((x) => x.in === 'path')) {
      const v = m.params[p.name];
      const err =
        v === undefined
          ? `Missing path parameter ${p.name}`
          : this.checkValue(input.host, p.name, v, p.schema);
      if (err) return fail(err);
    }
    const queryParams = params.filter((x) => x.in === 'query');
    for (const [name, values] of input.query) {
      const p = queryParams.find((x) => x.name === name);
      if (!p) {
        if (PAGING.includes(name) && method === 'get') continue;
        return fail(`Invalid parameter ${name}: not a query parameter of ${input.method} ${m.tpl.template}`);
      }
      const err = this.checkValues(input.host, name, values, p.schema);
      if (err) return fail(err);
    }
    for (const p of queryParams.filter((x) => x.required)) {
      if (!input.query.has(p.name)) return fail(`Missing required parameter ${p.name}`);
    }
    for (const p of params.filter((x) => x.in === 'header')) {
      const raw = input.headers[p.name.toLowerCase()];
      if (raw === undefined) continue;
      const err = this.checkValues(input.host, p.name, Array.isArray(raw) ? raw : [raw], p.schema);
      if (err) return fail(err);
    }
    const exceptions: SpecExceptionHit[] = [];
    const bodySchema = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
    const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
    if (input.json !== undefined) {
      if (!jsonSchema) return fail(`${input.method} ${m.tpl.template} does not take a JSON body`);
      if (input.json === null || typeof input.json !== 'object' || Array.isArray(input.json))
        return fail('The JSON body must be an object');
    } else if (!bodySchema) {
      const first = [...input.body.keys()][0];
      if (first !== undefined)
        return fail(`Invalid parameter ${first}: ${input.method} ${m.tpl.template} takes no body`);
    } else {
      const props = bodySchema.properties ?? {};
      for (const [name, values] of input.body) {
        if (!(name in props)) {
          return fail(
            `Invalid parameter ${name}: not a parameter of ${input.method} ${m.tpl.template} (allowed: ${Object.keys(props).join(', ')})`,
          );
        }
        const exception = SPEC_EXCEPTIONS.find(
          (x) =>
            x.host === input.host &&
            x.method === input.method.toUpperCase() &&
            x.template === m.tpl.template &&
            x.parameter === name,
        );
        if (exception && values.length === 1 && exception.values.includes(values[0])) {
          exceptions.push({ exception: exception.id, parameter: name, value: values[0] });
          continue;
        }
        const err = this.checkValues(input.host, name, values, props[name]);
        if (err) return fail(err);
      }
      for (const r of bodySchema.required ?? []) {
        if (!input.body.has(r)) return fail(`Missing required parameter ${r} in the post body`);
      }
    }
    return { ok: true, template: m.tpl.template, params: m.params, operationId: op.operationId, exceptions };
  }
}
