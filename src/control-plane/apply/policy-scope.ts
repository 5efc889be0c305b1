import type { PolicyScope } from '../../storage/database-schema.js';
import type { Store } from '../../storage/open-store.js';
import type { Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { assertPlatformAdmin, assertTenantRole } from '../authorize.js';

/** The tenant a key, app, tenant or route belongs to (null: a platform route); 404 when it does not exist. */
export async function scopeTenant(
  db: Store['db'],
  scope: PolicyScope,
  scopeId: string,
): Promise<string | null> {
  const row =
    scope === 'key'
      ? await db.selectFrom('api_keys').select('tenant_id').where('id', '=', scopeId).executeTakeFirst()
      : scope === 'app'
        ? await db.selectFrom('apps').select('tenant_id').where('id', '=', scopeId).executeTakeFirst()
        : scope === 'tenant'
          ? await db
              .selectFrom('tenants')
              .select('id as tenant_id')
              .where('id', '=', scopeId)
              .executeTakeFirst()
          : await db.selectFrom('routes').select('tenant_id').where('id', '=', scopeId).executeTakeFirst();
  if (row === undefined) throw new AdminError('not_found', `No ${scope} ${scopeId}.`);
  return row.tenant_id;
}

/**
 * Limits and budgets: members of the tenant read them; tenant admins set them on their own keys
 * and apps; tenant- and route-wide ones are set by platform admins only.
 */
export function assertPolicyAccess(
  principal: Principal,
  scope: PolicyScope,
  tenantId: string | null,
  mode: 'read' | 'write',
): void {
  if (mode === 'read') return assertTenantRole(principal, tenantId, 'viewer');
  // Another tenant's tenant or route stays hidden (404) before the role check says 403.
  if (principal.role !== 'platform_admin' && tenantId !== null)
    assertTenantRole(principal, tenantId, 'viewer');
  if (scope === 'tenant' || scope === 'route') return assertPlatformAdmin(principal);
  assertTenantRole(principal, tenantId, 'tenant_admin');
}
