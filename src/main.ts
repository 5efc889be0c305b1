import type { AddressInfo } from 'node:net';
import type { PorticoConfig } from './config/portico-config.js';
import { loadModelCatalog } from './catalog/model-catalog.js';
import { Pricing } from './catalog/pricing.js';
import { createEndpoints } from './data-plane/create-endpoints.js';
import { DataPlaneServer } from './data-plane/data-plane-server.js';
import { encodeOpenAiError } from './data-plane/openai-chat/openai-chat-dialect.js';
import { createProviders } from './providers/create-providers.js';
import { RouteTable } from './routing/route-table.js';
import type { Logger } from './telemetry/create-logger.js';
import { UpstreamClient } from './upstream/upstream-client.js';

/** A running Portico: where it listens and how to stop it. */
export interface RunningPortico {
  /** The data plane's bound port (useful with port 0). */
  port: number;
  /** Base URL of the OpenAI-compatible API, e.g. `http://127.0.0.1:8080/v1`. */
  url: string;
  /** Drains in-flight requests (up to the configured grace), closes connections, flushes logs. */
  close(): Promise<void>;
}

/** Starts the data plane for a loaded config. The CLI and the tests both start Portico here. */
export async function startPortico(config: PorticoConfig, logger: Logger): Promise<RunningPortico> {
  const providers = createProviders(config.providers);
  const pricing = new Pricing(loadModelCatalog());
  const routes = new RouteTable(config.models, providers, config.server.directModelAccess, (type, model) =>
    pricing.pricePerMillion(type, model),
  );
  const client = new UpstreamClient();
  const lookup = createEndpoints(config, routes, client, pricing, () => dataPlane.isDraining);
  const dataPlane = new DataPlaneServer(config, lookup, logger, encodeOpenAiError);
  await new Promise<void>((resolve, reject) => {
    dataPlane.server.once('error', reject);
    dataPlane.server.listen(config.server.port, config.server.host, () => {
      dataPlane.server.off('error', reject);
      resolve();
    });
  });
  const { port } = dataPlane.server.address() as AddressInfo;
  const host =
    config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host}:${port}/v1`,
    close: () => {
      closing ??= (async () => {
        await dataPlane.drain(config.server.shutdownGraceMs);
        await client.close();
        logger.flush();
      })();
      return closing;
    },
  };
}
