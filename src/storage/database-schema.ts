import type { ColumnType, Generated } from 'kysely';
import type { BudgetPeriod } from '../core/budget-period.js';
import type { BudgetScope, RateLimitScope as PolicyScope } from '../core/policy-scope.js';
import type { QuotaPeriod } from '../core/quota-period.js';

/*
 * The tables of the store, as Kysely sees them. One schema for SQLite and PostgreSQL, so the
 * column types keep to what both agree on: timestamps are epoch milliseconds (bigint), JSON is
 * text, booleans are 0/1 integers, ids are prefixed random text (see newEntityId).
 */

/** Epoch milliseconds. */
export type EpochMs = number;
/** 0 or 1. */
export type Flag = number;

export type Role = 'platform_admin' | 'tenant_admin' | 'developer' | 'viewer';
export type Lifecycle = 'draft' | 'published' | 'deprecated' | 'retired';
export type Visibility = 'private' | 'shared';
/** What a row of `routes` is: a model route (virtual model) or an HTTP (REST) service. */
export type ServiceKind = 'model' | 'http';
export type SubscriptionStatus = 'pending' | 'approved' | 'rejected' | 'revoked';
// The policy columns' value types are the domain's (src/core/), named here as the columns know them.
export type { BudgetPeriod, BudgetScope, PolicyScope };

export interface TenantsTable {
  id: string;
  /** Unique, url-safe handle (`team-a`). */
  name: string;
  display_name: string;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface UsersTable {
  id: string;
  /** Unique login name (an email or a handle). */
  username: string;
  /** argon2id PHC string. */
  password_hash: string;
  role: Role;
  /** The tenant a tenant admin, developer or viewer belongs to; null for platform admins. */
  tenant_id: string | null;
  disabled: Flag;
  /**
   * 1 while the password is a generated or reset one: its sessions may only change it
   * (403 `password_change_required` elsewhere). Default 0.
   */
  must_change_password: Flag;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** Browser sessions and admin API tokens: both are bearer secrets stored as HMAC digests. */
export interface CredentialsTable {
  id: string;
  kind: 'session' | 'token';
  user_id: string;
  name: string;
  /** First characters of the secret, shown in lists. */
  prefix: string;
  secret_hash: string;
  expires_at: EpochMs | null;
  revoked_at: EpochMs | null;
  last_used_at: EpochMs | null;
  created_at: EpochMs;
}

export interface AppsTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  /** JSON array of the model names the app's keys may call; null: no restriction. */
  allowed_models: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  app_id: string;
  name: string;
  /** Visible start of the key (`pk_live_ab12`), for lists and logs. */
  prefix: string;
  /** HMAC-SHA256 of the whole key under the store's key-hashing secret. */
  key_hash: string;
  expires_at: EpochMs | null;
  revoked_at: EpochMs | null;
  /** Set on the old key by a rotation; the key stops working at `expires_at` (the grace end). */
  rotated_to: string | null;
  /** JSON array of the model names this key may call (within its app's list); null: no restriction. */
  allowed_models: string | null;
  last_used_at: EpochMs | null;
  created_at: EpochMs;
}

export interface ProvidersTable {
  /** The provider id routes name (`openai-main`). */
  id: string;
  type: string;
  /** The provider's config-file entry (snake_case) without its secrets, as JSON. */
  spec: string;
  /** AES-256-GCM sealed JSON of the secret fields (`api_key`, `api_keys`, ...); null when keyless. */
  secrets: string | null;
  /** Where each secret came from (`{"api_key":"env:OPENAI_API_KEY"}`), so export can write references. */
  secret_refs: string;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A route (virtual model) is a service: the model name clients send. */
export interface RoutesTable {
  id: string;
  /** The model name clients send; unique. */
  name: string;
  /** The route's config-file entry (`targets`, `strategy`, `retries`, ...) as JSON. */
  spec: string;
  /** Owning tenant; null for routes the platform owns. */
  tenant_id: string | null;
  visibility: Visibility;
  lifecycle: Lifecycle;
  requires_approval: Flag;
  /** Record request and response bodies in the call log (redacted, size-capped). */
  log_bodies: Flag;
  description: string;
  /** 'model' (the default, so inserts may leave it out) or 'http'; names are unique across both kinds. */
  kind: ColumnType<ServiceKind, ServiceKind | undefined, ServiceKind>;
  /** HTTP services: the sealed value of `spec.upstream_credential` (SecretBox); null otherwise. */
  credential_sealed: string | null;
  /** HTTP services: the OpenAPI document (JSON) the service was imported from or given. */
  openapi: string | null;
  /** HTTP services: the number of the live release in `service_releases`. */
  release: number | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** Every spec an HTTP service had: immutable, numbered 1, 2, ... per service. */
export interface ServiceReleasesTable {
  id: string;
  service_id: string;
  number: number;
  /** The service's spec at this release (JSON, the credential value left out). */
  spec: string;
  /** Why: `create`, `update`, `rollback to 3`, or the caller's note. */
  note: string;
  /** User id, `cli-apply`, ...; null when unknown. */
  created_by: string | null;
  created_at: EpochMs;
}

export interface SubscriptionsTable {
  id: string;
  tenant_id: string;
  app_id: string;
  route_id: string;
  status: SubscriptionStatus;
  /** Why it was rejected or revoked. */
  reason: string | null;
  decided_by: string | null;
  decided_at: EpochMs | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** Rate limits of one key, app, tenant or route; a null field means no limit of that kind. */
export interface RateLimitsTable {
  id: string;
  scope: PolicyScope;
  scope_id: string;
  /** Tenant the scope belongs to (null for routes), for isolation checks. */
  tenant_id: string | null;
  requests_per_second: number | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  concurrent: number | null;
  /** Quotas: requests per calendar day / month (UTC); migration 0008. */
  requests_per_day: number | null;
  requests_per_month: number | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** Requests admitted under a quota, per scope and calendar window; added to, never rewritten. */
export interface QuotaUsageTable {
  scope: PolicyScope;
  scope_id: string;
  period: QuotaPeriod;
  /** Start of the window, epoch ms (UTC midnight, or the 1st of the month). */
  period_start: EpochMs;
  requests: number;
  updated_at: EpochMs;
}

export interface BudgetsTable {
  id: string;
  scope: BudgetScope;
  scope_id: string;
  tenant_id: string;
  period: BudgetPeriod;
  limit_usd: number;
  /** Share of the limit (0..1) at which the alert webhook fires once per period. */
  soft_ratio: number;
  webhook_url: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** Money spent per budget scope and period window; the counters budgets start from after a restart. */
export interface SpendTable {
  scope: BudgetScope;
  scope_id: string;
  period: BudgetPeriod;
  /** Start of the period window (UTC midnight, Monday, first of month). */
  period_start: EpochMs;
  spent_usd: number;
  /** When the soft-threshold alert was sent for this window. */
  alerted_at: EpochMs | null;
  updated_at: EpochMs;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: EpochMs;
  /** User id, `token:<id>`, `anonymous`, or `system` / `cli-apply` / `cli`. */
  actor: string;
  /** `tenant.create`, `key.revoke`, `subscription.approve`, ... */
  action: string;
  target_type: string;
  target_id: string;
  /** Tenant the change belongs to; null for platform-wide objects. */
  tenant_id: string | null;
  /** JSON with secrets masked; null when created. */
  before: string | null;
  /** JSON with secrets masked; null when deleted. */
  after: string | null;
}

/** Small key-value settings of the store itself (schema generation, key-hashing salt check). */
export interface StoreMetaTable {
  key: string;
  value: string;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  credentials: CredentialsTable;
  apps: AppsTable;
  api_keys: ApiKeysTable;
  providers: ProvidersTable;
  routes: RoutesTable;
  service_releases: ServiceReleasesTable;
  subscriptions: SubscriptionsTable;
  rate_limits: RateLimitsTable;
  quota_usage: QuotaUsageTable;
  budgets: BudgetsTable;
  spend: SpendTable;
  audit_log: AuditLogTable;
  store_meta: StoreMetaTable;
}
