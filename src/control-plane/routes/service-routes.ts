import { limitRepository } from '../../storage/repositories/limit-repository.js';
import {
  httpServiceRepository,
  type HttpService,
} from '../../storage/repositories/http-service-repository.js';
import type { Db } from '../../storage/repositories/db.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation } from '../admin-mutation.js';
import { checkServiceSpec } from '../apply/check-service-spec.js';
import { assertLifecycleTransition } from '../apply/lifecycle-transitions.js';
import { listedStates } from '../apply/route-view.js';
import { loadVisibleService, serviceAudit, serviceView, type ServiceView } from '../apply/service-view.js';
import { updateHttpService, type HttpServiceFields } from '../apply/write-http-service.js';
import { pageFetchSize, toPage } from '../paginate.js';
import { auditActor } from '../write-audit.js';
import {
  assertBodyLoggingAllowed,
  assertDeletable,
  assertManages,
  assertNameClaimable,
  assertNameFree,
  assertTenantExists,
} from './route-rules.js';
import { serviceImportRoutes } from './service-import-routes.js';
import { serviceReleaseRoutes } from './service-release-routes.js';
import { storeNewService } from './store-new-service.js';
import {
  serviceSchemas,
  type CreateServiceBody,
  type PatchServiceBody,
  type ServiceListQuery,
} from './service-schemas.js';

/**
 * HTTP (REST) services: `/api/admin/services`, with the same owners, roles and catalogue states
 * as model routes (/api/admin/routes), plus releases, rollback and OpenAPI import. See
 * docs/rest-services.md, "Defining a service".
 */
export const serviceRoutes: AdminPlugin = (app, deps) => {
  app.post('/api/admin/services', { schema: serviceSchemas.create }, async (request, reply) => {
    return reply.status(201).send(await createService(deps, deps.principal(request), request.body));
  });
  app.get('/api/admin/services', { schema: serviceSchemas.list }, (request) =>
    listServices(deps, deps.principal(request), request.query),
  );
  app.get('/api/admin/services/:id', { schema: serviceSchemas.get }, async (request) =>
    serviceView(await loadVisibleService(deps.store.db, deps.principal(request), request.params.id)),
  );
  app.patch('/api/admin/services/:id', { schema: serviceSchemas.update }, (request) =>
    updateService(deps, deps.principal(request), request.params.id, request.body),
  );
  app.delete('/api/admin/services/:id', { schema: serviceSchemas.remove }, async (request, reply) => {
    await deleteService(deps, deps.principal(request), request.params.id);
    return reply.status(204).send(null);
  });
  serviceReleaseRoutes(app, deps);
  serviceImportRoutes(app, deps);
};

async function createService(
  deps: AdminRouteDeps,
  principal: Principal,
  body: CreateServiceBody,
): Promise<ServiceView> {
  return storeNewService(deps, principal, { ...body, openapi: body.openapi ?? null });
}

async function listServices(deps: AdminRouteDeps, principal: Principal, query: ServiceListQuery) {
  const visibleTo =
    principal.role === 'platform_admin' ? undefined : { tenantId: principal.tenantId ?? '', listedStates };
  const rows = await httpServiceRepository.list(
    deps.store.db,
    {
      visibleTo,
      tenantId: query.tenant_id,
      lifecycle: query.lifecycle,
      visibility: query.visibility,
      q: query.q,
    },
    { after: query.cursor, limit: pageFetchSize(query) },
  );
  return toPage(rows, query, (row) => row.id, serviceView);
}

async function updateService(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: PatchServiceBody,
): Promise<ServiceView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadVisibleService(db, principal, id);
      assertManages(principal, before);
      await checkServicePatch(db, principal, before, body);
      const fields = patchedFields(before, body);
      if (body.log_bodies === true || body.visibility === 'shared')
        assertBodyLoggingAllowed(principal, fields);
      const after = await updateHttpService(db, deps.secrets, before, {
        ...(body.name === undefined ? {} : { name: body.name }),
        fields,
        spec: body.spec,
        ...(body.openapi === undefined ? {} : { openapi: body.openapi }),
        actor: auditActor(principal),
        now: Date.now(),
        note: body.note ?? 'update',
      });
      return { result: serviceView(after), audit: [serviceAudit('service.update', before, after)] };
    },
  });
}

/** Refuses a patch the caller may not make: a new owner, lifecycle step, name or spec. */
async function checkServicePatch(
  db: Db,
  principal: Principal,
  before: HttpService,
  body: PatchServiceBody,
): Promise<void> {
  if (body.tenant_id !== undefined && body.tenant_id !== before.tenant_id) {
    if (principal.role !== 'platform_admin') {
      throw new AdminError('forbidden', 'Only a platform admin may move a service to another owner.');
    }
    await assertTenantExists(db, body.tenant_id);
  }
  if (body.lifecycle !== undefined) assertLifecycleTransition(before.lifecycle, body.lifecycle);
  if (body.name !== undefined && body.name !== before.name) {
    await assertNameClaimable(db, principal, body.name);
    await assertNameFree(db, body.name);
  }
  if (body.spec !== undefined) await checkServiceSpec(db, before.id, body.spec, 'spec');
}

/** The governance fields with the patch applied; fields left out keep their values. */
function patchedFields(before: HttpService, body: PatchServiceBody): HttpServiceFields {
  const flag = (value: boolean | undefined, was: number) => (value === undefined ? was : value ? 1 : 0);
  return {
    tenant_id: body.tenant_id === undefined ? before.tenant_id : body.tenant_id,
    visibility: body.visibility ?? before.visibility,
    lifecycle: body.lifecycle ?? before.lifecycle,
    requires_approval: flag(body.requires_approval, before.requires_approval),
    log_bodies: flag(body.log_bodies, before.log_bodies),
    description: body.description ?? before.description,
  };
}

async function deleteService(deps: AdminRouteDeps, principal: Principal, id: string): Promise<void> {
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadVisibleService(db, principal, id);
      assertManages(principal, before);
      assertDeletable(before);
      await limitRepository.removeOf(db, 'route', before.id);
      await httpServiceRepository.remove(db, before.id);
      return { result: undefined, audit: [serviceAudit('service.delete', before, null)] };
    },
  });
}
