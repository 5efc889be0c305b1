import { chooseBindHost } from '../runtime/choose-bind-host.js';
import { closeQuietly } from '../runtime/close-quietly.js';
import type { PorticoConfig } from '../config/portico-config.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import { runningPortico, type RunningPortico } from '../runtime/start-portico.js';
import { openGatewayCore } from '../runtime/open-gateway-core.js';
import { startAdminPlane, type AdminPlane } from '../runtime/start-admin-plane.js';
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
  let phase: LifecyclePhase = 'starting';
  const core = await openGatewayCore(config, logger, {
    inFlight: () => pool.inFlight(),
    workers: () => pool.count,
  });
  const choice = chooseBindHost(config.server.host, core.governance.state.keysRequired);
  const pool = new WorkerPool(workers, core.policy, core.accountant, logger, choice.host);
  const stopServing = async (admin: AdminPlane | undefined): Promise<void> => {
    phase = 'draining';
    await pool.drain(config.server.shutdownGraceMs);
    await closeQuietly(logger, 'control plane', () => admin?.controlPlane?.close());
  };
  let admin: AdminPlane | undefined;
  try {
    admin = await startAdminPlane(
      config,
      logger,
      core,
      () => pool.reloadAll(),
      () => phase,
    );
    const bound = await pool.start();
    phase = 'ready';
    pool.markStarted();
    return runningPortico(logger, { core, admin, address: { ...bound, reason: choice.reason } }, () =>
      stopServing(admin),
    );
  } catch (error) {
    await stopServing(admin);
    await core.close();
    throw error;
  }
}
