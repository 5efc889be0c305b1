import { Document } from 'yaml';
import type { ConfigFile } from '../../config/config-schema.js';
import { fromAllowedModelsColumn } from '../../storage/allowed-models-column.js';
import type { BudgetsTable, RateLimitsTable } from '../../storage/database-schema.js';
import type { Store } from '../../storage/open-store.js';
import { budgetRepository } from '../../storage/repositories/budget-repository.js';
import { limitRepository } from '../../storage/repositories/limit-repository.js';
import { setRateLimits } from '../../storage/rate-limit-columns.js';
import { providerRepository } from '../../storage/repositories/provider-repository.js';
import { httpServiceRepository } from '../../storage/repositories/http-service-repository.js';
import { serviceRepository } from '../../storage/repositories/service-repository.js';
import { subscriptionRepository } from '../../storage/repositories/subscription-repository.js';
import type { SecretBox } from '../../storage/secret-box.js';
import {
  joinProvider,
  openSecrets,
  secretValues,
  type ProviderEntry,
  type ProviderSecrets,
} from './provider-secrets.js';

type TenantEntry = NonNullable<ConfigFile['tenants']>[number];

/**
 * The store as a document `applyDocument` accepts: providers with each secret as a `${VAR}`
 * reference (the variable it came from, else `PORTICO_<PROVIDER>_<FIELD>`), routes with their
 * service fields, tenants with apps, limits, budgets and approved subscriptions. API keys are
 * listed in a comment only: the store keeps their hashes, not the keys.
 */
export async function exportDocument(store: Store, secrets: SecretBox): Promise<string> {
  const db = store.db;
  const [providers, routes, services, tenants, apps, keys, subscriptions, limits, budgets] =
    await Promise.all([
      providerRepository.listAll(db),
      serviceRepository.listAll(db),
      httpServiceRepository.listAll(db),
      db.selectFrom('tenants').selectAll().orderBy('name').execute(),
      db.selectFrom('apps').selectAll().orderBy('name').execute(),
      db.selectFrom('api_keys').selectAll().orderBy('name').execute(),
      subscriptionRepository.listApproved(db),
      limitRepository.listAll(db),
      budgetRepository.listAll(db),
    ]);
  const tenantNames = new Map(tenants.map((tenant) => [tenant.id, tenant.name]));
  const limitOf = (scope: RateLimitsTable['scope'], id: string) =>
    limits.find((row) => row.scope === scope && row.scope_id === id);
  const budgetsOf = (scope: BudgetsTable['scope'], id: string) =>
    budgets.filter((row) => row.scope === scope && row.scope_id === id).map(budgetEntry);

  // HTTP services: the credential's header only; its value stays in the store (write-only).
  const serviceEntries = services.map((row) => {
    const limit = limitOf('route', row.id);
    return {
      name: row.name,
      ...row.spec,
      ...(row.tenant_id === null ? {} : { tenant: tenantNames.get(row.tenant_id) ?? row.tenant_id }),
      visibility: row.visibility,
      lifecycle: row.lifecycle,
      requires_approval: row.requires_approval === 1,
      log_bodies: row.log_bodies === 1,
      description: row.description,
      ...(limit === undefined ? {} : { limits: setRateLimits(limit) }),
      ...(row.openapi === null ? {} : { openapi: row.openapi }),
    };
  });
  const document: Pick<ConfigFile, 'providers' | 'models' | 'tenants'> = {
    providers: providers.map((row) => {
      const opened = openSecrets(secrets, row.secrets, row.spec);
      const entry = joinProvider(row.id, row.type, row.spec, opened);
      return referencedProvider(entry, opened, row.secret_refs);
    }),
    models: routes.map((row) => {
      const limit = limitOf('route', row.id);
      return {
        name: row.name,
        ...row.spec,
        ...(row.tenant_id === null ? {} : { tenant: tenantNames.get(row.tenant_id) ?? row.tenant_id }),
        visibility: row.visibility,
        lifecycle: row.lifecycle,
        requires_approval: row.requires_approval === 1,
        log_bodies: row.log_bodies === 1,
        description: row.description,
        ...(limit === undefined ? {} : { limits: setRateLimits(limit) }),
      };
    }),
    tenants: tenants.map((tenant): TenantEntry => {
      const limit = limitOf('tenant', tenant.id);
      const tenantBudgets = budgetsOf('tenant', tenant.id);
      return {
        name: tenant.name,
        display_name: tenant.display_name,
        ...(limit === undefined ? {} : { limits: setRateLimits(limit) }),
        ...(tenantBudgets.length === 0 ? {} : { budgets: tenantBudgets }),
        apps: apps
          .filter((app) => app.tenant_id === tenant.id)
          .map((app) => {
            const appLimit = limitOf('app', app.id);
            const appBudgets = budgetsOf('app', app.id);
            const names = subscriptions.filter((row) => row.app_id === app.id).map((row) => row.name);
            return {
              name: app.name,
              description: app.description,
              ...(app.allowed_models === null
                ? {}
                : { allowed_models: fromAllowedModelsColumn(app.allowed_models) }),
              ...(appLimit === undefined ? {} : { limits: setRateLimits(appLimit) }),
              ...(appBudgets.length === 0 ? {} : { budgets: appBudgets }),
              ...(names.length === 0 ? {} : { subscriptions: names }),
            };
          }),
      };
    }),
  };

  const exported = services.length === 0 ? document : { ...document, services: serviceEntries };
  const yaml = new Document(exported);
  const keyLines = keys.map((key) => {
    const app = apps.find((row) => row.id === key.app_id);
    const state = key.revoked_at !== null ? ' (revoked)' : '';
    return `  ${tenantNames.get(key.tenant_id) ?? key.tenant_id}/${app?.name ?? key.app_id}: ${key.name} (${key.prefix}…)${state}`;
  });
  const keyPolicies =
    limits.filter((row) => row.scope === 'key').length + budgets.filter((row) => row.scope === 'key').length;
  yaml.commentBefore = [
    ' Exported from the Portico store. Secrets are ${VAR} references: set the variables before applying.',
    ' Applying is non-destructive: objects missing here are not deleted (there is no --prune yet).',
    keys.length === 0
      ? ' API keys: none.'
      : ' API keys are not exported (the store keeps only their hashes):\n' +
        keyLines.map((line) => ` ${line}`).join('\n'),
    ...(keyPolicies === 0 ? [] : [` ${keyPolicies} key-level limit(s)/budget(s) are not exported.`]),
  ].join('\n');
  return yaml.toString({ lineWidth: 0 });
}

/** The provider entry with each secret value replaced by a `${VAR}` reference. */
function referencedProvider(
  entry: ProviderEntry,
  secrets: ProviderSecrets,
  refs: Record<string, string>,
): ProviderEntry {
  const result: Record<string, unknown> = { ...entry };
  for (const path of secretValues(secrets).keys()) {
    const known = refs[path];
    const variable = known?.startsWith('env:')
      ? known.slice('env:'.length)
      : `PORTICO_${entry.id}_${path}`
          .toUpperCase()
          .replace(/[^A-Z0-9]+/g, '_')
          .replace(/_+$/, '');
    setPath(result, path, `\${${variable}}`);
  }
  return result as ProviderEntry;
}

function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const item = /^(\w+)\[(\d+)\]$/.exec(path);
  if (item?.[1] !== undefined && item[2] !== undefined) {
    const list = [...(target[item[1]] as unknown[])];
    list[Number(item[2])] = value;
    target[item[1]] = list;
    return;
  }
  if (path.startsWith('headers.')) {
    target['headers'] = {
      ...(target['headers'] as Record<string, string>),
      [path.slice('headers.'.length)]: value,
    };
    return;
  }
  target[path] = value;
}

function budgetEntry(row: BudgetsTable) {
  return {
    period: row.period,
    limit_usd: row.limit_usd,
    soft_ratio: row.soft_ratio,
    ...(row.webhook_url === null ? {} : { webhook_url: row.webhook_url }),
  };
}
