import type { PorticoConfig } from '../config/portico-config.js';
import { createAdmit } from '../pipeline/stages/admit.js';
import type { Logger } from '../telemetry/create-logger.js';
import { toCallRecord } from '../telemetry/to-call-record.js';
import { buildDataPlane } from './build-data-plane.js';
import { chooseBindHost } from './choose-bind-host.js';
import { closeQuietly } from './close-quietly.js';
import { openGatewayCore } from './open-gateway-core.js';
import { runningPortico, type RunningPortico } from './running-portico.js';
import { startAdminPlane, type AdminPlane } from './start-admin-plane.js';

/**
 * Starts Portico in one process. The CLI (without `--workers`) and the tests start Portico here.
 * The probes answer `starting` until the store is open and every listener is up; a start that
 * fails half-way closes what it opened before it throws.
 */
export async function startPortico(config: PorticoConfig, logger: Logger): Promise<RunningPortico> {
  let started = false;
  const core = await openGatewayCore(config, logger, {
    inFlight: () => dataPlane.server.inFlightCount,
    workers: () => 1,
  });
  const dataPlane = buildDataPlane(config, logger, {
    routes: core.routes,
    pricing: core.pricing,
    governance: core.governance,
    hasher: core.hasher,
    admit: createAdmit(core.policy, core.pricing),
    finisher: (context) => core.accountant.finish(toCallRecord(context), context.admission),
    started: () => started,
  });
  const stopServing = async (admin: AdminPlane | undefined): Promise<void> => {
    await dataPlane.server.drain(config.server.shutdownGraceMs);
    // Every request has finished: its spend and call-log row are queued.
    await closeQuietly(logger, 'control plane', () => admin?.controlPlane?.close());
    await closeQuietly(logger, 'upstream connections', () => dataPlane.client.close());
  };
  let admin: AdminPlane | undefined;
  try {
    const choice = chooseBindHost(config.server.host, core.governance.state.keysRequired);
    const bound = await dataPlane.listen(config.server.port, choice.host);
    admin = await startAdminPlane(config, logger, core, () => Promise.resolve(), dataPlane.phase);
    started = true;
    return runningPortico(logger, { core, admin, address: { ...bound, reason: choice.reason } }, () =>
      stopServing(admin),
    );
  } catch (error) {
    await stopServing(admin);
    await core.close();
    throw error;
  }
}
