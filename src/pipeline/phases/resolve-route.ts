import type { RouteTable } from '../../routing/route-table.js';
import type { Authenticated, Decoded, Received, Resolved } from '../context/phases.js';
import type { Stage } from '../stage.js';

/**
 * The resolve phase: turns the model name into the route (its ordered targets and policy); a
 * name no route declares is refused here. Whether this caller may use it is the next phase's
 * question (authorize-route.ts), asked before anything reveals that the route exists.
 */
export function createResolveRoute(routes: RouteTable): Stage<Received & Authenticated & Decoded, Resolved> {
  return (context) => {
    context.route = routes.resolve(context.routeName);
  };
}
