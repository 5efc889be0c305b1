import { dataPlaneOrigin } from './data-plane-origin.js';
import type { PorticoConfig } from '../config/portico-config.js';
import { assertPlatformAdmin } from '../control-plane/authorize.js';
import type { BootstrappedAdmin } from '../control-plane/bootstrap-admin.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import type { RunningControlPlane } from '../control-plane/start-control-plane.js';
import type { GatewayCore } from './open-gateway-core.js';
import { bumpGeneration } from '../storage/store-generation.js';
import type { Logger } from '../telemetry/create-logger.js';

/** The control plane, or nothing when `control_plane.enabled` is false. */
export interface AdminPlane {
  controlPlane: RunningControlPlane | undefined;
  /** The first admin, created on this start; undefined when one existed. */
  bootstrappedAdmin: BootstrappedAdmin | undefined;
}

/**
 * Starts the admin API (and `/metrics`) over the core; its probes answer from `phase`. An admin change answers only once the data
 * plane reloaded it (here and, through `reloadServers`, in every worker), so "revoked" means
 * revoked for the very next call.
 */
export async function startAdminPlane(
  config: PorticoConfig,
  logger: Logger,
  core: GatewayCore,
  reloadServers: () => Promise<void>,
  phase: () => LifecyclePhase,
  /** Where the data plane listens; absent: the configured address (the cluster binds it later). */
  dataPlane: { host: string; port: number } = {
    host: config.server.host ?? '127.0.0.1',
    port: config.server.port,
  },
): Promise<AdminPlane> {
  if (!config.controlPlane.enabled) return { controlPlane: undefined, bootstrappedAdmin: undefined };
  // Loaded only when enabled: Fastify, its schemas and argon2 are about 20 MB of idle memory that
  // cluster workers and data-plane-only nodes do not need.
  const [{ bootstrapAdmin }, { startControlPlane }] = await Promise.all([
    import('../control-plane/bootstrap-admin.js'),
    import('../control-plane/start-control-plane.js'),
  ]);
  // The one place the first admin is created: with PORTICO_ADMIN_PASSWORD, or a one-time password.
  const bootstrappedAdmin = await bootstrapAdmin(core.store, config.controlPlane.bootstrapPassword);
  let reloaded: Promise<void> = Promise.resolve();
  const controlPlane = await startControlPlane({
    host: config.controlPlane.host,
    port: config.controlPlane.port,
    allowedOrigins: config.controlPlane.allowedOrigins,
    dataPlaneOrigin: dataPlaneOrigin(dataPlane.host, dataPlane.port),
    store: core.store,
    secrets: core.secrets,
    hasher: core.hasher,
    webhookTargets: core.webhookTargets,
    logger,
    phase,
    changed: () => {
      reloaded = bumpGeneration(core.store)
        .catch((error: unknown) => logger.error({ err: error }, 'cannot mark the store changed'))
        .then(() => core.governance.reload())
        .then(reloadServers);
    },
    extraRoutes: [
      (app) => {
        app.addHook('onSend', async (_request, _reply, payload) => {
          await reloaded;
          return payload;
        });
      },
      (app, deps) => {
        app.get(
          '/metrics',
          {
            schema: {
              tags: ['metrics'],
              summary: 'Prometheus metrics (text format 0.0.4); platform admins only',
            },
          },
          (request, reply) => {
            assertPlatformAdmin(deps.principal(request));
            return reply.type('text/plain; version=0.0.4; charset=utf-8').send(core.metrics.render());
          },
        );
      },
    ],
  });
  return { controlPlane, bootstrappedAdmin };
}
