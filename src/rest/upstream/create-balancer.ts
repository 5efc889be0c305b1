import type { HttpUpstreamSpec } from '../../config/http-service-schema.js';
import type { BalancedNode, Balancer } from './balancer.js';
import { ConsistentHashBalancer } from './consistent-hash-balancer.js';
import { LeastConnectionsBalancer } from './least-connections-balancer.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';
import { WeightedBalancer } from './weighted-balancer.js';

/** The balancer named by `upstream.balance` (default: round-robin) over the configured nodes. */
export function createBalancer<N extends BalancedNode>(
  kind: HttpUpstreamSpec['balance'],
  nodes: readonly N[],
): Balancer<N> {
  switch (kind) {
    case 'weighted':
      return new WeightedBalancer<N>();
    case 'least-connections':
      return new LeastConnectionsBalancer<N>();
    case 'consistent-hash':
      return new ConsistentHashBalancer<N>(nodes);
    case 'round-robin':
    case undefined:
      return new RoundRobinBalancer<N>();
  }
}
