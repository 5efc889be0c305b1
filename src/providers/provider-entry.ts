import type { ModelPrices } from '../catalog/model-catalog.js';
import type { UpstreamTimeouts } from '../upstream/upstream-timeouts.js';
import type { Provider } from './provider.js';

/** A configured provider account: one Provider per credential. */
export interface ProviderEntry {
  /** One instance per API key (a single one for keyless or single-key providers). */
  providers: Provider[];
  timeouts: UpstreamTimeouts;
  /** Prices an admin set by upstream model id (`*`: any other model); empty when none. */
  prices: Readonly<Record<string, ModelPrices>>;
}
