import { GatewayError } from '../../core/gateway-error.js';
import type { Caller, GovernanceSnapshot } from '../../governance/governance-snapshot.js';
import type { JwtConsumer } from './jwt-verifier.js';

/** The Caller a verified JWT stands for: the app (and its tenant) its claims name. */
export function callerForJwt(consumer: JwtConsumer, snapshot: GovernanceSnapshot): Caller {
  void consumer;
  void snapshot;
  throw new GatewayError('internal_error', 'JWT consumers are not built yet.');
}
