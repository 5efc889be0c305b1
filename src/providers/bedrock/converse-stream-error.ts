import type { ErrorCode } from '../../core/error-codes.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { SseEvent } from '../../upstream/sse-decoder.js';
import { bedrockErrorDetail } from './bedrock-error-detail.js';

/**
 * Gateway codes for the exceptions ConverseStream sends mid-stream (the `ConverseStreamOutput`
 * error members, https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html);
 * others are `upstream_error`.
 */
const codeByException: ReadonlyMap<string, ErrorCode> = new Map([
  ['throttlingException', 'rate_limit_exceeded'],
  ['serviceUnavailableException', 'upstream_unavailable'],
  ['internalServerException', 'upstream_error'],
  ['modelStreamErrorException', 'upstream_error'],
  ['modelTimeoutException', 'upstream_timeout'],
  ['validationException', 'upstream_invalid_request'],
]);

/**
 * The GatewayError for an exception frame (`exception:<type>`) or unmodeled error frame
 * (`error:<code>`) as `AwsEventStreamDecoder` names them; undefined for ordinary events.
 */
export function converseStreamError(event: SseEvent, providerId: string): GatewayError | undefined {
  const name = event.event ?? '';
  const separator = name.indexOf(':');
  const kind = name.slice(0, separator);
  if (separator === -1 || (kind !== 'exception' && kind !== 'error')) return undefined;
  const exception = name.slice(separator + 1);
  const message = kind === 'error' ? event.data : bedrockErrorDetail(0, event.data).message;
  const type = exception.charAt(0).toUpperCase() + exception.slice(1);
  const code = (kind === 'exception' ? codeByException.get(exception) : undefined) ?? 'upstream_error';
  return new GatewayError(code, `Provider ${providerId} failed mid-stream: ${message}`, {
    provider: { provider: providerId, message, type },
  });
}
