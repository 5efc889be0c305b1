import type { BalancedNode, Balancer } from './balancer.js';

/** Every candidate in turn, weights ignored. */
export class RoundRobinBalancer<N extends BalancedNode> implements Balancer<N> {
  private turn = 0;

  pick(candidates: readonly N[]): N | undefined {
    if (candidates.length === 0) return undefined;
    const node = candidates[this.turn % candidates.length];
    this.turn = (this.turn + 1) % Number.MAX_SAFE_INTEGER;
    return node;
  }
}
