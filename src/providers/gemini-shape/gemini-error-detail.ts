import { isJsonObject, optionalString } from '../../core/json-guards.js';
import type { ProviderErrorDetail } from '../provider.js';

const rawTextLimit = 500;

/**
 * Reads Gemini's error body, a Google RPC status: `{ error: { code, message, status } }`, where
 * `status` (e.g. `RESOURCE_EXHAUSTED`) is the type. Some endpoints wrap it in a one-element
 * array. Anything else is reported as raw text. https://ai.google.dev/gemini-api/docs/troubleshooting
 */
export function geminiErrorDetail(_status: number, body: string): ProviderErrorDetail {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return rawText(body);
  }
  const root: unknown = Array.isArray(parsed) ? (parsed as unknown[])[0] : parsed;
  const error = isJsonObject(root) ? root['error'] : undefined;
  if (!isJsonObject(error)) return rawText(body);
  const message = optionalString(error['message']) ?? JSON.stringify(error).slice(0, rawTextLimit);
  const type = optionalString(error['status']);
  return type === undefined ? { message } : { message, type };
}

function rawText(body: string): ProviderErrorDetail {
  return { message: body.slice(0, rawTextLimit) || 'empty error body' };
}
