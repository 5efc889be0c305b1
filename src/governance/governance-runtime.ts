import { createHash } from 'node:crypto';
import type { ConfigFile } from '../config/config-schema.js';
import { buildResources } from '../config/load-config.js';
import { GovernanceState } from './governance-state.js';
import type { PolicyEngine } from '../policy/policy-engine.js';
import { createProviders } from '../providers/create-providers.js';
import type { RouteTable } from '../routing/route-table.js';
import { loadGovernance, type LoadedGovernance } from './load-governance.js';
import { readGeneration } from '../storage/store-generation.js';
import type { Store } from '../storage/open-store.js';
import { rateLimitFields } from '../storage/rate-limit-columns.js';
import type { RateLimitsTable } from '../storage/database-schema.js';
import { quotaUsageRepository } from '../storage/repositories/quota-usage-repository.js';
import type { SecretBox } from '../storage/secret-box.js';
import type { Logger } from '../telemetry/create-logger.js';

/** What the runtime installs limits, budgets, stored spend and quota usage into (the PolicyEngine, or a worker's view). */
export type GovernedPolicy = Pick<PolicyEngine, 'setRules' | 'loadSpend' | 'loadQuotaUsage'>;

/**
 * Keeps the data plane's in-memory view (routes, keys, services, subscriptions, limits,
 * budgets) equal to the store. `reload()` after a committed change; reloads that overlap are
 * coalesced into one that starts after the running one, so the last change always lands.
 */
export class GovernanceRuntime {
  readonly state = new GovernanceState();
  private running: Promise<void> | undefined;
  private again = false;
  private generation = '';
  /** `scope id period` of every budget installed, to seed the ones an admin adds later. */
  private budgetKeys = new Set<string>();
  /** `scope id period` of every quota installed, to seed the ones an admin adds later. */
  private quotaKeys = new Set<string>();
  /** Digest of the providers and routes last installed: a change elsewhere keeps breakers and counters. */
  private installedResources = '';
  private watcher: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly routes: RouteTable,
    private readonly policy: GovernedPolicy,
    private readonly logger: Logger,
  ) {}

  /** First load at start: also seeds budget and quota counters from the store. Throws on a broken store. */
  async start(): Promise<void> {
    this.generation = await readGeneration(this.store);
    await this.load();
  }

  /** Loads governance and the stored usage of quotas it did not have yet, then installs both at once. */
  private async load(): Promise<void> {
    const loaded = await loadGovernance(this.store, this.secrets, Date.now());
    const quotas = quotaKeysOf(loaded.limits);
    const fresh = [...quotas].filter((key) => !this.quotaKeys.has(key));
    // Read only when a quota appeared: a reload that changed something else costs no query.
    const usage = fresh.length === 0 ? [] : await quotaUsageRepository.listRecent(this.store.db, Date.now());
    const wanted = new Set(fresh);
    this.install(loaded);
    this.policy.loadQuotaUsage(
      usage.filter((row) => wanted.has(`${row.scope} ${row.scopeId} ${row.period}`)),
      Date.now(),
    );
    this.quotaKeys = quotas;
  }

  /**
   * Reloads whenever another process (a second node, a CLI apply against the same database)
   * changed the store: polls the store's change marker every `intervalMs`.
   */
  watch(intervalMs = 1_000): void {
    this.watcher = setInterval(() => {
      void readGeneration(this.store)
        .then((generation) => (generation === this.generation ? undefined : this.reload()))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'cannot read the store change marker'));
    }, intervalMs);
    this.watcher.unref();
  }

  stop(): void {
    clearInterval(this.watcher);
  }

  /** Resolves when a load that began after this call has been installed (or failed and was logged). */
  reload(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          // Read the marker first: a change committed during the load is then seen next poll.
          const generation = await readGeneration(this.store);
          await this.load();
          this.generation = generation;
        } catch (error) {
          this.logger.error({ err: error }, 'governance reload failed; the previous snapshot stays in force');
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Budgets seen for the first time (all of them at start) begin from the spend already stored
   * for their current window, including spend from before the budget existed.
   */
  private seedNewBudgets(loaded: LoadedGovernance): void {
    const now = Date.now();
    const keys = new Set(loaded.budgets.map((row) => `${row.scope} ${row.scope_id} ${row.period}`));
    const fresh = loaded.spend.filter((row) => {
      const key = `${row.scope} ${row.scope_id} ${row.period}`;
      return keys.has(key) && !this.budgetKeys.has(key);
    });
    this.policy.loadSpend(
      fresh.map((row) => ({
        scope: row.scope,
        scopeId: row.scope_id,
        period: row.period,
        periodStart: row.period_start,
        spentUsd: row.spent_usd,
        alerted: row.alerted_at !== null,
      })),
      now,
    );
    this.budgetKeys = keys;
  }

  private install(loaded: LoadedGovernance): void {
    // A digest, not the text: the resources hold opened provider secrets.
    const resources = createHash('sha256').update(JSON.stringify(loaded.resources)).digest('base64');
    if (resources !== this.installedResources) {
      const built = buildResources(loaded.resources as Pick<ConfigFile, 'providers' | 'models'>, 'store');
      this.routes.reload(built.models, createProviders(built.providers));
      this.installedResources = resources;
    }
    this.policy.setRules({
      limits: loaded.limits.map((row) => ({
        scope: row.scope,
        scopeId: row.scope_id,
        ...rateLimitFields(row),
      })),
      budgets: loaded.budgets.map((row) => ({
        scope: row.scope,
        scopeId: row.scope_id,
        tenantId: row.tenant_id,
        period: row.period,
        limitUsd: row.limit_usd,
        softRatio: row.soft_ratio,
        ...(row.webhook_url === null ? {} : { webhookUrl: row.webhook_url }),
      })),
    });
    this.seedNewBudgets(loaded);
    this.state.snapshot = loaded.snapshot;
    this.state.keysRequired = loaded.keysRequired;
  }
}

/** `scope id period` of every quota the stored limits set. */
function quotaKeysOf(limits: readonly RateLimitsTable[]): Set<string> {
  const keys = new Set<string>();
  for (const row of limits) {
    if (row.requests_per_day !== null) keys.add(`${row.scope} ${row.scope_id} day`);
    if (row.requests_per_month !== null) keys.add(`${row.scope} ${row.scope_id} month`);
  }
  return keys;
}
