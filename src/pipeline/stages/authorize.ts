import { subscriptionKey, type Caller, type ServiceGrant } from '../../core/governance.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { GovernanceState } from '../governance-state.js';
import type { GatewayContext } from '../gateway-context.js';

/**
 * May this caller use this route? A route is a service with a lifecycle, a visibility and
 * perhaps an approval step. Routes a tenant may not see answer exactly as unknown ones do, so
 * names of other tenants' private routes cannot be probed. Direct `<provider>/<model>` names
 * are not services and are governed by `server.direct_model_access`.
 */
export function authorizeRoute(state: GovernanceState, context: GatewayContext): void {
  const name = context.routeName;
  if (name === undefined) return;
  const service = state.snapshot.servicesByName.get(name);
  if (service === undefined) return;
  context.service = service;
  const caller = context.caller;
  if (isHidden(service, caller))
    throw new GatewayError('model_not_found', `The model '${name}' does not exist.`);
  if (service.lifecycle === 'deprecated') context.warnings.push(`model ${name} is deprecated`);
  if (!service.requiresApproval || caller === undefined) return;
  const status = state.snapshot.subscriptions.get(subscriptionKey(caller.appId, service.id));
  if (status === 'approved') return;
  if (status === 'pending') {
    throw new GatewayError(
      'subscription_pending',
      `The subscription of this app to '${name}' awaits approval by an admin.`,
    );
  }
  throw new GatewayError(
    'subscription_required',
    `This app has no approved subscription to '${name}'. Subscribe in the developer portal or admin API (POST /api/admin/apps/${caller.appId}/subscriptions).`,
  );
}

/**
 * Whether a caller may not even see a route: another tenant's private route, a draft of
 * another tenant (or of the platform), a retired one. `/v1/models` lists only what is not hidden.
 */
export function isHidden(service: ServiceGrant, caller: Caller | undefined): boolean {
  const owner = caller !== undefined && service.tenantId !== null && caller.tenantId === service.tenantId;
  return (
    (service.visibility === 'private' && caller !== undefined && !owner && service.tenantId !== null) ||
    service.lifecycle === 'retired' ||
    (service.lifecycle === 'draft' && !owner)
  );
}
