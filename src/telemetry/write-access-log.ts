import type { GatewayContext } from '../pipeline/gateway-context.js';
import type { Logger } from './create-logger.js';

/**
 * One structured line per data-plane request: who, what, where it went, how long, how many
 * tokens. Never bodies, never keys (only the key's configured name).
 */
export function writeAccessLog(logger: Logger, context: GatewayContext): void {
  const now = process.hrtime.bigint();
  const durationMs = Number(now - context.receivedAt) / 1e6;
  // Time the gateway added: until the first byte went out, minus the wait on upstreams.
  const untilFirstByteMs = Number((context.firstByteAt ?? now) - context.receivedAt) / 1e6;
  const usage = context.usage;
  logger.info(
    {
      requestId: context.requestId,
      method: context.method,
      path: context.path,
      status: context.status ?? 0,
      durationMs: round(durationMs),
      gatewayMs: round(Math.max(0, untilFirstByteMs - context.upstreamMs)),
      ...(context.firstByteAt === undefined
        ? {}
        : { firstByteMs: round(Number(context.firstByteAt - context.receivedAt) / 1e6) }),
      ...(context.keyName === undefined ? {} : { key: context.keyName }),
      ...(context.routeName === undefined ? {} : { route: context.routeName }),
      stream: context.stream,
      ...(context.signal.aborted ? { clientClosed: true } : {}),
      attempts: context.attempts,
      ...(usage === undefined
        ? {}
        : {
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            ...(usage.cachedInputTokens === undefined ? {} : { cachedInputTokens: usage.cachedInputTokens }),
            ...(usage.cacheWriteTokens === undefined ? {} : { cacheWriteTokens: usage.cacheWriteTokens }),
            ...(usage.reasoningTokens === undefined ? {} : { reasoningTokens: usage.reasoningTokens }),
          }),
      ...(context.costUsd === undefined ? {} : { costUsd: context.costUsd }),
      ...(context.signal.aborted
        ? { errorCode: 'client_closed' }
        : context.error === undefined
          ? {}
          : { errorCode: context.error.code }),
    },
    'request',
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
