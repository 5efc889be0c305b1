import type { ProviderConfig } from '../config/portico-config.js';
import type { ProviderEntry } from '../routing/route-table.js';
import { providerTypes } from './registry.js';

/** Instantiates every configured provider by id. Config validation already checked the types. */
export function createProviders(configs: readonly ProviderConfig[]): Map<string, ProviderEntry> {
  const entries = new Map<string, ProviderEntry>();
  for (const config of configs) {
    const type = providerTypes.get(config.type);
    if (type === undefined) throw new Error(`unknown provider type ${config.type}`);
    const provider = type.create({
      id: config.id,
      type: config.type,
      baseUrl: config.baseUrl,
      headers: config.headers,
      cloud: config.cloud,
      ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
      ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
    });
    entries.set(config.id, { provider, timeouts: config.timeouts });
  }
  return entries;
}
