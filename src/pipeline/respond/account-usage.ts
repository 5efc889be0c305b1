import type { Usage } from '../../core/chat.js';
import type { Pricing } from '../../catalog/pricing.js';
import type { Target } from '../../routing/route-table.js';
import type { GatewayContext } from '../context/gateway-context.js';

/** Records the usage a provider reported and what it cost (usage × the model's price, see Pricing). */
export function accountUsage(
  context: GatewayContext,
  pricing: Pricing,
  target: Target,
  usage: Usage | undefined,
): void {
  if (usage === undefined) return;
  context.usage = usage;
  const cost = pricing.cost(
    { providerType: target.provider.settings.type, model: target.model, prices: target.prices },
    usage,
  );
  if (cost !== undefined) context.costUsd = cost;
}
