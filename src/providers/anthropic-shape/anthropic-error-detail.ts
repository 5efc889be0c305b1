import { isJsonObject, optionalString } from '../../core/json-guards.js';
import type { ProviderErrorDetail } from '../provider.js';
import { errorDetail, readJsonErrorBody } from '../read-json-error-body.js';

/**
 * Reads Anthropic's error body `{ type: 'error', error: { type, message } }`; falls back to the
 * raw text (cut to 500 characters) when the body is not that JSON, as proxies in front of the
 * API answer with HTML or plain text. https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorDetail(status: number, body: string): ProviderErrorDetail {
  return readJsonErrorBody(status, body, (parsed, rawText) => {
    const error = parsed['error'];
    if (!isJsonObject(error)) return undefined;
    return errorDetail(optionalString(error['message']) ?? rawText, optionalString(error['type']));
  });
}
