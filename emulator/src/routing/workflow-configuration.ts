/** A workflow's Configuration document: read into filters and targets, and checked at create/update time. */
import type { World } from '../state/world';
import type { RoutingTarget } from '../state/types';
import { badRequest, isObject, parseJsonObject } from '../util';
import { validateExpression } from './expression';

export interface FilterConfig {
  filter_friendly_name?: string;
  friendly_name?: string;
  expression?: string;
  targets?: unknown[];
}

export function toTarget(raw: unknown): RoutingTarget {
  if (!isObject(raw) || typeof raw.queue !== 'string')
    throw badRequest('Invalid workflow configuration: target needs a queue');
  return {
    queue: raw.queue,
    expression: typeof raw.expression === 'string' ? raw.expression : undefined,
    skipIf: typeof raw.skip_if === 'string' ? raw.skip_if : undefined,
    timeout: typeof raw.timeout === 'number' ? raw.timeout : undefined,
    priority: typeof raw.priority === 'number' ? raw.priority : undefined,
  };
}

/** Validates a workflow Configuration document so a bad one is a 400 at create/update time. */
export function validateWorkflowConfiguration(world: World, raw: string): void {
  const cfg = parseJsonObject(raw, 'Configuration');
  const tr = cfg.task_routing;
  if (!isObject(tr)) throw badRequest('Invalid parameter Configuration: task_routing is required');
  const filters = Array.isArray(tr.filters) ? tr.filters : [];
  const check = (t: RoutingTarget): void => {
    if (!world.queues.has(t.queue))
      throw badRequest(`Invalid workflow configuration: unknown queue ${t.queue}`);
    for (const e of [t.expression, t.skipIf]) if (e) validateExpression(e);
  };
  for (const f of filters) {
    if (!isObject(f)) throw badRequest('Invalid workflow configuration: filter must be an object');
    if (typeof f.expression === 'string') validateExpression(f.expression);
    for (const t of Array.isArray(f.targets) ? f.targets : []) check(toTarget(t));
  }
  if (tr.default_filter !== undefined) check(toTarget(tr.default_filter));
}
