import { GatewayError } from '../../core/gateway-error.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { GovernanceState } from '../governance-state.js';
import type { Stage } from '../stage.js';
import { authorizeRoute } from './authorize.js';

/**
 * Turns the model name into the ordered targets to try, then checks that this caller may use
 * that route (lifecycle, visibility, subscription). Both are map reads: one stage.
 */
export function createResolveRoute(routes: RouteTable, governance: GovernanceState): Stage {
  return (context) => {
    if (context.routeName === undefined)
      throw new GatewayError('invalid_request', "Missing 'model'.", { param: 'model' });
    context.route = routes.resolve(context.routeName);
    authorizeRoute(governance, context);
  };
}
