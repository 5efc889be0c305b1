import type { AuditLogTable } from '../database-schema.js';
import type { Db } from './db.js';

/** An audit row as read back, with `before` and `after` decoded from their JSON columns. */
export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  tenant_id: string | null;
  before: unknown;
  after: unknown;
}

/** Which audit rows to read; every field absent: all of them. */
export interface AuditFilter {
  tenantId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** Epoch milliseconds, inclusive. */
  from?: number | undefined;
  /** Epoch milliseconds, exclusive. */
  to?: number | undefined;
}

/** A page of the audit log, newest first: ids below `before`, at most `limit`. */
export interface AuditWindow {
  before: number | undefined;
  limit: number;
}

/** The queries on the audit log; `before` and `after` are JSON text in the store. */
export const auditRepository = {
  /** Writes one row; `before`/`after` are stored as given (the writer masks secrets first). */
  async insert(
    db: Db,
    row: Omit<AuditLogTable, 'id' | 'before' | 'after'> & { before: unknown; after: unknown },
  ): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        ...row,
        before: row.before === null ? null : JSON.stringify(row.before),
        after: row.after === null ? null : JSON.stringify(row.after),
      })
      .execute();
  },

  async list(db: Db, filter: AuditFilter, page: AuditWindow): Promise<AuditRecord[]> {
    let query = db.selectFrom('audit_log').selectAll();
    if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.targetType !== undefined) query = query.where('target_type', '=', filter.targetType);
    if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    if (page.before !== undefined) query = query.where('id', '<', page.before);
    const rows = await query.orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      before: row.before === null ? null : (JSON.parse(row.before) as unknown),
      after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    }));
  },
};
