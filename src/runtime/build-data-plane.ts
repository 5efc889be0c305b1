import type { Pricing } from '../catalog/pricing.js';
import type { PorticoConfig } from '../config/portico-config.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import { createEndpoints } from '../data-plane/create-endpoints.js';
import { DataPlaneServer } from '../data-plane/data-plane-server.js';
import { encodeOpenAiError } from '../data-plane/openai-chat/openai-chat-dialect.js';
import type { GovernanceRuntime } from '../governance/governance-runtime.js';
import type { CallSubscriber } from '../pipeline/account/finished-call.js';
import type { AdmitStage } from '../pipeline/phases/admit.js';
import type { RouteTable } from '../routing/route-table.js';
import type { KeyHasher } from '../storage/key-hasher.js';
import { RestGateway } from '../rest/rest-gateway.js';
import type { Logger } from '../telemetry/create-logger.js';
import { UpstreamClient } from '../upstream/upstream-client.js';

/** What a data plane serves from; the single process and a cluster worker differ in `admit` and `account`. */
export interface DataPlaneParts {
  routes: RouteTable;
  pricing: Pricing;
  /** The loaded snapshot (keys, routes, subscriptions) the stages check callers against. */
  governance: GovernanceRuntime;
  hasher: KeyHasher;
  /** Reserves against limits and budgets: in this process's PolicyEngine, or through the cluster primary. */
  admit: AdmitStage;
  /** The account phase: books a finished call (settle, spend, call log) here, or sends it to the primary. */
  account: CallSubscriber;
  /** Whether start-up has finished; the probes answer `starting` until then. */
  started: () => boolean;
}

/** A built data plane, not yet listening. */
export interface DataPlane {
  server: DataPlaneServer;
  /** The upstream connection pools; close them once drained. */
  client: UpstreamClient;
  /** The REST services' upstream pools and health checks; close them once drained. */
  rest: RestGateway;
  /** Where the process is in its life, as the probes answer it. */
  phase: () => LifecyclePhase;
  /** Binds (in a cluster worker: the shared socket) and resolves with the address the socket reports. */
  listen(port: number, host: string): Promise<{ host: string; port: number }>;
}

/**
 * Builds the data plane: upstream client, endpoints and server. The single process and every
 * cluster worker build theirs here, so both serve the same endpoints with the same stages.
 */
export function buildDataPlane(config: PorticoConfig, logger: Logger, parts: DataPlaneParts): DataPlane {
  const client = new UpstreamClient();
  const phase = (): LifecyclePhase =>
    server.isDraining ? 'draining' : parts.started() ? 'ready' : 'starting';
  const lookup = createEndpoints(config, parts.routes, client, parts.pricing, phase, {
    state: parts.governance.state,
    hash: (secret) => parts.hasher.hash(secret),
    admit: parts.admit,
  });
  const rest = new RestGateway({
    state: parts.governance.state,
    hash: (secret) => parts.hasher.hash(secret),
    admit: parts.admit,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
  });
  const server = new DataPlaneServer(config, lookup, logger, encodeOpenAiError, parts.account, rest);
  return { server, client, rest, phase, listen: (port, host) => listen(server, port, host) };
}

async function listen(
  dataPlane: DataPlaneServer,
  port: number,
  host: string,
): Promise<{ host: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    dataPlane.server.once('error', reject);
    // Node's default backlog (511) overflowed when 2,000 clients connected within a second
    // (docs/benchmarks.md, slow streams); the kernel caps this at net.core.somaxconn.
    dataPlane.server.listen({ port, host, backlog: 4_096 }, () => {
      dataPlane.server.off('error', reject);
      resolve();
    });
  });
  const address = dataPlane.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the data plane is not bound to a TCP address');
  return { host: address.address, port: address.port };
}
