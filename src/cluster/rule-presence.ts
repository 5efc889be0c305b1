import { compileRules } from '../policy/compile-rules.js';
import type { PolicyRules } from '../policy/policy-rules.js';
import type { GovernedPolicy } from '../governance/governance-runtime.js';

/**
 * What a cluster worker keeps of the limits and budgets: only whether any exist (so it asks the
 * primary to admit only then). No counters, and stored spend is not seeded: the primary counts.
 */
export class RulePresence implements GovernedPolicy {
  private any = false;

  get hasRules(): boolean {
    return this.any;
  }

  setRules(rules: PolicyRules): void {
    this.any = !compileRules(rules).empty;
  }

  loadSpend(): void {
    // The primary's engine holds the spend; a worker has nothing to seed.
  }

  loadQuotaUsage(): void {
    // Likewise quota usage: the primary counts every worker's requests.
  }
}
