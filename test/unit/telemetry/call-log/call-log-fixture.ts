import type { Kysely } from 'kysely';
import { openStore, type Store } from '../../../../src/storage/open-store.js';
import { callLogDatabase } from '../../../../src/telemetry/call-log/call-log-database.js';
import { listPartitions, partitionTable } from '../../../../src/telemetry/call-log/call-partitions.js';
import type { CallRecord } from '../../../../src/telemetry/call-log/call-record.js';
import type { CallLogTables } from '../../../../src/telemetry/call-log/call-log-tables.js';
import type { TestStoreTarget } from '../../../support/test-stores.js';

/** 2026-01-10T12:00:00Z: fixed so day partitions are predictable. */
export const baseTime = Date.UTC(2026, 0, 10, 12);
export const dayMs = 86_400_000;

let counter = 0;

export function makeCall(overrides: Partial<CallRecord> = {}): CallRecord {
  counter += 1;
  return {
    at: baseTime,
    requestId: `req_${counter.toString().padStart(8, '0')}`,
    tenantId: 'ten_a',
    appId: 'app_a',
    keyId: 'key_a',
    keyPrefix: 'pk_live_ab12',
    clientRequestId: null,
    route: 'chat',
    provider: 'openai-main',
    model: 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    status: 200,
    errorCode: null,
    latencyMs: 120,
    ttftMs: null,
    inputTokens: 10,
    outputTokens: 20,
    cachedTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.001,
    attempts: 1,
    stream: false,
    ...overrides,
  };
}

export interface OpenedStore {
  store: Store;
  db: Kysely<CallLogTables>;
  close(): Promise<void>;
}

export async function openTestStore(target: TestStoreTarget): Promise<OpenedStore> {
  const created = await target.create();
  const store = await openStore(created.url);
  return {
    store,
    db: callLogDatabase(store),
    close: async () => {
      await store.close();
      await created.drop();
    },
  };
}

/** Rows across every registered partition, counted in the tables themselves. */
export async function countRows(db: Kysely<CallLogTables>): Promise<number> {
  let total = 0;
  for (const { day } of await listPartitions(db)) {
    const row = await db
      .selectFrom(partitionTable(day))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

export const ignoreErrors = (): void => undefined;
