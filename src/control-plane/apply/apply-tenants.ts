import type { ConfigFile } from '../../config/config-schema.js';
import type { TenantsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { appRepository, type App } from '../../storage/repositories/app-repository.js';
import { tenantRepository } from '../../storage/repositories/tenant-repository.js';
import { assertUnique, changedFields, planEntry, record, type ApplyContext } from './apply-plan.js';
import { applyKeys } from './apply-keys.js';
import { applyBudgets, applyLimits } from './apply-policies.js';
import { applySubscription } from './apply-subscriptions.js';

type TenantEntry = NonNullable<ConfigFile['tenants']>[number];
type AppEntry = NonNullable<TenantEntry['apps']>[number];
type KeyEntry = NonNullable<ConfigFile['keys']>[number];

/** Creates or updates each tenant with its own limits and budgets (apps come later, see applyApps). */
export async function applyTenants(context: ApplyContext, tenants: readonly TenantEntry[]): Promise<void> {
  assertUnique(
    tenants.map((tenant) => tenant.name),
    'tenants',
    'name',
  );
  for (const [index, entry] of tenants.entries()) {
    const tenant = await ensureTenant(context, entry.name, entry.display_name);
    const owner = { id: tenant.id, tenantId: tenant.id, label: `tenant ${tenant.name}` };
    if (entry.limits !== undefined) await applyLimits(context, { ...owner, scope: 'tenant' }, entry.limits);
    if (entry.budgets !== undefined) {
      await applyBudgets(context, { ...owner, scope: 'tenant' }, entry.budgets, `tenants[${index}].budgets`);
    }
  }
}

/** Creates or updates the apps of each (already applied) tenant, with keys, policies and subscriptions. */
export async function applyApps(context: ApplyContext, tenants: readonly TenantEntry[]): Promise<void> {
  for (const [index, entry] of tenants.entries()) {
    const tenant = await tenantRepository.findByName(context.db, entry.name);
    if (tenant === undefined) throw new Error(`Tenant ${entry.name} was not applied.`);
    const apps = entry.apps ?? [];
    const path = `tenants[${index}].apps`;
    assertUnique(
      apps.map((app) => app.name),
      path,
      'name',
    );
    for (const [appIndex, app] of apps.entries())
      await applyApp(context, tenant, app, `${path}[${appIndex}]`);
  }
}

/** The file's top-level `keys`: they belong to tenant `default`, app `default`, made when missing. */
export async function applyDefaultKeys(context: ApplyContext, keys: readonly KeyEntry[]): Promise<void> {
  if (keys.length === 0) return;
  const tenant = await ensureTenant(context, 'default', undefined);
  const app = await ensureApp(context, tenant, { name: 'default' });
  await applyKeys(context, tenant, app, keys, 'keys');
}

async function applyApp(
  context: ApplyContext,
  tenant: TenantsTable,
  entry: AppEntry,
  path: string,
): Promise<void> {
  const app = await ensureApp(context, tenant, entry);
  const owner = { id: app.id, tenantId: tenant.id, label: `app ${tenant.name}/${app.name}` };
  if (entry.limits !== undefined) await applyLimits(context, { ...owner, scope: 'app' }, entry.limits);
  if (entry.budgets !== undefined)
    await applyBudgets(context, { ...owner, scope: 'app' }, entry.budgets, `${path}.budgets`);
  if (entry.keys !== undefined) await applyKeys(context, tenant, app, entry.keys, `${path}.keys`);
  for (const [index, routeName] of (entry.subscriptions ?? []).entries()) {
    await applySubscription(context, tenant, app, routeName, `${path}.subscriptions[${index}]`);
  }
}

async function ensureTenant(
  context: ApplyContext,
  name: string,
  displayName: string | undefined,
): Promise<TenantsTable> {
  const before = await tenantRepository.findByName(context.db, name);
  const after: TenantsTable = before ?? {
    id: newEntityId('ten'),
    name,
    display_name: displayName ?? name,
    created_at: context.now,
    updated_at: context.now,
  };
  // A display name left out keeps what admins set.
  const changed =
    before === undefined
      ? undefined
      : changedFields(
          { display_name: before.display_name },
          { display_name: displayName ?? before.display_name },
        );
  if (before === undefined) await tenantRepository.insert(context.db, after);
  else if (changed !== undefined && changed.length > 0) {
    after.display_name = displayName ?? before.display_name;
    after.updated_at = context.now;
    await tenantRepository.setDisplayName(context.db, before.id, after.display_name, context.now);
  }
  await record(context, planEntry('tenant', name, changed), {
    action: before === undefined ? 'tenant.create' : 'tenant.update',
    targetType: 'tenant',
    targetId: after.id,
    tenantId: after.id,
    before: before === undefined ? null : { name, display_name: before.display_name },
    after: { name, display_name: after.display_name },
  });
  return after;
}

async function ensureApp(
  context: ApplyContext,
  tenant: TenantsTable,
  entry: { name: string; description?: string; allowed_models?: string[] | null },
): Promise<App> {
  const before = await appRepository.findByName(context.db, tenant.id, entry.name);
  const description = entry.description ?? before?.description ?? '';
  // Left out keeps what admins set; null lifts the list.
  const allowedModels =
    entry.allowed_models === undefined ? (before?.allowed_models ?? null) : entry.allowed_models;
  const after: App =
    before === undefined
      ? {
          id: newEntityId('app'),
          tenant_id: tenant.id,
          name: entry.name,
          description,
          allowed_models: allowedModels,
          created_at: context.now,
          updated_at: context.now,
        }
      : { ...before, description, allowed_models: allowedModels };
  const fields = (row: App) => ({ description: row.description, allowed_models: row.allowed_models });
  const changed = before === undefined ? undefined : changedFields(fields(before), fields(after));
  if (before === undefined) await appRepository.insert(context.db, after);
  else if (changed !== undefined && changed.length > 0) {
    after.updated_at = context.now;
    await appRepository.update(context.db, before.id, after);
  }
  await record(context, planEntry('app', `${tenant.name}/${entry.name}`, changed), {
    action: before === undefined ? 'app.create' : 'app.update',
    targetType: 'app',
    targetId: after.id,
    tenantId: tenant.id,
    before: before === undefined ? null : { name: before.name, ...fields(before) },
    after: { name: after.name, ...fields(after) },
  });
  return after;
}
