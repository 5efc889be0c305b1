import type { AddressInfo } from 'node:net';
import type { PorticoConfig } from './config/portico-config.js';
import type { BootstrappedAdmin } from './control-plane/bootstrap-admin.js';
import { createEndpoints } from './data-plane/create-endpoints.js';
import { DataPlaneServer } from './data-plane/data-plane-server.js';
import { encodeOpenAiError } from './data-plane/openai-chat/openai-chat-dialect.js';
import { openGatewayCore, type GatewayCore } from './open-gateway-core.js';
import { createAdmit } from './pipeline/stages/admit.js';
import { closeQuietly } from './close-quietly.js';
import { startAdminPlane, type AdminPlane } from './start-admin-plane.js';
import type { Store } from './storage/open-store.js';
import { flushLogger, type Logger } from './telemetry/create-logger.js';
import { toCallRecord } from './telemetry/to-call-record.js';
import { UpstreamClient } from './upstream/upstream-client.js';

/** A running Portico: where it listens and how to stop it. */
export interface RunningPortico {
  /** The data plane's bound port (useful with port 0). */
  port: number;
  /** Base URL of the OpenAI-compatible API, e.g. `http://127.0.0.1:8080/v1`. */
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

/** Starts Portico in one process. The CLI (without `--workers`) and the tests start Portico here. */
export async function startPortico(config: PorticoConfig, logger: Logger): Promise<RunningPortico> {
  const core = await openGatewayCore(config, logger, {
    inFlight: () => dataPlane.inFlightCount,
    workers: () => 1,
  });
  const client = new UpstreamClient();
  const lookup = createEndpoints(config, core.routes, client, core.pricing, () => dataPlane.isDraining, {
    state: core.governance.state,
    hash: (secret) => core.hasher.hash(secret),
    admit: createAdmit(core.policy, core.pricing),
  });
  const dataPlane = new DataPlaneServer(config, lookup, logger, encodeOpenAiError, [
    (context) => core.accountant.finish(toCallRecord(context), context.admission),
  ]);
  await listen(dataPlane, config);
  const { port } = dataPlane.server.address() as AddressInfo;
  const admin = await startAdminPlane(config, logger, core, () => Promise.resolve());

  return runningPortico(config, logger, { core, admin, port }, async () => {
    await dataPlane.drain(config.server.shutdownGraceMs);
    // Every request has finished: its spend and call-log row are queued.
    await closeQuietly(logger, 'control plane', () => admin.controlPlane?.close());
    await closeQuietly(logger, 'upstream connections', () => client.close());
  });
}

/**
 * The handle of a started Portico, single process or cluster primary. `stopServing` ends the
 * data plane and the control plane; `close()` then flushes and closes the core, once.
 */
export function runningPortico(
  config: PorticoConfig,
  logger: Logger,
  started: { core: GatewayCore; admin: AdminPlane; port: number },
  stopServing: () => Promise<void>,
): RunningPortico {
  const { core, admin, port } = started;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: dataPlaneUrl(config, port),
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

/** The data plane's base URL as a client on this machine reaches it. */
export function dataPlaneUrl(config: PorticoConfig, port: number): string {
  const host =
    config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  return `http://${host}:${port}/v1`;
}

/** Binds the data plane to the configured address (in a cluster worker: the shared one). */
export async function listen(dataPlane: DataPlaneServer, config: PorticoConfig): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    dataPlane.server.once('error', reject);
    // Node's default backlog (511) overflowed when 2,000 clients connected within a second
    // (docs/benchmarks.md, slow streams); the kernel caps this at net.core.somaxconn.
    dataPlane.server.listen({ port: config.server.port, host: config.server.host, backlog: 4_096 }, () => {
      dataPlane.server.off('error', reject);
      resolve();
    });
  });
}
