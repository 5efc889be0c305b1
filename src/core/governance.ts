import type { Lifecycle, SubscriptionStatus, Visibility } from '../storage/database-schema.js';

/** Who is calling the data plane: the API key and the app and tenant that own it. */
export interface Caller {
  keyId: string;
  keyName: string;
  /** Visible start of the key, for logs. */
  keyPrefix: string;
  appId: string;
  tenantId: string;
}

/** An API key as the data plane needs it: the owner and when it stops working. */
export interface KeyGrant extends Caller {
  expiresAt: number | null;
  revokedAt: number | null;
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
}

export function subscriptionKey(appId: string, routeId: string): string {
  return `${appId} ${routeId}`;
}
