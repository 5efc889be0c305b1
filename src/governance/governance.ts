import type { GovernanceState } from './governance-state.js';

/**
 * What the data plane checks callers with: the store's snapshot, the key digest and the policy
 * stage. `Admit` is the pipeline's stage type, named by the data plane: governance sits below the
 * pipeline (the stages read its state), so it cannot import the pipeline's types.
 */
export interface Governance<Admit> {
  state: GovernanceState;
  /** The store's HMAC of a presented key. */
  hash: (secret: string) => string;
  /**
   * Limits and budgets: reserves before the call (settled when the request finishes). The single
   * process reserves in its own PolicyEngine; a cluster worker asks the primary.
   */
  admit: Admit;
}
