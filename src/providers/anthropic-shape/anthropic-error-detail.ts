import { isJsonObject, optionalString } from '../../core/json-guards.js';
import type { ProviderErrorDetail } from '../provider.js';

const rawTextLimit = 500;

/**
 * Reads Anthropic's error body `{ type: 'error', error: { type, message } }`; falls back to the
 * raw text (cut to 500 characters) when the body is not that JSON, as proxies in front of the
 * API answer with HTML or plain text. https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorDetail(status: number, body: string): ProviderErrorDetail {
  if (body.trim() === '') return { message: `HTTP ${status} with an empty body` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: body.slice(0, rawTextLimit) };
  }
  const error = isJsonObject(parsed) ? parsed['error'] : undefined;
  if (!isJsonObject(error)) return { message: body.slice(0, rawTextLimit) };
  const message = optionalString(error['message']) ?? body.slice(0, rawTextLimit);
  const type = optionalString(error['type']);
  return type === undefined ? { message } : { message, type };
}
