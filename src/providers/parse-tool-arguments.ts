import type { JsonObject } from '../core/chat.js';
import { isJsonObject } from '../core/json-guards.js';

/**
 * A tool call's `arguments` text as the object Anthropic, Converse and Gemini take; undefined
 * when it is not a JSON object (the caller refuses the request, in its own words).
 */
export function parseToolArguments(text: string): JsonObject | undefined {
  // Some clients send "" for a call without arguments; that is the empty object, not bad JSON.
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isJsonObject(parsed) ? parsed : undefined;
}
