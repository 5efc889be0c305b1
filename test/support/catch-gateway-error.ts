import { GatewayError } from '../../src/core/gateway-error.js';

/**
 * The GatewayError `action` throws. Anything else it throws is rethrown, and returning normally
 * fails the test: a test that expects a refusal must not pass when nothing was refused.
 */
export function catchGatewayError(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

/** The GatewayError `promise` rejects with; any other outcome fails the test. */
export async function catchGatewayRejection(promise: Promise<unknown>): Promise<GatewayError> {
  let settled: { error: unknown } | undefined;
  await promise.then(
    () => undefined,
    (error: unknown) => {
      settled = { error };
    },
  );
  if (settled === undefined) throw new Error('expected a GatewayError, but the promise resolved');
  if (settled.error instanceof GatewayError) return settled.error;
  throw settled.error;
}
