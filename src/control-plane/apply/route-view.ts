import { Type, type Static } from 'typebox';
import { routeSpecSchema } from '../../config/route-spec-schema.js';
import type { Lifecycle, RoutesTable } from '../../storage/database-schema.js';
import type { Db } from '../../storage/repositories/db.js';
import { serviceRepository, type Service } from '../../storage/repositories/service-repository.js';
import type { Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { Nullable } from '../admin-schemas.js';

export const LifecycleSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('deprecated'),
  Type.Literal('retired'),
]);
export const VisibilitySchema = Type.Union([Type.Literal('private'), Type.Literal('shared')]);

/** A route (service) as answered. */
export const RouteView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  spec: routeSpecSchema,
  tenant_id: Nullable(Type.String()),
  visibility: VisibilitySchema,
  lifecycle: LifecycleSchema,
  requires_approval: Type.Boolean(),
  log_bodies: Type.Boolean(),
  description: Type.String(),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type RouteView = Static<typeof RouteView>;

export function routeView(row: Service): RouteView {
  return {
    id: row.id,
    name: row.name,
    spec: row.spec,
    tenant_id: row.tenant_id,
    visibility: row.visibility,
    lifecycle: row.lifecycle,
    requires_approval: row.requires_approval === 1,
    log_bodies: row.log_bodies === 1,
    description: row.description,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export const listedStates: Lifecycle[] = ['published', 'deprecated'];

/** Whether a tenant sees a route: its own, or a shared one that is published or deprecated. */
export function routeVisibleToTenant(
  route: Pick<RoutesTable, 'tenant_id' | 'visibility' | 'lifecycle'>,
  tenantId: string,
): boolean {
  return (
    route.tenant_id === tenantId || (route.visibility === 'shared' && listedStates.includes(route.lifecycle))
  );
}

/** Loads a route the caller may see; others answer 404 as missing ones do. */
export async function loadVisibleRoute(db: Db, principal: Principal, id: string): Promise<Service> {
  const row = await serviceRepository.find(db, id);
  const visible =
    row !== undefined &&
    (principal.role === 'platform_admin' ||
      (principal.tenantId !== null && routeVisibleToTenant(row, principal.tenantId)));
  if (!visible) throw new AdminError('not_found', `No route ${id}.`);
  return row;
}
