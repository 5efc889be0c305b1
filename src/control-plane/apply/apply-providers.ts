import { providerRepository } from '../../storage/repositories/provider-repository.js';
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
  type ProviderSecrets,
} from './provider-secrets.js';

/** Creates or updates each provider of the document; secrets are compared opened, never shown. */
export async function applyProviders(
  context: ApplyContext,
  providers: readonly ProviderEntry[],
  refs: ReadonlyMap<string, Record<string, string>>,
): Promise<void> {
  for (const [index, entry] of providers.entries())
    await applyProvider(context, entry, `providers[${index}]`, refs.get(entry.id) ?? {});
}

async function applyProvider(
  context: ApplyContext,
  entry: ProviderEntry,
  path: string,
  variables: Record<string, string>,
): Promise<void> {
  checkProviderEntry(entry, path);
  const { spec, secrets } = splitProvider(entry);
  const paths = new Set(secretValues(secrets).keys());
  const secretRefs = Object.fromEntries(
    Object.entries(variables)
      .filter(([secretPath]) => paths.has(secretPath))
      .map(([secretPath, variable]) => [secretPath, `env:${variable}`]),
  );
  const wanted = { type: entry.type, spec, secret_refs: secretRefs };
  const sealed = () => sealSecrets(context.deps.secrets, secrets, spec);
  const before = await providerRepository.find(context.db, entry.id);
  const afterView = auditView(entry.id, wanted, secrets);
  if (before === undefined) {
    await assertProviderIdFreeOfRoutes(context.db, entry.id, `${path}.id`);
    const row = {
      id: entry.id,
      ...wanted,
      secrets: sealed(),
      created_at: context.now,
      updated_at: context.now,
    };
    await providerRepository.insert(context.db, row);
    await record(context, planEntry('provider', entry.id, undefined), audit(entry.id, null, afterView));
    return;
  }
  const storedSecrets = openSecrets(context.deps.secrets, before.secrets, before.spec);
  const changed = changedFields(
    joinProvider(before.id, before.type, before.spec, storedSecrets),
    joinProvider(entry.id, entry.type, spec, secrets),
  );
  if (canonicalJson(before.secret_refs) !== canonicalJson(secretRefs)) changed.push('secret_refs');
  if (changed.length > 0) {
    await providerRepository.update(context.db, entry.id, {
      ...wanted,
      secrets: sealed(),
      updated_at: context.now,
    });
  }
  const beforeView = auditView(entry.id, before, storedSecrets);
  await record(context, planEntry('provider', entry.id, changed), audit(entry.id, beforeView, afterView));
}

/** The audit record of a provider: its public settings and which secrets are set, never their values. */
function auditView(
  id: string,
  provider: { type: string; spec: Record<string, unknown>; secret_refs: object },
  secrets: ProviderSecrets,
) {
  return {
    id,
    type: provider.type,
    ...publicSpec(provider.spec),
    secrets: secretStatus(secrets),
    secret_refs: provider.secret_refs,
  };
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
