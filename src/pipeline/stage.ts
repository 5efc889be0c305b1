import type { GatewayContext } from './context/gateway-context.js';

/** One step of the request path. It may throw GatewayError; the HTTP layer writes it. */
export type Stage = (context: GatewayContext) => void | Promise<void>;

/** Runs stages in order; synchronous stages cost no promise tick. */
export async function runStages(context: GatewayContext, stages: readonly Stage[]): Promise<void> {
  for (const stage of stages) {
    const pending = stage(context);
    if (pending !== undefined) await pending;
  }
}
