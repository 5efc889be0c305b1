import { dataPlaneOrigin } from './data-plane-origin.js';
import type { PorticoConfig } from '../config/portico-config.js';
import type { BootstrappedAdmin } from '../control-plane/bootstrap-admin.js';
import { accountInProcess } from '../pipeline/account/account-subscribers.js';
import { createAdmit } from '../pipeline/phases/admit.js';
import type { Store } from '../storage/open-store.js';
import { flushLogger, type Logger } from '../telemetry/create-logger.js';
import { buildDataPlane } from './build-data-plane.js';
import { chooseBindHost, type BindChoice } from './choose-bind-host.js';
import { closeQuietly } from './close-quietly.js';
import { openGatewayCore, type GatewayCore } from './open-gateway-core.js';
import { startAdminPlane, type AdminPlane } from './start-admin-plane.js';

/** Where the data plane is bound, as the listening socket reports it. */
export interface BoundAddress {
  /** The bound address from `server.address()`, e.g. `127.0.0.1` or `0.0.0.0`. */
  host: string;
  port: number;
  /** Why this address: named in the config or on the command line, or chosen from the keys. */
  reason: BindChoice['reason'];
}

/** A running Portico: where it listens and how to stop it. */
export interface RunningPortico {
  /** The data plane's bound port (useful with port 0). */
  port: number;
  /** The data plane's bound address and why it was chosen. */
  address: BoundAddress;
  /** Base URL of the OpenAI-compatible API as a client on this machine reaches it, e.g. `http://127.0.0.1:8080/v1`. */
  url: string;
  /** Base URL of the admin API (`http://127.0.0.1:8081`); undefined when the control plane is off. */
  adminUrl: string | undefined;
  /** The first admin, created on this start (its password is shown once); undefined when one existed. */
  bootstrappedAdmin: BootstrappedAdmin | undefined;
  /** The open store (tests read it to check what was written). */
  store: Store;
  /** Whether the data plane needs API keys (false until the first key exists). */
  keysRequired(): boolean;
  /** Drains in-flight requests (up to the configured grace), then flushes call log and spend, then closes. */
  close(): Promise<void>;
}

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
    account: accountInProcess(core.accountant),
    started: () => started,
  });
  const stopServing = async (admin: AdminPlane | undefined): Promise<void> => {
    await dataPlane.server.drain(config.server.shutdownGraceMs);
    // Every request has finished: its spend and call-log row are queued.
    await closeQuietly(logger, 'control plane', () => admin?.controlPlane?.close());
    await closeQuietly(logger, 'upstream connections', () => dataPlane.client.close());
    await closeQuietly(logger, 'REST upstreams', () => dataPlane.rest.close());
  };
  let admin: AdminPlane | undefined;
  try {
    const choice = chooseBindHost(config.server.host, core.governance.state.keysRequired);
    const bound = await dataPlane.listen(config.server.port, choice.host);
    admin = await startAdminPlane(config, logger, core, () => Promise.resolve(), dataPlane.phase, bound);
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

/**
 * The handle of a started Portico, single process or cluster primary. `stopServing` ends the
 * data plane and the control plane; `close()` then flushes and closes the core, once.
 */
export function runningPortico(
  logger: Logger,
  started: { core: GatewayCore; admin: AdminPlane; address: BoundAddress },
  stopServing: () => Promise<void>,
): RunningPortico {
  const { core, admin, address } = started;
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    address,
    url: dataPlaneUrl(address.host, address.port),
    adminUrl: admin.controlPlane?.url,
    bootstrappedAdmin: admin.bootstrappedAdmin,
    store: core.store,
    keysRequired: () => core.governance.state.keysRequired,
    close: () => {
      closing ??= (async () => {
        await stopServing();
        await core.close();
        await flushLogger(logger);
      })();
      return closing;
    },
  };
}

/** The data plane's base URL as a client on this machine reaches it (the wildcard addresses via loopback). */
export function dataPlaneUrl(host: string, port: number): string {
  return `${dataPlaneOrigin(host, port)}/v1`;
}
