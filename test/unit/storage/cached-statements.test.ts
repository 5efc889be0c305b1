import BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedStatements } from '../../../src/storage/cached-statements.js';

/** A real in-memory connection that counts how often SQLite compiles a statement. */
function countingConnection(): { database: SqliteDatabase & BetterSqlite3.Database; prepared: () => number } {
  const database = new BetterSqlite3(':memory:');
  let prepared = 0;
  const prepare = database.prepare.bind(database);
  Object.assign(database, {
    prepare: (sql: string): SqliteStatement => {
      prepared++;
      return prepare(sql);
    },
  });
  return { database, prepared: () => prepared };
}

describe('CachedStatements', () => {
  const open: SqliteDatabase[] = [];
  afterEach(() => {
    for (const database of open.splice(0)) database.close();
  });

  it('compiles a SQL text once and answers with the same statement after', () => {
    const { database, prepared } = countingConnection();
    const cached = new CachedStatements(database);
    open.push(cached);
    cached.prepare('create table t (n integer)').run([]);
    const insert = cached.prepare('insert into t (n) values (?)');
    for (let n = 0; n < 5; n++) cached.prepare('insert into t (n) values (?)').run([n]);
    expect(cached.prepare('insert into t (n) values (?)')).toBe(insert);
    expect(cached.prepare('select sum(n) as total from t').all([])).toEqual([{ total: 10 }]);
    expect(prepared()).toBe(3);
  });

  it('keeps working after the schema it was prepared against changed', () => {
    const cached = new CachedStatements(new BetterSqlite3(':memory:'));
    open.push(cached);
    cached.prepare('create table t (n integer)').run([]);
    cached.prepare('insert into t (n) values (?)').run([1]);
    cached.prepare('alter table t add column m integer').run([]);
    cached.prepare('insert into t (n) values (?)').run([2]);
    expect(cached.prepare('select n from t order by n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('holds at most its capacity, dropping the oldest statement first', () => {
    const { database, prepared } = countingConnection();
    const cached = new CachedStatements(database, 2);
    open.push(cached);
    const first = cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 3');
    expect(prepared()).toBe(3);
    expect(cached.prepare('select 3').all([])).toEqual([{ 3: 3 }]);
    expect(prepared()).toBe(3);
    expect(cached.prepare('select 1')).not.toBe(first);
    expect(prepared()).toBe(4);
  });

  it('holds at most its total text length, and never caches a text longer than that', () => {
    const { database, prepared } = countingConnection();
    const cached = new CachedStatements(database, 100, 30);
    open.push(cached);
    const select = (n: number): string => `select ${String(n).padStart(10, '0')}`; // 17 chars
    const first = cached.prepare(select(1));
    cached.prepare(select(2)); // 34 chars in all: the first is dropped
    expect(cached.prepare(select(1))).not.toBe(first);
    const long = `select ${'1 + '.repeat(20)}1`;
    cached.prepare(long);
    cached.prepare(long);
    expect(prepared()).toBe(5);
  });
});
