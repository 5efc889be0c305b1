import { GatewayError } from '../../core/gateway-error.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { Stage } from '../stage.js';

/** Turns the model name into the ordered targets to try. */
export function createResolveRoute(routes: RouteTable): Stage {
  return (context) => {
    if (context.routeName === undefined)
      throw new GatewayError('invalid_request', "Missing 'model'.", { param: 'model' });
    context.route = routes.resolve(context.routeName);
  };
}
