/** What a balancer needs to know about a node. */
export interface BalancedNode {
  readonly url: string;
  /** Relative share; the set never offers nodes of weight 0. */
  readonly weight: number;
  /** Requests in flight on the node. */
  readonly active: number;
}

/**
 * Chooses one node among the candidates (the healthy nodes not tried yet, in configuration
 * order). Balancers keep their own rotation state; they never see unhealthy nodes.
 */
export interface Balancer<N extends BalancedNode> {
  /** undefined only when `candidates` is empty. */
  pick(candidates: readonly N[], hashKey: string | undefined): N | undefined;
}
