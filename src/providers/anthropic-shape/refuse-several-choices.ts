import type { ChatRequest } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';

/** Anthropic and Converse answer with one choice; `n > 1` is refused rather than faked. */
export function refuseSeveralChoices(request: ChatRequest, label: string): void {
  if (request.n !== undefined && request.n > 1) {
    throw new GatewayError('unsupported_parameter', `n > 1 is not supported by ${label}`, { param: 'n' });
  }
}
