import { Type, type Static } from 'typebox';
import { budgetSchema } from '../../config/config-schema.js';
import { periodStart } from '../../core/period-start.js';
import type { BudgetsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { budgetRepository } from '../../storage/repositories/budget-repository.js';
import type { Db } from '../../storage/repositories/db.js';
import type { AdminPlugin, AdminRouteDeps, Principal } from '../admin-context.js';
import { AdminError } from '../admin-error.js';
import { runAdminMutation, type MutationAudit } from '../admin-mutation.js';
import { EntityId, errorResponses, NoContent, Nullable } from '../admin-schemas.js';
import { assertPolicyAccess, scopeTenant } from '../apply/policy-scope.js';

const tags = ['budgets'];
const BudgetParams = Type.Object({
  scope: Type.Union([Type.Literal('key'), Type.Literal('app'), Type.Literal('tenant')]),
  scopeId: EntityId,
  period: budgetSchema.properties.period,
});
type BudgetParams = Static<typeof BudgetParams>;
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

const schemas = {
  set: {
    tags,
    summary: 'Set a budget of a key or app (tenant admin) or a tenant (platform admin)',
    params: BudgetParams,
    body: BudgetBody,
    response: { 200: BudgetView, ...errorResponses },
  },
  get: {
    tags,
    summary: 'Get a budget with what was spent in the current window',
    params: BudgetParams,
    response: { 200: BudgetView, ...errorResponses },
  },
  remove: {
    tags,
    summary: 'Remove a budget',
    params: BudgetParams,
    response: { 204: NoContent, ...errorResponses },
  },
};

/** Budgets (US dollars per day, week or month) of a key, app or tenant. */
export const budgetRoutes: AdminPlugin = (app, deps) => {
  app.put('/api/admin/budgets/:scope/:scopeId/:period', { schema: schemas.set }, (request) =>
    setBudget(deps, deps.principal(request), request.params, request.body),
  );
  app.get('/api/admin/budgets/:scope/:scopeId/:period', { schema: schemas.get }, (request) =>
    getBudget(deps, deps.principal(request), request.params),
  );
  app.delete(
    '/api/admin/budgets/:scope/:scopeId/:period',
    { schema: schemas.remove },
    async (request, reply) => {
      await deleteBudget(deps, deps.principal(request), request.params);
      return reply.status(204).send(null);
    },
  );
};

/** The budget as answered, with the window that contains now and what was spent in it. */
async function budgetView(db: Db, row: BudgetsTable): Promise<BudgetView> {
  const start = periodStart(row.period, Date.now());
  const key = { scope: row.scope, scopeId: row.scope_id, period: row.period };
  return {
    scope: row.scope,
    scope_id: row.scope_id,
    tenant_id: row.tenant_id,
    period: row.period,
    limit_usd: row.limit_usd,
    soft_ratio: row.soft_ratio,
    webhook_url: row.webhook_url,
    period_start: start,
    spent_usd: await budgetRepository.spentInWindow(db, key, start),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

async function setBudget(
  deps: AdminRouteDeps,
  principal: Principal,
  params: BudgetParams,
  body: Static<typeof BudgetBody>,
): Promise<BudgetView> {
  const { scope, scopeId, period } = params;
  const webhookUrl = body.webhook_url ?? null;
  const problem = webhookUrl === null ? undefined : await deps.webhookTargets.check(webhookUrl);
  if (problem !== undefined) throw new AdminError('invalid_request', `Invalid 'webhook_url': ${problem}.`);
  const saved = await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      const tenantId = await scopeTenant(db, scope, scopeId);
      assertPolicyAccess(principal, scope, tenantId, 'write');
      if (tenantId === null) throw new AdminError('invalid_request', `The ${scope} has no tenant.`);
      const before = await budgetRepository.find(db, params);
      const now = Date.now();
      const after: BudgetsTable = {
        id: before?.id ?? newEntityId('bud'),
        scope,
        scope_id: scopeId,
        tenant_id: tenantId,
        period,
        limit_usd: body.limit_usd,
        soft_ratio: body.soft_ratio ?? 0.8,
        webhook_url: webhookUrl,
        created_at: before?.created_at ?? now,
        updated_at: now,
      };
      if (before === undefined) await budgetRepository.insert(db, after);
      else await budgetRepository.update(db, after.id, after);
      return { result: after, audit: [budgetAudit('budget.set', before ?? null, after)] };
    },
  });
  return budgetView(deps.store.db, saved);
}

async function getBudget(
  deps: AdminRouteDeps,
  principal: Principal,
  params: BudgetParams,
): Promise<BudgetView> {
  const { scope, scopeId, period } = params;
  const db = deps.store.db;
  assertPolicyAccess(principal, scope, await scopeTenant(db, scope, scopeId), 'read');
  const row = await budgetRepository.find(db, params);
  if (row === undefined) throw new AdminError('not_found', `No ${period} budget on ${scope} ${scopeId}.`);
  return budgetView(db, row);
}

async function deleteBudget(deps: AdminRouteDeps, principal: Principal, params: BudgetParams): Promise<void> {
  const { scope, scopeId, period } = params;
  await runAdminMutation(deps, {
    actor: principal,
    async write(db) {
      assertPolicyAccess(principal, scope, await scopeTenant(db, scope, scopeId), 'write');
      const before = await budgetRepository.find(db, params);
      if (before === undefined)
        throw new AdminError('not_found', `No ${period} budget on ${scope} ${scopeId}.`);
      await budgetRepository.remove(db, before.id);
      return { result: undefined, audit: [budgetAudit('budget.delete', before, null)] };
    },
  });
}

function budgetAudit(action: string, before: BudgetsTable | null, after: BudgetsTable | null): MutationAudit {
  const subject = (after ?? before) as BudgetsTable;
  const view = (row: BudgetsTable) => ({ ...row, id: undefined, created_at: undefined });
  return {
    action,
    targetType: 'budget',
    targetId: `${subject.scope}:${subject.scope_id}:${subject.period}`,
    tenantId: subject.tenant_id,
    before: before === null ? null : view(before),
    after: after === null ? null : view(after),
  };
}
