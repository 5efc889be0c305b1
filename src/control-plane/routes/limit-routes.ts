import { Type, type Static } from 'typebox';
import type { RateLimitsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { limitRepository } from '../../storage/repositories/limit-repository.js';
import { rateLimitValues } from '../../storage/rate-limit-columns.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { EntityId, errorResponses, NoContent, Nullable } from '../admin-schemas.js';
import { assertPolicyAccess, scopeTenant } from '../apply/policy-scope.js';

const tags = ['limits'];
const LimitParams = Type.Object({
  scope: Type.Union([
    Type.Literal('key'),
    Type.Literal('app'),
    Type.Literal('tenant'),
    Type.Literal('route'),
  ]),
  scopeId: EntityId,
});
type LimitParams = Static<typeof LimitParams>;
// One JSON type list rather than a union with null: a refused 0 gets one error ("must be >= 1"),
// and no validator that coerces types could turn it into null (no limit) via the null branch.
const PositiveOrNull = (description: string) =>
  Type.Optional(
    Type.Unsafe<number | null>({
      type: ['integer', 'null'],
      minimum: 1,
      description: `${description}; null or absent: no limit.`,
    }),
  );

const LimitBody = Type.Object(
  {
    requests_per_second: PositiveOrNull('Requests per second (sliding one-second window)'),
    requests_per_minute: PositiveOrNull('Requests per minute'),
    tokens_per_minute: PositiveOrNull('Input plus output tokens per minute'),
    concurrent: PositiveOrNull('Calls in flight at once'),
    requests_per_day: PositiveOrNull(
      'Quota: requests per calendar day (UTC); a refusal is 429 quota_exceeded',
    ),
    requests_per_month: PositiveOrNull('Quota: requests per calendar month (UTC, from the 1st)'),
  },
  { additionalProperties: false },
);

export const LimitView = Type.Object({
  scope: LimitParams.properties.scope,
  scope_id: Type.String(),
  tenant_id: Nullable(Type.String()),
  requests_per_second: Nullable(Type.Integer()),
  requests_per_minute: Nullable(Type.Integer()),
  tokens_per_minute: Nullable(Type.Integer()),
  concurrent: Nullable(Type.Integer()),
  requests_per_day: Nullable(Type.Integer()),
  requests_per_month: Nullable(Type.Integer()),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
type LimitView = Static<typeof LimitView>;

const schemas = {
  set: {
    tags,
    summary:
      'Set the rate limits and request quotas of a key or app (tenant admin), a tenant or a route or REST service (platform admin)',
    params: LimitParams,
    body: LimitBody,
    response: { 200: LimitView, ...errorResponses },
  },
  get: {
    tags,
    summary: 'Get the rate limits of a key, app, tenant or route',
    params: LimitParams,
    response: { 200: LimitView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Remove the rate limits of a key, app, tenant or route',
    params: LimitParams,
    response: { 204: NoContent, ...errorResponses },
  },
};

/** Rate limits of one key, app, tenant or route. */
export const limitRoutes: AdminPlugin = (app, deps) => {
  app.put('/api/admin/limits/:scope/:scopeId', { schema: schemas.set }, (request) =>
    setLimits(deps, deps.principal(request), request.params, request.body),
  );
  app.get('/api/admin/limits/:scope/:scopeId', { schema: schemas.get }, (request) =>
    getLimits(deps, deps.principal(request), request.params),
  );
  app.delete('/api/admin/limits/:scope/:scopeId', { schema: schemas.remove }, async (request, reply) => {
    await deleteLimits(deps, deps.principal(request), request.params);
    return reply.status(204).send(null);
  });
};

function limitView(row: RateLimitsTable): LimitView {
  return {
    scope: row.scope,
    scope_id: row.scope_id,
    tenant_id: row.tenant_id,
    ...rateLimitValues(row),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

async function setLimits(
  deps: AdminRouteDeps,
  principal: Principal,
  { scope, scopeId }: LimitParams,
  body: Static<typeof LimitBody>,
): Promise<LimitView> {
  return runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const tenantId = await scopeTenant(db, scope, scopeId);
      assertPolicyAccess(principal, scope, tenantId, 'write');
      const before = await limitRepository.find(db, scope, scopeId);
      const now = Date.now();
      const after: RateLimitsTable = {
        id: before?.id ?? newEntityId('lim'),
        scope,
        scope_id: scopeId,
        tenant_id: tenantId,
        ...rateLimitValues(body),
        created_at: before?.created_at ?? now,
        updated_at: now,
      };
      if (before === undefined) await limitRepository.insert(db, after);
      else await limitRepository.update(db, after.id, after);
      return { result: limitView(after), audit: [limitAudit('limit.set', before ?? null, after)] };
    },
  });
}

async function getLimits(deps: AdminRouteDeps, principal: Principal, { scope, scopeId }: LimitParams) {
  const db = deps.store.db;
  assertPolicyAccess(principal, scope, await scopeTenant(db, scope, scopeId), 'read');
  const row = await limitRepository.find(db, scope, scopeId);
  if (row === undefined) throw new AdminError('not_found', `No limits on ${scope} ${scopeId}.`);
  return limitView(row);
}

async function deleteLimits(deps: AdminRouteDeps, principal: Principal, { scope, scopeId }: LimitParams) {
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      assertPolicyAccess(principal, scope, await scopeTenant(db, scope, scopeId), 'write');
      const before = await limitRepository.find(db, scope, scopeId);
      if (before === undefined) throw new AdminError('not_found', `No limits on ${scope} ${scopeId}.`);
      await limitRepository.remove(db, before.id);
      return { result: undefined, audit: [limitAudit('limit.delete', before, null)] };
    },
  });
}

function limitAudit(
  action: string,
  before: RateLimitsTable | null,
  after: RateLimitsTable | null,
): MutationAudit {
  const subject = (after ?? before) as RateLimitsTable;
  return {
    action,
    targetType: 'limit',
    targetId: `${subject.scope}:${subject.scope_id}`,
    tenantId: subject.tenant_id,
    before: before === null ? null : limitView(before),
    after: after === null ? null : limitView(after),
  };
}
