import { closeQuietly } from '../close-quietly.js';
import type { PorticoConfig } from '../config/portico-config.js';
import { runningPortico, type RunningPortico } from '../main.js';
import { openGatewayCore } from '../open-gateway-core.js';
import { startAdminPlane } from '../start-admin-plane.js';
import type { Logger } from '../telemetry/create-logger.js';
import { WorkerPool } from './worker-pool.js';

/**
 * `portico start --workers N`: this process holds the store, the counters, the call log, the
 * spend and the control plane; N forked workers serve the data plane on one shared port
 * (node:cluster) and book every call here, so results do not change with N.
 */
export async function startClusterPrimary(
  config: PorticoConfig,
  logger: Logger,
  workers: number,
): Promise<RunningPortico> {
  const core = await openGatewayCore(config, logger, {
    inFlight: () => pool.inFlight(),
    workers: () => pool.count,
  });
  const pool = new WorkerPool(workers, core.policy, core.accountant, logger);
  const admin = await startAdminPlane(config, logger, core, () => pool.reloadAll());
  const port = await pool.start();

  return runningPortico(config, logger, { core, admin, port }, async () => {
    await pool.drain(config.server.shutdownGraceMs);
    await closeQuietly(logger, 'control plane', () => admin.controlPlane?.close());
  });
}
