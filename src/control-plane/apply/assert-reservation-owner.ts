import type { Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import type { RouteSpec } from './route-spec.js';

/**
 * Only platform admins may change a route's `reserved_output_tokens`: it sets how much a call
 * without `max_tokens` reserves, so lowering it on a tenant's own route would loosen the budgets
 * platform admins set on that tenant (docs/security.md, Money). Other route owners keep it as is.
 */
export function assertReservationOwner(
  principal: Principal,
  spec: RouteSpec,
  before: RouteSpec | undefined,
): void {
  if (principal.role === 'platform_admin') return;
  if (spec.reserved_output_tokens === before?.reserved_output_tokens) return;
  throw new AdminError(
    'forbidden',
    "Only a platform admin may set 'spec.reserved_output_tokens': it bounds how far budgets can be overspent.",
  );
}
