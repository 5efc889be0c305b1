import type { PorticoConfig } from '../config/portico-config.js';
import { accountInPrimary } from '../pipeline/account/account-subscribers.js';
import { buildDataPlane } from '../runtime/build-data-plane.js';
import { closeQuietly } from '../runtime/close-quietly.js';
import { openKeyedStore, startGovernance } from '../runtime/open-gateway-core.js';
import { flushLogger, type Logger } from '../telemetry/create-logger.js';
import { createRemoteAdmit } from './create-remote-admit.js';
import { PrimaryLink } from './primary-link.js';
import { RulePresence } from './rule-presence.js';

/**
 * A cluster worker: serves the data plane on the shared port with its own copy of the
 * governance snapshot (keys, routes, subscriptions), and leaves counting to the primary: it
 * admits through it and sends it every finished call. Exits after the primary asked it to drain.
 */
export async function startClusterWorker(config: PorticoConfig, logger: Logger): Promise<void> {
  // The primary coordinates shutdown; a signal to the whole process group must not cut calls off.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  const { store, secrets, hasher } = await openKeyedStore(config);
  const rules = new RulePresence();
  const { pricing, routes, governance } = await startGovernance(config, { store, secrets }, rules, logger);

  const link = new PrimaryLink(process);
  const dataPlane = buildDataPlane(config, logger, {
    routes,
    pricing,
    governance,
    hasher,
    admit: createRemoteAdmit(link, pricing, () => rules.hasRules),
    account: accountInPrimary(link),
    started: () => link.ready,
  });

  link.handleReload((id) => {
    void governance.reload().then(() => link.tell({ type: 'reloaded', id }));
  });
  link.handleDrain((graceMs) => {
    void (async () => {
      governance.stop();
      clearInterval(report);
      await dataPlane.server.drain(graceMs);
      link.tell({ type: 'drained' });
      await link.flush();
      await closeQuietly(logger, 'upstream connections', () => dataPlane.client.close());
      await closeQuietly(logger, 'REST upstreams', () => dataPlane.rest.close());
      await closeQuietly(logger, 'store', () => store.close());
      await flushLogger(logger);
      process.exit(0);
    })();
  });
  // A primary that died cannot book calls any more: stop serving rather than serve uncounted.
  process.on('disconnect', () => process.exit(1));
  const report = setInterval(
    () => link.tell({ type: 'in-flight', count: dataPlane.server.inFlightCount }),
    1_000,
  );
  report.unref();

  // The primary passed its chosen address as --host: config.server.host is always named here.
  const bound = await dataPlane.listen(config.server.port, config.server.host ?? '127.0.0.1');
  link.tell({ type: 'listening', ...bound });
}
