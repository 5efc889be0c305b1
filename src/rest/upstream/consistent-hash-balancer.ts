import { createHash } from 'node:crypto';
import type { BalancedNode, Balancer } from './balancer.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';

/** Virtual nodes per unit of weight; enough for an even spread over a handful of nodes. */
const pointsPerWeight = 160;
/** Caps the ring so a weight of 1000 does not cost 160,000 points per node. */
const maxPointsPerNode = 4_000;

interface RingPoint<N> {
  point: number;
  node: N;
}

/** The first four bytes of MD5 (evenly spread, fast enough: hashing is not a security boundary here). */
function hashPoints(text: string): number[] {
  const digest = createHash('md5').update(text).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)];
}

/**
 * A hash ring over every configured node (healthy or not), with virtual nodes in proportion to
 * weight. A key goes to the first point at or after its hash whose node is a candidate, so when
 * a node leaves only its own keys move. Without a key, the candidates take turns.
 */
export class ConsistentHashBalancer<N extends BalancedNode> implements Balancer<N> {
  private readonly ring: RingPoint<N>[] = [];
  private readonly fallback = new RoundRobinBalancer<N>();

  constructor(nodes: readonly N[]) {
    for (const node of nodes) {
      const points = Math.min(node.weight * pointsPerWeight, maxPointsPerNode);
      // Four points per digest (ketama's trick); seeded by the URL so the ring does not depend
      // on the order or the presence of the other nodes.
      for (let index = 0; index * 4 < points; index += 1) {
        for (const point of hashPoints(`${node.url}#${String(index)}`)) this.ring.push({ point, node });
      }
    }
    this.ring.sort((left, right) => left.point - right.point);
  }

  pick(candidates: readonly N[], hashKey: string | undefined): N | undefined {
    if (hashKey === undefined || this.ring.length === 0) return this.fallback.pick(candidates);
    const allowed = new Set(candidates);
    const [hash = 0] = hashPoints(hashKey);
    const start = this.firstAtOrAfter(hash);
    for (let step = 0; step < this.ring.length; step += 1) {
      const entry = this.ring[(start + step) % this.ring.length];
      if (entry !== undefined && allowed.has(entry.node)) return entry.node;
    }
    return undefined;
  }

  private firstAtOrAfter(hash: number): number {
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ring[middle]?.point ?? 0) < hash) low = middle + 1;
      else high = middle;
    }
    return low === this.ring.length ? 0 : low;
  }
}
