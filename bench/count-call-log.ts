import Database from 'better-sqlite3';

/** What a Portico store's call log holds. */
export interface CallLogCount {
  /** Rows over every `calls_YYYYMMDD` day table. */
  rows: number;
  /** Of which with status 200. */
  ok: number;
  /** `call_partitions.rows` summed: the writer's own count. */
  partitionRows: number;
}

/** Counts the call log of a stopped Portico's SQLite store (read-only). */
export function countCallLog(storeFile: string): CallLogCount {
  const database = new Database(storeFile, { readonly: true, fileMustExist: true });
  try {
    const tables = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'calls_[0-9]*'")
      .all() as { name: string }[];
    let rows = 0;
    let ok = 0;
    for (const { name } of tables) {
      const counted = database
        .prepare(`SELECT count(*) AS total, sum(status = 200) AS ok FROM "${name}"`)
        .get() as { total: number; ok: number | null };
      rows += counted.total;
      ok += counted.ok ?? 0;
    }
    const partitions = database
      .prepare('SELECT coalesce(sum(rows), 0) AS rows FROM call_partitions')
      .get() as {
      rows: number;
    };
    return { rows, ok, partitionRows: Number(partitions.rows) };
  } finally {
    database.close();
  }
}
