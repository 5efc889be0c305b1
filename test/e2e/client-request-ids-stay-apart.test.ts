import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientRequestIdMigration } from '../../src/storage/migrations/0004-client-request-id.js';
import { openStore } from '../../src/storage/open-store.js';
import { callLogDatabase } from '../../src/telemetry/call-log/call-log-database.js';
import { createPartition, dayOf, partitionTable } from '../../src/telemetry/call-log/call-partitions.js';
import { adminClient, type AdminClient, type JsonObject } from '../support/admin-client.js';
import { FakeUpstream, openAiCompletion } from '../support/fake-upstream.js';
import { startGateway, testAdminPassword, type TestGateway } from '../support/start-gateway.js';
import { postgresReachable, storeTargets } from '../support/test-stores.js';

const pgUp = await postgresReachable();

/**
 * Two callers sending the same `x-request-id` (issue 19): each call keeps Portico's own id, so
 * `GET /api/admin/logs/<id>` finds the right row; the client's id is a separate, searchable field.
 */
describe.each(storeTargets)('client request ids stay apart from Portico ids, on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  const upstream = new FakeUpstream((request) => ({
    kind: 'json',
    body: openAiCompletion('m', (request.body as { model: string }).model),
  }));
  let gateway: TestGateway;
  let admin: AdminClient;
  let drop: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    if (skip) return;
    const base = await upstream.start();
    const created = await target.create();
    drop = () => created.drop();
    gateway = await startGateway(
      `
call_log: { flush_interval_ms: 50 }
providers:
  - { id: up, type: openai-compatible, base_url: "${base}/v1" }
models:
  - { name: first, targets: [{ provider: up, model: first }] }
  - { name: second, targets: [{ provider: up, model: second }] }
`,
      {},
      { storeUrl: created.url, controlPlane: true },
    );
    const adminUrl = gateway.adminUrl ?? '';
    const login = await fetch(`${adminUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
    });
    admin = adminClient(
      adminUrl,
      { cookie: login.headers.get('set-cookie')?.split(';')[0] ?? '' },
      undefined,
    );
  });
  afterAll(async () => {
    if (skip) return;
    await gateway.close();
    await upstream.stop();
    await drop();
  });

  const call = async (model: string, headers: Record<string, string>): Promise<string> => {
    const response = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
    await response.text();
    return response.headers.get('x-request-id') ?? '';
  };

  const logged = (requestId: string): Promise<JsonObject> =>
    vi.waitFor(
      async () => {
        const found = await admin.get(`/api/admin/logs/${requestId}`);
        expect(found.status).toBe(200);
        return found.body;
      },
      { timeout: 15_000, interval: 50 },
    );

  it.skipIf(skip)('the same client id twice: two Portico ids, each finding its own row', async () => {
    const first = await call('first', { 'x-request-id': 'shared-id-1' });
    const second = await call('second', { 'x-client-request-id': 'shared-id-1' });
    expect(first).not.toBe(second);
    expect(await logged(first)).toMatchObject({
      requestId: first,
      clientRequestId: 'shared-id-1',
      route: 'first',
    });
    expect(await logged(second)).toMatchObject({
      requestId: second,
      clientRequestId: 'shared-id-1',
      route: 'second',
    });
    // The client's id is not a Portico id.
    expect((await admin.get('/api/admin/logs/shared-id-1')).status).toBe(404);
    const listed = await admin.get<{ items: JsonObject[] }>('/api/admin/logs?client_request_id=shared-id-1');
    expect(listed.body.items.map((item) => item['route']).sort()).toEqual(['first', 'second']);
    const without = await call('first', {});
    expect(await logged(without)).toMatchObject({ clientRequestId: null });
  });
});

describe.each(storeTargets)(
  'migration 0004 adds client_request_id to existing partitions, on $name',
  (target) => {
    const skip = target.name === 'postgres' && !pgUp;
    let drop: () => Promise<void> = () => Promise.resolve();
    afterAll(() => drop());

    it.skipIf(skip)('an older partition gets the column', async () => {
      const created = await target.create();
      drop = () => created.drop();
      const store = await openStore(created.url);
      try {
        const db = callLogDatabase(store);
        const day = dayOf(Date.now());
        await createPartition(db, store.dialect, day, Date.now());
        // The partition as 0002 made it; later migrations ran already, so 0004's step runs alone.
        await sql`alter table ${sql.table(partitionTable(day))} drop column client_request_id`.execute(db);
        await clientRequestIdMigration().up(store.db as Kysely<unknown>);
        await db
          .insertInto(partitionTable(day))
          .values({
            at: Date.now(),
            request_id: 'req_1',
            client_request_id: 'mine',
            tenant_dim: null,
            app_dim: null,
            key_dim: null,
            key_prefix_dim: null,
            route_dim: null,
            provider_dim: null,
            model_dim: null,
            endpoint_dim: 0,
            status: 200,
            error_dim: null,
            latency_ms: 1,
            ttft_ms: null,
            input_tokens: 0,
            output_tokens: 0,
            cached_tokens: 0,
            reasoning_tokens: 0,
            cost_usd: 0,
            attempts: 1,
            stream: 0,
            has_bodies: 0,
          })
          .execute();
        const row = await db.selectFrom(partitionTable(day)).select('client_request_id').executeTakeFirst();
        expect(row?.client_request_id).toBe('mine');
      } finally {
        await store.close();
      }
    });
  },
);
