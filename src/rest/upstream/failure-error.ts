import { GatewayError } from '../../core/gateway-error.js';
import type { AttemptFailure } from './attempt-failure.js';
import type { UpstreamSettings } from './upstream-settings.js';

/**
 * The client-facing error when the last attempt got no answer. Messages name the service, never
 * the node (internal addresses stay in the attempts list, for the logs).
 */
export function failureError(
  failure: AttemptFailure,
  code: string | undefined,
  serviceName: string,
  settings: UpstreamSettings,
): GatewayError {
  const upstream = `The upstream of service "${serviceName}"`;
  switch (failure) {
    case 'refused':
      return new GatewayError(
        'upstream_unavailable',
        `${upstream} could not be reached (${code ?? 'refused'}).`,
      );
    case 'connect_timeout':
      return new GatewayError(
        'upstream_timeout',
        `${upstream} did not accept a connection within ${String(settings.connectMs)} ms.`,
      );
    case 'first_byte_timeout':
      return new GatewayError(
        'upstream_timeout',
        `${upstream} did not start answering within ${String(settings.firstByteMs)} ms.`,
      );
    case 'total_timeout':
      return new GatewayError(
        'upstream_timeout',
        `${upstream} did not finish within ${String(settings.totalMs ?? 0)} ms.`,
      );
    case 'tls':
      return new GatewayError('bad_gateway', `${upstream} failed the TLS handshake (${code ?? 'tls'}).`);
    case 'reset':
      return new GatewayError('bad_gateway', `${upstream} closed the connection before answering.`);
    case 'client_closed':
      return new GatewayError('client_closed');
    case 'unsendable':
      return new GatewayError('invalid_request', `The request cannot be sent to service "${serviceName}".`);
    case 'other':
      return new GatewayError('bad_gateway', `${upstream} failed (${code ?? 'unknown error'}).`);
  }
}
