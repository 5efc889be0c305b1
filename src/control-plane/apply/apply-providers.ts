import type { ProvidersTable } from '../../storage/database-schema.js';
import { changedFields, planEntry, record, type ApplyContext } from './apply-plan.js';
import { checkProviderEntry } from './check-resources.js';
import { assertProviderIdFreeOfRoutes } from './check-route-name.js';
import { canonicalJson } from './canonical-json.js';
import {
  joinProvider,
  openSecrets,
  publicSpec,
  sealSecrets,
  secretStatus,
  secretValues,
  splitProvider,
  type ProviderEntry,
} from './provider-secrets.js';

/** Creates or updates each provider of the document; secrets are compared opened, never shown. */
export async function applyProviders(
  context: ApplyContext,
  providers: readonly ProviderEntry[],
  refs: ReadonlyMap<string, Record<string, string>>,
): Promise<void> {
  for (const [index, entry] of providers.entries()) {
    checkProviderEntry(entry, `providers[${index}]`);
    const { spec, secrets } = splitProvider(entry);
    const paths = new Set(secretValues(secrets).keys());
    const secretRefs = Object.fromEntries(
      Object.entries(refs.get(entry.id) ?? {})
        .filter(([path]) => paths.has(path))
        .map(([path, variable]) => [path, `env:${variable}`]),
    );
    const before = await context.db
      .selectFrom('providers')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirst();
    const auditView = (
      type: string,
      stored: Record<string, unknown>,
      refsOf: object,
      secretsSet: object,
    ) => ({
      id: entry.id,
      type,
      ...stored,
      secrets: secretsSet,
      secret_refs: refsOf,
    });
    const afterView = auditView(entry.type, publicSpec(spec), secretRefs, secretStatus(secrets));
    if (before === undefined) {
      await assertProviderIdFreeOfRoutes(context.db, entry.id, `providers[${index}].id`);
      const row: ProvidersTable = {
        id: entry.id,
        type: entry.type,
        spec: JSON.stringify(spec),
        secrets: sealSecrets(context.deps.secrets, secrets, spec),
        secret_refs: JSON.stringify(secretRefs),
        created_at: context.now,
        updated_at: context.now,
      };
      await context.db.insertInto('providers').values(row).execute();
      await record(context, planEntry('provider', entry.id, undefined), audit(entry.id, null, afterView));
      continue;
    }
    const storedSpec = JSON.parse(before.spec) as Record<string, unknown>;
    const storedSecrets = openSecrets(context.deps.secrets, before.secrets, storedSpec);
    const storedRefs = JSON.parse(before.secret_refs) as Record<string, string>;
    const changed = changedFields(
      joinProvider(before.id, before.type, storedSpec, storedSecrets),
      joinProvider(entry.id, entry.type, spec, secrets),
    );
    if (canonicalJson(storedRefs) !== canonicalJson(secretRefs)) changed.push('secret_refs');
    if (changed.length > 0) {
      await context.db
        .updateTable('providers')
        .set({
          type: entry.type,
          spec: JSON.stringify(spec),
          secrets: sealSecrets(context.deps.secrets, secrets, spec),
          secret_refs: JSON.stringify(secretRefs),
          updated_at: context.now,
        })
        .where('id', '=', entry.id)
        .execute();
    }
    const beforeView = auditView(
      before.type,
      publicSpec(storedSpec),
      storedRefs,
      secretStatus(storedSecrets),
    );
    await record(context, planEntry('provider', entry.id, changed), audit(entry.id, beforeView, afterView));
  }
}

function audit(id: string, before: object | null, after: object) {
  return {
    action: before === null ? 'provider.create' : 'provider.update',
    targetType: 'provider',
    targetId: id,
    tenantId: null,
    before,
    after,
  };
}
