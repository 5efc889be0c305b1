import type { HttpServiceSpec } from '../config/http-service-schema.js';
import type { JsonObject } from '../core/chat.js';
import type { Lifecycle, SubscriptionStatus, Visibility } from '../storage/database-schema.js';

/** Who is calling the data plane: the API key and the app and tenant that own it. */
export interface Caller {
  keyId: string;
  keyName: string;
  /** Visible start of the key, for logs. */
  keyPrefix: string;
  appId: string;
  tenantId: string;
  /**
   * The model allow-lists of the app and of the key, each present only when set: a model name
   * must be in every one of them. Empty: no restriction beyond subscriptions.
   */
  allowedModels: readonly ReadonlySet<string>[];
}

/** An API key as the data plane needs it: the owner and when it stops working. */
export interface KeyGrant extends Caller {
  expiresAt: number | null;
  revokedAt: number | null;
}

/** An app as a JWT consumer maps to it: its owner and its model allow-list. */
export interface AppGrant {
  id: string;
  name: string;
  tenantId: string;
  /** The app's model allow-list, when it has one; absent: no restriction. */
  allowedModels?: ReadonlySet<string>;
}

/** The governance facts of a route (service). */
export interface ServiceGrant {
  id: string;
  name: string;
  /** Owner; null for platform routes. */
  tenantId: string | null;
  visibility: Visibility;
  lifecycle: Lifecycle;
  requiresApproval: boolean;
  logBodies: boolean;
}

/**
 * The in-memory snapshot of everything the data plane checks per request, so the hot path never
 * waits on the store. Replaced whole when the control plane changes something.
 */
export interface GovernanceSnapshot {
  /** Keys by their HMAC digest. */
  keysByHash: ReadonlyMap<string, KeyGrant>;
  servicesByName: ReadonlyMap<string, ServiceGrant>;
  /** Subscription status by `${appId} ${routeId}`. */
  subscriptions: ReadonlyMap<string, SubscriptionStatus>;
  /** Tenant handles by tenant id, to match `server.direct_model_tenants`. */
  tenantNames: ReadonlyMap<string, string>;
  /** The HTTP (REST) services the data plane routes to, with their live release's settings. */
  httpServices: readonly HttpServiceEntry[];
  /** Every app by id: JWT consumers name their app by claim, not by key. */
  appsById: ReadonlyMap<string, AppGrant>;
  /** Every app by `appByNameKey(tenantId, appName)`. */
  appsByTenantAndName: ReadonlyMap<string, AppGrant>;
}

/** An HTTP service as the data plane serves it: its live release, its upstream credential opened. */
export interface HttpServiceEntry {
  id: string;
  name: string;
  /** Owner; null for platform services. */
  tenantId: string | null;
  /** The live release's settings. */
  spec: HttpServiceSpec;
  /** The number of the live release. */
  release: number;
  /** The opened value of `spec.upstream_credential`, when one is set; never logged. */
  credentialValue?: string;
  /** The OpenAPI document the service was imported from or given, when any. */
  openapi?: JsonObject;
}

/** Whether every allow-list of the caller names `model` (true when there are none or no caller). */
export function modelAllowed(caller: Caller | undefined, model: string): boolean {
  return caller === undefined || caller.allowedModels.every((list) => list.has(model));
}

export function subscriptionKey(appId: string, routeId: string): string {
  return `${appId} ${routeId}`;
}

/** The key of `GovernanceSnapshot.appsByTenantAndName`. */
export function appByNameKey(tenantId: string, appName: string): string {
  return `${tenantId} ${appName}`;
}
