/** Shapes of admin API answers the console reads (see the OpenAPI document at /api/docs). */

/** A list endpoint's page; `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Role = 'platform_admin' | 'tenant_admin' | 'developer' | 'viewer';

export interface User {
  id: string;
  username: string;
  role: Role;
  tenant_id: string | null;
  disabled: boolean;
  /** True while the password is one-time: every call but me/password/logout answers 403. */
  must_change_password: boolean;
  created_at: number;
  updated_at: number;
}

export interface Tenant {
  id: string;
  name: string;
  display_name: string;
  created_at: number;
  updated_at: number;
}

export interface Provider {
  id: string;
  type: string;
  base_url?: string;
  secrets: Record<string, 'set'>;
  created_at: number;
  updated_at: number;
}

export interface RouteTarget {
  provider: string;
  model: string;
  weight?: number;
}

export interface ModelRoute {
  id: string;
  name: string;
  spec: { targets: RouteTarget[]; strategy?: string };
  tenant_id: string | null;
  visibility: 'private' | 'shared';
  lifecycle: 'draft' | 'published' | 'deprecated' | 'retired';
  requires_approval: boolean;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface App {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  allowed_models: string[] | null;
  created_at: number;
  updated_at: number;
}

/** An API key as lists show it: its prefix, never the key. */
export interface ApiKey {
  id: string;
  tenant_id: string;
  app_id: string;
  name: string;
  prefix: string;
  /** Epoch ms; null: never expires. A rotated key expires when its grace period ends. */
  expires_at: number | null;
  revoked_at: number | null;
  /** The key that replaced this one, when rotated. */
  rotated_to: string | null;
  allowed_models: string[] | null;
  last_used_at: number | null;
  created_at: number;
}

/** A key just created or rotated: `key` is in this answer only. */
export interface NewApiKey extends ApiKey {
  key: string;
}

export type SubscriptionStatus = 'pending' | 'approved' | 'rejected' | 'revoked';

export interface Subscription {
  id: string;
  tenant_id: string;
  app_id: string;
  route_id: string;
  route_name: string;
  status: SubscriptionStatus;
  /** The reason given with a rejection or revocation. */
  reason: string | null;
  /** User id, `token:<id>`, or `system` when no approval was needed. */
  decided_by: string | null;
  decided_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One recorded call (GET /api/admin/logs; docs/call-log.md). */
export interface Call {
  /** Start time, epoch ms. */
  at: number;
  /** Portico's id, sent as x-request-id. */
  requestId: string;
  clientRequestId: string | null;
  tenantId: string | null;
  appId: string | null;
  keyId: string | null;
  keyPrefix: string | null;
  route: string | null;
  provider: string | null;
  model: string | null;
  endpoint: string;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  /** Time to the first streamed byte. */
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Upstream attempts made (retries and fallbacks included). */
  attempts: number;
  stream: boolean;
  hasBodies: boolean;
  /** Redacted bodies, on the detail answer only, when the route records them. */
  bodies?: { request: string; response: string };
}

/** One time bucket of one group from GET /api/admin/analytics. */
export interface AnalyticsRow {
  /** Bucket start, epoch ms. */
  bucketStart: number;
  /** The grouped dimensions' values (`{ route: 'chat' }`); empty without group_by. */
  group: Record<string, string | null>;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costUsd: number;
  latencyMean: number;
  /** Within about ±9% (histogram buckets); null without calls. */
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
}

/** One audit-log row: who changed what, with the object before and after (secrets masked). */
export interface AuditEntry {
  id: number;
  at: number;
  /** User id, `token:<id>`, `system`, `cli-apply` or `anonymous`. */
  actor: string;
  /** `key.rotate`, `subscription.approve`, ... */
  action: string;
  target_type: string;
  target_id: string;
  tenant_id: string | null;
  before: unknown;
  after: unknown;
}
