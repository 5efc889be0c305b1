import type { BudgetPeriod, BudgetScope, BudgetsTable } from '../database-schema.js';
import type { Db } from './db.js';

/** Names one budget: its owner and period. */
export interface BudgetKey {
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
}

/** The queries on budgets (one per owner and period) and on what their owners spent. */
export const budgetRepository = {
  find(db: Db, key: BudgetKey): Promise<BudgetsTable | undefined> {
    return db
      .selectFrom('budgets')
      .selectAll()
      .where('scope', '=', key.scope)
      .where('scope_id', '=', key.scopeId)
      .where('period', '=', key.period)
      .executeTakeFirst();
  },

  /** Every budget by period (the order of an export). */
  listAll(db: Db): Promise<BudgetsTable[]> {
    return db.selectFrom('budgets').selectAll().orderBy('period').execute();
  },

  async insert(db: Db, budget: BudgetsTable): Promise<void> {
    await db.insertInto('budgets').values(budget).execute();
  },

  /** Writes the given columns of budget `id`. */
  async update(db: Db, id: string, changes: Partial<Omit<BudgetsTable, 'id'>>): Promise<void> {
    await db.updateTable('budgets').set(changes).where('id', '=', id).execute();
  },

  async remove(db: Db, id: string): Promise<void> {
    await db.deleteFrom('budgets').where('id', '=', id).execute();
  },

  /** US dollars the budget's owner spent in the window starting at `periodStart` (0 when none). */
  async spentInWindow(db: Db, key: BudgetKey, periodStart: number): Promise<number> {
    const row = await db
      .selectFrom('spend')
      .select('spent_usd')
      .where('scope', '=', key.scope)
      .where('scope_id', '=', key.scopeId)
      .where('period', '=', key.period)
      .where('period_start', '=', periodStart)
      .executeTakeFirst();
    return row?.spent_usd ?? 0;
  },
};
