import type { HttpService } from '../../storage/repositories/http-service-repository.js';
import type { AdminRouteDeps, Principal } from '../admin-context.js';
import { runAdminMutation } from '../admin-mutation.js';
import { checkServiceSpec } from '../apply/check-service-spec.js';
import { serviceAudit, serviceView, type ServiceView } from '../apply/service-view.js';
import { insertHttpService, type HttpServiceFields } from '../apply/write-http-service.js';
import { assertTenantRole } from '../authorize.js';
import { auditActor } from '../write-audit.js';
import {
  assertBodyLoggingAllowed,
  assertNameClaimable,
  assertNameFree,
  assertTenantExists,
} from './route-rules.js';
import type { CreateServiceBody } from './service-schemas.js';

/** What creating a service needs besides its name and spec: shared with the OpenAPI import. */
export type NewServiceFields = Pick<
  CreateServiceBody,
  'tenant_id' | 'visibility' | 'lifecycle' | 'requires_approval' | 'log_bodies' | 'description'
>;

/** Authorizes, checks and inserts a new service (release 1); the create and import handlers end here. */
export async function storeNewService(
  deps: AdminRouteDeps,
  principal: Principal,
  input: NewServiceFields & Pick<CreateServiceBody, 'name' | 'spec'> & { openapi: HttpService['openapi'] },
  action = 'service.create',
): Promise<ServiceView> {
  const tenantId = input.tenant_id === undefined ? principal.tenantId : input.tenant_id;
  assertTenantRole(principal, tenantId, 'tenant_admin');
  const fields: HttpServiceFields = {
    tenant_id: tenantId,
    visibility: input.visibility ?? 'private',
    lifecycle: input.lifecycle ?? 'draft',
    requires_approval: input.requires_approval === true ? 1 : 0,
    log_bodies: input.log_bodies === true ? 1 : 0,
    description: input.description ?? '',
  };
  assertBodyLoggingAllowed(principal, fields);
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      await assertTenantExists(db, tenantId);
      await assertNameClaimable(db, principal, input.name);
      await assertNameFree(db, input.name);
      await checkServiceSpec(db, undefined, input.spec, 'spec');
      const row = await insertHttpService(db, deps.secrets, {
        name: input.name,
        fields,
        spec: input.spec,
        openapi: input.openapi,
        actor: auditActor(principal),
        now: Date.now(),
        note: action === 'service.create' ? 'create' : 'import',
      });
      return { result: serviceView(row), audit: [serviceAudit(action, null, row)] };
    },
  });
}
