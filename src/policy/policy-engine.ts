import { Admission, type LimitHeader } from './admission.js';
import { AdmissionEntries } from './admission-entries.js';
import { periodStart } from '../core/period-start.js';
import { budgetPeriodEnd } from '../core/budget-period.js';
import {
  budgetCounterKey,
  compileRules,
  type CompiledBudget,
  type CompiledLimit,
  type RuleIndex,
} from './compile-rules.js';
import { emptyCounterEntry, type CounterEntry, type CounterStore } from './counter-store.js';
import { quotaDayGroup, quotaMonthGroup, requestsGroup, tokensGroup } from './limit-counters.js';
import { MemoryCounterStore } from './memory-counter-store.js';
import type { ActualUsage, AdmitRequest, PolicyRules } from './policy-rules.js';
import { QuotaLedger } from './quota-ledger.js';
import type { QuotaUsageRow, QuotaUsageSink } from './quota-ports.js';
import { SpendLedger } from './spend-ledger.js';
import { refusalError, unpricedError } from './refusal-error.js';
import { toMicroUsd, toMicroUsdCeil } from './micro-usd.js';
import type { BudgetAlerter, SpendRow, SpendSink } from './spend-ports.js';

export interface PolicyEngineOptions {
  /** Where counters live; absent: a MemoryCounterStore (one process). */
  store?: CounterStore;
  /** Receives settled spend in batches from `flushSpend()`; absent: spend is only counted. */
  spendSink?: SpendSink;
  /** Hears of soft budget thresholds; absent: no alerts. */
  alerter?: BudgetAlerter;
  /** Receives admitted quota requests in batches from `flushSpend()`; absent: they are only counted. */
  quotaSink?: QuotaUsageSink;
  /** Ms between automatic spend flushes once `start()` was called; default 1000. */
  spendFlushIntervalMs?: number;
}

const minuteMs = 60_000;

/**
 * Enforces rate limits and budgets by reservation: `admit` reserves a call's worst case in every
 * applicable counter at once (or refuses), `settle` replaces the reservation by what the call
 * really used. Synchronous and allocation-light: it runs on every request. Model and bounds:
 * docs/limits-and-budgets.md.
 */
export class PolicyEngine {
  private index: RuleIndex = compileRules({ limits: [], budgets: [] });
  private readonly store: CounterStore;
  private readonly ledger: SpendLedger;
  private readonly quotas: QuotaLedger;
  private readonly spendSink: SpendSink | undefined;
  private readonly flushIntervalMs: number;
  private flushTimer: NodeJS.Timeout | undefined;
  // Scratch space reused by every admit (safe: admit runs to completion before the next starts).
  private readonly scratch = new AdmissionEntries();
  private readonly headers: Array<LimitHeader | undefined> = [undefined, undefined, undefined, undefined];
  private readonly foundLimits: CompiledLimit[] = [];
  private readonly foundBudgets: CompiledBudget[] = [];

  constructor(options: PolicyEngineOptions = {}) {
    this.store = options.store ?? new MemoryCounterStore();
    this.ledger = new SpendLedger(options.alerter);
    this.spendSink = options.spendSink;
    this.quotas = new QuotaLedger(this.store, options.quotaSink);
    this.flushIntervalMs = options.spendFlushIntervalMs ?? 1000;
  }

  /** Replaces every rule; counters and in-flight admissions are kept. Throws RangeError on bad rules. */
  setRules(rules: PolicyRules): void {
    this.index = compileRules(rules);
  }

  /** False while no limit or budget exists at all: callers may then skip estimating a call's ceiling. */
  get hasRules(): boolean {
    return !this.index.empty;
  }

  /** Seeds budget counters from stored spend (at startup, once, before traffic); rows of past windows are skipped. */
  loadSpend(rows: ReadonlyArray<SpendRow>, nowMs: number): void {
    for (const row of rows) {
      if (row.periodStart !== periodStart(row.period, nowMs)) continue;
      const key = budgetCounterKey(row.scope, row.scopeId, row.period);
      const seed: CounterEntry = {
        ...emptyCounterEntry(),
        key,
        amount: toMicroUsd(row.spentUsd),
        limit: Infinity,
        windowStartMs: row.periodStart,
        windowEndMs: budgetPeriodEnd(row.period, row.periodStart),
      };
      this.store.reserve([seed], 1, nowMs);
      this.ledger.load(key, row);
    }
  }

  /**
   * Seeds quota counters from stored usage (at start, and when a quota appears); rows of past
   * windows are skipped, and a counter already at the stored count is left alone.
   */
  loadQuotaUsage(rows: ReadonlyArray<QuotaUsageRow>, nowMs: number): void {
    this.quotas.load(rows, nowMs);
  }

  /**
   * Reserves one call against every applicable limit, quota and budget, all or nothing. Throws a
   * GatewayError (`too_many_concurrent`, `gateway_rate_limited`, `quota_exceeded`, `budget_exceeded`) with
   * `retryAfterSeconds` when something does not fit, or `model_unpriced` when a budget applies
   * and the call may reach a model without a price. Settle the result exactly once.
   */
  admit(request: AdmitRequest, nowMs: number): Admission {
    const index = this.index;
    if (index.empty) return Admission.none;
    const limits = this.foundLimits;
    const budgets = this.foundBudgets;
    limits.length = 0;
    budgets.length = 0;
    this.findRules(request, limits, budgets);
    if (limits.length === 0 && budgets.length === 0) return Admission.none;
    // Never free by default: a cost nothing bounds cannot be held to a budget.
    if (budgets.length > 0 && request.unpricedModel !== undefined) {
      throw unpricedError(budgets[0]!, request.unpricedModel);
    }

    const minuteStartMs = nowMs - (nowMs % minuteMs);
    const reservedMicroUsd = toMicroUsdCeil(request.maxCostUsd);
    // NaN or negative would slip past every `used + amount ≤ limit` check; Infinity is refused.
    const estimatedTokens = request.estimatedTokens > 0 ? request.estimatedTokens : 0;
    const budgetWindowStarts: number[] = [];
    const scratch = this.scratch;
    scratch.fill(limits, budgets, nowMs, estimatedTokens, reservedMicroUsd, budgetWindowStarts);
    const result = this.store.reserve(scratch.entries, scratch.count, nowMs);
    if (!result.ok) {
      const position = result.index;
      const entry = scratch.entries[position] as CounterEntry;
      this.store.peek(entry, nowMs); // the refusal's message and headers report current usage
      throw refusalError(
        scratch.counters[position],
        scratch.owners[position] as CompiledLimit | CompiledBudget,
        entry,
        result.retryAfterMs,
        request,
        nowMs,
      );
    }
    this.quotas.count(scratch);
    const headers = this.headers;
    scratch.tightest(headers);
    return new Admission(
      limits.slice(),
      budgets.slice(),
      budgetWindowStarts,
      minuteStartMs,
      estimatedTokens,
      reservedMicroUsd,
      headers[requestsGroup],
      headers[tokensGroup],
      headers[quotaDayGroup],
      headers[quotaMonthGroup],
    );
  }

  /**
   * Ends a call: releases its concurrency slots and replaces the reserved tokens and cost by the
   * actual ones, in the windows they were reserved in. Call exactly once, also on failure or abort
   * (with zeros when nothing was used upstream); later calls do nothing. Never throws.
   */
  settle(admission: Admission, actual: ActualUsage): void {
    if (admission.settled || admission === Admission.none) return;
    admission.settled = true;
    const tokens = Number.isFinite(actual.tokens) && actual.tokens > 0 ? actual.tokens : 0;
    const costUsd = Number.isFinite(actual.costUsd) && actual.costUsd > 0 ? actual.costUsd : 0;
    const tokenDelta = tokens - admission.reservedTokens;
    for (const limit of admission.limits) {
      if (limit.concurrent !== Infinity) this.store.adjust(limit.keys.concurrent, 0, -1);
      if (limit.tokensPerMinute !== Infinity && tokenDelta !== 0) {
        this.store.adjust(limit.keys.tokensPerMinute, admission.minuteStartMs, tokenDelta);
      }
    }
    const costDelta = toMicroUsd(costUsd) - admission.reservedMicroUsd;
    const { budgets, budgetWindowStarts } = admission;
    for (let position = 0; position < budgets.length; position++) {
      const budget = budgets[position]!;
      const start = budgetWindowStarts[position]!;
      if (costDelta !== 0) this.store.adjust(budget.key, start, costDelta);
      if (costUsd > 0) this.ledger.record(budget, start, costUsd);
    }
  }

  /**
   * Hands the spend settled and the quota requests admitted since the last flush to the sinks,
   * one batch each. If a sink throws, its batch is kept for the next flush and the error is
   * rethrown (the timer swallows it).
   */
  flushSpend(): void {
    // Spend is flushed even when the quota sink fails, and the other way round.
    try {
      this.quotas.flush();
    } finally {
      this.flushSpendOnly();
    }
  }

  private flushSpendOnly(): void {
    const changes = this.ledger.takePending();
    if (changes.length === 0 || this.spendSink === undefined) return;
    try {
      this.spendSink.record(changes);
    } catch (error) {
      // Nothing is lost: the batch goes out again with the next flush.
      this.ledger.putBack(changes);
      throw error;
    }
  }

  /** Flushes spend every `spendFlushIntervalMs` until `close()`; the timer does not keep the process alive. */
  start(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setInterval(() => {
      try {
        this.flushSpend();
      } catch {
        // The batch was kept; the sink reports its own failures.
      }
    }, this.flushIntervalMs);
    this.flushTimer.unref();
  }

  /** Stops the timer and flushes what is left (at shutdown, after in-flight calls are settled). */
  close(): void {
    if (this.flushTimer !== undefined) clearInterval(this.flushTimer);
    this.flushTimer = undefined;
    this.flushSpend();
  }

  private findRules(request: AdmitRequest, limits: CompiledLimit[], budgets: CompiledBudget[]): void {
    const { limits: limitIndex, budgets: budgetIndex } = this.index;
    const { keyId, appId, tenantId, routeId } = request;
    pushFound(limits, keyId === undefined ? undefined : limitIndex.key.get(keyId));
    pushFound(limits, appId === undefined ? undefined : limitIndex.app.get(appId));
    pushFound(limits, tenantId === undefined ? undefined : limitIndex.tenant.get(tenantId));
    pushFound(limits, routeId === undefined ? undefined : limitIndex.route.get(routeId));
    pushAll(budgets, keyId === undefined ? undefined : budgetIndex.key.get(keyId));
    pushAll(budgets, appId === undefined ? undefined : budgetIndex.app.get(appId));
    pushAll(budgets, tenantId === undefined ? undefined : budgetIndex.tenant.get(tenantId));
  }
}

function pushFound(found: CompiledLimit[], limit: CompiledLimit | undefined): void {
  if (limit !== undefined) found.push(limit);
}

function pushAll(found: CompiledBudget[], budgets: readonly CompiledBudget[] | undefined): void {
  if (budgets !== undefined) for (const budget of budgets) found.push(budget);
}
