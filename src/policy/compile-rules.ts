import type { BudgetPeriod } from '../core/budget-period.js';
import { microPerUsd } from './micro-usd.js';
import type { BudgetScope, RateLimitScope } from '../core/policy-scope.js';
import type { BudgetRule, PolicyRules, RateLimitRule } from './policy-rules.js';
import { limitCounters, type LimitCounter, type LimitField } from './limit-counters.js';

/**
 * The rate limits and quotas of one scope, with counter keys built once (no string work per
 * request). Each field of `LimitField` is its limit, Infinity when unlimited.
 */
export interface CompiledLimit extends Record<LimitField, number> {
  scope: RateLimitScope;
  scopeId: string;
  /** Counter key of each field, e.g. `rpm app a_1`, `quota day key k_2`. */
  keys: Readonly<Record<LimitField, string>>;
  /** The limits and keys again, indexed like `limitCounters`: the admit loop reads these (no lookups by name). */
  values: number[];
  counterKeys: string[];
  /** Bit `i` set when the limit of `limitCounters[i]` is finite. */
  counterMask: number;
}

/** One budget, with its limits in integer micro-USD (exact sums, see docs/limits-and-budgets.md). */
export interface CompiledBudget {
  rule: BudgetRule;
  key: string;
  limitMicroUsd: number;
}

/** Rules looked up by scope id, one map per scope, so a lookup allocates nothing. */
export interface RuleIndex {
  empty: boolean;
  limits: Readonly<Record<RateLimitScope, ReadonlyMap<string, CompiledLimit>>>;
  budgets: Readonly<Record<BudgetScope, ReadonlyMap<string, readonly CompiledBudget[]>>>;
}

export function budgetCounterKey(scope: BudgetScope, scopeId: string, period: BudgetPeriod): string {
  return `budget ${period} ${scope} ${scopeId}`;
}

/** Validates and indexes a rule set; several rules for one scope combine to the tightest. */
export function compileRules(rules: PolicyRules): RuleIndex {
  const limits: Record<RateLimitScope, Map<string, CompiledLimit>> = {
    key: new Map(),
    app: new Map(),
    tenant: new Map(),
    route: new Map(),
  };
  const budgets: Record<BudgetScope, Map<string, CompiledBudget[]>> = {
    key: new Map(),
    app: new Map(),
    tenant: new Map(),
  };
  for (const rule of rules.limits) {
    const existing = limits[rule.scope].get(rule.scopeId);
    const compiled = existing ?? compileLimit(rule);
    for (const { field } of limitCounters) compiled[field] = Math.min(compiled[field], positive(rule, field));
    limits[rule.scope].set(rule.scopeId, compiled);
  }
  for (const rule of rules.budgets) {
    if (!(rule.limitUsd >= 0) || !(rule.softRatio >= 0 && rule.softRatio <= 1)) {
      throw new RangeError(
        `Budget ${rule.scope} ${rule.scopeId} ${rule.period}: limitUsd must be ≥ 0 and softRatio within 0..1.`,
      );
    }
    const list = budgets[rule.scope].get(rule.scopeId) ?? [];
    const key = budgetCounterKey(rule.scope, rule.scopeId, rule.period);
    const limitMicroUsd = Math.round(rule.limitUsd * microPerUsd);
    const same = list.findIndex((budget) => budget.key === key);
    if (same === -1) list.push({ rule, key, limitMicroUsd });
    else if (limitMicroUsd < list[same]!.limitMicroUsd) list[same] = { rule, key, limitMicroUsd };
    budgets[rule.scope].set(rule.scopeId, list);
  }
  for (const map of Object.values(limits)) {
    for (const compiled of map.values()) {
      compiled.values = limitCounters.map((counter) => compiled[counter.field]);
      compiled.counterKeys = limitCounters.map((counter) => compiled.keys[counter.field]);
      compiled.counterMask = compiled.values.reduce(
        (mask, value, index) => (value === Infinity ? mask : mask | (1 << index)),
        0,
      );
    }
  }
  const empty =
    Object.values(limits).every((map) => map.size === 0) &&
    Object.values(budgets).every((map) => map.size === 0);
  return { empty, limits, budgets };
}

/** Key of the counter `counter` keeps for one scope: also how stored quota usage finds its counter. */
export function limitCounterKey(counter: LimitCounter, scope: RateLimitScope, scopeId: string): string {
  return `${counter.keyPrefix} ${scope} ${scopeId}`;
}

function compileLimit(rule: RateLimitRule): CompiledLimit {
  const keys = {} as Record<LimitField, string>;
  for (const counter of limitCounters)
    keys[counter.field] = limitCounterKey(counter, rule.scope, rule.scopeId);
  return {
    scope: rule.scope,
    scopeId: rule.scopeId,
    requestsPerMonth: Infinity,
    requestsPerDay: Infinity,
    concurrent: Infinity,
    requestsPerSecond: Infinity,
    requestsPerMinute: Infinity,
    tokensPerMinute: Infinity,
    keys,
    values: [],
    counterKeys: [],
    counterMask: 0,
  };
}

function positive(rule: RateLimitRule, field: LimitField): number {
  const value = rule[field];
  if (value === undefined) return Infinity;
  if (!(value >= 0)) throw new RangeError(`Rate limit ${rule.scope} ${rule.scopeId}: ${field} must be ≥ 0.`);
  return value;
}
