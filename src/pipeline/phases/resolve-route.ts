import { GatewayError } from '../../core/gateway-error.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { GovernanceState } from '../governance-state.js';
import { applyRouteCors } from '../respond/route-cors.js';
import type { Stage } from '../stage.js';
import { authorizeRoute } from './authorize-route.js';

/**
 * Turns the model name into the ordered targets to try, then checks that this caller may use
 * that route (lifecycle, visibility, allow-lists, subscription, direct-name grants). Both are
 * map reads: one stage. A route with its own CORS origins sets its answer's CORS headers.
 * `directTenants` are the tenant handles granted direct names.
 */
export function createResolveRoute(
  routes: RouteTable,
  governance: GovernanceState,
  directTenants: readonly string[] = [],
): Stage {
  const granted = new Set(directTenants);
  return (context) => {
    if (context.routeName === undefined)
      throw new GatewayError('invalid_request', "Missing 'model'.", { param: 'model' });
    context.route = routes.resolve(context.routeName);
    authorizeRoute(governance, context, granted);
    // After authorizing: a route the caller may not see must answer as an unknown name does.
    const cors = context.route.policy.cors;
    if (cors !== undefined) applyRouteCors(context, cors);
  };
}
