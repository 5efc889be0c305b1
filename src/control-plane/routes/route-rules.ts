import type { Db } from '../../storage/repositories/db.js';
import type { Service } from '../../storage/repositories/service-repository.js';
import { serviceRepository } from '../../storage/repositories/service-repository.js';
import { tenantRepository } from '../../storage/repositories/tenant-repository.js';
import type { Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { assertRouteNameFreeOfProviders } from '../apply/check-route-name.js';
import { assertTenantRole } from '../authorize.js';

/** Platform admins manage every route; a tenant admin manages the routes their tenant owns. */
export function assertManages(principal: Principal, route: Pick<Service, 'tenant_id'>): void {
  if (principal.role !== 'platform_admin' && route.tenant_id !== principal.tenantId) {
    throw new AdminError('forbidden', 'Only the owning tenant or a platform admin may change this route.');
  }
  assertTenantRole(principal, route.tenant_id, 'tenant_admin');
}

/**
 * Whether this principal may claim `name`: never a provider's direct names; a tenant admin only
 * names under its own tenant's handle (`team-a/...`), so no tenant takes a name another
 * tenant's clients call. Platform admins claim any other name.
 */
export async function assertNameClaimable(db: Db, principal: Principal, name: string): Promise<void> {
  await assertRouteNameFreeOfProviders(db, name, 'name');
  if (principal.role === 'platform_admin') return;
  const tenant = await tenantRepository.find(db, principal.tenantId ?? '');
  const prefix = `${tenant?.name ?? ''}/`;
  if (tenant === undefined || !name.startsWith(prefix) || name.length === prefix.length) {
    throw new AdminError(
      'forbidden',
      `Invalid 'name': a tenant admin names routes under '${prefix}' (e.g. '${prefix}my-model'); other names are claimed by platform admins.`,
    );
  }
}

/**
 * A shared route is called by other tenants: recording their request and response bodies is a
 * platform admin's decision, so a tenant admin may not turn on body logging on a shared route.
 */
export function assertBodyLoggingAllowed(
  principal: Principal,
  route: Pick<Service, 'visibility' | 'log_bodies'>,
): void {
  if (principal.role === 'platform_admin' || route.visibility !== 'shared' || route.log_bodies !== 1) return;
  throw new AdminError(
    'forbidden',
    "Only a platform admin may log bodies of a shared route: other tenants' calls would be recorded.",
  );
}

export async function assertTenantExists(db: Db, tenantId: string | null): Promise<void> {
  if (tenantId === null) return;
  if ((await tenantRepository.find(db, tenantId)) === undefined)
    throw new AdminError('invalid_request', `Invalid 'tenant_id': no tenant ${tenantId}.`);
}

export async function assertNameFree(db: Db, name: string): Promise<void> {
  // Names span model routes and HTTP services: subscriptions and the call log name either.
  if (await serviceRepository.anyServiceNamed(db, name))
    throw new AdminError('conflict', `A route or service named ${name} already exists.`);
}

/** A route may be deleted while no client can call it: a draft, or a retired route. */
export function assertDeletable(route: Pick<Service, 'name' | 'lifecycle'>): void {
  if (route.lifecycle === 'draft' || route.lifecycle === 'retired') return;
  throw new AdminError('conflict', `Route ${route.name} is ${route.lifecycle}; retire it first.`);
}
