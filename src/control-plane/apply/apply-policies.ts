import type { Static } from 'typebox';
import type { budgetSchema, limitsSchema } from '../../config/config-schema.js';
import type { BudgetScope, PolicyScope } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { budgetRepository } from '../../storage/repositories/budget-repository.js';
import { limitRepository } from '../../storage/repositories/limit-repository.js';
import { rateLimitValues } from '../../storage/rate-limit-columns.js';
import { WebhookTargetPolicy } from '../../policy/webhook-target-policy.js';
import { AdminError } from '../admin-error.js';
import { changedFields, planEntry, record, storedValues, type ApplyContext } from './apply-plan.js';

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

/** How to write one policy row: insert it when missing, else update the wanted fields by row id. */
interface PolicyWrites {
  insert(): Promise<void>;
  update(id: string): Promise<void>;
}

/**
 * Creates the policy row when `before` is missing, else writes `wanted` when a field differs.
 * Returns the changed fields (undefined: created), as `planEntry` takes them.
 */
async function writePolicy<Wanted extends Record<string, unknown>>(
  before: (Record<keyof Wanted, unknown> & { id: string }) | undefined,
  wanted: Wanted,
  writes: PolicyWrites,
): Promise<string[] | undefined> {
  if (before === undefined) {
    await writes.insert();
    return undefined;
  }
  const changed = changedFields(storedValues(before, wanted), wanted);
  if (changed.length > 0) await writes.update(before.id);
  return changed;
}

/** Sets the rate limits of `owner` to exactly `limits` (absent fields: no limit). */
export async function applyLimits(context: ApplyContext, owner: PolicyOwner, limits: Limits): Promise<void> {
  const { db, now } = context;
  const wanted = rateLimitValues(limits);
  const before = await limitRepository.find(db, owner.scope, owner.id);
  const changed = await writePolicy(before, wanted, {
    insert: () =>
      limitRepository.insert(db, {
        id: newEntityId('lim'),
        scope: owner.scope,
        scope_id: owner.id,
        tenant_id: owner.tenantId,
        ...wanted,
        created_at: now,
        updated_at: now,
      }),
    update: (id) => limitRepository.update(db, id, { ...wanted, updated_at: now }),
  });
  await record(context, planEntry('limit', owner.label, changed), {
    action: 'limit.set',
    targetType: 'limit',
    targetId: `${owner.scope}:${owner.id}`,
    tenantId: owner.tenantId,
    before: before ?? null,
    after: { scope: owner.scope, scope_id: owner.id, ...wanted },
  });
}

type BudgetOwner = PolicyOwner & { scope: BudgetScope; tenantId: string };

/** Sets each listed budget of `owner`; budgets of other periods are left alone. */
export async function applyBudgets(
  context: ApplyContext,
  owner: BudgetOwner,
  budgets: readonly Budget[],
  path: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const [index, budget] of budgets.entries()) {
    if (seen.has(budget.period)) {
      throw new AdminError(
        'invalid_request',
        `Invalid '${path}[${index}].period': duplicate period ${budget.period}.`,
      );
    }
    seen.add(budget.period);
    await assertWebhookTarget(context, budget, `${path}[${index}].webhook_url`);
    await applyBudget(context, owner, budget);
  }
}

async function assertWebhookTarget(context: ApplyContext, budget: Budget, path: string): Promise<void> {
  if (budget.webhook_url === undefined) return;
  const targets = context.deps.webhookTargets ?? new WebhookTargetPolicy();
  const problem = await targets.check(budget.webhook_url);
  if (problem !== undefined) throw new AdminError('invalid_request', `Invalid '${path}': ${problem}.`);
}

async function applyBudget(context: ApplyContext, owner: BudgetOwner, budget: Budget): Promise<void> {
  const { db, now } = context;
  const wanted = {
    limit_usd: budget.limit_usd,
    soft_ratio: budget.soft_ratio ?? 0.8,
    webhook_url: budget.webhook_url ?? null,
  };
  const before = await budgetRepository.find(db, {
    scope: owner.scope,
    scopeId: owner.id,
    period: budget.period,
  });
  const changed = await writePolicy(before, wanted, {
    insert: () =>
      budgetRepository.insert(db, {
        id: newEntityId('bud'),
        scope: owner.scope,
        scope_id: owner.id,
        tenant_id: owner.tenantId,
        period: budget.period,
        ...wanted,
        created_at: now,
        updated_at: now,
      }),
    update: (id) => budgetRepository.update(db, id, { ...wanted, updated_at: now }),
  });
  await record(context, planEntry('budget', `${owner.label} ${budget.period}`, changed), {
    action: 'budget.set',
    targetType: 'budget',
    targetId: `${owner.scope}:${owner.id}:${budget.period}`,
    tenantId: owner.tenantId,
    before: before ?? null,
    after: { scope: owner.scope, scope_id: owner.id, period: budget.period, ...wanted },
  });
}
