import type { RateLimitScope } from '../core/policy-scope.js';
import type { QuotaPeriod } from '../core/quota-period.js';

/** Requests admitted under one quota scope in one period window, as stored (the `quota_usage` table). */
export interface QuotaUsageRow {
  scope: RateLimitScope;
  scopeId: string;
  period: QuotaPeriod;
  /** Start of the period window, epoch ms (UTC midnight, or the 1st of the month). */
  periodStart: number;
  /** Requests admitted in the window (by every process that wrote to the store). */
  requests: number;
}

/** Requests to add to a stored row since the last flush (same fields; `requests` is the delta). */
export type QuotaUsageDelta = QuotaUsageRow;

/**
 * Where admitted quota requests go (the integrator writes them to the store, so quotas survive a
 * restart). Called with a batch by `PolicyEngine.flushSpend()`, from the engine's timer or at
 * shutdown, never on the request path. Must not throw; a failed write is the sink's to retry.
 */
export interface QuotaUsageSink {
  record(changes: QuotaUsageDelta[]): void;
}
