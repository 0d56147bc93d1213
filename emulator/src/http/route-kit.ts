/** What every route file shares: the request and answer shapes, the services, and Twilio's answer helpers. */
import type { Params } from '../params';
import type { Serializer } from '../serialize';
import type { ApiHost } from '../spec/validator';
import type { ConversationsService } from '../state/conversations';
import type { FlexService } from '../state/flex';
import type { SyncService } from '../state/sync';
import type { SyncDocuments } from '../state/sync-documents';
import type { TaskRouterService } from '../state/taskrouter';
import type { World } from '../state/world';
import type { JsonObject } from '../util';

export interface RouteContext {
  host: ApiHost;
  /** Path params named as in the spec template. */
  params: Record<string, string>;
  query: Params;
  body: Params;
  /** The parsed JSON body, for operations whose spec body is application/json. */
  json?: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Public Twilio URL of this request without query, for list meta. */
  publicUrl: string;
}

export interface RouteResult {
  status: number;
  body: JsonObject | null;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult;

export interface Services {
  world: World;
  tr: TaskRouterService;
  flex: FlexService;
  conv: ConversationsService;
  sync: SyncService;
  syncDocuments: SyncDocuments;
  ser: Serializer;
  /** The platform's handling of a customer's message (Flex's routing of a reply), for REST-sent ones. */
  customerMessage?: (conversationSid: string, body: string) => { messageSid: string };
}

export const ok = (body: JsonObject, status = 200, headers?: Record<string, string>): RouteResult => ({
  status,
  body,
  headers,
});
export const noContent = (): RouteResult => ({ status: 204, body: null });

/** Twilio's paged list shape; twilio-node reads the list from `meta.key`. */
export function page(ctx: RouteContext, key: string, items: JsonObject[]): RouteResult {
  const size = Math.min(Math.max(ctx.query.int('PageSize') ?? 50, 1), 1000);
  const index = Math.max(ctx.query.int('Page') ?? 0, 0);
  const slice = items.slice(index * size, (index + 1) * size);
  const extra = new URLSearchParams();
  for (const [k, vs] of ctx.query.map) {
    if (['PageSize', 'Page', 'PageToken'].includes(k)) continue;
    for (const v of vs) extra.append(k, v);
  }
  const pageUrl = (i: number): string => {
    const q = new URLSearchParams(extra);
    q.set('PageSize', String(size));
    q.set('Page', String(i));
    if (i > 0) q.set('PageToken', `PT${i}`);
    return `${ctx.publicUrl}?${q.toString()}`;
  };
  return ok({
    [key]: slice,
    meta: {
      page: index,
      page_size: size,
      first_page_url: pageUrl(0),
      previous_page_url: index > 0 ? pageUrl(index - 1) : null,
      next_page_url: (index + 1) * size < items.length ? pageUrl(index + 1) : null,
      url: pageUrl(index),
      key,
    },
  });
}

export function header(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Registers one route: the API host, the method and the spec's path template. */
export type AddRoute = (host: ApiHost, method: string, template: string, h: RouteHandler) => void;
