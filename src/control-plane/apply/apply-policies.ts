import type { Static } from 'typebox';
import type { budgetSchema, limitsSchema } from '../../config/config-schema.js';
import type { BudgetScope, PolicyScope } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { WebhookTargetPolicy } from '../../policy/webhook-target-policy.js';
import { AdminError } from '../admin-error.js';
import { changedFields, planEntry, record, type ApplyContext } from './apply-plan.js';

type Limits = Static<typeof limitsSchema>;
type Budget = Static<typeof budgetSchema>;

/** The object a policy belongs to. */
export interface PolicyOwner {
  scope: PolicyScope;
  id: string;
  tenantId: string | null;
  /** For the plan: `tenant team-a`, `app team-a/bot`, `route gpt-4o`. */
  label: string;
}

/** Sets the rate limits of `owner` to exactly `limits` (absent fields: no limit). */
export async function applyLimits(context: ApplyContext, owner: PolicyOwner, limits: Limits): Promise<void> {
  const wanted = {
    requests_per_minute: limits.requests_per_minute ?? null,
    tokens_per_minute: limits.tokens_per_minute ?? null,
    concurrent: limits.concurrent ?? null,
  };
  const before = await context.db
    .selectFrom('rate_limits')
    .selectAll()
    .where('scope', '=', owner.scope)
    .where('scope_id', '=', owner.id)
    .executeTakeFirst();
  const changed =
    before === undefined
      ? undefined
      : changedFields(
          {
            requests_per_minute: before.requests_per_minute,
            tokens_per_minute: before.tokens_per_minute,
            concurrent: before.concurrent,
          },
          wanted,
        );
  if (before === undefined) {
    await context.db
      .insertInto('rate_limits')
      .values({
        id: newEntityId('lim'),
        scope: owner.scope,
        scope_id: owner.id,
        tenant_id: owner.tenantId,
        ...wanted,
        created_at: context.now,
        updated_at: context.now,
      })
      .execute();
  } else if (changed !== undefined && changed.length > 0) {
    await context.db
      .updateTable('rate_limits')
      .set({ ...wanted, updated_at: context.now })
      .where('id', '=', before.id)
      .execute();
  }
  await record(context, planEntry('limit', owner.label, changed), {
    action: 'limit.set',
    targetType: 'limit',
    targetId: `${owner.scope}:${owner.id}`,
    tenantId: owner.tenantId,
    before: before ?? null,
    after: { scope: owner.scope, scope_id: owner.id, ...wanted },
  });
}

/** Sets each listed budget of `owner`; budgets of other periods are left alone. */
export async function applyBudgets(
  context: ApplyContext,
  owner: PolicyOwner & { scope: BudgetScope; tenantId: string },
  budgets: readonly Budget[],
  path: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const [index, budget] of budgets.entries()) {
    if (seen.has(budget.period)) {
      throw new AdminError('invalid_request',
        `Invalid '${path}[${index}].period': duplicate period ${budget.period}.`,
      );
    }
    seen.add(budget.period);
    if (budget.webhook_url !== undefined) {
      const targets = context.deps.webhookTargets ?? new WebhookTargetPolicy();
      const problem = await targets.check(budget.webhook_url);
      if (problem !== undefined)
        throw new AdminError('invalid_request', `Invalid '${path}[${index}].webhook_url': ${problem}.`);
    }
    const wanted = {
      limit_usd: budget.limit_usd,
      soft_ratio: budget.soft_ratio ?? 0.8,
      webhook_url: budget.webhook_url ?? null,
    };
    const before = await context.db
      .selectFrom('budgets')
      .selectAll()
      .where('scope', '=', owner.scope)
      .where('scope_id', '=', owner.id)
      .where('period', '=', budget.period)
      .executeTakeFirst();
    const changed =
      before === undefined
        ? undefined
        : changedFields(
            { limit_usd: before.limit_usd, soft_ratio: before.soft_ratio, webhook_url: before.webhook_url },
            wanted,
          );
    if (before === undefined) {
      await context.db
        .insertInto('budgets')
        .values({
          id: newEntityId('bud'),
          scope: owner.scope,
          scope_id: owner.id,
          tenant_id: owner.tenantId,
          period: budget.period,
          ...wanted,
          created_at: context.now,
          updated_at: context.now,
        })
        .execute();
    } else if (changed !== undefined && changed.length > 0) {
      await context.db
        .updateTable('budgets')
        .set({ ...wanted, updated_at: context.now })
        .where('id', '=', before.id)
        .execute();
    }
    await record(context, planEntry('budget', `${owner.label} ${budget.period}`, changed), {
      action: 'budget.set',
      targetType: 'budget',
      targetId: `${owner.scope}:${owner.id}:${budget.period}`,
      tenantId: owner.tenantId,
      before: before ?? null,
      after: { scope: owner.scope, scope_id: owner.id, period: budget.period, ...wanted },
    });
  }
}
