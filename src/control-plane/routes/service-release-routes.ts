import type { HttpService } from '../../storage/repositories/http-service-repository.js';
import {
  serviceReleaseRepository,
  type ServiceRelease,
} from '../../storage/repositories/service-release-repository.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation } from '../admin-mutation.js';
import { canonicalJson } from '../apply/canonical-json.js';
import { checkServiceSpec } from '../apply/check-service-spec.js';
import {
  loadVisibleService,
  serviceAudit,
  serviceView,
  specView,
  type ServiceView,
} from '../apply/service-view.js';
import { updateHttpService } from '../apply/write-http-service.js';
import { defaultPageSize, maxPageSize } from '../paginate.js';
import { auditActor } from '../write-audit.js';
import { assertManages } from './route-rules.js';
import {
  serviceSchemas,
  type ReleaseListQuery,
  type ReleaseView,
  type RollbackBody,
} from './service-schemas.js';

/** Releases of a service (immutable, numbered) and rollback to one of them. */
export function serviceReleaseRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  app.get('/api/admin/services/:id/releases', { schema: serviceSchemas.releases }, (request) =>
    listReleases(deps, deps.principal(request), request.params.id, request.query),
  );
  app.get('/api/admin/services/:id/releases/:number', { schema: serviceSchemas.release }, (request) =>
    getRelease(deps, deps.principal(request), request.params.id, request.params.number),
  );
  app.post('/api/admin/services/:id/rollback', { schema: serviceSchemas.rollback }, (request) =>
    rollback(deps, deps.principal(request), request.params.id, request.body),
  );
}

function releaseView(release: ServiceRelease, service: HttpService): ReleaseView {
  return {
    number: release.number,
    spec: specView(release.spec, service.credential_sealed !== null),
    note: release.note,
    created_by: release.created_by,
    created_at: release.created_at,
    live: release.number === service.release,
  };
}

async function listReleases(deps: AdminRouteDeps, principal: Principal, id: string, query: ReleaseListQuery) {
  const service = await loadVisibleService(deps.store.db, principal, id);
  const size = Math.min(query.limit ?? defaultPageSize, maxPageSize);
  const before = query.cursor === undefined ? undefined : Number(query.cursor);
  const rows = await serviceReleaseRepository.list(deps.store.db, service.id, { before, limit: size + 1 });
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return {
    items: items.map((row) => releaseView(row, service)),
    next_cursor: rows.length > size && last !== undefined ? String(last.number) : null,
  };
}

async function getRelease(deps: AdminRouteDeps, principal: Principal, id: string, number: number) {
  const service = await loadVisibleService(deps.store.db, principal, id);
  const release = await serviceReleaseRepository.find(deps.store.db, service.id, number);
  if (release === undefined)
    throw new AdminError('not_found', `Service ${service.name} has no release ${number}.`);
  return releaseView(release, service);
}

/**
 * Makes release N's spec live again as a new release (never rewrites history). The credential
 * value is not part of releases: the current one stays, or is dropped when release N has none.
 */
async function rollback(
  deps: AdminRouteDeps,
  principal: Principal,
  id: string,
  body: RollbackBody,
): Promise<ServiceView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const before = await loadVisibleService(db, principal, id);
      assertManages(principal, before);
      const release = await serviceReleaseRepository.find(db, before.id, body.release);
      if (release === undefined) {
        throw new AdminError(
          'invalid_request',
          `Invalid 'release': service ${before.name} has no release ${body.release}.`,
        );
      }
      if (canonicalJson(release.spec) === canonicalJson(before.spec)) {
        throw new AdminError(
          'conflict',
          `The live spec of ${before.name} is release ${release.number}'s already.`,
        );
      }
      // Other services may have taken the base path since: the old spec is checked as a new one.
      await checkServiceSpec(db, before.id, release.spec, 'release');
      const note = `rollback to ${release.number}${body.note === undefined ? '' : `: ${body.note}`}`;
      const { tenant_id, visibility, lifecycle, requires_approval, log_bodies, description } = before;
      const after = await updateHttpService(db, deps.secrets, before, {
        fields: { tenant_id, visibility, lifecycle, requires_approval, log_bodies, description },
        spec: release.spec,
        actor: auditActor(principal),
        now: Date.now(),
        note,
      });
      return { result: serviceView(after), audit: [serviceAudit('service.rollback', before, after)] };
    },
  });
}
