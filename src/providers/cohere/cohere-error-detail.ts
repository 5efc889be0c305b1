import { isJsonObject, optionalString } from '../../core/json-guards.js';
import type { ProviderErrorDetail } from '../provider.js';

const rawTextLimit = 500;

/**
 * Reads Cohere's error body `{ id?, message }`; Cohere gives no error type, the HTTP status is
 * the kind. Anything else is reported as raw text. https://docs.cohere.com/reference/errors
 */
export function cohereErrorDetail(status: number, body: string): ProviderErrorDetail {
  if (body.trim() === '') return { message: `HTTP ${status} with an empty body` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const message = isJsonObject(parsed) ? optionalString(parsed['message']) : undefined;
  return { message: message ?? body.slice(0, rawTextLimit) };
}
