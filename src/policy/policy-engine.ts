import { Admission, type LimitHeader } from './admission.js';
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
import { MemoryCounterStore } from './memory-counter-store.js';
import type { ActualUsage, AdmitRequest, PolicyRules } from './policy-rules.js';
import { SpendLedger } from './spend-ledger.js';
import { refusalError, unpricedError, type EntryKind } from './refusal-error.js';
import { toMicroUsd, toMicroUsdCeil } from './micro-usd.js';
import type { BudgetAlerter, SpendRow, SpendSink } from './spend-ports.js';

export interface PolicyEngineOptions {
  /** Where counters live; absent: a MemoryCounterStore (one process). */
  store?: CounterStore;
  /** Receives settled spend in batches from `flushSpend()`; absent: spend is only counted. */
  spendSink?: SpendSink;
  /** Hears of soft budget thresholds; absent: no alerts. */
  alerter?: BudgetAlerter;
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
  private readonly spendSink: SpendSink | undefined;
  private readonly flushIntervalMs: number;
  private flushTimer: NodeJS.Timeout | undefined;
  // Scratch space reused by every admit (safe: admit runs to completion before the next starts).
  private readonly entries: CounterEntry[] = [];
  private readonly entryKinds: EntryKind[] = [];
  private readonly entryOwners: Array<CompiledLimit | CompiledBudget> = [];
  private readonly foundLimits: CompiledLimit[] = [];
  private readonly foundBudgets: CompiledBudget[] = [];

  constructor(options: PolicyEngineOptions = {}) {
    this.store = options.store ?? new MemoryCounterStore();
    this.ledger = new SpendLedger(options.alerter);
    this.spendSink = options.spendSink;
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
   * Reserves one call against every applicable limit and budget, all or nothing. Throws a
   * GatewayError (`too_many_concurrent`, `gateway_rate_limited`, `budget_exceeded`) with
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
    const count = this.fillEntries(nowMs, estimatedTokens, reservedMicroUsd, budgetWindowStarts);
    const result = this.store.reserve(this.entries, count, nowMs);
    if (!result.ok) {
      const position = result.index;
      const entry = this.entries[position]!;
      this.store.peek(entry, nowMs); // the refusal's message and headers report current usage
      throw refusalError(
        this.entryKinds[position]!,
        this.entryOwners[position]!,
        entry,
        result.retryAfterMs,
        request,
        nowMs,
      );
    }
    return new Admission(
      limits.slice(),
      budgets.slice(),
      budgetWindowStarts,
      minuteStartMs,
      estimatedTokens,
      reservedMicroUsd,
      this.tightest('requests', count),
      this.tightest('tokens', count),
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
      if (limit.concurrent !== Infinity) this.store.adjust(limit.concurrentKey, 0, -1);
      if (limit.tokensPerMinute !== Infinity && tokenDelta !== 0) {
        this.store.adjust(limit.tokensKey, admission.minuteStartMs, tokenDelta);
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
   * Hands the spend settled since the last flush to the SpendSink in one batch. If the sink throws,
   * the batch is kept for the next flush and the error is rethrown (the timer swallows it).
   */
  flushSpend(): void {
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

  /** Writes the entries to reserve into the scratch array, in check order; returns their count. */
  private fillEntries(nowMs: number, tokens: number, microUsd: number, budgetWindowStarts: number[]): number {
    const minuteStartMs = nowMs - (nowMs % minuteMs);
    const minuteEndMs = minuteStartMs + minuteMs;
    let count = 0;
    for (const limit of this.foundLimits) {
      if (limit.concurrent !== Infinity) this.addEntry(count++, 'concurrent', limit, 1, 0, Infinity);
    }
    for (const limit of this.foundLimits) {
      if (limit.requestsPerMinute !== Infinity) {
        this.addEntry(count++, 'requests', limit, 1, minuteStartMs, minuteEndMs);
      }
    }
    for (const limit of this.foundLimits) {
      if (limit.tokensPerMinute !== Infinity) {
        this.addEntry(count++, 'tokens', limit, tokens, minuteStartMs, minuteEndMs);
      }
    }
    for (const budget of this.foundBudgets) {
      const start = periodStart(budget.rule.period, nowMs);
      budgetWindowStarts.push(start);
      this.addEntry(count++, 'budget', budget, microUsd, start, budgetPeriodEnd(budget.rule.period, start));
    }
    return count;
  }

  private addEntry(
    position: number,
    kind: EntryKind,
    owner: CompiledLimit | CompiledBudget,
    amount: number,
    windowStartMs: number,
    windowEndMs: number,
  ): void {
    const entry = this.entries[position] ?? (this.entries[position] = emptyCounterEntry());
    entry.amount = amount;
    entry.sliding = kind === 'requests' || kind === 'tokens';
    entry.windowStartMs = windowStartMs;
    entry.windowEndMs = windowEndMs;
    entry.used = 0;
    entry.resetMs = 0;
    if (kind === 'budget') {
      entry.key = (owner as CompiledBudget).key;
      entry.limit = (owner as CompiledBudget).limitMicroUsd;
    } else {
      const limit = owner as CompiledLimit;
      entry.key =
        kind === 'concurrent'
          ? limit.concurrentKey
          : kind === 'requests'
            ? limit.requestsKey
            : limit.tokensKey;
      entry.limit =
        kind === 'concurrent'
          ? limit.concurrent
          : kind === 'requests'
            ? limit.requestsPerMinute
            : limit.tokensPerMinute;
    }
    this.entryKinds[position] = kind;
    this.entryOwners[position] = owner;
  }

  /** Header values of the reserved entry of `kind` with the least room left. */
  private tightest(kind: EntryKind, count: number): LimitHeader | undefined {
    let best: CounterEntry | undefined;
    for (let position = 0; position < count; position++) {
      const entry = this.entries[position]!;
      if (this.entryKinds[position] !== kind) continue;
      if (best === undefined || entry.limit - entry.used < best.limit - best.used) best = entry;
    }
    if (best === undefined) return undefined;
    return {
      limit: best.limit,
      remaining: Math.max(0, Math.floor(best.limit - best.used)),
      // The two-bucket estimate keeps a call weighing up to 2 minutes; a per-minute limit reports its minute.
      resetMs: Math.min(best.resetMs, minuteMs),
    };
  }
}

function pushFound(found: CompiledLimit[], limit: CompiledLimit | undefined): void {
  if (limit !== undefined) found.push(limit);
}

function pushAll(found: CompiledBudget[], budgets: readonly CompiledBudget[] | undefined): void {
  if (budgets !== undefined) for (const budget of budgets) found.push(budget);
}
