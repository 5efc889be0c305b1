import type { BudgetPeriod } from '../core/budget-period.js';
import type { BudgetScope, RateLimitScope } from '../core/policy-scope.js';

/** Rate limits of one key, app, tenant or route. An absent limit means unlimited. */
export interface RateLimitRule {
  scope: RateLimitScope;
  /** Id of the key, app, tenant or route. */
  scopeId: string;
  /** Requests admitted per sliding second (the per-minute algorithm with a 1 s window). */
  requestsPerSecond?: number;
  /** Requests admitted per sliding minute. */
  requestsPerMinute?: number;
  /** Tokens (input estimate + output) per sliding minute; each call reserves its estimate. */
  tokensPerMinute?: number;
  /** Calls in flight at once. */
  concurrent?: number;
  /** Quota: requests admitted per calendar day (UTC); never given back, whatever the call's outcome. */
  requestsPerDay?: number;
  /** Quota: requests admitted per calendar month (UTC, from the 1st). */
  requestsPerMonth?: number;
}

/** A money budget of one key, app or tenant per calendar period (UTC). */
export interface BudgetRule {
  scope: BudgetScope;
  scopeId: string;
  /** Tenant the scope belongs to; passed to alerts and spend rows. */
  tenantId: string;
  period: BudgetPeriod;
  /** Hard limit in USD for one period; a call whose maximum cost does not fit is refused (402). */
  limitUsd: number;
  /** Share of the limit (0..1) at which the soft-threshold alert fires, once per period. */
  softRatio: number;
  /** Where the soft-threshold alert is posted; absent: the alerter still hears of it. */
  webhookUrl?: string;
}

/** The policy set the engine enforces; replaced whole when an admin changes it. */
export interface PolicyRules {
  limits: ReadonlyArray<RateLimitRule>;
  budgets: ReadonlyArray<BudgetRule>;
}

/** What the engine needs to know about a call before it goes upstream. Absent ids skip that scope. */
export interface AdmitRequest {
  keyId?: string | undefined;
  appId?: string | undefined;
  tenantId?: string | undefined;
  /** The route (virtual model) the call targets. */
  routeId?: string | undefined;
  /** Tokens reserved against tokens-per-minute limits: input estimate + reserved output of every choice. */
  estimatedTokens: number;
  /** USD reserved against budgets: input estimate × input price + reserved output × output price. */
  maxCostUsd: number;
  /**
   * `provider/model` of a target without a price, so `maxCostUsd` is no bound: a budget that
   * applies refuses the call (`model_unpriced`). Absent when every target is priced.
   */
  unpricedModel?: string | undefined;
}

/** What the call really used; zeros when it failed before any upstream usage. */
export interface ActualUsage {
  /** Input + output tokens the provider reported. */
  tokens: number;
  costUsd: number;
}
