import { Type, type Static } from 'typebox';
import type { HttpServiceSpec } from '../../config/http-service-schema.js';
import type { JsonObject } from '../../core/chat.js';
import type { Db } from '../../storage/repositories/db.js';
import {
  httpServiceRepository,
  type HttpService,
} from '../../storage/repositories/http-service-repository.js';
import type { Principal } from '../admin-context.js';
import type { MutationAudit } from '../admin-mutation.js';
import { AdminError } from '../admin-error.js';
import { Nullable } from '../admin-schemas.js';
import { LifecycleSchema, routeVisibleToTenant, VisibilitySchema } from './route-view.js';

/**
 * A service's spec as answered: `upstream_credential.value` is never shown, only
 * `value_set: true|false` (write-only, like provider secrets).
 */
export const ServiceSpecView = Type.Unsafe<JsonObject>(
  Type.Object(
    {},
    { additionalProperties: true, description: 'The spec; the credential value is never shown.' },
  ),
);

/** An HTTP service as answered. */
export const ServiceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Literal('http'),
  spec: ServiceSpecView,
  tenant_id: Nullable(Type.String()),
  visibility: VisibilitySchema,
  lifecycle: LifecycleSchema,
  requires_approval: Type.Boolean(),
  log_bodies: Type.Boolean(),
  description: Type.String(),
  release: Type.Integer({ description: 'The live release number.' }),
  has_openapi: Type.Boolean({ description: 'Whether GET /:id/openapi serves a document.' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type ServiceView = Static<typeof ServiceView>;

/** The spec without the credential value; `value_set` says whether one is stored. */
export function specView(spec: HttpServiceSpec, credentialSet: boolean): JsonObject {
  const { upstream_credential: credential, ...rest } = spec;
  const view = JSON.parse(JSON.stringify(rest)) as JsonObject;
  if (credential === undefined) return view;
  return { ...view, upstream_credential: { header: credential.header, value_set: credentialSet } };
}

export function serviceView(row: HttpService): ServiceView {
  return {
    id: row.id,
    name: row.name,
    kind: 'http',
    spec: specView(row.spec, row.credential_sealed !== null),
    tenant_id: row.tenant_id,
    visibility: row.visibility,
    lifecycle: row.lifecycle,
    requires_approval: row.requires_approval === 1,
    log_bodies: row.log_bodies === 1,
    description: row.description,
    release: row.release,
    has_openapi: row.openapi !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * Loads an HTTP service the caller may see, as model routes are seen: platform admins all, a
 * tenant its own and shared published or deprecated ones. Others answer 404 as missing ones do.
 */
export async function loadVisibleService(db: Db, principal: Principal, id: string): Promise<HttpService> {
  const row = await httpServiceRepository.find(db, id);
  const visible =
    row !== undefined &&
    (principal.role === 'platform_admin' ||
      (principal.tenantId !== null && routeVisibleToTenant(row, principal.tenantId)));
  if (!visible) throw new AdminError('not_found', `No service ${id}.`);
  return row;
}

/** An audit row of a service change: the view (credential value never in it). */
export function serviceAudit(
  action: string,
  before: HttpService | null,
  after: HttpService | null,
): MutationAudit {
  const subject = after ?? before;
  return {
    action,
    targetType: 'service',
    targetId: subject?.id ?? '',
    tenantId: subject?.tenant_id ?? null,
    before: before === null ? null : serviceView(before),
    after: after === null ? null : serviceView(after),
  };
}
