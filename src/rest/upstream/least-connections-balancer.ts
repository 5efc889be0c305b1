import type { BalancedNode, Balancer } from './balancer.js';
import { WeightedBalancer } from './weighted-balancer.js';

/** The node with the fewest requests in flight; ties go by smooth weighted round-robin. */
export class LeastConnectionsBalancer<N extends BalancedNode> implements Balancer<N> {
  private readonly tieBreak = new WeightedBalancer<N>();

  pick(candidates: readonly N[]): N | undefined {
    let fewest = Infinity;
    for (const node of candidates) {
      if (node.weight > 0 && node.active < fewest) fewest = node.active;
    }
    return this.tieBreak.pick(candidates.filter((node) => node.weight > 0 && node.active === fewest));
  }
}
