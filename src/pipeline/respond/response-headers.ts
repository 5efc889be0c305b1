import type { GatewayContext } from '../context/gateway-context.js';
import type { Target } from '../../routing/route-table.js';

/**
 * Headers every successful data-plane response carries, added to the request's own (see
 * `GatewayContext.responseHeaders`): which target served it, after how many attempts, and
 * `Server-Timing` splitting the time the gateway itself added from upstream time.
 */
export function successHeaders(
  context: GatewayContext,
  target: Target,
  contentType: string,
): Record<string, string> {
  const headers = context.responseHeaders;
  headers['content-type'] = contentType;
  headers['x-portico-route'] = headerText(context.routeName ?? '');
  headers['x-portico-provider'] = headerText(target.provider.settings.id);
  headers['x-portico-model'] = headerText(target.model);
  headers['x-portico-attempts'] = String(countCalls(context));
  headers['server-timing'] = serverTiming(context);
  if (context.costUsd !== undefined) headers['x-portico-cost-usd'] = context.costUsd.toFixed(9);
  if (context.warnings.length > 0) headers['x-portico-warnings'] = headerSafe(context.warnings.join('; '));
  return headers;
}

/**
 * The request's own headers plus `headers`, for the response's one `writeHead` call; for responses
 * that carry no target (estimates, health, errors).
 */
export function replyHeaders(
  context: GatewayContext,
  headers: Record<string, string>,
): Record<string, string> {
  return Object.assign(context.responseHeaders, headers);
}

/** `Server-Timing`: the time the gateway added so far, and the time spent waiting on upstreams. */
export function serverTiming(context: GatewayContext): string {
  const totalMs = Number(process.hrtime.bigint() - context.receivedAt) / 1e6;
  const gatewayMs = Math.max(0, totalMs - context.upstreamMs);
  return `gateway;dur=${gatewayMs.toFixed(3)}, upstream;dur=${context.upstreamMs.toFixed(3)}`;
}

/**
 * A name as a header value: as it is when printable ASCII (every name validated at the API, the
 * config and the ingress is), else percent-encoded, so a name stored before those checks existed
 * cannot make `writeHead` throw (docs/security.md).
 */
export function headerText(name: string): string {
  return printableAscii.test(name) ? name : encodeURIComponent(name);
}

const printableAscii = /^[\x20-\x7e]*$/;

/** Warnings can quote client input: keep printable ASCII only, so a header can never be split or refused. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 1024);
}

/** Upstream calls made (targets skipped for an open circuit or a cooling credential do not count). */
export function countCalls(context: GatewayContext): number {
  let calls = 0;
  for (const attempt of context.attempts) if (attempt.skipped === undefined) calls++;
  return calls;
}
