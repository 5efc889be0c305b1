import { GatewayError } from '../../core/gateway-error.js';
import { isHidden } from '../../governance/authorize-route.js';
import { subscriptionKey } from '../../governance/governance-snapshot.js';
import type { GovernanceState } from '../../governance/governance-state.js';
import type { Authenticated, Authorized } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import type { RestReceived } from '../rest-exchange.js';

/**
 * The authorize phase of a REST call: the service's governance facts (its ServiceGrant, the row
 * it shares with model routes) decide. Drafts, retired services and services the caller may not
 * see answer 404 exactly as unknown paths do, so they cannot be probed; a private service is
 * hidden from anonymous callers too. A deprecated one is served with `Deprecation: true` and a
 * warning. Approval-gated services need the app's approved subscription, so anonymous calls
 * cannot reach them once keys exist. Model allow-lists do not apply: a service is not a model.
 */
export function createAuthorizeService(
  state: GovernanceState,
): Stage<RestReceived & Authenticated, Authorized> {
  return (context) => {
    const name = context.rest.route.service.entry.name;
    const grant = state.snapshot.servicesByName.get(name);
    const caller = context.caller;
    if (
      grant === undefined ||
      grant.lifecycle === 'draft' ||
      isHidden(grant, caller) ||
      (grant.visibility === 'private' &&
        grant.tenantId !== null &&
        caller === undefined &&
        state.keysRequired)
    ) {
      throw new GatewayError('not_found', `No endpoint at ${context.method} ${context.path}.`);
    }
    context.service = grant;
    if (grant.lifecycle === 'deprecated') {
      context.responseHeaders['deprecation'] = 'true';
      context.warnings.push(`service ${name} is deprecated`);
    }
    if (!grant.requiresApproval) return;
    if (caller === undefined) {
      if (!state.keysRequired) return;
      throw new GatewayError(
        'invalid_api_key',
        `The service '${name}' needs an API key with an approved subscription.`,
      );
    }
    const status = state.snapshot.subscriptions.get(subscriptionKey(caller.appId, grant.id));
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
  };
}
