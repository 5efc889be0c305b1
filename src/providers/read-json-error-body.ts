import type { JsonObject } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';
import type { ProviderErrorDetail } from './provider.js';

/** How much of an unreadable error body is reported. */
const rawTextLimit = 500;

/**
 * Reads an error body that should be a JSON object with `read`, which gets the object and the
 * raw text (cut to 500 characters) to fall back on. That raw text is the message when the body is
 * no JSON object or `read` finds nothing in it, as proxies in front of an API answer with HTML
 * or plain text.
 */
export function readJsonErrorBody(
  status: number,
  body: string,
  read: (parsed: JsonObject, rawText: string) => ProviderErrorDetail | undefined,
): ProviderErrorDetail {
  if (body.trim() === '') return { message: `HTTP ${status} with an empty body` };
  const rawText = body.slice(0, rawTextLimit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { message: rawText };
  }
  return (isJsonObject(parsed) ? read(parsed, rawText) : undefined) ?? { message: rawText };
}

/** A detail with the vendor's type only when it named one. */
export function errorDetail(message: string, type: string | undefined): ProviderErrorDetail {
  return type === undefined ? { message } : { message, type };
}
