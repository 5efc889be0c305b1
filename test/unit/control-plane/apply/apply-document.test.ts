import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDocument } from '../../../../src/control-plane/apply/apply-document.js';
import type { ApplyPlan } from '../../../../src/control-plane/apply/apply-plan.js';
import { exportDocument } from '../../../../src/control-plane/apply/export-document.js';
import { parseApplyDocument } from '../../../../src/control-plane/apply/parse-apply-document.js';
import { secretReferences } from '../../../../src/control-plane/apply/secret-references.js';
import { writeAudit } from '../../../../src/control-plane/write-audit.js';
import { KeyHasher } from '../../../../src/storage/key-hasher.js';
import { openStore, type Store } from '../../../../src/storage/open-store.js';
import { SecretBox } from '../../../../src/storage/secret-box.js';
import { postgresReachable, storeTargets } from '../../../support/test-stores.js';
import { serviceDocument, serviceEnv } from './service-document.js';

const pgUp = await postgresReachable();

const tables = [
  'providers',
  'routes',
  'tenants',
  'apps',
  'api_keys',
  'subscriptions',
  'rate_limits',
  'budgets',
  'audit_log',
] as const;

async function snapshot(store: Store): Promise<string> {
  const parts = await Promise.all(
    tables.map(async (table) => JSON.stringify(await store.db.selectFrom(table).selectAll().execute())),
  );
  return parts.join('\n');
}

const actions = (plan: ApplyPlan) => new Set(plan.map((entry) => entry.action));

describe.each(storeTargets)('applyDocument on $name', (target) => {
  const skip = target.name === 'postgres' && !pgUp;
  let store: Store;
  let drop: () => Promise<void>;
  const masterKey = randomBytes(32);
  const deps = { secrets: new SecretBox(masterKey), hasher: new KeyHasher(masterKey), audit: writeAudit };
  const apply = (text: string, env: Record<string, string>, dryRun = false) =>
    applyDocument(store, deps, parseApplyDocument(text, env), {
      dryRun,
      actor: 'cli-apply',
      refs: secretReferences(text),
    });

  beforeAll(async () => {
    if (skip) return;
    const created = await target.create();
    drop = () => created.drop();
    store = await openStore(created.url);
  });
  afterAll(async () => {
    if (skip) return;
    await store.close();
    await drop();
  });

  it.skipIf(skip)('plans every object as create on a dry run and writes nothing', async () => {
    const before = await snapshot(store);
    const plan = await apply(serviceDocument, serviceEnv, true);
    expect(actions(plan)).toEqual(new Set(['create']));
    expect(plan.map((entry) => `${entry.kind} ${entry.name}`)).toEqual([
      'provider openai-main',
      'provider local',
      'tenant team-a',
      'limit tenant team-a',
      'budget tenant team-a month',
      'route gpt-4o',
      'route team-model',
      'limit route team-model',
      'app team-a/bot',
      'limit app team-a/bot',
      'budget app team-a/bot day',
      'key team-a/bot/bot-key',
      'subscription team-a/bot → gpt-4o',
      'subscription team-a/bot → team-model',
      'tenant default',
      'app default/default',
      'key default/default/dev',
    ]);
    expect(await snapshot(store)).toBe(before);
  });

  it.skipIf(skip)('applies the document with audit rows, sealed secrets and secret references', async () => {
    const plan = await apply(serviceDocument, serviceEnv);
    expect(actions(plan)).toEqual(new Set(['create']));
    const audit = await store.db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(plan.length);
    expect(new Set(audit.map((row) => row.actor))).toEqual(new Set(['cli-apply']));
    const provider = await store.db
      .selectFrom('providers')
      .selectAll()
      .where('id', '=', 'local')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(provider.secret_refs)).toEqual({ 'headers.Authorization': 'env:LOCAL_AUTH' });
    expect(JSON.parse(provider.spec)).toEqual({
      base_url: 'http://127.0.0.1:11434/v1',
      headers: { 'X-Team': 'blue' },
      public_headers: ['X-Team'],
    });
    const raw = await snapshot(store);
    for (const secret of Object.values(serviceEnv)) expect(raw).not.toContain(secret);
    const subscriptions = await store.db.selectFrom('subscriptions').select('status').execute();
    expect(subscriptions.map((row) => row.status)).toEqual(['approved', 'approved']);
  });

  it.skipIf(skip)('is idempotent: a second apply plans only unchanged and writes nothing', async () => {
    const before = await snapshot(store);
    const plan = await apply(serviceDocument, serviceEnv);
    expect(actions(plan)).toEqual(new Set(['unchanged']));
    expect(await snapshot(store)).toBe(before);
  });

  it.skipIf(skip)('names changed fields, never secret values', async () => {
    const changed = serviceDocument
      .replace('display_name: Team A', 'display_name: Team Alpha')
      .replace('limit_usd: 100', 'limit_usd: 150');
    const env = { ...serviceEnv, OPENAI_API_KEY: 'sk-openai-ROTATED-5555' };
    const plan = await apply(changed, env, true);
    expect(plan.filter((entry) => entry.action !== 'unchanged')).toEqual([
      { kind: 'provider', name: 'openai-main', action: 'update', fields: ['api_key'] },
      { kind: 'tenant', name: 'team-a', action: 'update', fields: ['display_name'] },
      { kind: 'budget', name: 'tenant team-a month', action: 'update', fields: ['limit_usd'] },
    ]);
    expect(JSON.stringify(plan)).not.toContain('ROTATED');
  });

  it.skipIf(skip)('leaves objects the document does not mention alone', async () => {
    const plan = await apply('providers: []\n', {});
    expect(plan).toEqual([]);
    expect(await store.db.selectFrom('routes').select('name').orderBy('name').execute()).toHaveLength(2);
  });

  it.skipIf(skip)('exports without secrets, and the export applies with no changes', async () => {
    const exported = await exportDocument(store, deps.secrets);
    for (const secret of Object.values(serviceEnv)) expect(exported).not.toContain(secret);
    expect(exported).toContain('api_key: ${OPENAI_API_KEY}');
    expect(exported).toContain('Authorization: ${LOCAL_AUTH}');
    expect(exported).toMatch(/# +team-a\/bot: bot-key \(/);
    expect(exported).not.toMatch(/^keys:/m);
    const before = await snapshot(store);
    const plan = await apply(exported, serviceEnv);
    expect(plan.filter((entry) => entry.action !== 'unchanged')).toEqual([]);
    expect(await snapshot(store)).toBe(before);
  });

  it.skipIf(skip)('refuses a document naming an unknown route and writes nothing', async () => {
    const before = await snapshot(store);
    const text = `
tenants:
  - name: team-b
    apps:
      - name: app
        subscriptions: [no-such-route]
`;
    await expect(apply(text, {})).rejects.toThrow("Invalid 'tenants[0].apps[0].subscriptions[0]'");
    expect(await snapshot(store)).toBe(before);
  });

  it.skipIf(skip)('refuses a route target naming an unknown provider, naming the field', async () => {
    const text = 'models:\n  - name: x\n    targets: [{ provider: ghost, model: m }]\n';
    await expect(apply(text, {})).rejects.toThrow("Invalid 'models[0].targets[0].provider'");
  });
});
