import type { Db } from '../../storage/repositories/db.js';
import { limitRepository } from '../../storage/repositories/limit-repository.js';
import { serviceRepository, type Service } from '../../storage/repositories/service-repository.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { assertReservationOwner } from '../apply/assert-reservation-owner.js';
import { checkRouteSpec } from '../apply/check-resources.js';
import { assertLifecycleTransition } from '../apply/lifecycle-transitions.js';
import { listedStates, loadVisibleRoute, routeView, type RouteView } from '../apply/route-view.js';
import { assertTenantRole } from '../authorize.js';
import { pageFetchSize, toPage } from '../paginate.js';
import {
  assertBodyLoggingAllowed,
  assertDeletable,
  assertManages,
  assertNameClaimable,
  assertNameFree,
  assertTenantExists,
} from './route-rules.js';
import {
  routeSchemas,
  type CreateRouteBody,
  type PatchRouteBody,
  type RouteListQuery,
} from './route-schemas.js';

/** Routes (services): the model names clients send, their targets and their catalogue state. */
export const routeRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/routes', { schema: routeSchemas.create }, async (request, reply) => {
    return reply.status(201).send(await createRoute(deps, deps.principal(request), request.body));
  });
  app.get('/api/admin/routes', { schema: routeSchemas.list }, (request) =>
    listRoutes(deps, deps.principal(request), request.query),
  );
  app.get('/api/admin/routes/:id', { schema: routeSchemas.get }, async (request) =>
    routeView(await loadVisibleRoute(deps.store.db, deps.principal(request), request.params.id)),
  );
  app.patch('/api/admin/routes/:id', { schema: routeSchemas.update }, (request) =>
    updateRoute(deps, deps.principal(request), request.params.id, request.body),
  );
  app.delete('/api/admin/routes/:id', { schema: routeSchemas.remove }, async (request, reply) => {
    await deleteRoute(deps, deps.principal(request), request.params.id);
    return reply.status(204).send(null);
  });
};

async function createRoute(
  deps: AdminRouteDeps,
  principal: Principal,
  body: CreateRouteBody,
): Promise<RouteView> {
  const tenantId = body.tenant_id === undefined ? principal.tenantId : body.tenant_id;
  assertTenantRole(principal, tenantId, 'tenant_admin');
  assertReservationOwner(principal, body.spec, undefined);
  const now = Date.now();
  const row: Service = {
    id: newEntityId('rte'),
    name: body.name,
    spec: body.spec,
    tenant_id: tenantId,
    visibility: body.visibility ?? 'private',
    lifecycle: body.lifecycle ?? 'draft',
    requires_approval: body.requires_approval === true ? 1 : 0,
    log_bodies: body.log_bodies === true ? 1 : 0,
    description: body.description ?? '',
    created_at: now,
    updated_at: now,
  };
  assertBodyLoggingAllowed(principal, row);
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      await assertTenantExists(db, tenantId);
      await checkRouteSpec(db, body.name, body.spec, 'spec');
      await assertNameClaimable(db, principal, body.name);
      await assertNameFree(db, body.name);
      await serviceRepository.insert(db, row);
      return { result: routeView(row), audit: [routeAudit('route.create', null, row)] };
    },
  });
}

async function listRoutes(deps: AdminRouteDeps, principal: Principal, query: RouteListQuery) {
  const visibleTo =
    principal.role === 'platform_admin' ? undefined : { tenantId: principal.tenantId ?? '', listedStates };
  const rows = await serviceRepository.list(
    deps.store.db,
    { visibleTo, lifecycle: query.lifecycle, q: query.q },
    { after: query.cursor, limit: pageFetchSize(query) },
  );
  return toPage(rows, query, (row) => row.id, routeView);
}

async function updateRoute(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: PatchRouteBody,
): Promise<RouteView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadVisibleRoute(db, principal, id);
      assertManages(principal, before);
      await checkRoutePatch(db, principal, before, body);
      const after = patchedRoute(before, body);
      if (body.log_bodies === true || body.visibility === 'shared')
        assertBodyLoggingAllowed(principal, after);
      await serviceRepository.update(db, before.id, serviceChanges(after));
      return { result: routeView(after), audit: [routeAudit('route.update', before, after)] };
    },
  });
}

/** Refuses a patch the caller may not make: a new owner, lifecycle step, name or spec. */
async function checkRoutePatch(
  db: Db,
  principal: Principal,
  before: Service,
  body: PatchRouteBody,
): Promise<void> {
  if (body.tenant_id !== undefined && body.tenant_id !== before.tenant_id) {
    if (principal.role !== 'platform_admin') {
      throw new AdminError('forbidden', 'Only a platform admin may move a route to another owner.');
    }
    await assertTenantExists(db, body.tenant_id);
  }
  if (body.lifecycle !== undefined) assertLifecycleTransition(before.lifecycle, body.lifecycle);
  const name = body.name ?? before.name;
  if (name !== before.name) {
    await assertNameClaimable(db, principal, name);
    await assertNameFree(db, name);
  }
  if (body.spec !== undefined) assertReservationOwner(principal, body.spec, before.spec);
  if (body.spec !== undefined || name !== before.name) {
    await checkRouteSpec(db, name, body.spec ?? before.spec, 'spec');
  }
}

/** The route with the patch's fields applied; fields left out keep their values. */
function patchedRoute(before: Service, body: PatchRouteBody): Service {
  const flag = (value: boolean | undefined, was: number) => (value === undefined ? was : value ? 1 : 0);
  return {
    ...before,
    name: body.name ?? before.name,
    spec: body.spec ?? before.spec,
    tenant_id: body.tenant_id === undefined ? before.tenant_id : body.tenant_id,
    visibility: body.visibility ?? before.visibility,
    lifecycle: body.lifecycle ?? before.lifecycle,
    requires_approval: flag(body.requires_approval, before.requires_approval),
    log_bodies: flag(body.log_bodies, before.log_bodies),
    description: body.description ?? before.description,
    updated_at: Date.now(),
  };
}

/** The columns a patch writes: all but the id and creation time. */
function serviceChanges(route: Service): Parameters<typeof serviceRepository.update>[2] {
  const { name, spec, tenant_id, visibility, lifecycle, requires_approval, log_bodies, description } = route;
  const changes = {
    name,
    spec,
    tenant_id,
    visibility,
    lifecycle,
    requires_approval,
    log_bodies,
    description,
  };
  return { ...changes, updated_at: route.updated_at };
}

async function deleteRoute(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadVisibleRoute(db, principal, id);
      assertManages(principal, before);
      assertDeletable(before);
      await limitRepository.removeOf(db, 'route', before.id);
      await serviceRepository.remove(db, before.id);
      return { result: undefined, audit: [routeAudit('route.delete', before, null)] };
    },
  });
}

function routeAudit(action: string, before: Service | null, after: Service | null): MutationAudit {
  const subject = after ?? before;
  return {
    action,
    targetType: 'route',
    targetId: subject?.id ?? '',
    tenantId: subject?.tenant_id ?? null,
    before: before === null ? null : routeView(before),
    after: after === null ? null : routeView(after),
  };
}
