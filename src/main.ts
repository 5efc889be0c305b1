import type { AddressInfo } from 'node:net';
import type { PorticoConfig } from './config/portico-config.js';
import { loadModelCatalog } from './catalog/model-catalog.js';
import { Pricing } from './catalog/pricing.js';
import { applyDocument } from './control-plane/apply/apply-document.js';
import { secretReferences } from './control-plane/apply/secret-references.js';
import { bootstrapAdmin, type BootstrappedAdmin } from './control-plane/bootstrap-admin.js';
import { startControlPlane, type RunningControlPlane } from './control-plane/start-control-plane.js';
import { writeAudit } from './control-plane/write-audit.js';
import { createEndpoints } from './data-plane/create-endpoints.js';
import { DataPlaneServer } from './data-plane/data-plane-server.js';
import { encodeOpenAiError } from './data-plane/openai-chat/openai-chat-dialect.js';
import { GovernanceRuntime } from './governance-runtime.js';
import { recordUnbudgetedSpend } from './pipeline/record-unbudgeted-spend.js';
import { createAdmit, settleAdmission } from './pipeline/stages/admit.js';
import { PolicyEngine } from './policy/policy-engine.js';
import { WebhookAlerter } from './policy/webhook-alerter.js';
import { RouteTable } from './routing/route-table.js';
import { KeyHasher } from './storage/key-hasher.js';
import { loadMasterKey } from './storage/load-master-key.js';
import { openStore, type Store } from './storage/open-store.js';
import { SecretBox } from './storage/secret-box.js';
import { SpendWriter } from './storage/spend-writer.js';
import { bumpGeneration } from './storage/store-generation.js';
import { CallLogWriter } from './telemetry/call-log/call-log-writer.js';
import { defaultRetention } from './telemetry/call-log/enforce-retention.js';
import type { Logger } from './telemetry/create-logger.js';
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

/** Starts Portico for a loaded config. The CLI and the tests both start Portico here. */
export async function startPortico(config: PorticoConfig, logger: Logger): Promise<RunningPortico> {
  const master = loadMasterKey(config.storage.masterKey, config.storage.masterKeyFile);
  const store = await openStore(config.storage.url);
  const secrets = new SecretBox(master.key);
  const hasher = new KeyHasher(master.key);
  if (config.source !== undefined) {
    const plan = await applyDocument(store, { secrets, hasher, audit: writeAudit }, config.document, {
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

  const pricing = new Pricing(loadModelCatalog());
  const routes = new RouteTable([], new Map(), config.server.directModelAccess, (type, model) =>
    pricing.pricePerMillion(type, model),
  );
  const spendWriter = new SpendWriter(store, (error) =>
    logger.error({ err: error }, 'spend write failed; retrying'),
  );
  const policy = new PolicyEngine({
    spendSink: spendWriter,
    alerter: new WebhookAlerter({ log: (message, fields) => logger.warn(fields, message) }),
  });
  const governance = new GovernanceRuntime(store, secrets, routes, policy, logger);
  await governance.start();
  governance.watch();
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

  const client = new UpstreamClient();
  const lookup = createEndpoints(config, routes, client, pricing, () => dataPlane.isDraining, {
    state: governance.state,
    hash: (secret) => hasher.hash(secret),
    admit: createAdmit(policy, pricing),
  });
  const dataPlane = new DataPlaneServer(config, lookup, logger, encodeOpenAiError, [
    (context) => settleAdmission(policy, context),
    (context) => recordUnbudgetedSpend(spendWriter, context),
    (context) =>
      callLog.record(
        toCallRecord(context, Date.now() - Number(process.hrtime.bigint() - context.receivedAt) / 1e6),
      ),
  ]);
  await listen(dataPlane, config);
  const { port } = dataPlane.server.address() as AddressInfo;

  let controlPlane: RunningControlPlane | undefined;
  let bootstrappedAdmin: BootstrappedAdmin | undefined;
  if (config.controlPlane.enabled) {
    bootstrappedAdmin = await bootstrapAdmin(store, config.controlPlane.bootstrapPassword);
    // An admin change answers only once the data plane reloaded it, so "revoked" means revoked
    // for the very next call.
    let reloaded: Promise<void> = Promise.resolve();
    controlPlane = await startControlPlane({
      host: config.controlPlane.host,
      port: config.controlPlane.port,
      store,
      secrets,
      hasher,
      logger,
      changed: () => {
        reloaded = bumpGeneration(store)
          .catch((error: unknown) => logger.error({ err: error }, 'cannot mark the store changed'))
          .then(() => governance.reload());
      },
      extraRoutes: [
        (app) => {
          app.addHook('onSend', async (_request, _reply, payload) => {
            await reloaded;
            return payload;
          });
        },
      ],
    });
  }

  const host =
    config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host}:${port}/v1`,
    adminUrl: controlPlane?.url,
    bootstrappedAdmin,
    store,
    keysRequired: () => governance.state.keysRequired,
    close: () => {
      closing ??= (async () => {
        governance.stop();
        await dataPlane.drain(config.server.shutdownGraceMs);
        // Every request has finished: its spend and call-log row are queued. Each step runs even
        // when an earlier one failed (a store outage must not keep the others from closing).
        const steps: [string, () => Promise<void> | void][] = [
          ['control plane', () => controlPlane?.close()],
          [
            'spend',
            async () => {
              policy.close();
              await spendWriter.close();
            },
          ],
          ['call log', () => callLog.close()],
          ['upstream connections', () => client.close()],
          ['store', () => store.close()],
        ];
        for (const [name, step] of steps) {
          try {
            await step();
          } catch (error) {
            logger.error({ err: error }, `shutdown: closing the ${name} failed`);
          }
        }
        logger.flush();
      })();
      return closing;
    },
  };
}

async function listen(dataPlane: DataPlaneServer, config: PorticoConfig): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    dataPlane.server.once('error', reject);
    dataPlane.server.listen(config.server.port, config.server.host, () => {
      dataPlane.server.off('error', reject);
      resolve();
    });
  });
}
