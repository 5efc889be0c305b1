import { Type, type Static } from 'typebox';
import type { RateLimitsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
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
// One JSON type list rather than a union with null: a refused 0 gets one error ("must be >= 1"),
// and no validator that coerces types could turn it into null (no limit) via the null branch.
const PerMinute = (description: string) =>
  Type.Optional(
    Type.Unsafe<number | null>({
      type: ['integer', 'null'],
      minimum: 1,
      description: `${description}; null or absent: no limit.`,
    }),
  );

const LimitBody = Type.Object(
  {
    requests_per_minute: PerMinute('Requests per minute'),
    tokens_per_minute: PerMinute('Input plus output tokens per minute'),
    concurrent: PerMinute('Calls in flight at once'),
  },
  { additionalProperties: false },
);

export const LimitView = Type.Object({
  scope: LimitParams.properties.scope,
  scope_id: Type.String(),
  tenant_id: Nullable(Type.String()),
  requests_per_minute: Nullable(Type.Integer()),
  tokens_per_minute: Nullable(Type.Integer()),
  concurrent: Nullable(Type.Integer()),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
type LimitView = Static<typeof LimitView>;

function limitView(row: RateLimitsTable): LimitView {
  return {
    scope: row.scope,
    scope_id: row.scope_id,
    tenant_id: row.tenant_id,
    requests_per_minute: row.requests_per_minute,
    tokens_per_minute: row.tokens_per_minute,
    concurrent: row.concurrent,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Rate limits of one key, app, tenant or route. */
export function registerLimitRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;
  const audit = (
    principal: Principal,
    action: string,
    before: RateLimitsTable | null,
    after: RateLimitsTable | null,
  ) => {
    const subject = (after ?? before) as RateLimitsTable;
    return {
      actor: principal,
      action,
      targetType: 'limit',
      targetId: `${subject.scope}:${subject.scope_id}`,
      tenantId: subject.tenant_id,
      before: before === null ? null : limitView(before),
      after: after === null ? null : limitView(after),
    };
  };

  app.put(
    '/api/admin/limits/:scope/:scopeId',
    {
      schema: {
        tags,
        summary: 'Set the rate limits of a key or app (tenant admin), a tenant or a route (platform admin)',
        params: LimitParams,
        body: LimitBody,
        response: { 200: LimitView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const { scope, scopeId } = request.params;
      const saved = await store.db.transaction().execute(async (trx) => {
        const tenantId = await scopeTenant(trx, scope, scopeId);
        assertPolicyAccess(principal, scope, tenantId, 'write');
        const before = await trx
          .selectFrom('rate_limits')
          .selectAll()
          .where('scope', '=', scope)
          .where('scope_id', '=', scopeId)
          .executeTakeFirst();
        const now = Date.now();
        const after: RateLimitsTable = {
          id: before?.id ?? newEntityId('lim'),
          scope,
          scope_id: scopeId,
          tenant_id: tenantId,
          requests_per_minute: request.body.requests_per_minute ?? null,
          tokens_per_minute: request.body.tokens_per_minute ?? null,
          concurrent: request.body.concurrent ?? null,
          created_at: before?.created_at ?? now,
          updated_at: now,
        };
        if (before === undefined) await trx.insertInto('rate_limits').values(after).execute();
        else await trx.updateTable('rate_limits').set(after).where('id', '=', after.id).execute();
        await deps.audit(trx, audit(principal, 'limit.set', before ?? null, after));
        return after;
      });
      deps.changed();
      return limitView(saved);
    },
  );

  app.get(
    '/api/admin/limits/:scope/:scopeId',
    {
      schema: {
        tags,
        summary: 'Get the rate limits of a key, app, tenant or route',
        params: LimitParams,
        response: { 200: LimitView, ...errorResponses },
      },
    },
    async (request) => {
      const { scope, scopeId } = request.params;
      assertPolicyAccess(deps.principal(request), scope, await scopeTenant(store.db, scope, scopeId), 'read');
      const row = await store.db
        .selectFrom('rate_limits')
        .selectAll()
        .where('scope', '=', scope)
        .where('scope_id', '=', scopeId)
        .executeTakeFirst();
      if (row === undefined) throw new AdminError('not_found', `No limits on ${scope} ${scopeId}.`);
      return limitView(row);
    },
  );

  app.delete(
    '/api/admin/limits/:scope/:scopeId',
    {
      schema: {
        tags,
        summary: 'Remove the rate limits of a key, app, tenant or route',
        params: LimitParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const { scope, scopeId } = request.params;
      await store.db.transaction().execute(async (trx) => {
        assertPolicyAccess(principal, scope, await scopeTenant(trx, scope, scopeId), 'write');
        const before = await trx
          .selectFrom('rate_limits')
          .selectAll()
          .where('scope', '=', scope)
          .where('scope_id', '=', scopeId)
          .executeTakeFirst();
        if (before === undefined) throw new AdminError('not_found', `No limits on ${scope} ${scopeId}.`);
        await trx.deleteFrom('rate_limits').where('id', '=', before.id).execute();
        await deps.audit(trx, audit(principal, 'limit.delete', before, null));
      });
      deps.changed();
      return reply.status(204).send(null);
    },
  );
}
