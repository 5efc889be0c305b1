import type { Selectable } from 'kysely';
import type { HttpServiceSpec } from '../config/http-service-schema.js';
import type { JsonObject } from '../core/chat.js';
import type {
  AppGrant,
  GovernanceSnapshot,
  HttpServiceEntry,
  KeyGrant,
  ServiceGrant,
} from './governance-snapshot.js';
import { appByNameKey, subscriptionKey } from './governance-snapshot.js';
import { fromAllowedModelsColumn } from '../storage/allowed-models-column.js';
import type { BudgetsTable, RateLimitsTable, RoutesTable, SpendTable } from '../storage/database-schema.js';
import type { Store } from '../storage/open-store.js';
import type { SecretBox } from '../storage/secret-box.js';

/** Provider and route entries in the config file's format, secrets opened, ready to resolve. */
export interface StoredResources {
  providers: Record<string, unknown>[];
  models: Record<string, unknown>[];
}

/** Everything the data plane reads from the store, loaded at start and after each change. */
export interface LoadedGovernance {
  snapshot: GovernanceSnapshot;
  resources: StoredResources;
  limits: RateLimitsTable[];
  budgets: BudgetsTable[];
  /** Spend of the current and earlier windows; the policy engine keeps what is current. */
  spend: SpendTable[];
  /** True when at least one API key exists: then every data-plane call needs one. */
  keysRequired: boolean;
}

/**
 * Reads the whole governance state in one pass. It is small (keys, routes, policies — not call
 * logs), so a full reload on change is simpler and safer than incremental patches.
 */
export async function loadGovernance(
  store: Store,
  secrets: SecretBox,
  nowMs: number,
): Promise<LoadedGovernance> {
  const db = store.db;
  const [keys, apps, tenants, routes, subscriptions, providers, limits, budgets, spend] = await Promise.all([
    db.selectFrom('api_keys').selectAll().execute(),
    db.selectFrom('apps').select(['id', 'tenant_id', 'name', 'allowed_models']).execute(),
    db.selectFrom('tenants').select(['id', 'name']).execute(),
    db.selectFrom('routes').selectAll().orderBy('created_at').orderBy('name').execute(),
    db.selectFrom('subscriptions').select(['app_id', 'route_id', 'status']).execute(),
    db.selectFrom('providers').selectAll().orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('rate_limits').selectAll().execute(),
    db.selectFrom('budgets').selectAll().execute(),
    // Only windows that can still be current: a month is the longest period.
    db
      .selectFrom('spend')
      .selectAll()
      .where('period_start', '>=', nowMs - 32 * 86_400_000)
      .execute(),
  ]);
  const appLists = new Map(apps.map((app) => [app.id, parseAllowedModels(app.allowed_models)] as const));
  const appsById = new Map<string, AppGrant>();
  const appsByTenantAndName = new Map<string, AppGrant>();
  for (const app of apps) {
    const allowedModels = appLists.get(app.id);
    const grant: AppGrant = {
      id: app.id,
      name: app.name,
      tenantId: app.tenant_id,
      ...(allowedModels && { allowedModels }),
    };
    appsById.set(app.id, grant);
    appsByTenantAndName.set(appByNameKey(app.tenant_id, app.name), grant);
  }
  const keysByHash = new Map<string, KeyGrant>();
  for (const key of keys) {
    const lists = [appLists.get(key.app_id), parseAllowedModels(key.allowed_models)];
    keysByHash.set(key.key_hash, {
      keyId: key.id,
      keyName: key.name,
      keyPrefix: key.prefix,
      appId: key.app_id,
      tenantId: key.tenant_id,
      allowedModels: lists.filter((list) => list !== undefined),
      expiresAt: key.expires_at,
      revokedAt: key.revoked_at,
    });
  }
  const servicesByName = new Map<string, ServiceGrant>();
  const models: Record<string, unknown>[] = [];
  const httpServices: HttpServiceEntry[] = [];
  for (const route of routes) {
    servicesByName.set(route.name, {
      id: route.id,
      name: route.name,
      tenantId: route.tenant_id,
      visibility: route.visibility,
      lifecycle: route.lifecycle,
      requiresApproval: route.requires_approval === 1,
      logBodies: route.log_bodies === 1,
    });
    if (route.lifecycle === 'retired') continue;
    if (route.kind === 'http') httpServices.push(httpServiceEntry(route, secrets));
    else models.push({ ...parseObject(route.spec), name: route.name });
  }
  const subscriptionStatus = new Map(
    subscriptions.map((row) => [subscriptionKey(row.app_id, row.route_id), row.status] as const),
  );
  return {
    snapshot: {
      keysByHash,
      servicesByName,
      subscriptions: subscriptionStatus,
      tenantNames: new Map(tenants.map((tenant) => [tenant.id, tenant.name])),
      httpServices,
      appsById,
      appsByTenantAndName,
    },
    resources: {
      providers: providers.map((row) => ({
        ...parseObject(row.spec),
        ...(row.secrets === null ? {} : parseObject(secrets.open(row.secrets))),
        id: row.id,
        type: row.type,
      })),
      models,
    },
    limits,
    budgets,
    spend,
    keysRequired: keys.length > 0,
  };
}

/**
 * An HTTP service as the data plane serves it. Retired services are left out (404); drafts are
 * loaded and the data plane answers them only as `ServiceGrant.lifecycle` allows.
 */
function httpServiceEntry(route: Selectable<RoutesTable>, secrets: SecretBox): HttpServiceEntry {
  const spec = JSON.parse(route.spec) as HttpServiceSpec;
  return {
    id: route.id,
    name: route.name,
    tenantId: route.tenant_id,
    spec,
    release: route.release ?? 1,
    ...(route.credential_sealed === null ? {} : { credentialValue: secrets.open(route.credential_sealed) }),
    ...(route.openapi === null ? {} : { openapi: JSON.parse(route.openapi) as JsonObject }),
  };
}

/** A stored allow-list as a set; undefined when there is none. */
function parseAllowedModels(text: string | null): ReadonlySet<string> | undefined {
  const names = fromAllowedModelsColumn(text);
  return names === null ? undefined : new Set(names);
}

function parseObject(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
