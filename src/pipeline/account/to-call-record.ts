import type { FinishedCall } from './finished-call.js';
import type { CallRecord } from '../../telemetry/call-log/call-record.js';

/** The call-log row of a finished request. */
export function toCallRecord(context: FinishedCall): CallRecord {
  const now = process.hrtime.bigint();
  const elapsedMs = Number(now - context.receivedAt) / 1e6;
  const usage = context.usage;
  const caller = context.caller;
  // The attempt that answered, or the last one that failed.
  const last = context.attempts.findLast((attempt) => attempt.skipped === undefined);
  const record: CallRecord = {
    at: Date.now() - elapsedMs,
    requestId: context.requestId,
    clientRequestId: context.clientRequestId ?? null,
    tenantId: caller?.tenantId ?? null,
    appId: caller?.appId ?? null,
    keyId: caller?.keyId ?? null,
    keyPrefix: caller?.keyPrefix ?? null,
    route: context.routeName ?? null,
    provider: last?.provider ?? null,
    model: last?.model ?? null,
    endpoint: context.endpoint,
    status: context.status ?? 0,
    errorCode: context.signal.aborted ? 'client_closed' : (context.error?.code ?? null),
    latencyMs: elapsedMs,
    ttftMs:
      context.stream && context.firstByteAt !== undefined
        ? Number(context.firstByteAt - context.receivedAt) / 1e6
        : null,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedTokens: usage?.cachedInputTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    costUsd: context.costUsd ?? 0,
    attempts: context.attempts.filter((attempt) => attempt.skipped === undefined).length,
    stream: context.stream,
  };
  const rest = context.rest;
  if (rest !== undefined) {
    // A REST call has no provider or model: the service is the route, the node says who answered.
    record.provider = null;
    record.model = null;
    record.rest = {
      method: context.method,
      upstreamNode: rest.node ?? null,
      upstreamMs: context.upstreamMs,
      bytesIn: rest.bytesIn,
      bytesOut: rest.bytesOut,
    };
  }
  if (rest?.bodies !== undefined) record.bodies = { ...rest.bodies };
  else if (context.service?.logBodies === true) {
    record.bodies = {
      request: context.body === undefined ? '' : JSON.stringify(context.body),
      response: context.responseText ?? '',
    };
  }
  return record;
}
