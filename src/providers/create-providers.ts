import type { ProviderConfig } from './provider-config.js';
import type { ProviderEntry } from './provider-entry.js';
import type { Provider } from './provider.js';
import { providerTypes } from './registry.js';

/**
 * Instantiates every configured provider by id: one Provider per API key, so a route can
 * spread load over several credentials of one account. Config validation checked the types.
 */
export function createProviders(configs: readonly ProviderConfig[]): Map<string, ProviderEntry> {
  const entries = new Map<string, ProviderEntry>();
  for (const config of configs) {
    const type = providerTypes.get(config.type);
    if (type === undefined) throw new Error(`unknown provider type ${config.type}`);
    const keys: (string | undefined)[] = config.apiKeys.length === 0 ? [undefined] : config.apiKeys;
    const providers: Provider[] = keys.map((apiKey) =>
      type.create({
        id: config.id,
        type: config.type,
        baseUrl: config.baseUrl,
        headers: config.headers,
        cloud: config.cloud,
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
      }),
    );
    entries.set(config.id, { providers, timeouts: config.timeouts, prices: config.prices });
  }
  return entries;
}
