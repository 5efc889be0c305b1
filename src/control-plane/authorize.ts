import type { Role } from '../storage/database-schema.js';
import type { Principal } from './admin-context.js';
import { AdminError } from './admin-error.js';

/** Tenant roles from least to most able; platform admins stand above all of them. */
const rank: Record<Exclude<Role, 'platform_admin'>, number> = { viewer: 0, developer: 1, tenant_admin: 2 };

export function assertPlatformAdmin(principal: Principal): void {
  if (principal.role !== 'platform_admin') {
    throw new AdminError('forbidden', 'Only a platform admin may do this.');
  }
}

/**
 * Lets the call through when the caller may act on `tenantId` with at least `least`.
 * Another tenant's objects answer 404, exactly as missing ones do, so ids of other tenants
 * cannot be probed. `tenantId` null marks a platform-owned object: only platform admins change it.
 */
export function assertTenantRole(
  principal: Principal,
  tenantId: string | null,
  least: Exclude<Role, 'platform_admin'>,
): void {
  if (principal.role === 'platform_admin') return;
  if (tenantId === null) {
    if (least === 'viewer') return;
    throw new AdminError('forbidden', 'Only a platform admin may change platform-owned objects.');
  }
  if (principal.tenantId !== tenantId) throw new AdminError('not_found', 'Not found.');
  if (rank[principal.role] < rank[least]) {
    throw new AdminError('forbidden', `This needs the ${least} role or above.`);
  }
}
