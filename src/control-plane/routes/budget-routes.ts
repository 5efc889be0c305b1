import { Type, type Static } from 'typebox';
import { budgetSchema } from '../../config/config-schema.js';
import { periodStart } from '../../core/period-start.js';
import type { BudgetsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import type { Store } from '../../storage/open-store.js';
import type { AdminApp, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { EntityId, errorResponses, NoContent, Nullable } from '../admin-schemas.js';
import { assertPolicyAccess, scopeTenant } from '../apply/policy-scope.js';

const tags = ['budgets'];
const BudgetParams = Type.Object({
  scope: Type.Union([Type.Literal('key'), Type.Literal('app'), Type.Literal('tenant')]),
  scopeId: EntityId,
  period: budgetSchema.properties.period,
});
const BudgetBody = Type.Object(
  {
    limit_usd: budgetSchema.properties.limit_usd,
    soft_ratio: budgetSchema.properties.soft_ratio,
    // A type list rather than a union with null, so no coercing validator can turn a bad value into null.
    webhook_url: Type.Optional(
      Type.Unsafe<string | null>({
        type: ['string', 'null'],
        pattern: '^https?://[^\\s/]+',
        description:
          'http(s) URL alerted at the soft limit; null or absent: no alert. Loopback, private and link-local targets are refused unless the config allows them (webhooks.allow_private_targets).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const BudgetView = Type.Object({
  scope: BudgetParams.properties.scope,
  scope_id: Type.String(),
  tenant_id: Type.String(),
  period: BudgetParams.properties.period,
  limit_usd: Type.Number(),
  soft_ratio: Type.Number(),
  webhook_url: Nullable(Type.String()),
  period_start: Type.Integer({ description: 'Start of the current window (epoch ms, UTC).' }),
  spent_usd: Type.Number({ description: 'Spent in the current window.' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
type BudgetView = Static<typeof BudgetView>;

function budgetView(row: BudgetsTable, window: { start: number; spent: number }): BudgetView {
  return {
    scope: row.scope,
    scope_id: row.scope_id,
    tenant_id: row.tenant_id,
    period: row.period,
    limit_usd: row.limit_usd,
    soft_ratio: row.soft_ratio,
    webhook_url: row.webhook_url,
    period_start: window.start,
    spent_usd: window.spent,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Money spent in the window of `row` that contains now. */
async function currentSpend(db: Store['db'], row: BudgetsTable): Promise<{ start: number; spent: number }> {
  const start = periodStart(row.period, Date.now());
  const spend = await db
    .selectFrom('spend')
    .select('spent_usd')
    .where('scope', '=', row.scope)
    .where('scope_id', '=', row.scope_id)
    .where('period', '=', row.period)
    .where('period_start', '=', start)
    .executeTakeFirst();
  return { start, spent: spend?.spent_usd ?? 0 };
}

async function loadBudget(
  db: Store['db'],
  params: Static<typeof BudgetParams>,
): Promise<BudgetsTable | undefined> {
  return db
    .selectFrom('budgets')
    .selectAll()
    .where('scope', '=', params.scope)
    .where('scope_id', '=', params.scopeId)
    .where('period', '=', params.period)
    .executeTakeFirst();
}

/** Budgets (US dollars per day, week or month) of a key, app or tenant. */
export function registerBudgetRoutes(app: AdminApp, deps: AdminRouteDeps): void {
  const { store } = deps;
  const audit = (
    principal: Principal,
    action: string,
    before: BudgetsTable | null,
    after: BudgetsTable | null,
  ) => {
    const subject = (after ?? before) as BudgetsTable;
    const view = (row: BudgetsTable) => ({ ...row, id: undefined, created_at: undefined });
    return {
      actor: principal,
      action,
      targetType: 'budget',
      targetId: `${subject.scope}:${subject.scope_id}:${subject.period}`,
      tenantId: subject.tenant_id,
      before: before === null ? null : view(before),
      after: after === null ? null : view(after),
    };
  };

  app.put(
    '/api/admin/budgets/:scope/:scopeId/:period',
    {
      schema: {
        tags,
        summary: 'Set a budget of a key or app (tenant admin) or a tenant (platform admin)',
        params: BudgetParams,
        body: BudgetBody,
        response: { 200: BudgetView, ...errorResponses },
      },
    },
    async (request) => {
      const principal = deps.principal(request);
      const { scope, scopeId, period } = request.params;
      const webhookUrl = request.body.webhook_url ?? null;
      const problem = webhookUrl === null ? undefined : await deps.webhookTargets.check(webhookUrl);
      if (problem !== undefined)
        throw new AdminError('invalid_request', `Invalid 'webhook_url': ${problem}.`);
      const saved = await store.db.transaction().execute(async (trx) => {
        const tenantId = await scopeTenant(trx, scope, scopeId);
        assertPolicyAccess(principal, scope, tenantId, 'write');
        if (tenantId === null) throw new AdminError('invalid_request', `The ${scope} has no tenant.`);
        const before = await loadBudget(trx, request.params);
        const now = Date.now();
        const after: BudgetsTable = {
          id: before?.id ?? newEntityId('bud'),
          scope,
          scope_id: scopeId,
          tenant_id: tenantId,
          period,
          limit_usd: request.body.limit_usd,
          soft_ratio: request.body.soft_ratio ?? 0.8,
          webhook_url: webhookUrl,
          created_at: before?.created_at ?? now,
          updated_at: now,
        };
        if (before === undefined) await trx.insertInto('budgets').values(after).execute();
        else await trx.updateTable('budgets').set(after).where('id', '=', after.id).execute();
        await deps.audit(trx, audit(principal, 'budget.set', before ?? null, after));
        return after;
      });
      deps.changed();
      return budgetView(saved, await currentSpend(store.db, saved));
    },
  );

  app.get(
    '/api/admin/budgets/:scope/:scopeId/:period',
    {
      schema: {
        tags,
        summary: 'Get a budget with what was spent in the current window',
        params: BudgetParams,
        response: { 200: BudgetView, ...errorResponses },
      },
    },
    async (request) => {
      const { scope, scopeId, period } = request.params;
      assertPolicyAccess(deps.principal(request), scope, await scopeTenant(store.db, scope, scopeId), 'read');
      const row = await loadBudget(store.db, request.params);
      if (row === undefined)
        throw new AdminError('not_found', `No ${period} budget on ${scope} ${scopeId}.`);
      return budgetView(row, await currentSpend(store.db, row));
    },
  );

  app.delete(
    '/api/admin/budgets/:scope/:scopeId/:period',
    {
      schema: {
        tags,
        summary: 'Remove a budget',
        params: BudgetParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = deps.principal(request);
      const { scope, scopeId, period } = request.params;
      await store.db.transaction().execute(async (trx) => {
        assertPolicyAccess(principal, scope, await scopeTenant(trx, scope, scopeId), 'write');
        const before = await loadBudget(trx, request.params);
        if (before === undefined)
          throw new AdminError('not_found', `No ${period} budget on ${scope} ${scopeId}.`);
        await trx.deleteFrom('budgets').where('id', '=', before.id).execute();
        await deps.audit(trx, audit(principal, 'budget.delete', before, null));
      });
      deps.changed();
      return reply.status(204).send(null);
    },
  );
}
