import { authorizeRoute } from '../../governance/authorize-route.js';
import type { GovernanceState } from '../../governance/governance-state.js';
import type { Authenticated, Authorized, Decoded, Received, Resolved } from '../context/phases.js';
import { applyRouteCors } from '../respond/route-cors.js';
import type { Stage } from '../stage.js';

/** What authorize needs: who calls, and the route the name resolved to. */
export type AuthorizeInput = Received & Authenticated & Decoded & Resolved;

/**
 * The authorize phase: may this caller use the route it named (`authorizeRoute`, in governance)? Map reads
 * only. A route with its own CORS origins then sets its answer's CORS headers: after
 * authorizing, so a route the caller may not see answers as an unknown name does.
 * `directTenants` are the tenant handles granted direct names.
 */
export function createAuthorizeRoute(
  governance: GovernanceState,
  directTenants: readonly string[] = [],
): Stage<AuthorizeInput, Authorized> {
  const granted = new Set(directTenants);
  return (context) => {
    authorizeRoute(governance, context, granted);
    const cors = context.route.policy.cors;
    if (cors !== undefined) applyRouteCors(context, cors);
  };
}
