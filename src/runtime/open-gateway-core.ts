import type { PorticoConfig } from '../config/portico-config.js';
import { loadModelCatalog } from '../catalog/model-catalog.js';
import { Pricing } from '../catalog/pricing.js';
import { applyDocument } from '../control-plane/apply/apply-document.js';
import { secretReferences } from '../control-plane/apply/secret-references.js';
import { closeQuietly } from './close-quietly.js';
import { writeAudit } from '../control-plane/write-audit.js';
import { GovernanceRuntime, type GovernedPolicy } from '../governance/governance-runtime.js';
import { CallAccountant } from '../pipeline/account/call-accountant.js';
import { PolicyEngine } from '../policy/policy-engine.js';
import { WebhookAlerter } from '../policy/webhook-alerter.js';
import { WebhookTargetPolicy } from '../policy/webhook-target-policy.js';
import { RouteTable } from '../routing/route-table.js';
import { KeyHasher } from '../storage/key-hasher.js';
import { loadMasterKey } from '../storage/load-master-key.js';
import { openStore, type Store } from '../storage/open-store.js';
import { SecretBox } from '../storage/secret-box.js';
import { SpendWriter } from '../storage/spend-writer.js';
import { QuotaUsageWriter } from '../storage/quota-usage-writer.js';
import { bumpGeneration } from '../storage/store-generation.js';
import { CallLogWriter } from '../telemetry/call-log/call-log-writer.js';
import { defaultRetention } from '../telemetry/call-log/enforce-retention.js';
import type { Logger } from '../telemetry/create-logger.js';
import { GatewayMetrics, type MetricGauges } from '../telemetry/metrics/gateway-metrics.js';

/** What serving and booking calls needs, in the process that holds the counters. */
export interface GatewayCore {
  store: Store;
  secrets: SecretBox;
  hasher: KeyHasher;
  pricing: Pricing;
  routes: RouteTable;
  policy: PolicyEngine;
  governance: GovernanceRuntime;
  metrics: GatewayMetrics;
  accountant: CallAccountant;
  /** Where budget webhooks may be sent (`webhooks.allow_private_targets`); checked on set and on send. */
  webhookTargets: WebhookTargetPolicy;
  /** Flushes spend and the call log, then closes the store; each step runs even if one failed. */
  close(): Promise<void>;
}

/**
 * Opens the store, applies the config file's document to it, loads governance and starts the
 * spend and call-log writers: everything but the servers. The single process and the cluster
 * primary both start here.
 */
export async function openGatewayCore(
  config: PorticoConfig,
  logger: Logger,
  gauges: MetricGauges,
): Promise<GatewayCore> {
  const { store, secrets, hasher } = await openKeyedStore(config);
  const webhookTargets = new WebhookTargetPolicy(config.webhooks.allowPrivateTargets);
  if (config.source !== undefined) {
    const deps = { secrets, hasher, audit: writeAudit, webhookTargets };
    const plan = await applyDocument(store, deps, config.document, {
      dryRun: false,
      actor: 'cli-apply',
      refs: secretReferences(config.documentText),
    });
    const changed = plan.filter((entry) => entry.action !== 'unchanged');
    if (changed.length > 0) {
      logger.info({ changes: changed }, `applied ${config.source} to the store`);
      await bumpGeneration(store); // other nodes on this store reload too
    }
  }
  const spendWriter = new SpendWriter(store, (error) =>
    logger.error({ err: error }, 'spend write failed; retrying'),
  );
  const quotaWriter = new QuotaUsageWriter(store, (error) =>
    logger.error({ err: error }, 'quota usage write failed; retrying with the next batch'),
  );
  const policy = new PolicyEngine({
    spendSink: spendWriter,
    quotaSink: quotaWriter,
    alerter: new WebhookAlerter({
      log: (message, fields) => logger.warn(fields, message),
      targets: webhookTargets,
    }),
  });
  const { pricing, routes, governance } = await startGovernance(config, { store, secrets }, policy, logger);
  policy.start();
  const callLog = new CallLogWriter(store, {
    flushIntervalMs: config.callLog.flushIntervalMs,
    retention: {
      ...defaultRetention,
      maxAgeDays: config.callLog.retentionDays,
      maxRows: config.callLog.maxRows,
    },
    onError: (error: unknown) => logger.error({ err: error }, 'call log write failed; the batch is kept'),
  });
  // Label values are names an admin declared: model routes, and services of either kind (REST
  // services are not in the route table, and are added or removed at every governance reload).
  const metrics = new GatewayMetrics(
    gauges,
    (name) => routes.has(name) || governance.state.snapshot.servicesByName.has(name),
  );
  return {
    store,
    secrets,
    hasher,
    pricing,
    routes,
    policy,
    governance,
    metrics,
    accountant: new CallAccountant(policy, spendWriter, callLog, metrics),
    webhookTargets,
    close: async () => {
      governance.stop();
      await closeQuietly(logger, 'spend', async () => {
        policy.close();
        await spendWriter.close();
      });
      await closeQuietly(logger, 'quota usage', async () => {
        await quotaWriter.close();
      });
      await closeQuietly(logger, 'call log', () => callLog.close());
      await closeQuietly(logger, 'store', () => store.close());
    },
  };
}

/** The store with the master key's secret box and key hasher (cluster workers open only this). */
export async function openKeyedStore(
  config: PorticoConfig,
): Promise<{ store: Store; secrets: SecretBox; hasher: KeyHasher }> {
  const master = loadMasterKey(config.storage.masterKey, config.storage.masterKeyFile);
  const store = await openStore(config.storage.url);
  return { store, secrets: new SecretBox(master.key), hasher: new KeyHasher(master.key) };
}

/** The prices, the route table and the governance that keeps them equal to the store. */
export interface GovernedRoutes {
  pricing: Pricing;
  routes: RouteTable;
  governance: GovernanceRuntime;
}

/**
 * Loads governance from the store into a new route table (priced like calls are) and into
 * `policy`, and reloads it when the store changes. The core passes its PolicyEngine; a cluster
 * worker, which leaves counting to the primary, passes a RulePresence.
 */
export async function startGovernance(
  config: PorticoConfig,
  keyed: { store: Store; secrets: SecretBox },
  policy: GovernedPolicy,
  logger: Logger,
): Promise<GovernedRoutes> {
  const pricing = new Pricing(loadModelCatalog(), config.pricing.defaultPrices);
  const routes = new RouteTable(
    [],
    new Map(),
    config.server.directModelAccess,
    (providerType, model, prices) => pricing.pricePerMillion({ providerType, model, prices }),
  );
  const governance = new GovernanceRuntime(keyed.store, keyed.secrets, routes, policy, logger);
  await governance.start();
  governance.watch();
  return { pricing, routes, governance };
}
