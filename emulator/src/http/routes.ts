/**
 * The emulator's REST routes, one file per Twilio product under routes/, on the shapes of route-kit.ts. The
 * server looks a request up in the map by host, method and the spec's path template.
 */
import { type AddRoute, type RouteHandler, type Services } from './route-kit';
import { addConversationsRoutes } from './routes/conversations';
import { addFlexRoutes } from './routes/flex';
import { addSyncRoutes } from './routes/sync';
import { addTaskRouterRoutes } from './routes/taskrouter';

export type { RouteContext, RouteHandler, RouteResult, Services } from './route-kit';
export { page } from './route-kit';

export function buildRoutes(s: Services): Map<string, RouteHandler> {
  const routes = new Map<string, RouteHandler>();
  const add: AddRoute = (host, method, template, h) => {
    routes.set(`${host} ${method} ${template}`, h);
  };
  addTaskRouterRoutes(add, s);
  addFlexRoutes(add, s);
  addConversationsRoutes(add, s);
  addSyncRoutes(add, s);
  return routes;
}
