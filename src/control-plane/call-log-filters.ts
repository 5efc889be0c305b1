import { Type, type Static } from 'typebox';
import type { CallQuery } from '../telemetry/call-log/query-calls.js';
import type { Principal } from './admin-context.js';
import { AdminError } from './admin-error.js';
import { EntityId } from './admin-schemas.js';

/** The call-log filters the search and the export share (query-string properties). */
export const CallFilterProperties = {
  tenant_id: Type.Optional(EntityId),
  app_id: Type.Optional(EntityId),
  key_id: Type.Optional(EntityId),
  route: Type.Optional(Type.String({ maxLength: 200 })),
  provider: Type.Optional(Type.String({ maxLength: 200 })),
  model: Type.Optional(Type.String({ maxLength: 200 })),
  request_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: "Portico's id (x-request-id)." }),
  ),
  client_request_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'The id the client sent (x-client-request-id).',
    }),
  ),
  error_code: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "Portico's error code, e.g. `rate_limited`." }),
  ),
  status: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error')])),
  status_code: Type.Optional(
    Type.Integer({ minimum: 100, maximum: 599, description: 'The exact HTTP status answered.' }),
  ),
  from: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch milliseconds, inclusive.' })),
  to: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch milliseconds, exclusive.' })),
};
/** The filters as one object schema. */
export const CallFilters = Type.Object(CallFilterProperties);
export type CallFilters = Static<typeof CallFilters>;

/**
 * The tenant a query is restricted to: platform admins choose (or see all); everyone else sees
 * only their own tenant, and asking for another answers 404 like a missing one.
 */
export function scopeTenant(principal: Principal, asked: string | undefined): string | undefined {
  if (principal.role === 'platform_admin') return asked;
  if (asked !== undefined && asked !== principal.tenantId) throw new AdminError('not_found', 'Not found.');
  return principal.tenantId ?? undefined;
}

/** The call-log query for `filters` as `principal` may run it (tenant scoped). */
export function toCallQuery(
  principal: Principal,
  filters: CallFilters,
  page: { limit: number; cursor?: string | undefined },
): CallQuery {
  const tenantId = scopeTenant(principal, filters.tenant_id);
  const optional = {
    tenantId,
    appId: filters.app_id,
    keyId: filters.key_id,
    route: filters.route,
    provider: filters.provider,
    model: filters.model,
    requestId: filters.request_id,
    clientRequestId: filters.client_request_id,
    errorCode: filters.error_code,
    status: filters.status,
    statusCode: filters.status_code,
    from: filters.from,
    to: filters.to,
    cursor: page.cursor,
  };
  // CallQuery's optional fields take no explicit undefined (exactOptionalPropertyTypes).
  const defined = Object.fromEntries(Object.entries(optional).filter((entry) => entry[1] !== undefined));
  return { ...(defined as Omit<CallQuery, 'limit'>), limit: page.limit };
}
