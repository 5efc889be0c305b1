import { loadModelCatalog } from '../catalog/model-catalog.js';
import { Pricing } from '../catalog/pricing.js';
import { closeQuietly } from '../close-quietly.js';
import type { PorticoConfig } from '../config/portico-config.js';
import type { LifecyclePhase } from '../core/lifecycle-phase.js';
import { createEndpoints } from '../data-plane/create-endpoints.js';
import { DataPlaneServer } from '../data-plane/data-plane-server.js';
import { encodeOpenAiError } from '../data-plane/openai-chat/openai-chat-dialect.js';
import { GovernanceRuntime } from '../governance-runtime.js';
import { listen } from '../main.js';
import { newRouteTable, openKeyedStore } from '../open-gateway-core.js';
import { accountInPrimary } from '../pipeline/account/account-subscribers.js';
import { flushLogger, type Logger } from '../telemetry/create-logger.js';
import { UpstreamClient } from '../upstream/upstream-client.js';
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
  const pricing = new Pricing(loadModelCatalog(), config.pricing.defaultPrices);
  const routes = newRouteTable(config, pricing);
  const rules = new RulePresence();
  const governance = new GovernanceRuntime(store, secrets, routes, rules, logger);
  await governance.start();
  governance.watch();

  const link = new PrimaryLink(process);
  const client = new UpstreamClient();
  const phase = (): LifecyclePhase => (dataPlane.isDraining ? 'draining' : link.ready ? 'ready' : 'starting');
  const lookup = createEndpoints(config, routes, client, pricing, phase, {
    state: governance.state,
    hash: (secret) => hasher.hash(secret),
    admit: createRemoteAdmit(link, pricing, () => rules.hasRules),
  });
  const dataPlane = new DataPlaneServer(config, lookup, logger, encodeOpenAiError, accountInPrimary(link));

  link.handleReload((id) => {
    void governance.reload().then(() => link.tell({ type: 'reloaded', id }));
  });
  link.handleDrain((graceMs) => {
    void (async () => {
      governance.stop();
      clearInterval(report);
      await dataPlane.drain(graceMs);
      link.tell({ type: 'drained' });
      await link.flush();
      await closeQuietly(logger, 'upstream connections', () => client.close());
      await closeQuietly(logger, 'store', () => store.close());
      await flushLogger(logger);
      process.exit(0);
    })();
  });
  // A primary that died cannot book calls any more: stop serving rather than serve uncounted.
  process.on('disconnect', () => process.exit(1));
  const report = setInterval(() => link.tell({ type: 'in-flight', count: dataPlane.inFlightCount }), 1_000);
  report.unref();

  // The primary passed its chosen address as --host: config.server.host is always named here.
  const bound = await listen(dataPlane, config.server.port, config.server.host ?? '127.0.0.1');
  link.tell({ type: 'listening', ...bound });
}
