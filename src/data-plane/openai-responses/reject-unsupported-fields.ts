import type { JsonObject } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { ResponsesRequest } from './responses-request-schema.js';

const stateless =
  'Portico is stateless: it stores no responses or conversations, so send the whole conversation in `input`.';

/**
 * Refuses settings Portico cannot honour: those that need OpenAI's stored state, and those that
 * would silently change the answer. Hints that only tune cost or caching are accepted elsewhere;
 * tools are checked where they are decoded (decode-responses-tools.ts). See
 * docs/dialects/openai-responses.md for the full list.
 */
export function rejectUnsupportedFields(body: ResponsesRequest, raw: JsonObject): void {
  if (typeof body.previous_response_id === 'string') {
    throw unsupported('previous_response_id', `'previous_response_id' is not supported. ${stateless}`);
  }
  for (const field of ['conversation', 'prompt'] as const) {
    if (raw[field] !== undefined && raw[field] !== null) {
      throw unsupported(
        field,
        `'${field}' refers to state stored at OpenAI and is not supported. ${stateless}`,
      );
    }
  }
  if (body.background === true) {
    throw unsupported('background', `'background' responses are not supported. ${stateless}`);
  }
  if (raw['moderation'] !== undefined && raw['moderation'] !== null) {
    throw unsupported('moderation', "'moderation' is not supported by Portico.");
  }
  if ((body.top_logprobs ?? 0) > 0 || body.include?.includes('message.output_text.logprobs') === true) {
    throw unsupported('top_logprobs', 'Log probabilities are not supported on /v1/responses by Portico.');
  }
}

function unsupported(param: string, message: string): GatewayError {
  return new GatewayError('unsupported_parameter', message, { param });
}
