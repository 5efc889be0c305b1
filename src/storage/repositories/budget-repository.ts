import type { BudgetPeriod, BudgetScope, BudgetsTable } from '../database-schema.js';
import type { Db } from './db.js';

/** Names one budget: its owner and period. */
export interface BudgetKey {
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
}

export async function findBudget(db: Db, key: BudgetKey): Promise<BudgetsTable | undefined> {
  return db
    .selectFrom('budgets')
    .selectAll()
    .where('scope', '=', key.scope)
    .where('scope_id', '=', key.scopeId)
    .where('period', '=', key.period)
    .executeTakeFirst();
}

/** Every budget by period (the order of an export). */
export async function listBudgets(db: Db): Promise<BudgetsTable[]> {
  return db.selectFrom('budgets').selectAll().orderBy('period').execute();
}

export async function insertBudget(db: Db, budget: BudgetsTable): Promise<void> {
  await db.insertInto('budgets').values(budget).execute();
}

/** Writes the given columns of budget `id`. */
export async function updateBudget(
  db: Db,
  id: string,
  changes: Partial<Omit<BudgetsTable, 'id'>>,
): Promise<void> {
  await db.updateTable('budgets').set(changes).where('id', '=', id).execute();
}

export async function deleteBudget(db: Db, id: string): Promise<void> {
  await db.deleteFrom('budgets').where('id', '=', id).execute();
}

/** US dollars spent by the budget's owner in the window starting at `periodStart` (0 when none). */
export async function spentInWindow(db: Db, key: BudgetKey, periodStart: number): Promise<number> {
  const row = await db
    .selectFrom('spend')
    .select('spent_usd')
    .where('scope', '=', key.scope)
    .where('scope_id', '=', key.scopeId)
    .where('period', '=', key.period)
    .where('period_start', '=', periodStart)
    .executeTakeFirst();
  return row?.spent_usd ?? 0;
}
