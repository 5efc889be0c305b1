import { modelAllowed, subscriptionKey, type Caller, type ServiceGrant } from './governance-snapshot.js';
import { GatewayError } from '../core/gateway-error.js';
import type { GovernanceState } from './governance-state.js';

/**
 * The part of a request's context that authorizing reads and writes. The pipeline's
 * GatewayContext has these fields; governance sits below the pipeline and does not import it.
 */
export interface AuthorizedCall {
  readonly routeName: string;
  readonly caller?: Caller;
  readonly route: { readonly direct: boolean };
  /** Set to the route's service facts once the route is known to be a service. */
  service?: ServiceGrant;
  /** Warnings for the client (`x-portico-warnings`): a deprecated route adds one. */
  readonly warnings: string[];
}

/**
 * May this caller use this route? A route is a service with a lifecycle, a visibility and
 * perhaps an approval step; a key or app may also be held to an allow-list of model names.
 * Routes a caller may not see answer exactly as unknown ones do, so names of other tenants'
 * private routes cannot be probed. Direct `<provider>/<model>` names (when
 * `server.direct_model_access` is on) are open only to keys of `directTenants`, by tenant
 * handle, and to everyone while no API key exists; others get the unknown-model answer too.
 */
export function authorizeRoute(
  state: GovernanceState,
  context: AuthorizedCall,
  directTenants: ReadonlySet<string>,
): void {
  const name = context.routeName;
  const caller = context.caller;
  const service = state.snapshot.servicesByName.get(name);
  if (service === undefined) {
    if (context.route.direct === true) authorizeDirect(state, caller, name, directTenants);
    return;
  }
  context.service = service;
  if (isHidden(service, caller)) throw unknownModel(name);
  if (!modelAllowed(caller, name)) throw notAllowed(name);
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

/** A direct name: the caller's tenant must be granted direct access, then its allow-lists apply. */
function authorizeDirect(
  state: GovernanceState,
  caller: Caller | undefined,
  name: string,
  directTenants: ReadonlySet<string>,
): void {
  if (caller === undefined) return;
  const tenant = state.snapshot.tenantNames.get(caller.tenantId);
  if (tenant === undefined || !directTenants.has(tenant)) throw unknownModel(name);
  if (!modelAllowed(caller, name)) throw notAllowed(name);
}

/** The same error an undeclared name gets from the route table, so the two cannot be told apart. */
function unknownModel(name: string): GatewayError {
  return new GatewayError('model_not_found', `The model '${name}' does not exist.`, { param: 'model' });
}

function notAllowed(name: string): GatewayError {
  return new GatewayError(
    'model_not_allowed',
    `This API key may not call '${name}': it is not in the model allow-list of the key or its app.`,
    { param: 'model' },
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
