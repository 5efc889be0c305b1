import type { BalancedNode, Balancer } from './balancer.js';

/**
 * Smooth weighted round-robin (nginx's): each pick raises every candidate's score by its weight
 * and lowers the winner's by the total, so a 1:3 split interleaves (b a b b) instead of bursting.
 */
export class WeightedBalancer<N extends BalancedNode> implements Balancer<N> {
  private readonly scores = new Map<N, number>();

  pick(candidates: readonly N[]): N | undefined {
    let total = 0;
    let best: N | undefined;
    let bestScore = -Infinity;
    for (const node of candidates) {
      if (node.weight <= 0) continue;
      const score = (this.scores.get(node) ?? 0) + node.weight;
      this.scores.set(node, score);
      total += node.weight;
      if (score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    if (best !== undefined) this.scores.set(best, bestScore - total);
    return best;
  }
}
