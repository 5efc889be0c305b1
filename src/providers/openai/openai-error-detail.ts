import { isJsonObject, optionalString } from '../../core/json-guards.js';
import type { ProviderErrorDetail } from '../provider.js';

/**
 * Reads the message of an OpenAI-style error body (`{ error: { message, type, code } }`), also
 * the shapes OpenAI-compatible servers use instead (`{ message }`, `{ detail }`, `{ error: "..." }`).
 */
export function openAiErrorDetail(_status: number, body: string): ProviderErrorDetail {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: body.slice(0, 500) || 'empty error body' };
  }
  if (!isJsonObject(parsed)) return { message: body.slice(0, 500) };
  const error = parsed['error'];
  if (isJsonObject(error)) {
    const message = optionalString(error['message']) ?? JSON.stringify(error).slice(0, 500);
    const type = optionalString(error['type']) ?? optionalString(error['code']);
    return type === undefined ? { message } : { message, type };
  }
  if (typeof error === 'string') return { message: error };
  const message = optionalString(parsed['message']) ?? optionalString(parsed['detail']);
  return { message: message ?? body.slice(0, 500) };
}
